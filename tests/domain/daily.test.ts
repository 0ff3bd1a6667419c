import fc from "fast-check";
import {
  DEFAULT_SETTINGS,
  addTeam,
  TOPIC_DETAILS_MAX,
  TOPIC_TITLE_MAX,
  answerNeed,
  checkIn,
  dailiesSince,
  escalateNeed,
  isNeedOverdue,
  needsToEscalate,
  nextTurn,
  planCast,
  postDailyUpdate,
  raiseNeed,
  roundOrder,
  voterFor,
  type Need,
  type NeedAnswer,
  type Person,
  type Team,
} from "../../src/domain";
import { MINUTE, T0, refusal, topic, byId } from "./fixtures";

const ann: Person = { id: "ann", name: "Ann" };
const ben: Person = { id: "ben", name: "Ben" };
const bea: Person = { id: "bea", name: "Bea" };
const cal: Person = { id: "cal", name: "Cal" };

function board(): Team[] {
  const teams: Team[] = [];
  teams.push(addTeam(teams, DEFAULT_SETTINGS, { name: "Alpha", representative: ann }, "A"));
  teams.push(addTeam(teams, DEFAULT_SETTINGS, { name: "Beta", representative: ben, alternates: [bea] }, "B"));
  teams.push(addTeam(teams, DEFAULT_SETTINGS, { name: "Gamma", representative: cal }, "C"));
  return teams;
}

const need = (patch: Partial<Need> = {}): Need => ({ ...raiseNeed(board(), { fromTeamId: "A", toTeamId: "B", text: "Product data export" }, ann, T0, "n1", "s1"), ...patch });

describe("daily updates", () => {
  it("a team's representative or alternate posts its next steps; anyone else is refused", () => {
    expect(postDailyUpdate(board(), "B", bea, "  Ship search v2  ", T0)).toEqual({ teamId: "B", nextSteps: "Ship search v2", postedBy: bea, postedAt: T0 });
    expect(refusal(() => postDailyUpdate(board(), "B", ann, "Not mine to say", T0)).code).toBe("forbidden");
    expect(refusal(() => postDailyUpdate(board(), "Z", ann, "x", T0)).field).toBe("teamId");
    expect(refusal(() => postDailyUpdate(board(), "A", ann, "   ", T0)).field).toBe("nextSteps");
  });
});

describe("needs", () => {
  it("are raised by the asking team's representative and addressed to another team of the board", () => {
    expect(need()).toMatchObject({ fromTeamId: "A", toTeamId: "B", state: "open", raisedBy: ann });
    expect(refusal(() => raiseNeed(board(), { fromTeamId: "A", toTeamId: "B", text: "x" }, ben, T0, "n", "s")).code).toBe("forbidden");
    expect(refusal(() => raiseNeed(board(), { fromTeamId: "A", toTeamId: "A", text: "x" }, ann, T0, "n", "s")).field).toBe("toTeamId");
    expect(refusal(() => raiseNeed(board(), { fromTeamId: "A", toTeamId: "Q", text: "x" }, ann, T0, "n", "s")).field).toBe("toTeamId");
    expect(refusal(() => raiseNeed(board(), { fromTeamId: "A", toTeamId: "B", text: "x", by: "2026-13-01" }, ann, T0, "n", "s")).field).toBe("by");
  });

  it("only the addressed team answers, and a decline needs a reason", () => {
    expect(answerNeed(board(), need(), "accept", bea, T0 + 1)).toMatchObject({ state: "accepted", answeredBy: bea, answeredAt: T0 + 1 });
    expect(refusal(() => answerNeed(board(), need(), "accept", ann, T0)).code).toBe("forbidden");
    expect(refusal(() => answerNeed(board(), need(), "accept", cal, T0)).code).toBe("forbidden");
    expect(refusal(() => answerNeed(board(), need(), "decline", ben, T0)).field).toBe("reason");
    expect(answerNeed(board(), need(), "decline", ben, T0, "No capacity this sprint")).toMatchObject({ state: "declined", declineReason: "No capacity this sprint" });
  });

  it("follows its state machine for any sequence of answers: open → accepted → done, declined and done are final", () => {
    const next: Record<string, NeedAnswer[]> = { open: ["accept", "decline", "done"], accepted: ["done", "decline"], declined: [], done: [] };
    fc.assert(
      fc.property(fc.array(fc.constantFrom<NeedAnswer>("accept", "decline", "done"), { maxLength: 6 }), (answers) => {
        let current = need();
        for (const answer of answers) {
          const allowed = next[current.state]!.includes(answer);
          if (allowed) current = answerNeed(board(), current, answer, ben, T0, "reason");
          else expect(refusal(() => answerNeed(board(), current, answer, ben, T0, "reason")).code).toBe("wrong_state");
        }
        expect(["open", "accepted", "declined", "done"]).toContain(current.state);
      }),
    );
  });

  it("is overdue when open past its date, or unanswered through two later dailies", () => {
    expect(isNeedOverdue(need({ by: "2026-03-01" }), "2026-03-02", 0)).toBe(true);
    expect(isNeedOverdue(need({ by: "2026-03-02" }), "2026-03-02", 0)).toBe(false);
    expect(isNeedOverdue(need(), "2026-03-02", 1)).toBe(false);
    expect(isNeedOverdue(need(), "2026-03-02", 2)).toBe(true);
    expect(isNeedOverdue(need({ state: "accepted", by: "2020-01-01" }), "2026-03-02", 5)).toBe(false);
    expect(dailiesSince(need(), [T0 - 1, T0 + 1, T0 + 2])).toBe(2);
  });

  it("escalates once into a weekly topic that names both teams and links back", () => {
    const { need: linked, topic: t } = escalateNeed(need(), board(), T0, "T1", 9);
    // It reads as the room would say it: who needs what from whom, and that it went unanswered.
    expect(t).toMatchObject({ id: "T1", number: 9, title: "Alpha needs from Beta: Product data export (unanswered after 2 dailies)", teamId: "A", state: "queued", authorId: "ann" });
    const dated = escalateNeed(need({ by: "2026-12-01" }), board(), T0, "T4", 10).topic;
    expect(dated.title).toBe("Alpha needs from Beta: Product data export (asked for Dec 1, unanswered)");
    expect(linked.escalatedTopicId).toBe("T1");
    expect(refusal(() => escalateNeed(linked, board(), T0, "T2", 9)).code).toBe("conflict");
    const long = escalateNeed(need({ text: "x".repeat(500), by: "2026-03-01" }), board(), T0, "T3", 9).topic;
    expect(long.title).toHaveLength(TOPIC_TITLE_MAX);
    // The need's text is shortened, never the date or that it went unanswered.
    expect(long.title).toMatch(/x… \(asked for Mar 1, unanswered\)$/);
    expect(long.details.length).toBeLessThanOrEqual(TOPIC_DETAILS_MAX);
    expect(long.details).toContain("for 2026-03-01");
    const due = needsToEscalate([need({ id: "old", by: "2026-02-01" }), need({ id: "fresh" }), linked], T0, "UTC", []);
    expect(due.map((n) => n.id)).toEqual(["old"]);
  });
});

