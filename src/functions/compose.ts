import type { Verifier } from "../auth/tokens";
import type { BotCredentials } from "../bot/adapter";
import type { Outbox } from "../bot/outbox";
import { connectBot, startBot, type BotRuntime } from "../bot/runtime";
import { fileReminders } from "../reminders/file";
import { backfillReminders } from "../reminders/backfill";
import { sweep, type SweepReport } from "../reminders/sweep";
import { ChangeFeed } from "../service/changes";
import type { Services } from "../service/context";
import { storedRoster, type StoredRoster, type StoredRosterOptions } from "../service/roster";
import { RosterStore } from "../store/roster";
import { BoardStore } from "../store/boards";
import { tableIdempotency } from "../store/idempotency";
import { ensureTable, Rows, StorageGate, tableClient, type GateOptions, type TableConfig } from "../store/table";
import type { ApiDeps } from "./http";
import { tokenBucket, type RateLimiter } from "./limits";
import type { ParticipantLookup } from "./roles";

export interface Composition {
  table: TableConfig;
  verify: Verifier;
  /**
   * How the roster learns of a person not yet on it: in Teams, from Teams' conversation member and
   * meeting participant APIs as the bot reaches them; locally, the first opener of an empty chat.
   */
  roster: (participants: ParticipantLookup) => Pick<StoredRosterOptions, "lookup" | "firstOpenerOrganizes">;
  bot: {
    credentials: BotCredentials;
    /** Where people open the board (the tab's origin); links are left out without it. */
    publicUrl: string | null;
    /** The bot's outbox (limits and retries); tests pass one with their own clock. */
    outbox?: Outbox;
    /** Tenants the bot serves, the same as the API's; absent in local development. */
    allowedTenants?: string[];
  };
  now?: () => number;
  limiter?: RateLimiter;
  log?: (message: string, err?: unknown) => void;
  /** Per-try timeout of each storage call. */
  storageTimeoutMs?: number;
  /** How long an Idempotency-Key's claim is its writer's before a retry takes it over. */
  idempotencyLeaseMs?: number;
  /** Load shedding: how many requests may use storage at once, and how long one waits for a place. */
  gate?: GateOptions;
}

/** The bot as a host runs it: its endpoint, its stores and messenger, and the reminder sweep. */
export interface ComposedBot extends BotRuntime {
  /** Files and sends due reminders as of `now`. Safe to run concurrently. */
  sweep(now: number): Promise<SweepReport>;
}

export interface Composed extends ApiDeps {
  rows: Rows;
  roster: StoredRoster;
  rosterStore: RosterStore;
  changes: ChangeFeed;
  bot: ComposedBot;
}

/**
 * Wires the store, the bot, the services and the HTTP dependencies; the Functions entry and the
 * local host both call this. The bot's connection comes first, so the meeting roles can ask
 * Teams through its messenger; the route table then finds the bot in the dependencies.
 */
export async function compose(c: Composition): Promise<Composed> {
  await ensureTable(c.table);
  const rows = new Rows(tableClient(c.table), c.storageTimeoutMs);
  const now = c.now ?? Date.now;
  const boards = new BoardStore(rows);
  const log = c.log ?? ((message: string, err?: unknown) => console.error(message, err));
  const connection = connectBot({ rows, boards, ...c.bot, now: () => now(), log });
  // One change feed per instance; a write made here tells its listeners at once.
  const changes = new ChangeFeed(boards, { now: () => now(), log });
  const rosterStore = new RosterStore(rows);
  const roster = storedRoster(rosterStore, { ...c.roster(connection.messenger), now: () => now(), log });
  const services: Services = { store: boards, roster, now, onChanged: (ref, sessionId, marker) => changes.notify(ref, sessionId, marker) };
  const runtime = startBot(connection, services);
  let backfillChecked = false;
  // Reminders are filed as their causes are written, so the sweep reads only due buckets.
  services.remindersChanged = async (ref, cause) => {
    await fileReminders(runtime.logic, ref, cause, now()).catch((err: unknown) => log("reminders not filed", err));
  };
  return {
    rows,
    roster,
    rosterStore,
    services,
    verify: c.verify,
    limiter: c.limiter ?? tokenBucket(60, 20),
    gate: new StorageGate(c.gate),
    idempotency: tableIdempotency(rows, { clock: () => now(), ...(c.idempotencyLeaseMs ? { leaseMs: c.idempotencyLeaseMs } : {}) }),
    changes,
    ...(c.log ? { log: c.log } : {}),
    bot: {
      ...runtime,
      sweep: async (at) => {
        // Once per instance it asks whether the one-off reminder backfill has run (one read), and runs it if not.
        if (!backfillChecked) {
          const report = await backfillReminders(runtime.logic, at).catch((err: unknown) => (log("reminders backfill failed; the next sweep tries again", err), undefined));
          backfillChecked = report !== undefined && (report === null || report.failed === 0);
        }
        return sweep(runtime.logic, at);
      },
    },
  };
}
