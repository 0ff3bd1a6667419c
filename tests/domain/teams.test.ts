import {
  TEAM_COLORS,
  TEAM_NAME_MAX,
  addTeam,
  editTeam,
  freeTeamSlot,
  represents,
  settingsWarnings,
  teamOf,
  type Team,
} from "../../src/domain";
import { expectRefusal, settings } from "./fixtures";

const ada = { id: "u-ada", name: "Ada" };
const bob = { id: "u-bob", name: "Bob" };
const cy = { id: "u-cy", name: "Cy" };

function boardWith(count: number, limit = 7): Team[] {
  const teams: Team[] = [];
  for (let i = 0; i < count; i++) teams.push(addTeam(teams, settings({ teamLimit: limit }), { name: `Team ${i + 1}` }, `t${i + 1}`));
  return teams;
}

describe("adding teams to a board", () => {
  it("lists a team with its name, representative and alternates", () => {
    const team = addTeam([], settings(), { name: "  Payments  ", representative: ada, alternates: [bob] }, "t1");
    expect(team).toMatchObject({ id: "t1", name: "Payments", representative: ada, alternates: [bob], slot: 0 });
  });

  it("gives each team its own slot and a colour of its own", () => {
    const teams = boardWith(7);
    expect(teams.map((t) => t.slot)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(new Set(teams.map((t) => t.color)).size).toBe(7);
    for (const t of teams) expect(TEAM_COLORS).toContain(t.color);
  });

  it("keeps a colour the facilitator picked", () => {
    expect(addTeam([], settings(), { name: "Payments", color: "pink" }, "t1").color).toBe("pink");
  });

  it("reuses the slot of a team that left", () => {
    const teams = boardWith(3).filter((t) => t.slot !== 1);
    expect(addTeam(teams, settings(), { name: "Newcomers" }, "t9").slot).toBe(1);
  });

  it("refuses an empty or over-long team name", () => {
    expectRefusal(() => addTeam([], settings(), { name: "   " }, "t1"), "invalid", "name");
    expectRefusal(() => addTeam([], settings(), { name: "x".repeat(TEAM_NAME_MAX + 1) }, "t1"), "invalid", "name");
    expect(addTeam([], settings(), { name: "x".repeat(TEAM_NAME_MAX) }, "t1").name).toHaveLength(TEAM_NAME_MAX);
  });

  it("refuses a second team with the same name, whatever its case", () => {
    const teams = boardWith(1);
    const error = expectRefusal(() => addTeam(teams, settings(), { name: "TEAM 1" }, "t2"), "conflict", "name");
    expect(error.message).toContain("Team 1");
  });

  it("refuses a person who is both representative and alternate, or an alternate twice", () => {
    expectRefusal(() => addTeam([], settings(), { name: "A", representative: ada, alternates: [ada] }, "t1"), "invalid", "alternates");
    expectRefusal(() => addTeam([], settings(), { name: "A", alternates: [bob, bob] }, "t1"), "invalid", "alternates");
  });

  it("refuses more than five alternates", () => {
    const six = Array.from({ length: 6 }, (_, i) => ({ id: `alt${i}`, name: `Alt ${i}` }));
    expectRefusal(() => addTeam([], settings(), { name: "A", alternates: six }, "t1"), "invalid", "alternates");
    expect(addTeam([], settings(), { name: "A", alternates: six.slice(0, 5) }, "t1").alternates).toHaveLength(5);
  });
});

describe("the seven-team rule", () => {
  it("refuses an eighth team with team_limit", () => {
    expectRefusal(() => addTeam(boardWith(7), settings(), { name: "Eighth" }, "t8"), "team_limit", "name");
  });

  it("explains the rule and suggests splitting the board by product area", () => {
    const error = expectRefusal(() => freeTeamSlot(boardWith(7), settings()), "team_limit");
    expect(error.message).toContain("7");
    expect(error.message).toMatch(/split/i);
    expect(error.message).toMatch(/product area/);
    expect(error.message).toMatch(/raise the limit/);
  });

  it("lets an eighth team in once a facilitator raised the limit on purpose, and the board then carries a warning", () => {
    const raised = settings({ teamLimit: 8 });
    const teams = boardWith(7, 8);
    const eighth = addTeam(teams, raised, { name: "Eighth" }, "t8");
    expect(eighth.slot).toBe(7);
    const warnings = settingsWarnings(raised, teams.length + 1);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/product area/);
  });

  it("still refuses once the raised limit is reached", () => {
    expectRefusal(() => addTeam(boardWith(8, 8), settings({ teamLimit: 8 }), { name: "Ninth" }, "t9"), "team_limit");
  });

  it("refuses a new team after the limit was lowered below the number of teams, even if a low slot is free", () => {
    // Nine teams under a raised limit, the limit goes back to seven, one team leaves: eight remain.
    const teams = boardWith(9, 9).filter((t) => t.slot !== 2);
    expectRefusal(() => addTeam(teams, settings({ teamLimit: 7 }), { name: "Tenth" }, "t10"), "team_limit");
  });
});

describe("editing a team", () => {
  it("renames it, changes its colour and its people", () => {
    const [team] = boardWith(1);
    if (!team) throw new Error("no team");
    const edited = editTeam([team], team, { name: "Platform", color: "teal", representative: bob, alternates: [cy] }, { name: team.name });
    expect(edited).toMatchObject({ id: team.id, slot: team.slot, name: "Platform", color: "teal", representative: bob, alternates: [cy] });
  });

  it("keeps its own name when only the case changes, but refuses another team's name", () => {
    const teams = boardWith(2);
    const [first] = teams;
    if (!first) throw new Error("no team");
    expect(editTeam(teams, first, { name: "TEAM 1" }, { name: first.name }).name).toBe("TEAM 1");
    expectRefusal(() => editTeam(teams, first, { name: "team 2" }, { name: first.name }), "conflict", "name");
  });

  it("can leave a team without a representative", () => {
    const team = addTeam([], settings(), { name: "A", representative: ada }, "t1");
    expect(editTeam([team], team, { representative: null }).representative).toBeNull();
  });

  it("refuses to make the representative an alternate too", () => {
    const team = addTeam([], settings(), { name: "A", representative: ada }, "t1");
    expectRefusal(() => editTeam([team], team, { alternates: [ada] }), "invalid", "alternates");
  });
});

describe("who speaks for a team", () => {
  const teams = [
    addTeam([], settings(), { name: "A", representative: ada, alternates: [bob] }, "tA"),
    { ...addTeam([], settings(), { name: "B", representative: cy }, "tB"), slot: 1 },
  ];

  it("is its representative or one of its alternates", () => {
    const [a] = teams;
    if (!a) throw new Error("no team");
    expect(represents(a, ada.id)).toBe(true);
    expect(represents(a, bob.id)).toBe(true);
    expect(represents(a, cy.id)).toBe(false);
  });

  it("finds the team a person represents, or none", () => {
    expect(teamOf(teams, bob.id)?.id).toBe("tA");
    expect(teamOf(teams, cy.id)?.id).toBe("tB");
    expect(teamOf(teams, "stranger")).toBeUndefined();
  });
});
