import { board, startTwoInstances, type Stack } from "../support/stack";

/**
 * What the frequent operations cost in storage round trips, counted at the store, and that the
 * per-instance copy of a board never makes a vote land in a session another instance closed.
 */

let one: Stack;
let two: Stack;
beforeAll(async () => void ([one, two] = await startTwoInstances()));
afterAll(async () => {
  await one.close();
  await two.close();
});

const ops = (stack: Stack) => stack.host.deps.services.store.rows.metrics.operations;
async function counted(stack: Stack, run: () => Promise<unknown>): Promise<number> {
  const before = ops(stack);
  await run();
  return ops(stack) - before;
}

test("a vote and a withdrawal cost two storage operations each, a full read two, an unchanged poll one", async () => {
  const chat = "19:meeting_ops@thread.v2";
  await one.joinCast(chat);
  const created = await one.call<{ id: string }>("alice", "POST", `${board(chat)}/topics`, { title: "Release train" });
  const topic = `${board(chat)}/topics/${created.body.id}/votes`;
  await one.call("bob", "GET", `${board(chat)}/state`);

  let reply = { status: 0 };
  expect(await counted(one, async () => (reply = await one.call("bob", "POST", topic)))).toBe(2);
  expect(reply.status).toBe(201);
  expect(await counted(one, async () => (reply = await one.call("bob", "DELETE", topic)))).toBe(2);
  expect(reply.status).toBe(200);

  let etag = "";
  expect(await counted(one, async () => (etag = (await one.call("bob", "GET", `${board(chat)}/state`)).headers.get("etag") ?? ""))).toBe(2);
  expect(await counted(one, async () => (reply = await one.call("bob", "GET", `${board(chat)}/state`, undefined, { "if-none-match": etag })))).toBe(1);
  expect(reply.status).toBe(304);
});

test("after another instance starts a new session, a vote here lands in the new session, not the closed one", async () => {
  const chat = "19:meeting_ops_stale@thread.v2";
  await one.joinCast(chat);
  const old = await one.call<{ id: string }>("alice", "POST", `${board(chat)}/topics`, { title: "Carried over" });
  expect((await one.call("bob", "POST", `${board(chat)}/topics/${old.body.id}/votes`)).status).toBe(201);
  // Instance one now holds a copy of the board; instance two starts the next weekly.
  expect((await two.call("alice", "POST", `${board(chat)}/sessions`, { kind: "weekly" })).status).toBe(201);
  const fresh = await two.call<{ id: string }>("alice", "POST", `${board(chat)}/topics`, { title: "New this week" });
  const vote = await one.call("bob", "POST", `${board(chat)}/topics/${fresh.body.id}/votes`);
  expect(vote.status).toBe(201);
  const state = await two.call<{ topics: { id: string; myDots: number }[] }>("bob", "GET", `${board(chat)}/state`);
  expect(state.body.topics.find((t) => t.id === fresh.body.id)?.myDots).toBe(1);
});
