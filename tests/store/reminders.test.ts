import { BotStore } from "../../src/store/bot";
import { ensureTable, Rows, tableClient } from "../../src/store/table";
import { azuriteConnectionString, uniqueTable } from "../support/stack";

let store: BotStore;
beforeAll(async () => {
  const table = { connectionString: azuriteConnectionString(), tableName: uniqueTable("rem") };
  await ensureTable(table);
  store = new BotStore(new Rows(tableClient(table)));
});

const T = Date.UTC(2026, 10, 26, 9, 0, 0);

test("ten sweeps that all saw the same due reminder: exactly one claims it, and none sees it due afterwards", async () => {
  const reminder = { id: "timeUp:s1:t1:0", kind: "timeUp" as const, tenantId: "t", chatId: "c", dueAt: T, data: { topicId: "t1" } };
  expect(await store.schedule(reminder)).toBe(true);
  // Filing the same reminder again does nothing.
  expect(await store.schedule(reminder)).toBe(false);
  const views = await Promise.all(Array.from({ length: 10 }, () => store.due(T - 60_000, T + 1000)));
  for (const v of views) expect(v.map((r) => r.value.id)).toEqual(["timeUp:s1:t1:0"]);
  const claims = await Promise.all(views.map((v) => store.claim(v[0]!, T + 1000)));
  expect(claims.filter((c) => c !== null)).toHaveLength(1);
  const winner = claims.find((c) => c !== null)!;
  await store.finish(winner, "sent", T + 2000);
  expect(await store.due(T - 60_000, T + 3000)).toEqual([]);
});
