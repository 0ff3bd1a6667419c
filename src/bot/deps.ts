import { DomainError, type MeetingRole, type SessionView } from "../domain";
import type { Caller, Services } from "../service/context";
import { readState } from "../service/state";
import type { BotStore, ConversationRow } from "../store/bot";
import type { BoardRef } from "../store/keys";
import { StorageUnavailable } from "../store/table";
import type { Messenger } from "./messenger";
import { inert } from "./inert-text";

/**
 * What every job of the bot shares, without any bot SDK: its dependencies, the turn a person's
 * message or click arrives as, and how it reads the board and explains a failure. Every change
 * goes through the same service functions as the side panel's API.
 */
export interface BotDeps {
  services: Services;
  store: BotStore;
  messenger: Messenger;
  boardUrl(chatId: string): string | null;
  log(message: string, err?: unknown): void;
}

/** A person mentioned in a message, resolved at the edge. */
export interface Mention {
  name: string;
  aadObjectId: string | null;
}

/** One person's message or card click, as the bot's jobs see it (not a daily's turn of a team). */
export interface ChatTurn {
  caller: Caller;
  board: BoardRef;
  conversation: ConversationRow;
  mentions: Mention[];
  /** For a card action: the message holding the card. */
  replyToId?: string | null;
}

/** The bot acting on its own (meeting events, reminders): it reads, it never facilitates. */
export function systemCaller(tenantId: string, role: MeetingRole = "attendee"): Caller {
  return { tenantId, userId: "scrum-of-scrums-bot", name: "Scrum of Scrums", system: role };
}

/** What a person reads when something went wrong: a sentence, never a stack trace. */
export function explain(err: unknown, deps: Pick<BotDeps, "log">): string {
  // The domain's refusals quote what people typed ("Release [x](…)" is discussed already).
  if (err instanceof DomainError) return inert(err.message);
  if (err instanceof StorageUnavailable) return "Storage is not answering right now; nothing was changed. Try again in a few seconds.";
  deps.log("bot: unexpected error", err);
  return "Something went wrong on our side; nothing was changed. Try again.";
}

/** The board as `caller` sees it now. */
export async function viewFor(deps: BotDeps, caller: Caller, chatId: string): Promise<SessionView> {
  const read = await readState(deps.services, caller, chatId);
  if (!read.changed) throw new Error("a read without If-None-Match always has a view");
  return read.view;
}

/** The board as the bot sees it (no dots of its own, no facilitation). */
export async function systemView(deps: BotDeps, board: BoardRef): Promise<SessionView> {
  return viewFor(deps, systemCaller(board.tenantId), board.chatId);
}
