import {
  IDLE,
  SESSION_KINDS,
  closeSession,
  discussNext,
  endMeeting,
  isClosed,
  markSummarySent,
  moveOn,
  newSession,
  remainingMs,
  requireSessionOpen,
  type Session,
  type Topic,
} from "../../src/domain";
import { MINUTE, T0, expectRefusal, settings, topic, topicWith } from "./fixtures";

const s = settings();

function apply(topics: readonly Topic[], changed: readonly Topic[]): Topic[] {
  return topics.map((t) => changed.find((c) => c.id === t.id) ?? t);
}

describe("a new session", () => {
  it("is a weekly or a daily, collecting topics, not started, not closed, no summary sent", () => {
    expect([...SESSION_KINDS]).toEqual(["weekly", "daily"]);
    expect(newSession("s1", "weekly", T0)).toEqual({
      id: "s1",
      kind: "weekly",
      phase: "collecting",
      createdAt: T0,
      startedAt: null,
      closedAt: null,
      summarySentAt: null,
    });
  });
});

describe("discuss next", () => {
  const session = newSession("s1", "weekly", T0);
  const topics = [topicWith("old", "queued", T0), topicWith("new", "queued", T0 + 1), topicWith("hot", "queued", T0 + 2)];
  const dots = new Map([
    ["old", 2],
    ["new", 2],
    ["hot", 5],
  ]);

  it("takes the top of the queue, starts its timebox, and moves the session to discussing", () => {
    const step = discussNext(session, topics, dots, T0 + MINUTE, s);
    expect(step.topics).toEqual([expect.objectContaining({ id: "hot", state: "discussing" })]);
    expect(step.timer).toMatchObject({ status: "running", topicId: "hot", round: 0 });
    expect(remainingMs(step.timer, T0 + MINUTE)).toBe(8 * MINUTE);
    expect(step.session).toMatchObject({ phase: "discussing", startedAt: T0 + MINUTE });
  });

  it("finishes the topic under discussion and picks the next one, oldest first on a tie", () => {
    const first = discussNext(session, topics, dots, T0 + MINUTE, s);
    const afterFirst = apply(topics, first.topics);
    const second = discussNext(first.session, afterFirst, dots, T0 + 10 * MINUTE, s);
    expect(second.topics).toEqual([
      expect.objectContaining({ id: "hot", state: "discussed", discussedAt: T0 + 10 * MINUTE }),
      expect.objectContaining({ id: "old", state: "discussing" }),
    ]);
    expect(second.session.startedAt).toBe(T0 + MINUTE);
  });

  it("lets the facilitator choose a topic other than the top one", () => {
    const step = discussNext(session, topics, dots, T0, s, "new");
    expect(step.topics).toEqual([expect.objectContaining({ id: "new", state: "discussing" })]);
    expect(step.timer).toMatchObject({ topicId: "new" });
  });

  it("refuses a chosen topic that is unknown or not queued", () => {
    expectRefusal(() => discussNext(session, topics, dots, T0, s, "missing"), "not_found", "topicId");
    expectRefusal(() => discussNext(session, [...topics, topicWith("done", "discussed")], dots, T0, s, "done"), "wrong_state", "topicId");
  });

  it("refuses when the queue is empty and nothing is being discussed", () => {
    const error = expectRefusal(() => discussNext(session, [topicWith("x", "discussed")], new Map(), T0, s), "wrong_state");
    expect(error.message).toMatch(/queue is empty/);
  });

  it("finishes the last topic and stops the timer when the queue runs out", () => {
    const step = discussNext({ ...session, phase: "discussing" }, [topicWith("last", "discussing")], new Map(), T0 + 9 * MINUTE, s);
    expect(step.topics).toEqual([expect.objectContaining({ id: "last", state: "discussed", discussedAt: T0 + 9 * MINUTE })]);
    expect(step.timer).toEqual(IDLE);
  });

  it("is refused in a closed session", () => {
    expectRefusal(() => discussNext({ ...session, phase: "closed" }, topics, dots, T0, s), "wrong_state");
  });
});

