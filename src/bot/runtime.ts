import type { HttpRequest, HttpResponseInit } from "@azure/functions";
import { retryStale, type Services } from "../service/context";
import { BotStore } from "../store/bot";
import type { BoardRef } from "../store/keys";
import { RosterStore } from "../store/roster";
import type { Rows } from "../store/table";
import { createAdapter, type BotCredentials } from "./adapter";
import type { BotDeps } from "./deps";
import { createTeamsBot } from "./endpoint";
import { Outbox } from "./outbox";
import { TeamsMessenger } from "./teams-messenger";

/**
 * Builds one bot from storage and the bot's credentials, in two steps: its connection to Teams
 * (store, outbox, messenger) needs no services, so a host can hand the messenger to the meeting
 * roles before the services exist; the bot's jobs then run on those services. The composition
 * (functions/compose) and the tests build it the same way.
 */

export interface BotConnectionOptions {
  rows: Rows;
  /** The boards, to mark one the bot was removed from (and unmark it when it is back). */
  boards: Pick<Services["store"], "getMeta" | "replaceMeta">;
  credentials: BotCredentials;
  /** Where people open the board (the tab's origin); links are left out without it. */
  publicUrl: string | null;
  outbox?: Outbox;
  /** Tenants the bot serves (lower-cased), as the API's token check allows; absent locally, where any tenant is the developer's. */
  allowedTenants?: string[];
  now: () => number;
  log: (message: string, err?: unknown) => void;
}

/** The bot's way to Teams, before it runs any job. */
export interface BotConnection extends BotConnectionOptions {
  store: BotStore;
  outbox: Outbox;
  messenger: TeamsMessenger;
  adapter: ReturnType<typeof createAdapter>;
  boardUrl(chatId: string): string | null;
  onRemoved(board: BoardRef): Promise<void>;
  onBack(board: BoardRef): Promise<void>;
}

export function connectBot(options: BotConnectionOptions): BotConnection {
  const { boards, log, now } = options;
  const store = new BotStore(options.rows);
  const outbox = options.outbox ?? new Outbox();
  const adapter = createAdapter(options.credentials);
  const boardUrl = (chatId: string) => (options.publicUrl ? `${options.publicUrl.replace(/\/+$/, "")}/?chat=${encodeURIComponent(chatId)}` : null);

  /** Teams said the bot is gone (403 or a removal event): mark the board, stop sending there. */
  const onRemoved = async (board: BoardRef) => {
    const at = now();
    await store.markRemoved(board, at);
    await retryStale(async () => {
      const meta = await boards.getMeta(board);
      if (!meta || meta.value.botRemovedAt !== null) return;
      await boards.replaceMeta(board, { ...meta.value, botRemovedAt: at }, meta.etag);
    }).catch((err: unknown) => log("bot: board not marked as removed", err));
  };

  /** The bot is back in the chat: the board is no longer marked. */
  const onBack = async (board: BoardRef) => {
    await retryStale(async () => {
      const meta = await boards.getMeta(board);
      if (!meta || meta.value.botRemovedAt === null) return;
      await boards.replaceMeta(board, { ...meta.value, botRemovedAt: null }, meta.etag);
    }).catch((err: unknown) => log("bot: board not unmarked", err));
  };

  const messenger = new TeamsMessenger(adapter, options.credentials.appId, store, outbox, onRemoved, boardUrl, new RosterStore(options.rows));
  return { ...options, store, outbox, adapter, messenger, boardUrl, onRemoved, onBack };
}

export interface BotRuntime {
  process(request: HttpRequest): Promise<HttpResponseInit>;
  store: BotStore;
  messenger: TeamsMessenger;
  /** What the bot's jobs (and the reminder sweep) run on. */
  logic: BotDeps;
}

/** The bot's jobs on the services, behind its HTTP endpoint. */
export function startBot(connection: BotConnection, services: Services): BotRuntime {
  const { adapter, store, messenger, outbox, boardUrl, log, now, onRemoved, onBack, allowedTenants } = connection;
  const logic: BotDeps = { services, store, messenger, boardUrl, log };
  const bot = createTeamsBot({ adapter, deps: logic, outbox, now, onRemoved, onBack, chatMembers: (board) => messenger.chatMembers(board), meetingRole: (board, userId) => messenger.meetingRole(board, userId), ...(allowedTenants ? { allowedTenants } : {}) });
  return { process: (request) => bot.process(request), store, messenger, logic };
}

export interface BotRuntimeOptions {
  deps: { services: Services; log?: (message: string, err?: unknown) => void };
  rows: Rows;
  credentials: BotCredentials;
  publicUrl: string | null;
  outbox?: Outbox;
  allowedTenants?: string[];
  log?: (message: string, err?: unknown) => void;
}

/** Both steps at once, for services that exist already (a second bot over a host's storage in tests). */
export function createBotRuntime(options: BotRuntimeOptions): BotRuntime {
  const { deps } = options;
  const log = options.log ?? deps.log ?? ((message: string, err?: unknown) => console.error(message, err));
  const connection = connectBot({
    rows: options.rows,
    boards: deps.services.store,
    credentials: options.credentials,
    publicUrl: options.publicUrl,
    ...(options.outbox ? { outbox: options.outbox } : {}),
    ...(options.allowedTenants ? { allowedTenants: options.allowedTenants } : {}),
    now: () => deps.services.now(),
    log,
  });
  return startBot(connection, deps.services);
}
