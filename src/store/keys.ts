import { createHash } from "node:crypto";

/**
 * The one place that builds PartitionKeys and RowKeys. Table keys forbid `/ \ # ?` and control
 * characters and are limited to 1 KiB; user-controlled text (tenant, chat and user ids, idempotency
 * keys) is escaped here so it can never produce an illegal key or collide with another key.
 */

const SAFE = /^[A-Za-z0-9._@-]$/;
const MAX_PART = 180;

/** Injective escaping: safe characters stay, everything else becomes `~` + UTF-8 hex bytes. */
export function encodePart(text: string): string {
  let out = "";
  for (const ch of text) {
    if (SAFE.test(ch)) out += ch;
    else for (const byte of Buffer.from(ch, "utf8")) out += "~" + byte.toString(16).padStart(2, "0");
  }
  // Long parts are hashed: escaping can triple a string, and keys must stay well under 1 KiB.
  if (out.length > MAX_PART) return "~h" + createHash("sha256").update(text, "utf8").digest("hex");
  return out;
}

export function decodePart(encoded: string): string {
  if (encoded.startsWith("~h")) throw new Error("A hashed key part cannot be decoded; read the original from the entity.");
  const bytes: number[] = [];
  for (let i = 0; i < encoded.length; i++) {
    if (encoded[i] === "~") {
      bytes.push(parseInt(encoded.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(encoded.charCodeAt(i));
  }
  return Buffer.from(bytes).toString("utf8");
}

export interface BoardRef {
  tenantId: string;
  chatId: string;
}

const board = (b: BoardRef) => `${encodePart(b.tenantId)}:${encodePart(b.chatId)}`;

/** Slots sort as numbers in key order when padded. */
const slotKey = (slot: number) => String(slot).padStart(3, "0");

export const keys = {
  board: (b: BoardRef) => `b:${board(b)}`,
  session: (b: BoardRef, sessionId: string) => `s:${board(b)}:${encodePart(sessionId)}`,
  idempotency: (b: BoardRef) => `i:${board(b)}`,
  activities: (b: BoardRef) => `a:${board(b)}`,
  reminders: (hourBucket: string) => `r:${hourBucket}`,
  /** The boards the bot is in (one row each), for the reminder sweep. */
  botBoards: "bots",
  /** A board's roster (the meeting's people), its own partition so reading it never reads the board. */
  roster: (b: BoardRef) => `m:${board(b)}`,
  /** How many boards a tenant created on one day (UTC "YYYY-MM-DD"): the daily limit's counter. */
  tenantDay: (tenantId: string, day: string) => `d:${encodePart(tenantId)}:${day}`,
  /** People the bot has seen in a tenant: their Teams ids, for personal messages. */
  botUsers: (tenantId: string) => `u:${encodePart(tenantId)}`,

  meta: "meta",
  /** The board's topic-number counter: its own row, so claiming a number never races a settings or session change on the meta row. */
  topicCounter: "topicno",
  conversation: "conversation",
  team: (slot: number) => `team:${slotKey(slot)}`,
  teamPrefix: "team:",
  action: (id: string) => `action:${encodePart(id)}`,
  actionPrefix: "action:",
  sessionRow: (id: string) => `session:${encodePart(id)}`,
  sessionPrefix: "session:",

  head: "head",
  timer: "timer",
  topic: (id: string) => `topic:${encodePart(id)}`,
  topicPrefix: "topic:",
  vote: (voter: string, slot: number) => `vote:${encodePart(voter)}:${slotKey(slot)}`,
  votesOf: (voter: string) => `vote:${encodePart(voter)}:`,
  votePrefix: "vote:",
  ballot: (topicId: string, round: number, voterId: string) => `roman:${encodePart(topicId)}:${round}:${encodePart(voterId)}`,
  ballotPrefix: "roman:",
  daily: (teamId: string) => `daily:${encodePart(teamId)}`,
  dailyPrefix: "daily:",
  turn: "turn",
  attendance: (teamId: string) => `attend:${encodePart(teamId)}`,
  attendancePrefix: "attend:",
  presence: (userId: string) => `present:${encodePart(userId)}`,
  presencePrefix: "present:",
  need: (id: string) => `need:${encodePart(id)}`,
  needPrefix: "need:",

  idempotencyRow: (userId: string, key: string) => `${encodePart(userId)}:${encodePart(key)}`,
  activityRow: (activityId: string) => encodePart(activityId),
  reminderRow: (dueAt: number, id: string) => `${String(dueAt).padStart(15, "0")}:${encodePart(id)}`,
  botBoardRow: (b: BoardRef) => board(b),
  botUserRow: (userId: string) => encodePart(userId),
  rosterRow: (userId: string) => encodePart(userId),
  counterRow: "count",
};

/** An OData filter for all RowKeys that start with `prefix` (prefix ranges are how Table queries scan). */
export function prefixFilter(partitionKey: string, prefix: string): string {
  const end = prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
  return `PartitionKey eq ${odata(partitionKey)} and RowKey ge ${odata(prefix)} and RowKey lt ${odata(end)}`;
}

/** Rows of one partition that are any of `rowKeys` or start with any of `prefixes`: several reads in one query. */
export function anyOfFilter(partitionKey: string, rowKeys: string[], prefixes: string[]): string {
  const ranges = prefixes.map((p) => `(RowKey ge ${odata(p)} and RowKey lt ${odata(p.slice(0, -1) + String.fromCharCode(p.charCodeAt(p.length - 1) + 1))})`);
  const exact = rowKeys.map((k) => `RowKey eq ${odata(k)}`);
  return `PartitionKey eq ${odata(partitionKey)} and (${[...exact, ...ranges].join(" or ")})`;
}

export function partitionFilter(partitionKey: string): string {
  return `PartitionKey eq ${odata(partitionKey)}`;
}

/** Quotes a string literal for OData: a single quote is doubled, so no text can change the query. */
export function odata(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
