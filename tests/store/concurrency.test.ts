import { BoardStore } from "../../src/store/boards";
import { ensureTable, Rows, tableClient } from "../../src/store/table";
import { castVote } from "../../src/service/votes";
import { addTopic } from "../../src/service/topics";
import { discussNext, pauseTimer } from "../../src/service/facilitation";
import { readState } from "../../src/service/state";
import type { Caller, Services } from "../../src/service/context";
import { DomainError } from "../../src/domain";
import { azuriteConnectionString, uniqueTable } from "../support/stack";
import { everyoneIn } from "../support/roster";

const TENANT = "7d3c1f7e-0000-4000-8000-00000000aaaa";
const person = (i: number): Caller => ({ tenantId: TENANT, userId: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`, name: `Person ${i}` });
const organizer = person(999);

let services: Services;
let rows: Rows;

beforeAll(async () => {
  const table = { connectionString: azuriteConnectionString(), tableName: uniqueTable("store") };
  await ensureTable(table);
  rows = new Rows(tableClient(table));
  services = {
    store: new BoardStore(rows),
    roster: everyoneIn((userId) => (userId === organizer.userId ? "organizer" : "attendee")),
    now: Date.now,
  };
});

async function outcome<T>(p: Promise<T>): Promise<"ok" | string> {
  try {
    await p;
    return "ok";
  } catch (err) {
    if (err instanceof DomainError) return err.code;
    throw err;
  }
}

test("100 concurrent casts by 20 people with 3 dots each leave exactly 3 dots per person, none lost", async () => {
  const chat = "chat-concurrent-votes";
  const topics = await Promise.all([1, 2, 3].map((n) => addTopic(services, organizer, chat, { title: `Topic ${n}` })));
  const attempts = Array.from({ length: 100 }, (_, i) => ({ who: person(i % 20), topic: topics[i % 3]!.id }));
  const results = await Promise.all(attempts.map((a) => outcome(castVote(services, a.who, chat, a.topic))));
  // Each person tried 5 times with a limit of 3: exactly 3 succeed, 2 are refused for the limit.
  expect(results.filter((r) => r === "ok")).toHaveLength(60);
  expect(results.filter((r) => r === "vote_limit")).toHaveLength(40);
  const board = { tenantId: TENANT, chatId: chat };
  const meta = await services.store.getMeta(board);
  const stored = await services.store.listVotes(board, meta!.value.currentSessionId);
  for (let i = 0; i < 20; i++) expect(stored.filter((v) => v.voter === person(i).userId)).toHaveLength(3);
  // The tally every panel sees equals the stored dots.
  const state = await readState(services, person(0), chat);
  if (!state.changed) throw new Error("expected a full state");
  expect(state.view.topics.reduce((sum, t) => sum + (t.dots ?? 0), 0)).toBe(60);
  expect(state.view.me.dotsLeft).toBe(0);
});

test("two facilitators changing the timer at the same moment: one wins, the other is refused", async () => {
  const chat = "chat-timer-race";
  await addTopic(services, organizer, chat, { title: "Race" });
  await discussNext(services, organizer, chat);
  const results = await Promise.all([outcome(pauseTimer(services, organizer, chat)), outcome(pauseTimer(services, organizer, chat))]);
  // Truly at once, the loser's write is stale (conflict); a moment later on a busy machine, it reads the timer already paused (wrong_state).
  expect(results.filter((r) => r === "ok")).toHaveLength(1);
  expect(results.filter((r) => r !== "ok")).toEqual([expect.stringMatching(/^(conflict|wrong_state)$/)]);
  const timer = await services.store.getTimer({ tenantId: TENANT, chatId: chat }, (await services.store.getMeta({ tenantId: TENANT, chatId: chat }))!.value.currentSessionId);
  expect(timer?.value.status).toBe("paused");
});

test("two facilitators pressing 'discuss next' at once start one timebox", async () => {
  const chat = "chat-next-race";
  await addTopic(services, organizer, chat, { title: "First" });
  await addTopic(services, organizer, chat, { title: "Second" });
  const results = await Promise.all([outcome(discussNext(services, organizer, chat)), outcome(discussNext(services, organizer, chat))]);
  expect(results.sort()).toEqual(["conflict", "ok"]);
  const state = await readState(services, organizer, chat);
  if (!state.changed) throw new Error("expected a full state");
  expect(state.view.topics.filter((t) => t.state === "discussing")).toHaveLength(1);
  expect(state.view.topics.filter((t) => t.state === "discussed")).toHaveLength(0);
});
