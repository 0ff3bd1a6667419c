import {
  IDLE,
  addTeam,
  canVoteOn,
  extendTimebox,
  isFacilitator,
  newSession,
  pauseTimebox,
  startTimebox,
  totalsHidden,
  viewSession,
  type BoardSettings,
  type SessionFacts,
  type Team,
  type Topic,
  type Viewer,
  type Vote,
} from "../../src/domain";
import { MINUTE, T0, action, settings, topic } from "./fixtures";

const ada: Viewer = { id: "u-ada", name: "Ada", role: "attendee" };
const fac: Viewer = { id: "u-fac", name: "Fay", role: "organizer" };

function dot(voter: string, slot: number, topicId: string): Vote {
  return { voter, slot, topicId, castBy: voter };
}

const topics: Topic[] = [
  topic("cold", { createdAt: T0, authorId: "u-bob", authorName: "Bob" }),
  topic("hot", { createdAt: T0 + 1, authorId: ada.id, authorName: "Ada" }),
  topic("warm", { createdAt: T0 + 2, authorId: "u-bob", authorName: "Bob" }),
  topic("dup", { createdAt: T0 + 3, state: "merged", mergedInto: "hot" }),
  topic("gone", { createdAt: T0 + 4, state: "dropped" }),
];
const votes: Vote[] = [
  dot(ada.id, 0, "hot"),
  dot(ada.id, 1, "dup"),
  dot("u-bob", 0, "hot"),
  dot("u-bob", 1, "warm"),
  dot("u-bob", 2, "gone"),
];

function facts(patch: Partial<SessionFacts> = {}, s: Partial<BoardSettings> = {}): SessionFacts {
  return {
    boardId: "b1",
    session: newSession("s1", "weekly", T0),
    settings: settings(s),
    topics,
    votes,
    timer: IDLE,
    ballots: [],
    actions: [],
    teams: [],
    ...patch,
  };
}

describe("what a participant sees of a session", () => {
  it("the queue in order of dots, a merged duplicate's dots counted on its target, and no dropped or merged topics", () => {
    const view = viewSession(facts(), ada, ada.id, null, T0);
    expect(view.topics.map((t) => [t.id, t.dots])).toEqual([
      ["hot", 3],
      ["warm", 1],
      ["cold", 0],
    ]);
  });

  it("the author of a merged topic is told which topic it now counts on, following merges; nobody else is", () => {
    const chain = [...topics, topic("dup2", { createdAt: T0 + 5, state: "merged", mergedInto: "dup", authorId: "u-bob", authorName: "Bob", title: "Same again" })];
    const bobView = viewSession(facts({ topics: chain }), { id: "u-bob", name: "Bob", role: "attendee" }, "u-bob", null, T0);
    expect(bobView.mergedMine).toEqual([{ id: "dup2", title: "Same again", into: { id: "hot", title: "Topic hot" } }]);
    expect(viewSession(facts({ topics: chain }), ada, ada.id, null, T0).mergedMine).toEqual([]);
  });

  it("their own dots on each topic and how many they have left", () => {
    const view = viewSession(facts(), ada, ada.id, null, T0);
    expect(view.topics.find((t) => t.id === "hot")?.myDots).toBe(2);
    expect(view.topics.find((t) => t.id === "warm")?.myDots).toBe(0);
    expect(view.me.dotsLeft).toBe(1);
  });

  it("after the limit is lowered, totals and dots left agree with the new limit", () => {
    const view = viewSession(facts({}, { votesPerPerson: 1 }), ada, ada.id, null, T0);
    expect(view.topics.map((t) => [t.id, t.dots])).toEqual([
      ["hot", 2],
      ["cold", 0],
      ["warm", 0],
    ]);
    expect(view.topics.find((t) => t.id === "hot")?.myDots).toBe(1);
    expect(view.me.dotsLeft).toBe(0);
  });

  it("the topic under discussion after the queue, then the discussed ones, latest first", () => {
    const later: Topic[] = [
      ...topics.slice(0, 2),
      topic("talk", { state: "discussing" }),
      topic("first", { state: "discussed", discussedAt: T0 + 10 }),
      topic("second", { state: "discussed", discussedAt: T0 + 20 }),
    ];
    const view = viewSession(facts({ topics: later }), ada, ada.id, null, T0);
    expect(view.topics.map((t) => t.id)).toEqual(["hot", "cold", "talk", "second", "first"]);
  });

  it("on a board that counts per team, the dots left are the team's", () => {
    const teamVotes = [dot("team:tA", 0, "hot"), dot("team:tA", 1, "warm")];
    const view = viewSession(facts({ votes: teamVotes }, { votesPerTeam: true }), ada, "team:tA", "tA", T0);
    expect(view.me.dotsLeft).toBe(1);
    expect(view.me.teamId).toBe("tA");
    expect(view.topics.find((t) => t.id === "warm")?.myDots).toBe(1);
  });
});

