import fc from "fast-check";
import { DomainError, countedVotes, resolveTopic } from "../../src/domain";
import { BoardStore } from "../../src/store/boards";
import { ensureTable, Rows, tableClient } from "../../src/store/table";
import type { TableClient } from "@azure/data-tables";
import type { Caller, Services } from "../../src/service/context";
import { addTopic, mergeTopic } from "../../src/service/topics";
import { castVote, withdrawVote } from "../../src/service/votes";
import { updateSettings } from "../../src/service/teams";
import { readState } from "../../src/service/state";
import { azuriteConnectionString, uniqueTable } from "../support/stack";
import { everyoneIn } from "../support/roster";

/**
 * Every storage call waits for fast-check's scheduler, which releases them in an order it picks:
 * commands interleave at every round trip, the way concurrent requests do on a real server.
 */
class ScheduledRows extends Rows {
  scheduler: fc.Scheduler | null = null;
  constructor(client: TableClient) {
    super(client);
  }
  private async turn(label: string): Promise<void> {
    if (this.scheduler) await this.scheduler.schedule(Promise.resolve(), label);
  }
  override async get<T>(pk: string, rk: string) {
    await this.turn(`get ${rk}`);
    return super.get<T>(pk, rk);
  }
  override async insert<T>(pk: string, rk: string, value: T) {
    await this.turn(`insert ${rk}`);
    return super.insert(pk, rk, value);
  }
  override async replace<T>(pk: string, rk: string, value: T, etag: string) {
    await this.turn(`replace ${rk}`);
    return super.replace(pk, rk, value, etag);
  }
  override async upsert<T>(pk: string, rk: string, value: T) {
    await this.turn(`upsert ${rk}`);
    return super.upsert(pk, rk, value);
  }
  override async remove(pk: string, rk: string, etag?: string) {
    await this.turn(`remove ${rk}`);
    return super.remove(pk, rk, etag);
  }
  override async query<T>(filter: string) {
    await this.turn("query");
    return super.query<T>(filter);
  }
}

const TENANT = "t-concurrency";
const people: Caller[] = ["ann", "ben", "cat"].map((id) => ({ tenantId: TENANT, userId: id, name: id }));
const organizer: Caller = { tenantId: TENANT, userId: "olga", name: "Olga" };

let rows: ScheduledRows;
let services: Services;
beforeAll(async () => {
  const table = { connectionString: azuriteConnectionString(), tableName: uniqueTable("sched") };
  await ensureTable(table);
  rows = new ScheduledRows(tableClient(table));
  services = { store: new BoardStore(rows), roster: everyoneIn((id) => (id === "olga" ? "organizer" : "attendee")), now: Date.now };
});

type Command =
  | { kind: "cast"; who: number; topic: number }
  | { kind: "withdraw"; who: number; topic: number }
  | { kind: "merge"; from: number; into: number }
  | { kind: "limit"; votes: number };

const command: fc.Arbitrary<Command> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant("cast" as const), who: fc.nat(2), topic: fc.nat(2) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("withdraw" as const), who: fc.nat(2), topic: fc.nat(2) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("merge" as const), from: fc.nat(2), into: fc.nat(2) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("limit" as const), votes: fc.integer({ min: 1, max: 4 }) }) },
);

let run = 0;

test("votes, withdrawals, merges and limit changes in any interleaving keep 0 ≤ dots ≤ limit and the tally equal to the stored rows", async () => {
  await fc.assert(
    fc.asyncProperty(fc.scheduler(), fc.array(command, { minLength: 4, maxLength: 14 }), async (s, commands) => {
      const chat = `sched-${++run}`;
      rows.scheduler = null;
      const topics: string[] = [];
      for (const n of [0, 1, 2]) topics.push((await addTopic(services, organizer, chat, { title: `Topic ${n}` })).id);
      rows.scheduler = s;
      const placed = [0, 0, 0];
      const running = commands.map(async (c) => {
        try {
          if (c.kind === "cast") {
            await castVote(services, people[c.who]!, chat, topics[c.topic]!);
            placed[c.who]!++;
          } else if (c.kind === "withdraw") {
            await withdrawVote(services, people[c.who]!, chat, topics[c.topic]!);
            placed[c.who]!--;
          }
          else if (c.kind === "merge") await mergeTopic(services, organizer, chat, topics[c.from]!, topics[c.into]!);
          else await updateSettings(services, organizer, chat, { votesPerPerson: c.votes });
        } catch (err) {
          // Refusals (limit reached, merged away, conflicts) are answers; anything else is a bug.
          if (!(err instanceof DomainError)) throw err;
        }
      });
      // Retries back off on timers the scheduler does not own: keep releasing until every command ended.
      let settled = false;
      const all = Promise.all(running).finally(() => (settled = true));
      while (!settled) {
        await s.waitAll();
        await new Promise((r) => setTimeout(r, 25));
      }
      await all;
      rows.scheduler = null;

      const board = { tenantId: TENANT, chatId: chat };
      const meta = await services.store.getMeta(board);
      const limit = meta!.value.settings.votesPerPerson;
      const sessionId = meta!.value.currentSessionId;
      const stored = await services.store.listVotes(board, sessionId);
      const storedTopics = new Map((await services.store.listTopics(board, sessionId)).map((t) => [t.value.id, t.value]));
      const counted = countedVotes(stored, limit).filter((v) => resolveTopic(storedTopics, v.topicId)?.state !== "dropped");
      for (const [i, p] of people.entries()) {
        // Nothing lost, nothing doubled: the rows are exactly the casts that succeeded minus the withdrawals.
        expect(stored.filter((v) => v.voter === p.userId)).toHaveLength(placed[i]!);
        const mine = counted.filter((v) => v.voter === p.userId);
        expect(mine.length).toBeLessThanOrEqual(limit);
        const view = await readState(services, p, chat);
        if (!view.changed) throw new Error("expected a full state");
        expect(view.view.me.dotsLeft).toBe(limit - mine.length);
        expect(view.view.me.dotsLeft).toBeGreaterThanOrEqual(0);
        expect(view.view.topics.reduce((sum, t) => sum + (t.dots ?? 0), 0)).toBe(counted.length);
      }
      // No slot was ever handed out twice.
      expect(new Set(stored.map((v) => `${v.voter}/${v.slot}`)).size).toBe(stored.length);
    }),
    { numRuns: 12 },
  );
}, 120_000);
