import { LOCAL_TENANT } from "../../src/auth/local-issuer";
import { keys } from "../../src/store/keys";
import { IDEMPOTENCY_TTL_MS } from "../../src/store/idempotency";
import { board, startStack, type Stack } from "../support/stack";

// The stack's own clock: a day passes without waiting for it.
let clock = Date.UTC(2026, 10, 26, 9, 0);
let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ now: () => clock });
});
afterAll(() => stack.close());

const keyRows = async (chat: string) => (await stack.host.deps.rows.query<unknown>(`PartitionKey eq '${keys.idempotency({ tenantId: LOCAL_TENANT, chatId: chat }).replace(/'/g, "''")}'`)).length;

test("an Idempotency-Key is remembered for a day, then forgotten: a retry after that is a new request, and old keys are deleted along the way", async () => {
  const chat = "19:meeting_idem_expiry@thread.v2";
  await stack.joinCast(chat);
  const add = (title: string, key: string) => stack.call<{ id: string }>("bob", "POST", `${board(chat)}/topics`, { title }, { "idempotency-key": key });
  const first = await add("Release train", "k-1");
  await add("Test environment", "k-2");
  expect(await keyRows(chat)).toBe(2);

  // Within its useful life the key replays the first answer.
  clock += IDEMPOTENCY_TTL_MS - 60_000;
  const replay = await add("Release train", "k-1");
  expect(replay.headers.get("idempotent-replayed")).toBe("true");
  expect(replay.body.id).toBe(first.body.id);

  // After a day it is ignored and replaced: a new topic, no replay.
  clock += 2 * 60_000;
  const later = await add("Release train", "k-1");
  expect(later.status).toBe(201);
  expect(later.headers.get("idempotent-replayed")).toBeNull();
  expect(later.body.id).not.toBe(first.body.id);
  expect(await keyRows(chat)).toBe(2);
  // The board's other old keys are deleted by a later write's look through them (at most hourly per instance).
  clock += 2 * 3600_000;
  await add("Shared runners", "k-3");
  expect(await keyRows(chat)).toBe(2);
  const state = await stack.call<{ topics: { title: string }[] }>("bob", "GET", `${board(chat)}/state`);
  expect(state.body.topics.map((t) => t.title).filter((t) => t === "Release train")).toHaveLength(2);
});
