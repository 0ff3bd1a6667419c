import { connectionStringFor } from "../../src/local/azurite";
import { startFaultProxy, type FaultProxy } from "../support/fault-proxy";
import { azuriteConnectionString, board, startStack, type Stack } from "../support/stack";

/** The app reaches Azurite only through the fault proxy. */
let proxy: FaultProxy;
let stack: Stack;
beforeAll(async () => {
  const azuritePort = Number(/TableEndpoint=http:\/\/127\.0\.0\.1:(\d+)/.exec(azuriteConnectionString())?.[1]);
  proxy = await startFaultProxy(azuritePort);
  stack = await startStack({ connectionString: connectionStringFor(proxy.port), storageTimeoutMs: 500, idempotencyLeaseMs: 2000 });
});
afterAll(async () => {
  await stack.close();
  await proxy.close();
});
afterEach(() => {
  proxy.mode = "pass";
});

type Problem = { status: number; code: string; detail: string };
const topics = async (chat: string) => (await stack.call<{ topics: { title: string; dots: number }[] }>("bob", "GET", `${board(chat)}/state`)).body.topics;

test.each(["unavailable", "hang"] as const)("storage %s mid-request: a clear 503 with Retry-After, nothing half-written, and it works again when storage returns", async (mode) => {
  const chat = `19:meeting_fault_${mode}@thread.v2`;
  await stack.joinCast(chat);
  await stack.call("bob", "POST", `${board(chat)}/topics`, { title: "Before the outage" });
  proxy.mode = mode;
  const during = await stack.call<Problem>("bob", "POST", `${board(chat)}/topics`, { title: "During the outage" });
  expect(during.status).toBe(503);
  expect(during.headers.get("content-type")).toMatch(/problem\+json/);
  expect(Number(during.headers.get("retry-after"))).toBeGreaterThan(0);
  // A write that storage did not confirm may still land: the client is told so, not "nothing changed".
  expect(during.body.detail).toMatch(/may or may not have been saved — retry with the same Idempotency-Key/);
  const poll = await stack.call<Problem>("bob", "GET", `${board(chat)}/state`);
  expect(poll.status).toBe(503);
  expect(poll.body.detail).toMatch(/nothing was changed/);
  proxy.mode = "pass";
  expect((await topics(chat)).map((t) => t.title)).toEqual(["Before the outage"]);
  expect((await stack.call("bob", "POST", `${board(chat)}/topics`, { title: "After the outage" })).status).toBe(201);
  expect((await topics(chat)).map((t) => t.title).sort()).toEqual(["After the outage", "Before the outage"]);
});

test("a vote whose storage response was lost is retried by the client library and still places one dot", async () => {
  const chat = "19:meeting_fault_lost@thread.v2";
  await stack.joinCast(chat);
  const topic = await stack.call<{ id: string }>("bob", "POST", `${board(chat)}/topics`, { title: "Count me once" });
  await stack.call("bob", "GET", `${board(chat)}/state`);
  // Lose exactly one storage response: the insert of the dot's row.
  const forwardedBefore = proxy.forwarded;
  const cast = stack.call("carol", "POST", `${board(chat)}/topics/${topic.body.id}/votes`);
  // The cast reads the head, the topics and the voter's dots in one query (the board's meta is this
  // instance's copy, checked against the head), then writes the dot and the head in one transaction.
  while (proxy.forwarded < forwardedBefore + VOTE_WRITE - 1) await new Promise((r) => setTimeout(r, 1));
  proxy.mode = "lose-response";
  while (proxy.forwarded < forwardedBefore + VOTE_WRITE) await new Promise((r) => setTimeout(r, 1));
  proxy.mode = "pass";
  const reply = await cast;
  expect(reply.status).toBe(201);
  const state = await stack.call<{ topics: { dots: number }[]; me: { dotsLeft: number } }>("carol", "GET", `${board(chat)}/state`);
  expect(state.body.topics[0]?.dots).toBe(1);
  expect(state.body.me.dotsLeft).toBe(2);
});

test("a write whose HTTP response was lost, retried with its Idempotency-Key, is written once", async () => {
  const chat = "19:meeting_fault_client@thread.v2";
  await stack.joinCast(chat);
  const front = await startFaultProxy(stack.host.port);
  try {
    const token = await stack.token("bob");
    const send = () =>
      fetch(`http://127.0.0.1:${front.port}/api/${board(chat)}/topics`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json", "idempotency-key": "add-once" },
        body: JSON.stringify({ title: "Written once" }),
      });
    front.mode = "lose-response";
    await expect(send()).rejects.toThrow();
    front.mode = "pass";
    const retry = await send();
    expect(retry.status).toBe(201);
    expect(retry.headers.get("idempotent-replayed")).toBe("true");
    expect((await topics(chat)).map((t) => t.title)).toEqual(["Written once"]);
  } finally {
    await front.close();
  }
});

