import { board, startStack, type Stack } from "../support/stack";

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.close());

test("the health route answers with the server time", async () => {
  const res = await stack.call<{ status: string; serverTime: number }>(null, "GET", "health");
  expect(res.status).toBe(200);
  expect(res.body.status).toBe("ok");
  expect(Number(res.headers.get("x-server-time"))).toBeGreaterThan(0);
});

test("a participant adds a topic, votes, and sees it in the state", async () => {
  const chat = "19:meeting_smoke@thread.v2";
  await stack.joinCast(chat);
  const added = await stack.call<{ id: string }>("bob", "POST", `${board(chat)}/topics`, { title: "  Release train  " });
  expect(added.status).toBe(201);
  const vote = await stack.call<{ dotsLeft: number }>("bob", "POST", `${board(chat)}/topics/${added.body.id}/votes`);
  expect(vote.status).toBe(201);
  expect(vote.body.dotsLeft).toBe(2);
  const state = await stack.call<{ topics: { title: string; dots: number; myDots: number }[]; me: { dotsLeft: number } }>("bob", "GET", `${board(chat)}/state`);
  expect(state.status).toBe(200);
  expect(state.body.topics[0]).toMatchObject({ title: "Release train", dots: 1, myDots: 1 });
  const etag = state.headers.get("etag") ?? "";
  const again = await stack.call("bob", "GET", `${board(chat)}/state`, undefined, { "if-none-match": etag });
  expect(again.status).toBe(304);
});

test("a tab served from another origin may read the server clock and the ETag it polls with", async () => {
  const res = await stack.call("bob", "GET", `${board("19:meeting_cors@thread.v2")}/state`);
  const exposed = (res.headers.get("access-control-expose-headers") ?? "").split(/,\s*/);
  expect(exposed).toEqual(expect.arrayContaining(["ETag", "X-Server-Time"]));
});