describe("whether a person may put another dot on a topic", () => {
  it("while they have dots left: on a topic without their dot, and on one with it only if the board allows stacking", () => {
    const view = viewSession(facts({}, { allowStacking: false }), ada, ada.id, null, T0);
    expect(view.topics.map((t) => [t.id, t.canVote])).toEqual([
      ["hot", false],
      ["warm", true],
      ["cold", true],
    ]);
    const stacking = viewSession(facts(), ada, ada.id, null, T0);
    expect(stacking.topics.every((t) => t.canVote)).toBe(true);
  });

  it("on no topic once their dots are used up", () => {
    const view = viewSession(facts({}, { votesPerPerson: 2, allowStacking: true }), ada, ada.id, null, T0);
    expect(view.me.dotsLeft).toBe(0);
    expect(view.topics.some((t) => t.canVote)).toBe(false);
  });

  it("never on a topic that left the queue", () => {
    const later = [...topics.slice(0, 2), topic("talk", { state: "discussing" }), topic("done", { state: "discussed", discussedAt: T0 })];
    const view = viewSession(facts({ topics: later }, { allowStacking: true }), ada, ada.id, null, T0);
    expect(view.topics.filter((t) => t.canVote).map((t) => t.id)).toEqual(["hot", "cold"]);
    expect(canVoteOn({ state: "discussed", myDots: 0 }, 3, settings())).toBe(false);
  });
});

describe("hidden vote totals", () => {
  it("are hidden while topics are collected, only on a board set to hide them", () => {
    const collecting = newSession("s1", "weekly", T0);
    expect(totalsHidden(settings({ hideTotalsUntilDiscussion: true }), collecting)).toBe(true);
    expect(totalsHidden(settings({ hideTotalsUntilDiscussion: true }), { ...collecting, phase: "discussing" })).toBe(false);
    expect(totalsHidden(settings(), collecting)).toBe(false);
    expect(viewSession(facts({}, { hideTotalsUntilDiscussion: true }), ada, ada.id, null, T0).totalsHidden).toBe(true);
    expect(viewSession(facts(), ada, ada.id, null, T0).totalsHidden).toBe(false);
  });

  it("hide every total while topics are collected, and do not leak them through the order of the queue", () => {
    const view = viewSession(facts({}, { hideTotalsUntilDiscussion: true }), ada, ada.id, null, T0);
    expect(view.topics.every((t) => t.dots === null)).toBe(true);
    expect(view.topics.map((t) => t.id)).toEqual(["cold", "hot", "warm"]);
  });

  it("still show a person their own dots", () => {
    const view = viewSession(facts({}, { hideTotalsUntilDiscussion: true }), ada, ada.id, null, T0);
    expect(view.topics.find((t) => t.id === "hot")?.myDots).toBe(2);
    expect(view.me.dotsLeft).toBe(1);
  });

  it("appear once discussion starts", () => {
    const session = { ...newSession("s1", "weekly", T0), phase: "discussing" as const };
    const view = viewSession(facts({ session }, { hideTotalsUntilDiscussion: true }), ada, ada.id, null, T0);
    expect(view.topics[0]).toMatchObject({ id: "hot", dots: 3 });
  });
});

describe("anonymous topic authors", () => {
  it("are hidden from others but shown to the author, who still sees the topic as theirs", () => {
    const view = viewSession(facts({}, { anonymousAuthors: true }), ada, ada.id, null, T0);
    expect(view.topics.find((t) => t.id === "cold")?.author).toBeNull();
    expect(view.topics.find((t) => t.id === "hot")).toMatchObject({ author: { id: ada.id, name: "Ada" }, mine: true });
  });

  it("are shown to everyone when the board does not hide them", () => {
    const view = viewSession(facts(), ada, ada.id, null, T0);
    expect(view.topics.find((t) => t.id === "cold")).toMatchObject({ author: { id: "u-bob", name: "Bob" }, mine: false });
  });
});

describe("the facilitator", () => {
  it("is the meeting organizer or a presenter, not an attendee", () => {
    expect(isFacilitator("organizer")).toBe(true);
    expect(isFacilitator("presenter")).toBe(true);
    expect(isFacilitator("attendee")).toBe(false);
    expect(viewSession(facts(), fac, fac.id, null, T0).me.facilitator).toBe(true);
    expect(viewSession(facts(), ada, ada.id, null, T0).me).toMatchObject({ id: ada.id, name: "Ada", facilitator: false });
  });
});