/** Adds a topic with an Idempotency-Key, the way the tab retries a write. */
const addOnce = (chat: string, key: string, title: string) => stack.call<Problem & { id: string }>("bob", "POST", `${board(chat)}/topics`, { title }, { "idempotency-key": key });

// An add on an existing board reaches storage as: the key's claim, the board, the session, then the topic's insert.
/** Storage requests of a topic add up to its insert: the key's claim, the board, the topics, the look for an earlier try's topic, the number counter read and claim. */
const TOPIC_INSERT = 7;
/** Storage requests of a vote up to its write, on a board this instance has open: the read, then the write. */
const VOTE_WRITE = 2;

test("a write cut short after its claim (storage gone before it finished) is completed exactly once by the retry with the same key, after the lease", async () => {
  const chat = "19:meeting_fault_died@thread.v2";
  await stack.joinCast(chat);
  await stack.call("bob", "POST", `${board(chat)}/topics`, { title: "Already there" });
  // The topic lands, then storage goes away: the head, the key's result and its release all fail,
  // as if the process had died right after writing the topic. The claim stays pending.
  proxy.switchAfter(proxy.forwarded + TOPIC_INSERT, "unavailable");
  const cut = await addOnce(chat, "add-died", "Exactly once");
  expect(cut.status).toBe(503);
  expect(cut.body.detail).toMatch(/may or may not have been saved/);
  proxy.mode = "pass";
  // The retry waits (backing off) for the dead claim's lease to end, takes it over, and finishes.
  const retry = await addOnce(chat, "add-died", "Exactly once");
  expect(retry.status).toBe(201);
  expect((await topics(chat)).map((t) => t.title).sort()).toEqual(["Already there", "Exactly once"]);
  const again = await addOnce(chat, "add-died", "Exactly once");
  expect(again.headers.get("idempotent-replayed")).toBe("true");
  expect(again.body.id).toBe(retry.body.id);
  expect((await topics(chat)).length).toBe(2);
});

test("storage frozen past the timeout while a topic is written, then resumed: the 503 says the outcome is unknown and the client's retry leaves one topic", async () => {
  const chat = "19:meeting_fault_frozen@thread.v2";
  await stack.joinCast(chat);
  await stack.call("bob", "POST", `${board(chat)}/topics`, { title: "Already there" });
  proxy.switchAfter(proxy.forwarded + TOPIC_INSERT - 1, "freeze");
  const frozen = await addOnce(chat, "add-frozen", "Landed late");
  expect(frozen.status).toBe(503);
  expect(frozen.headers.get("content-type")).toMatch(/problem\+json/);
  expect(frozen.body.code).toBe("outcome_unknown");
  expect(frozen.body.detail).toMatch(/may or may not have been saved — retry with the same Idempotency-Key/);
  // Storage wakes up and works through what it held: the topic lands after all.
  await proxy.thaw();
  expect((await topics(chat)).map((t) => t.title).sort()).toEqual(["Already there", "Landed late"]);
  const retry = await addOnce(chat, "add-frozen", "Landed late");
  expect(retry.status).toBe(201);
  expect((await topics(chat)).map((t) => t.title).sort()).toEqual(["Already there", "Landed late"]);
});

test("a vote cut short after its dot was placed, retried with the same key after the lease, places one dot", async () => {
  const chat = "19:meeting_fault_vote_died@thread.v2";
  await stack.joinCast(chat);
  const topic = await stack.call<{ id: string }>("bob", "POST", `${board(chat)}/topics`, { title: "Count me once" });
  await stack.call("carol", "GET", `${board(chat)}/state`);
  const cast = () => stack.call<Problem & { dotsLeft: number }>("carol", "POST", `${board(chat)}/topics/${topic.body.id}/votes`, undefined, { "idempotency-key": "vote-died" });
  // The key's claim, the one read, then the dot and the head; then storage goes.
  proxy.switchAfter(proxy.forwarded + VOTE_WRITE + 1, "unavailable");
  expect((await cast()).status).toBe(503);
  proxy.mode = "pass";
  const retry = await cast();
  expect(retry.status).toBe(201);
  expect(retry.body.dotsLeft).toBe(2);
  const state = await stack.call<{ topics: { dots: number }[]; me: { dotsLeft: number } }>("carol", "GET", `${board(chat)}/state`);
  expect(state.body.topics[0]?.dots).toBe(1);
  expect(state.body.me.dotsLeft).toBe(2);
});