describe("checking in", () => {
  it("a team's representative or alternate checks in for it; anyone else is refused, and an unknown team names the field", () => {
    expect(checkIn(board(), "B", bea, T0)).toEqual({ teamId: "B", person: bea, at: T0 });
    expect(checkIn(board(), "A", ann, T0)).toEqual({ teamId: "A", person: ann, at: T0 });
    const other = refusal(() => checkIn(board(), "A", cal, T0));
    expect(other.code).toBe("forbidden");
    expect(other.message).toBe("Only Alpha's representative or an alternate can check in for it.");
    expect(refusal(() => checkIn(board(), "Z", ann, T0))).toMatchObject({ code: "invalid", field: "teamId" });
  });
});

describe("the daily round", () => {
  it("goes round the teams in a stable order with the per-team timebox, then ends", () => {
    const teams = board();
    expect(roundOrder([...teams].reverse())).toEqual(["A", "B", "C"]);
    const first = nextTurn(teams, null, T0, 1);
    expect(first).toEqual({ teamId: "A", startedAt: T0, endsAt: T0 + MINUTE });
    const second = nextTurn(teams, first, T0 + 50_000, 1);
    expect(second?.teamId).toBe("B");
    expect(nextTurn(teams, { teamId: "C", startedAt: T0, endsAt: T0 }, T0, 1)).toBeNull();
    expect(nextTurn(teams, first, T0, 2, "C")).toMatchObject({ teamId: "C", endsAt: T0 + 2 * MINUTE });
    expect(refusal(() => nextTurn([], null, T0, 1)).code).toBe("wrong_state");
  });
});

describe("per-team voting", () => {
  const perTeam = { ...DEFAULT_SETTINGS, votesPerTeam: true };
  it("files a person's dots under their team, so two representatives of one team share its dots", () => {
    expect(voterFor("ben", "B", perTeam)).toBe("team:B");
    expect(voterFor("bea", "B", perTeam)).toBe("team:B");
    expect(voterFor("ben", "B", DEFAULT_SETTINGS)).toBe("ben");
    expect(refusal(() => voterFor("stranger", null, perTeam)).code).toBe("forbidden");
    const topics = byId([topic("t1")]);
    const teamDots = [0, 1, 2].map((slot) => ({ voter: "team:B", slot, topicId: "t1", castBy: slot % 2 ? "ben" : "bea" }));
    expect(refusal(() => planCast(teamDots, "t1", topics, perTeam)).code).toBe("vote_limit");
  });
});