describe("moving on", () => {
  const session: Session = { ...newSession("s1", "weekly", T0), phase: "discussing" };

  it("marks the topic discussed and stops the timer", () => {
    const step = moveOn(session, topicWith("x", "discussing"), T0 + 8 * MINUTE);
    expect(step.topics).toEqual([expect.objectContaining({ id: "x", state: "discussed", discussedAt: T0 + 8 * MINUTE })]);
    expect(step.timer).toEqual(IDLE);
  });

  it("is refused for a topic that is not being discussed, or in a closed session", () => {
    expectRefusal(() => moveOn(session, topic("x"), T0), "wrong_state", "topicId");
    expectRefusal(() => moveOn({ ...session, phase: "closed" }, topicWith("x", "discussing"), T0), "wrong_state");
  });
});

describe("closing the session", () => {
  const session: Session = { ...newSession("s1", "weekly", T0), phase: "discussing", startedAt: T0 };

  it("closes it, stops the timer and finishes the topic under discussion, leaving the queue for next time", () => {
    const step = closeSession(session, [topicWith("talk", "discussing"), topic("q")], T0 + 60 * MINUTE);
    expect(step.session).toMatchObject({ phase: "closed", closedAt: T0 + 60 * MINUTE });
    expect(step.timer).toEqual(IDLE);
    expect(step.topics).toEqual([expect.objectContaining({ id: "talk", state: "discussed" })]);
  });

  it("cannot close a session twice", () => {
    const closed = closeSession(session, [], T0).session;
    expectRefusal(() => closeSession(closed, [], T0), "wrong_state");
  });
});

describe("the action-item summary", () => {
  it("is marked sent once and refused the second time, so it goes out exactly once", () => {
    const sent = markSummarySent(newSession("s1", "weekly", T0), T0 + MINUTE);
    expect(sent.summarySentAt).toBe(T0 + MINUTE);
    expectRefusal(() => markSummarySent(sent, T0 + 2 * MINUTE), "conflict");
  });
});

describe("a closed session", () => {
  it("refuses new work and says to start the next session; a missing session counts as closed", () => {
    const open = newSession("s1", "weekly", T0);
    const closed = closeSession(open, [], T0).session;
    expect(isClosed(open)).toBe(false);
    expect(isClosed(closed)).toBe(true);
    expect(isClosed(null)).toBe(true);
    expect(() => requireSessionOpen(open, "add topics")).not.toThrow();
    expect(expectRefusal(() => requireSessionOpen(closed, "add topics"), "wrong_state").message).toBe("This session is closed. Start the next session to add topics.");
    expectRefusal(() => requireSessionOpen(null, "add topics"), "wrong_state");
    expectRefusal(() => moveOn(closed, topic("t", { state: "discussing" }), T0), "wrong_state");
  });
});

describe("the meeting ending", () => {
  const session = newSession("s1", "weekly", T0);

  it("stops the timebox and puts the topic under discussion back in the queue when it left nothing", () => {
    const step = endMeeting(session, [topicWith("talking", "discussing"), topic("q")], () => false, T0 + MINUTE);
    expect(step.timer).toEqual(IDLE);
    expect(step.topics).toEqual([expect.objectContaining({ id: "talking", state: "queued", discussedAt: null })]);
    expect(step.session).toBe(session);
  });

  it("counts the topic as discussed when it has takeaways or actions", () => {
    const withTakeaways = endMeeting(session, [topic("a", { state: "discussing", takeaways: "Ship it" })], () => false, T0 + MINUTE);
    expect(withTakeaways.topics).toEqual([expect.objectContaining({ id: "a", state: "discussed", discussedAt: T0 + MINUTE })]);
    const withActions = endMeeting(session, [topicWith("b", "discussing")], (id) => id === "b", T0 + MINUTE);
    expect(withActions.topics[0]?.state).toBe("discussed");
  });

  it("changes no topic when nothing is under discussion", () => {
    expect(endMeeting(session, [topic("q"), topicWith("done", "discussed")], () => true, T0).topics).toEqual([]);
  });
});
