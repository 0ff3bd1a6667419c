import { tokenBucket } from "../../src/functions/limits";
import { board, startStack, type Stack } from "../support/stack";

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.close());

test("the same Idempotency-Key sent 5 times at once writes once and answers identically", async () => {
  const chat = "19:meeting_idem@thread.v2";
  await stack.joinCast(chat);
  const replies = await Promise.all(
    Array.from({ length: 5 }, () => stack.call<{ id: string }>("bob", "POST", `${board(chat)}/topics`, { title: "Only once" }, { "idempotency-key": "key-123" })),
  );
  expect(new Set(replies.map((r) => r.status))).toEqual(new Set([201]));
  expect(new Set(replies.map((r) => r.text)).size).toBe(1);
  const state = await stack.call<{ topics: { title: string }[] }>("bob", "GET", `${board(chat)}/state`);
  expect(state.body.topics.map((t) => t.title)).toEqual(["Only once"]);
});

test("a retried vote after a lost response does not place a second dot", async () => {
  const chat = "19:meeting_idem_vote@thread.v2";
  await stack.joinCast(chat);
  const topic = await stack.call<{ id: string }>("bob", "POST", `${board(chat)}/topics`, { title: "Vote once" });
  const first = await stack.call<{ dotsLeft: number }>("carol", "POST", `${board(chat)}/topics/${topic.body.id}/votes`, undefined, { "idempotency-key": "v-1" });
  const retry = await stack.call<{ dotsLeft: number }>("carol", "POST", `${board(chat)}/topics/${topic.body.id}/votes`, undefined, { "idempotency-key": "v-1" });
  expect(retry.text).toBe(first.text);
  expect(retry.headers.get("idempotent-replayed")).toBe("true");
  const state = await stack.call<{ topics: { dots: number }[] }>("carol", "GET", `${board(chat)}/state`);
  expect(state.body.topics[0]?.dots).toBe(1);
  // The same key for a different request is refused, not silently replayed.
  const reused = await stack.call<{ field: string }>("carol", "POST", `${board(chat)}/topics`, { title: "Different" }, { "idempotency-key": "v-1" });
  expect(reused.status).toBe(422);
  expect(reused.body.field).toBe("Idempotency-Key");
  // Keys belong to one person: Dave's first use of the same key is his own request.
  expect((await stack.call("dave", "POST", `${board(chat)}/topics/${topic.body.id}/votes`, undefined, { "idempotency-key": "v-1" })).status).toBe(201);
});

test("a caller who floods the API gets 429 with Retry-After, and others are unaffected", async () => {
  const tight = await startStack({ limiter: tokenBucket(10, 1) });
  try {
    const chat = "19:meeting_flood@thread.v2";
    await tight.joinCast(chat);
    const statuses = [];
    for (let i = 0; i < 15; i++) statuses.push((await tight.call("bob", "GET", `${board(chat)}/state`)).status);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    const limited = await tight.call<{ detail: string }>("bob", "GET", `${board(chat)}/state`);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await tight.call("carol", "GET", `${board(chat)}/state`)).status).toBe(200);
  } finally {
    await tight.close();
  }
});

test("a write sent with If-Match of a board state that has since changed is refused with 412 and does nothing", async () => {
  const chat = "19:meeting_ifmatch@thread.v2";
  await stack.joinCast(chat);
  await stack.call("bob", "POST", `${board(chat)}/topics`, { title: "First" });
  const seen = await stack.call("alice", "GET", `${board(chat)}/state`);
  const etag = seen.headers.get("etag") ?? "";
  // Someone else adds a topic: the facilitator's view is now stale.
  await stack.call("carol", "POST", `${board(chat)}/topics`, { title: "Second" });
  const stale = await stack.call<{ code: string; detail: string }>("alice", "POST", `${board(chat)}/timer/next`, {}, { "if-match": etag });
  expect(stale.status).toBe(412);
  expect(stale.body.detail).toMatch(/changed since you looked/);
  const state = await stack.call<{ timer: { status: string }; topics: unknown[] }>("alice", "GET", `${board(chat)}/state`);
  expect(state.body.timer.status).toBe("idle");
  const fresh = await stack.call("alice", "POST", `${board(chat)}/timer/next`, {}, { "if-match": state.headers.get("etag") ?? "" });
  expect(fresh.status).toBe(200);
});
