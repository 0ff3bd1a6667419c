import { board, boardCaller, startStack, type Stack } from "../support/stack";

/**
 * The agenda knows when the meeting ends: a facilitator sets the end, and everyone's view says
 * which queued topics fit before it, moving as time passes and as topics are discussed and extended.
 */

const MINUTE = 60_000;
let stack: Stack;
let clock = Date.UTC(2026, 2, 2, 10, 0);
beforeAll(async () => void (stack = await startStack({ now: () => clock })));
afterAll(() => stack.close());

interface Agenda {
  meetingEndsAt: number;
  fitting: number;
  lastFittingTopicId: string | null;
  cut: boolean;
  lastThatFits: boolean;
}
interface View {
  agenda: Agenda | null;
  session: { meetingEnd?: { at: number; source: string } | null };
  topics: { id: string; title: string; state: string }[];
}

const titleOf = (view: View, id: string | null) => view.topics.find((t) => t.id === id)?.title ?? null;

test("the facilitator sets the meeting's end and everyone's queue shows where the time runs out", async () => {
  const chat = "19:meeting_agenda@thread.v2";
  await stack.joinCast(chat);
  const as = boardCaller(stack, chat);
  // One a millisecond after the other, so the queue (no dots yet) lists them as added.
  for (const title of ["One", "Two", "Three", "Four", "Five"]) {
    await as("alice", "POST", "topics", { title });
    clock += 1;
  }
  expect((await as<View>("bob", "GET", "state")).agenda).toBeNull();

  // Bob attends: only a facilitator sets the end. A time already past is refused at its field.
  expect((await stack.call("bob", "PUT", `${board(chat)}/session/meeting-end`, { endsAt: clock + 30 * MINUTE })).status).toBe(403);
  const past = await stack.call<{ field: string }>("alice", "PUT", `${board(chat)}/session/meeting-end`, { endsAt: clock - MINUTE });
  expect(past.status).toBe(400);
  expect(past.body.field).toBe("endsAt");
  const bad = await stack.call<{ field: string }>("alice", "PUT", `${board(chat)}/session/meeting-end`, { endsAt: "half past ten" });
  expect(bad.status).toBe(400);
  expect(bad.body.field).toBe("endsAt");

  await as("alice", "PUT", "session/meeting-end", { endsAt: clock + 30 * MINUTE });
  let view = await as<View>("bob", "GET", "state");
  expect(view.session.meetingEnd).toEqual({ at: clock + 30 * MINUTE, source: "facilitator" });
  // Timebox 8, 30 minutes left: three topics fit, the line falls below the third.
  expect(view.agenda).toMatchObject({ meetingEndsAt: clock + 30 * MINUTE, fitting: 3, cut: true, lastThatFits: false });
  expect(titleOf(view, view.agenda?.lastFittingTopicId ?? null)).toBe("Three");

  // The first topic starts and the room extends it by 4: each coming topic is expected to take 12.
  await as("alice", "POST", "timer/next", {});
  await as("alice", "POST", "timer/extend");
  view = await as<View>("bob", "GET", "state");
  expect(titleOf(view, view.agenda?.lastFittingTopicId ?? null)).toBe("Two");

  // Fourteen minutes later the room moves on: 16 minutes left, one topic of 12 fits.
  clock += 14 * MINUTE;
  await as("alice", "POST", "timer/stop");
  view = await as<View>("bob", "GET", "state");
  expect(view.agenda).toMatchObject({ fitting: 1 });
  expect(titleOf(view, view.agenda?.lastFittingTopicId ?? null)).toBe("Two");

  // "Two" starts (8 minutes; the coming ones now expected to take 8 + 4/2): it is the last topic the meeting has time for.
  await as("alice", "POST", "timer/next", {});
  expect((await as<View>("bob", "GET", "state")).agenda).toMatchObject({ fitting: 0, cut: true, lastThatFits: true });

  // Forgetting the end takes the line away.
  await as("alice", "PUT", "session/meeting-end", { endsAt: null });
  expect((await as<View>("bob", "GET", "state")).agenda).toBeNull();
});