describe("the shared timer", () => {
  const s = settings();
  const running = startTimebox(T0, "hot", s);

  it("shows nothing running when idle", () => {
    expect(viewSession(facts(), ada, ada.id, null, T0).timer).toEqual({
      status: "idle",
      topicId: null,
      round: 0,
      durationMs: 0,
      endsAt: null,
      remainingMs: 0,
      expired: false,
      nextExtensionMinutes: null,
      extendedByMinutes: null,
      grantedBy: null,
    });
  });

  it("gives the server end time, what is left now, and the next extension", () => {
    const view = viewSession(facts({ timer: running }), ada, ada.id, null, T0 + 2 * MINUTE);
    expect(view.timer).toMatchObject({ status: "running", topicId: "hot", endsAt: T0 + 8 * MINUTE, remainingMs: 6 * MINUTE, expired: false, nextExtensionMinutes: 4 });
    expect(view.roman).toBeNull();
  });

  it("has no end time while paused", () => {
    const view = viewSession(facts({ timer: pauseTimebox(running, T0 + MINUTE) }), ada, ada.id, null, T0 + 5 * MINUTE);
    expect(view.timer).toMatchObject({ status: "paused", endsAt: null, remainingMs: 7 * MINUTE });
  });

  it("opens the continue/stop vote when time is up, with the count, the person's own thumb and the outcome so far", () => {
    const ballots = [
      { topicId: "hot", round: 0, voterId: ada.id, choice: "up" as const },
      { topicId: "hot", round: 0, voterId: "u-bob", choice: "up" as const },
      { topicId: "hot", round: 0, voterId: "u-cy", choice: "down" as const },
    ];
    const view = viewSession(facts({ timer: running, ballots }), ada, ada.id, null, T0 + 8 * MINUTE);
    expect(view.timer.expired).toBe(true);
    expect(view.roman).toEqual({
      topicId: "hot",
      round: 0,
      tally: { up: 2, sideways: 0, down: 1 },
      myChoice: "up",
      outcome: { decision: "extend", minutes: 4 },
      // Nobody was recorded present, yet three voted: "3 of 3", never "3 of 0".
      voted: 3,
      present: 3,
    });
    expect(viewSession(facts({ timer: running, ballots }), fac, fac.id, null, T0 + 8 * MINUTE).roman?.myChoice).toBeNull();
  });

  it("before time is up, carries the continue/stop vote as it will open, with no thumbs and the outcome if nobody votes", () => {
    const view = viewSession(facts({ timer: running }), ada, ada.id, null, T0 + 2 * MINUTE);
    expect(view.romanAtTimeUp).toEqual({ topicId: "hot", round: 0, tally: { up: 0, sideways: 0, down: 0 }, myChoice: null, outcome: { decision: "moveOn", reason: "majority" }, voted: 0, present: 0 });
    expect(viewSession(facts(), ada, ada.id, null, T0).romanAtTimeUp).toBeNull();
    const last = extendTimebox(extendTimebox(running, T0 + 8 * MINUTE, s), T0 + 12 * MINUTE, s);
    expect(viewSession(facts({ timer: last }), ada, ada.id, null, T0 + 13 * MINUTE).romanAtTimeUp?.outcome).toEqual({ decision: "moveOn", reason: "no_extension_left" });
  });

  it("says the topic must move on when the last extension is used up", () => {
    const last = extendTimebox(extendTimebox(running, T0 + 8 * MINUTE, s), T0 + 12 * MINUTE, s);
    const view = viewSession(facts({ timer: last }), ada, ada.id, null, T0 + 14 * MINUTE);
    expect(view.timer.nextExtensionMinutes).toBeNull();
    expect(view.roman?.outcome).toEqual({ decision: "moveOn", reason: "no_extension_left" });
  });
});

describe("actions, teams and warnings in the view", () => {
  it("flags overdue actions by the board's time zone", () => {
    const actions = [action("late", { due: "2026-03-01" }), action("today", { due: "2026-03-02" })];
    const view = viewSession(facts({ actions }), ada, ada.id, null, T0);
    expect(view.actions.map((a) => [a.id, a.overdue])).toEqual([
      ["late", true],
      ["today", false],
    ]);
  });

  it("lists teams in slot order with the board's team limit", () => {
    const teams: Team[] = [];
    for (const name of ["A", "B", "C"]) teams.push(addTeam(teams, settings(), { name }, `t${name}`));
    const view = viewSession(facts({ teams: [...teams].reverse() }), ada, ada.id, null, T0);
    expect(view.teams.map((t) => t.name)).toEqual(["A", "B", "C"]);
    expect(view.teamLimit).toBe(7);
    expect(view.warnings).toEqual([]);
  });

  it("carries a warning once the team limit was raised", () => {
    const view = viewSession(facts({}, { teamLimit: 10 }), ada, ada.id, null, T0);
    expect(view.warnings).toHaveLength(1);
    expect(view.warnings[0]).toMatch(/raised to 10/);
  });
});
