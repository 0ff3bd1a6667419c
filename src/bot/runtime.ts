import type { HttpRequest, HttpResponseInit } from "@azure/functions";
import type { ApiDeps } from "../functions/http";
import { sweep, type SweepReport } from "../reminders/sweep";
import { retryStale } from "../service/context";
import { BotStore } from "../store/bot";
import type { BoardRef } from "../store/keys";
import type { Rows } from "../store/table";
import type { BotDeps } from "./logic";
import { Outbox } from "./outbox";
import { createAdapter, createTeamsBot, TeamsMessenger, type BotCredentials } from "./teams";

/**
 * One bot per host: built from the API's dependencies and the bot's credentials, attached to the
 * dependencies so the route table's `/api/messages` entry finds it. The Functions entry, the local
 * host and the tests all build it the same way.
 */
export interface BotRuntimeOptions {
  deps: ApiDeps;
  rows: Rows;
  credentials: BotCredentials;
  /** Where people open the board (the tab's origin); links are left out without it. */
  publicUrl: string | null;
  outbox?: Outbox;
  log?: (message: string, err?: unknown) => void;
}

export interface BotRuntime {
  process(request: HttpRequest): Promise<HttpResponseInit>;
  /** Files and sends due reminders as of `now`. Safe to run concurrently. */
  sweep(now: number): Promise<SweepReport>;
  store: BotStore;
  messenger: TeamsMessenger;
  logic: BotDeps;
}

export function createBotRuntime(options: BotRuntimeOptions): BotRuntime {
  const { deps } = options;
  const log = options.log ?? deps.log ?? ((message: string, err?: unknown) => console.error(message, err));
  const store = new BotStore(options.rows);
  const outbox = options.outbox ?? new Outbox();
  const adapter = createAdapter(options.credentials);
  const boardUrl = (chatId: string) => (options.publicUrl ? `${options.publicUrl.replace(/\/+$/, "")}/?chat=${encodeURIComponent(chatId)}` : null);
  const now = () => deps.services.now();

  /** Teams said the bot is gone (403 or a removal event): mark the board, stop sending there. */
  const onRemoved = async (board: BoardRef) => {
    const at = now();
    await store.markRemoved(board, at);
    await retryStale(async () => {
      const meta = await deps.services.store.getMeta(board);
      if (!meta || meta.value.botRemovedAt !== null) return;
      await deps.services.store.replaceMeta(board, { ...meta.value, botRemovedAt: at }, meta.etag);
    }).catch((err: unknown) => log("bot: board not marked as removed", err));
  };

  /** The bot is back in the chat: the board is no longer marked. */
  const onBack = async (board: BoardRef) => {
    await retryStale(async () => {
      const meta = await deps.services.store.getMeta(board);
      if (!meta || meta.value.botRemovedAt === null) return;
      await deps.services.store.replaceMeta(board, { ...meta.value, botRemovedAt: null }, meta.etag);
    }).catch((err: unknown) => log("bot: board not unmarked", err));
  };

  const messenger = new TeamsMessenger(adapter, options.credentials.appId, store, outbox, onRemoved, boardUrl);
  const logic: BotDeps = { services: deps.services, store, messenger, boardUrl, log };
  const bot = createTeamsBot({ adapter, deps: logic, outbox, now, onRemoved, onBack });
  return {
    process: (request) => bot.process(request),
    sweep: (at) => sweep(logic, at),
    store,
    messenger,
    logic,
  };
}

const attached = new WeakMap<ApiDeps, BotRuntime>();

export function attachBot(deps: ApiDeps, runtime: BotRuntime): void {
  attached.set(deps, runtime);
}

export function botFor(deps: ApiDeps): BotRuntime | undefined {
  return attached.get(deps);
}
