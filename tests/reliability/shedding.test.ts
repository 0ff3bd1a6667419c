import { connectionStringFor } from "../../src/local/azurite";
import { startFaultProxy, type FaultProxy } from "../support/fault-proxy";
import { azuriteConnectionString, board, startStack, type Stack } from "../support/stack";

/** Storage is held (frozen) while requests pile up: the cap fills deterministically, not by timing. */
let proxy: FaultProxy;
let stack: Stack;
const CAP = 3;
beforeAll(async () => {
  const azuritePort = Number(/TableEndpoint=http:\/\/127\.0\.0\.1:(\d+)/.exec(azuriteConnectionString())?.[1]);
  proxy = await startFaultProxy(azuritePort);
  stack = await startStack({ connectionString: connectionStringFor(proxy.port), gate: { maxInFlight: CAP, maxWaitMs: 100 }, storageTimeoutMs: 20_000 });
});
afterAll(async () => {
  await stack.close();
  await proxy.close();
});

type Problem = { status: number; code: string; detail: string };

test("beyond the storage cap, requests are refused at once with 503, a problem body and varied Retry-After; polls still get through; held requests finish", async () => {
  const chat = "19:meeting_shedding@thread.v2";
  await stack.joinCast(chat);
  await stack.call("bob", "POST", `${board(chat)}/topics`, { title: "Busy day" });
  const etag = (await stack.call("bob", "GET", `${board(chat)}/state`)).headers.get("etag") ?? "";
  await stack.token("carol");
  proxy.mode = "freeze";
  // These fill the cap and wait on the frozen storage.
  const held = Array.from({ length: CAP }, () => stack.call("bob", "GET", `${board(chat)}/state`));
  const gate = stack.host.deps.gate;
  while ((gate?.inUse ?? CAP) < CAP) await new Promise((r) => setTimeout(r, 5));
  const refused = await Promise.all(Array.from({ length: 40 }, () => stack.call<Problem>("carol", "GET", `${board(chat)}/state`)));
  expect(new Set(refused.map((r) => r.status))).toEqual(new Set([503]));
  for (const r of refused) {
    expect(r.headers.get("content-type")).toMatch(/problem\+json/);
    expect(r.body).toMatchObject({ status: 503, code: "overloaded" });
    expect(r.body.detail).toMatch(/nothing was changed/);
  }
  // Spread, so the refused clients do not all come back in the same second.
  const retryAfter = refused.map((r) => Number(r.headers.get("retry-after")));
  expect(Math.min(...retryAfter)).toBeGreaterThanOrEqual(1);
  expect(new Set(retryAfter).size).toBeGreaterThan(3);
  // A write refused at the gate did nothing.
  const write = await stack.call<Problem>("carol", "POST", `${board(chat)}/topics`, { title: "Refused" });
  expect(write.body.code).toBe("overloaded");
  // A poll that can be answered with 304 has its own places: admitted, not refused.
  const poll = stack.call("carol", "GET", `${board(chat)}/state`, undefined, { "if-none-match": etag });
  while ((gate?.inUse ?? 0) < CAP + 1) await new Promise((r) => setTimeout(r, 5));
  await proxy.thaw();
  expect((await poll).status).toBe(304);
  expect((await Promise.all(held)).map((r) => r.status)).toEqual(Array(CAP).fill(200));
  const state = await stack.call<{ topics: { title: string }[] }>("bob", "GET", `${board(chat)}/state`);
  expect(state.body.topics.map((t) => t.title)).toEqual(["Busy day"]);
});
