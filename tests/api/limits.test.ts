import { ulid } from "ulid";
import { LOCAL_TENANT } from "../../src/auth/local-issuer";
import { createAction, MAX_ACTIONS_PER_BOARD, MAX_BOARDS_PER_TENANT_PER_DAY } from "../../src/domain";
import { keys } from "../../src/store/keys";
import { api } from "../support/contract";
import { board, startStack, type Stack } from "../support/stack";

/**
 * What a tenant or board may create is bounded, with a refusal that says what and how many, and a
 * refused write leaves nothing behind. The set-up brings a counter or a board near its limit
 * through the store, as days of use would (creating 200 boards or 500 actions one by one would
 * only make the test slow).
 */

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.close());

const rowsOf = async (partition: string) => (await stack.host.deps.rows.query<unknown>(`PartitionKey eq '${partition}'`)).length;

test("a board's actions: the one past the limit is refused at its field and the board keeps what it had", async () => {
  const chat = "19:meeting_limit_actions@thread.v2";
  await stack.joinCast(chat);
  expect((await api(stack, "alice", "POST", `${board(chat)}/actions`, { text: "The first", ownerName: "Dave" })).status).toBe(201);
  const ref = { tenantId: LOCAL_TENANT, chatId: chat };
  const now = Date.now();
  const more = Array.from({ length: MAX_ACTIONS_PER_BOARD - 1 }, (_, i) => {
    const a = createAction({ text: `Old action ${i}`, ownerName: "Dave" }, stack.userId("alice"), now, ulid(now + i), null);
    return { rowKey: keys.action(a.id), value: a };
  });
  await stack.host.deps.rows.insertMany(keys.board(ref), more);
  const before = await rowsOf(keys.board(ref));

  const refused = await api<{ code: string; field: string; detail: string }>(stack, "bob", "POST", `${board(chat)}/actions`, { text: "One too many", ownerName: "Dave" });
  expect([refused.status, refused.body.code, refused.body.field]).toEqual([409, "limit", "text"]);
  expect(refused.body.detail).toContain(`${MAX_ACTIONS_PER_BOARD} action items`);
  expect(await rowsOf(keys.board(ref))).toBe(before);
});

// Last: it uses up the local tenant's boards for today.
test("a tenant's boards per day: the one past the limit is refused, says why, and writes no board", async () => {
  const today = new Date().toISOString().slice(0, 10);
  await stack.host.deps.rows.upsert(keys.tenantDay(LOCAL_TENANT, today), keys.counterRow, { boards: MAX_BOARDS_PER_TENANT_PER_DAY - 1 });
  const last = "19:meeting_limit_last@thread.v2";
  await stack.join(last, "alice", "organizer");
  expect((await api(stack, "alice", "POST", `${board(last)}/topics`, { title: "Fits" })).status).toBe(201);

  const over = "19:meeting_limit_over@thread.v2";
  await stack.join(over, "alice", "organizer");
  const refused = await api<{ code: string; detail: string }>(stack, "alice", "POST", `${board(over)}/topics`, { title: "One board too many" });
  expect(refused.status).toBe(409);
  expect(refused.body.code).toBe("limit");
  expect(refused.body.detail).toContain(`${MAX_BOARDS_PER_TENANT_PER_DAY} new boards today`);
  expect(await rowsOf(keys.board({ tenantId: LOCAL_TENANT, chatId: over }))).toBe(0);
});
