import { BoardStore } from "../../src/store/boards";
import { ensureTable, Rows, tableClient } from "../../src/store/table";
import { addTopic } from "../../src/service/topics";
import { readState } from "../../src/service/state";
import { updateSettings } from "../../src/service/teams";
import type { Services } from "../../src/service/context";
import type { Vote } from "../../src/domain";
import { azuriteConnectionString, uniqueTable } from "../support/stack";
import { everyoneIn } from "../support/roster";

test("a session with 2,500 dots tallies right across continuation pages", async () => {
  const table = { connectionString: azuriteConnectionString(), tableName: uniqueTable("paging") };
  await ensureTable(table);
  const rows = new Rows(tableClient(table));
  const organizer = { tenantId: "t", userId: "organizer", name: "Olga" };
  const services: Services = { store: new BoardStore(rows), roster: everyoneIn(() => "organizer"), now: Date.now };
  const chat = "big-board";
  await updateSettings(services, organizer, chat, { votesPerPerson: 5 });
  const topics = await Promise.all([0, 1, 2, 3].map((n) => addTopic(services, organizer, chat, { title: `Topic ${n}` })));
  const meta = await services.store.getMeta({ tenantId: "t", chatId: chat });
  // 500 voters × 5 dots, written in transactions; topic n gets every dot whose slot ≡ n (mod 4), slot 4 → topic 0.
  const votes: Vote[] = [];
  for (let voter = 0; voter < 500; voter++) {
    for (let slot = 0; slot < 5; slot++) votes.push({ voter: `voter-${voter}`, slot, topicId: topics[slot % 4]!.id, castBy: `voter-${voter}` });
  }
  await services.store.seedSession({ tenantId: "t", chatId: chat }, meta!.value.currentSessionId, [], votes);
  const before = rows.metrics.operations;
  const state = await readState(services, organizer, chat);
  if (!state.changed) throw new Error("expected a full state");
  const dots = Object.fromEntries(state.view.topics.map((t) => [t.title, t.dots]));
  expect(dots).toEqual({ "Topic 0": 1000, "Topic 1": 500, "Topic 2": 500, "Topic 3": 500 });
  // One query of the board partition, and every page of the session partition (1,000 rows per page: three).
  expect(rows.metrics.operations - before).toBeGreaterThanOrEqual(4);
});
