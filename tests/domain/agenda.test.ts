import {
  IDLE,
  agendaForecast,
  countExtension,
  discussNext,
  extendTimebox,
  meetingEndFromTeams,
  newSession,
  setMeetingEnd,
  viewSession,
  type Session,
  type SessionFacts,
  type Timer,
  type Topic,
  type Viewer,
} from "../../src/domain";
import { MINUTE, T0, expectRefusal, settings, topic } from "./fixtures";

const fay: Viewer = { id: "u-fay", name: "Fay", role: "organizer" };
const timebox8 = settings({ timeboxMinutes: 8, extensionMinutes: [4, 2] });
const five = ["t1", "t2", "t3", "t4", "t5"].map((id, i) => topic(id, { createdAt: T0 + i }));

/** A weekly ending 30 minutes after T0 (as Teams reported it). */
function endingIn30(): Session {
  return { ...newSession("s1", "weekly", T0), meetingEnd: { at: T0 + 30 * MINUTE, source: "teams" } };
}

function facts(session: Session, topics: readonly Topic[], timer: Timer = IDLE): SessionFacts {
  return { boardId: "b1", session, settings: timebox8, topics, votes: [], timer, ballots: [], actions: [], teams: [] };
}

/** The forecast the panel gets at `now`. */
function agendaAt(f: SessionFacts, now: number) {
  return viewSession(f, fay, fay.id, null, now).agenda;
}

describe("the agenda forecast: which queued topics fit before the meeting ends", () => {
  it("with 30 minutes left, a timebox of 8 and five topics, the line falls after the third topic", () => {
    const agenda = agendaAt(facts(endingIn30(), five), T0);
    expect(agenda).toMatchObject({ meetingEndsAt: T0 + 30 * MINUTE, fitting: 3, lastFittingTopicId: "t3", cut: true, lastThatFits: false, perTopicMs: 8 * MINUTE });
  });

  it("an extension moves the line up: the topic runs longer and the room is expected to extend the coming ones as much", () => {
    const step = discussNext(endingIn30(), five, new Map(), T0, timebox8);
    const topics = five.map((t) => step.topics.find((s) => s.id === t.id) ?? t);
    // t1 under discussion (8 minutes left), four queued: 22 minutes after it hold two more topics of 8.
    expect(agendaAt(facts(step.session, topics, step.timer), T0)).toMatchObject({ fitting: 2, lastFittingTopicId: "t3" });

    const extended = extendTimebox(step.timer, T0, timebox8, { kind: "room" });
    const session = countExtension(step.session, 4);
    // t1 now has 12 minutes left; each coming topic is expected to take 8 + 4: only t2 fits in the 18 after it.
    const agenda = agendaAt(facts(session, topics, extended), T0);
    expect(agenda).toMatchObject({ fitting: 1, lastFittingTopicId: "t2", perTopicMs: 12 * MINUTE });
  });

  it("averages the extensions over the topics taken up so far, since those already used are spent", () => {
    const base = { queue: five, timeboxMinutes: 8, currentLeftMs: null, now: T0, meetingEndsAt: T0 + 30 * MINUTE };
    // 4 minutes of extensions over two topics: 2 minutes more per topic, so 10 each: three fit in 30.
    expect(agendaForecast({ ...base, extensionMinutesUsed: 4, topicsTakenUp: 2 })).toMatchObject({ perTopicMs: 10 * MINUTE, fitting: 3 });
    // The same 4 minutes on the one topic taken up: 12 each, two fit.
    expect(agendaForecast({ ...base, extensionMinutesUsed: 4, topicsTakenUp: 1 })).toMatchObject({ perTopicMs: 12 * MINUTE, fitting: 2 });
  });

  it("moves up as time passes while nothing is being discussed (the clock is the forecast's `now`)", () => {
    const f = facts(endingIn30(), five);
    expect(agendaAt(f, T0)?.lastFittingTopicId).toBe("t3");
    expect(agendaAt(f, T0 + 7 * MINUTE)?.lastFittingTopicId).toBe("t2");
    expect(agendaAt(f, T0 + 15 * MINUTE)?.lastFittingTopicId).toBe("t1");
    // Seven minutes left: not even the top of the queue fits, so the line sits above it.
    expect(agendaAt(f, T0 + 23 * MINUTE)).toMatchObject({ fitting: 0, lastFittingTopicId: null, cut: true });
  });

  it("says when the topic just started is the last that fits", () => {
    const session = { ...endingIn30(), meetingEnd: { at: T0 + 12 * MINUTE, source: "facilitator" as const } };
    const step = discussNext(session, five, new Map(), T0, timebox8);
    const topics = five.map((t) => step.topics.find((s) => s.id === t.id) ?? t);
    expect(agendaAt(facts(step.session, topics, step.timer), T0)).toMatchObject({ fitting: 0, cut: true, lastThatFits: true });
    // With room for one more, it is not.
    expect(agendaAt(facts({ ...step.session, meetingEnd: { at: T0 + 16 * MINUTE, source: "teams" } }, topics, step.timer), T0)).toMatchObject({ lastThatFits: false });
  });

  it("draws no line when every queued topic fits", () => {
    const session = { ...endingIn30(), meetingEnd: { at: T0 + 60 * MINUTE, source: "teams" as const } };
    expect(agendaAt(facts(session, five), T0)).toMatchObject({ fitting: 5, lastFittingTopicId: "t5", cut: false });
  });

  it("has no forecast without a known end, or once the session is closed", () => {
    expect(agendaAt(facts(newSession("s1", "weekly", T0), five), T0)).toBeNull();
    expect(agendaAt(facts({ ...endingIn30(), phase: "closed", closedAt: T0 }, five), T0)).toBeNull();
  });
});

describe("the meeting's end", () => {
  it("a facilitator sets it ahead of now, within a day, and may clear it", () => {
    const set = setMeetingEnd(newSession("s1", "weekly", T0), T0 + 45 * MINUTE, T0);
    expect(set.meetingEnd).toEqual({ at: T0 + 45 * MINUTE, source: "facilitator" });
    expect(setMeetingEnd(set, null, T0).meetingEnd).toBeNull();
    expectRefusal(() => setMeetingEnd(set, T0 - MINUTE, T0), "invalid", "endsAt");
    expectRefusal(() => setMeetingEnd(set, T0 + 25 * 60 * MINUTE, T0), "invalid", "endsAt");
  });

  it("Teams' scheduled end does not overwrite a facilitator's correction", () => {
    const fromTeams = meetingEndFromTeams(newSession("s1", "weekly", T0), T0 + 30 * MINUTE);
    expect(fromTeams?.meetingEnd).toEqual({ at: T0 + 30 * MINUTE, source: "teams" });
    const corrected = setMeetingEnd(fromTeams ?? newSession("s1", "weekly", T0), T0 + 40 * MINUTE, T0);
    expect(meetingEndFromTeams(corrected, T0 + 30 * MINUTE)).toBeNull();
  });
});
