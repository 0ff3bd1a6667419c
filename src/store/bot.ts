import { hourBucket } from "../domain/reminders";
import { keys, odata, partitionFilter, type BoardRef } from "./keys";
import { type Rows, WriteConflict, type Stored } from "./table";

/**
 * The bot's rows: where to reach each board's chat (its conversation reference), which activities
 * were handled already, the people the bot can write to personally, and the reminder rows the
 * sweep claims and sends. SDK-free: references are plain JSON the bot's edge maps to botbuilder.
 */

export interface ConversationRef {
  serviceUrl: string;
  channelId: string;
  conversationId: string;
  conversationType: string | null;
  tenantId: string;
  botId: string;
  botName: string;
  meetingId: string | null;
}

export interface ConversationRow {
  ref: ConversationRef;
  updatedAt: number;
  /** Set when Teams answered 403 or told us the bot left: nothing more is sent until it is back. */
  removedAt: number | null;
  /** Teams ids (29:…) of people recently active in the chat, newest first: the card's user-specific view list. */
  recentUsers: string[];
  /** Their Entra object ids, same order: recipients of in-meeting notifications. */
  recentAad: string[];
}

export interface BotUser {
  aadObjectId: string;
  teamsId: string;
  name: string;
  serviceUrl: string;
  /** The bot's own Teams id in that tenant, for starting a personal chat. */
  botId: string;
  personalConversationId: string | null;
  updatedAt: number;
  /**
   * Set when the personal chat could not be reached nor created again (the person has not opened a
   * chat with the bot): the meeting chat was told once. Cleared when a personal message gets through.
   */
  personalUnreachableAt?: number | null;
}

/** `needRaised` / `needAnswered` announce a need (raised or answered from the side panel or the chat) in the meeting chat, once. */
export type ReminderKind = "topicCall" | "timeUp" | "actionDue" | "summary" | "needRaised" | "needAnswered";
export type ReminderState = "pending" | "claimed" | "sent" | "skipped" | "failed";

export interface Reminder {
  id: string;
  kind: ReminderKind;
  tenantId: string;
  chatId: string;
  dueAt: number;
  data: Record<string, string | number>;
  state: ReminderState;
  attempts: number;
  claimedAt: number | null;
  doneAt: number | null;
  note: string;
  /** The chat message the reminder posted, when it is one the bot updates later (a need's card). */
  postedId?: string | null;
}

export interface ActivityRecord {
  at: number;
  /** The invoke response given the first time, replayed to a re-delivery. */
  response: unknown;
  /**
   * "pending" while its delivery is handled, until `leaseUntil`; then "done". A pending claim
   * whose lease ran out belongs to a delivery that died: a re-delivery takes it over and finishes
   * it. Rows from before leases have no state and count as done.
   */
  state?: "pending" | "done";
  leaseUntil?: number;
}

/** How long an activity's claim is its delivery's before a re-delivery may take it over (longer than any turn takes). */
export const ACTIVITY_LEASE_MS = 60_000;

/** How long a claim holds before another sweep may take the reminder over (the claimer crashed). */
export const CLAIM_TIMEOUT_MS = 10 * 60_000;
export const MAX_ATTEMPTS = 3;
const RECENT_USERS = 60;

function sameRef(a: ConversationRef, b: ConversationRef): boolean {
  return (Object.keys(a) as (keyof ConversationRef)[]).every((k) => a[k] === b[k]);
}

export class BotStore {
  constructor(readonly rows: Rows) {}

  getConversation(board: BoardRef): Promise<Stored<ConversationRow> | null> {
    return this.rows.get<ConversationRow>(keys.board(board), keys.conversation);
  }

  /**
   * Refreshes the board's conversation reference from an incoming activity (written only when
   * something changed) and lists the board for the sweep the first time it is seen.
   */
  async noteActivity(board: BoardRef, ref: ConversationRef, user: { teamsId: string; aadObjectId: string } | null, now: number): Promise<{ row: ConversationRow; cameBack: boolean }> {
    const pk = keys.board(board);
    for (let attempt = 0; attempt < 5; attempt++) {
      const stored = await this.rows.get<ConversationRow>(pk, keys.conversation);
      const before = stored?.value;
      const recentUsers = before?.recentUsers ?? [];
      const recentAad = before?.recentAad ?? [];
      const next: ConversationRow = {
        ref: { ...ref, meetingId: ref.meetingId ?? before?.ref.meetingId ?? null },
        updatedAt: now,
        removedAt: null,
        recentUsers: user ? [user.teamsId, ...recentUsers.filter((u) => u !== user.teamsId)].slice(0, RECENT_USERS) : recentUsers,
        recentAad: user ? [user.aadObjectId, ...recentAad.filter((u) => u !== user.aadObjectId)].slice(0, RECENT_USERS) : recentAad,
      };
      const unchanged =
        before &&
        sameRef(before.ref, next.ref) &&
        before.removedAt === null &&
        before.recentUsers[0] === next.recentUsers[0] &&
        before.recentAad[0] === next.recentAad[0] &&
        now - before.updatedAt < 24 * 3600_000;
      if (unchanged) return { row: before, cameBack: false };
      try {
        if (stored) await this.rows.replace(pk, keys.conversation, next, stored.etag);
        else {
          await this.rows.insert(pk, keys.conversation, next);
          await this.rows.upsert(keys.botBoards, keys.botBoardRow(board), { tenantId: board.tenantId, chatId: board.chatId });
        }
        return { row: next, cameBack: (before?.removedAt ?? null) !== null };
      } catch (err) {
        if (!(err instanceof WriteConflict)) throw err;
      }
    }
    return { row: (await this.getConversation(board))?.value ?? { ref, updatedAt: now, removedAt: null, recentUsers: [], recentAad: [] }, cameBack: false };
  }

  /** Marks the bot as removed from the board's chat; returns false when it was already marked. */
  async markRemoved(board: BoardRef, now: number): Promise<boolean> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const stored = await this.getConversation(board);
      if (!stored || stored.value.removedAt !== null) return false;
      try {
        await this.rows.replace(keys.board(board), keys.conversation, { ...stored.value, removedAt: now }, stored.etag);
        return true;
      } catch (err) {
        if (!(err instanceof WriteConflict)) throw err;
      }
    }
    return false;
  }

  /** Whether a one-off job of this deployment has finished (on any instance). */
  async migrationDone(name: string): Promise<boolean> {
    return (await this.rows.get(keys.migrations, keys.migrationRow(name))) !== null;
  }
  async markMigrationDone(name: string, now: number): Promise<void> {
    await this.rows.upsert(keys.migrations, keys.migrationRow(name), { doneAt: now });
  }

  async listBoards(): Promise<BoardRef[]> {
    return (await this.rows.query<BoardRef>(partitionFilter(keys.botBoards))).map((r) => ({ tenantId: r.value.tenantId, chatId: r.value.chatId }));
  }

  // Activities: one row per activity id, inserted first, so a re-delivery acts once.

  /** Null when this activity is new (and now claimed); the first delivery's record otherwise. */
  async claimActivity(board: BoardRef, activityId: string, now: number, leaseMs = ACTIVITY_LEASE_MS): Promise<ActivityRecord | null> {
    try {
      await this.rows.insert<ActivityRecord>(keys.activities(board), keys.activityRow(activityId), { at: now, response: null, state: "pending", leaseUntil: now + leaseMs });
      return null;
    } catch (err) {
      if (!(err instanceof WriteConflict && err.reason === "exists")) throw err;
      return (await this.rows.get<ActivityRecord>(keys.activities(board), keys.activityRow(activityId)))?.value ?? { at: now, response: null };
    }
  }

  /**
   * Takes over a claim whose delivery died (still pending, lease run out), with its ETag so only
   * one re-delivery wins. The claim's record (its first `at`) when taken; null otherwise.
   */
  async takeOverActivity(board: BoardRef, activityId: string, now: number, leaseMs = ACTIVITY_LEASE_MS): Promise<ActivityRecord | null> {
    const stored = await this.rows.get<ActivityRecord>(keys.activities(board), keys.activityRow(activityId));
    if (!stored || stored.value.state !== "pending" || (stored.value.leaseUntil ?? 0) > now) return null;
    const taken: ActivityRecord = { ...stored.value, leaseUntil: now + leaseMs };
    try {
      await this.rows.replace(keys.activities(board), keys.activityRow(activityId), taken, stored.etag);
      return taken;
    } catch (err) {
      if (err instanceof WriteConflict) return null;
      throw err;
    }
  }

  /** Marks an activity handled (with the invoke response to replay, if any). */
  async saveActivityResponse(board: BoardRef, activityId: string, record: ActivityRecord): Promise<void> {
    await this.rows.upsert(keys.activities(board), keys.activityRow(activityId), { ...record, state: "done" });
  }

  /**
   * Forgets activities handled before `cutoff` (Teams re-delivers within seconds, so a day is ample).
   * Uses the rows' own Timestamp, so it needs no index.
   */
  async forgetActivitiesBefore(board: BoardRef, cutoff: number): Promise<number> {
    const pk = keys.activities(board);
    const old = await this.rows.query<ActivityRecord>(`PartitionKey eq ${odata(pk)} and Timestamp lt datetime'${new Date(cutoff).toISOString()}'`);
    for (const row of old) await this.rows.remove(pk, row.rowKey);
    return old.length;
  }

  /** Forgets a claimed activity whose handling failed before doing anything, so Teams' retry runs. */
  async releaseActivity(board: BoardRef, activityId: string): Promise<void> {
    await this.rows.remove(keys.activities(board), keys.activityRow(activityId));
  }

  // People.

  async getUser(tenantId: string, aadObjectId: string): Promise<Stored<BotUser> | null> {
    return this.rows.get<BotUser>(keys.botUsers(tenantId), keys.botUserRow(aadObjectId));
  }

  /** Remembers a person's Teams id; written only when it is new or changed. */
  async noteUser(tenantId: string, user: Omit<BotUser, "personalConversationId" | "updatedAt">, now: number): Promise<void> {
    const stored = await this.getUser(tenantId, user.aadObjectId);
    if (stored && stored.value.teamsId === user.teamsId && stored.value.name === user.name && stored.value.serviceUrl === user.serviceUrl && stored.value.botId === user.botId) return;
    await this.rows.upsert<BotUser>(keys.botUsers(tenantId), keys.botUserRow(user.aadObjectId), {
      ...user,
      personalConversationId: stored?.value.personalConversationId ?? null,
      updatedAt: now,
    });
  }

  async savePersonalConversation(tenantId: string, aadObjectId: string, conversationId: string, now: number): Promise<void> {
    const stored = await this.getUser(tenantId, aadObjectId);
    if (!stored) return;
    await this.rows.upsert<BotUser>(keys.botUsers(tenantId), keys.botUserRow(aadObjectId), { ...stored.value, personalConversationId: conversationId, personalUnreachableAt: null, updatedAt: now });
  }

  /** Marks a person's personal chat as unreachable; true only for the one caller that set the mark (so the chat is told once). */
  async markPersonalUnreachable(tenantId: string, aadObjectId: string, now: number): Promise<boolean> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const stored = await this.getUser(tenantId, aadObjectId);
      if (!stored || (stored.value.personalUnreachableAt ?? null) !== null) return false;
      try {
        await this.rows.replace(keys.botUsers(tenantId), keys.botUserRow(aadObjectId), { ...stored.value, personalUnreachableAt: now }, stored.etag);
        return true;
      } catch (err) {
        if (!(err instanceof WriteConflict)) throw err;
      }
    }
    return false;
  }

  // Reminders, filed by due hour.

  /** Files a reminder; false when the same reminder (same id, same due time) is filed already. */
  async schedule(reminder: Omit<Reminder, "state" | "attempts" | "claimedAt" | "doneAt" | "note">): Promise<boolean> {
    try {
      await this.rows.insert<Reminder>(keys.reminders(hourBucket(reminder.dueAt)), keys.reminderRow(reminder.dueAt, reminder.id), {
        ...reminder,
        state: "pending",
        attempts: 0,
        claimedAt: null,
        doneAt: null,
        note: "",
      });
      return true;
    } catch (err) {
      if (err instanceof WriteConflict && err.reason === "exists") return false;
      throw err;
    }
  }

  /** Reminders due by `now` and filed since `from` that are not done: pending, or claimed by a sweep that died. */
  async due(from: number, now: number): Promise<Stored<Reminder>[]> {
    const filter = [
      `PartitionKey ge ${odata(keys.reminders(hourBucket(from)))}`,
      `PartitionKey le ${odata(keys.reminders(hourBucket(now)))}`,
      `RowKey lt ${odata(String(now + 1).padStart(15, "0"))}`,
    ].join(" and ");
    const rows = await this.rows.query<Reminder>(filter);
    return rows
      .filter((r) => r.value.state === "pending" || (r.value.state === "claimed" && (r.value.claimedAt ?? 0) + CLAIM_TIMEOUT_MS <= now))
      .map(({ value, etag }) => ({ value, etag }))
      .sort((a, b) => a.value.dueAt - b.value.dueAt);
  }

  /** Takes a reminder for this sweep with its ETag; null when another sweep took it first. */
  async claim(reminder: Stored<Reminder>, now: number): Promise<Stored<Reminder> | null> {
    const value: Reminder = { ...reminder.value, state: "claimed", claimedAt: now, attempts: reminder.value.attempts + 1 };
    try {
      const etag = await this.rows.replace(keys.reminders(hourBucket(value.dueAt)), keys.reminderRow(value.dueAt, value.id), value, reminder.etag);
      return { value, etag };
    } catch (err) {
      if (err instanceof WriteConflict) return null;
      throw err;
    }
  }

  /** A reminder filed for this due time and id, or null. */
  getReminder(dueAt: number, id: string): Promise<Stored<Reminder> | null> {
    return this.rows.get<Reminder>(keys.reminders(hourBucket(dueAt)), keys.reminderRow(dueAt, id));
  }

  async finish(reminder: Stored<Reminder>, state: Exclude<ReminderState, "claimed">, now: number, note = "", postedId: string | null = null): Promise<void> {
    const value: Reminder = {
      ...reminder.value,
      state,
      doneAt: state === "pending" ? null : now,
      claimedAt: state === "pending" ? null : reminder.value.claimedAt,
      note,
      ...(postedId ? { postedId } : {}),
    };
    try {
      await this.rows.replace(keys.reminders(hourBucket(value.dueAt)), keys.reminderRow(value.dueAt, value.id), value, reminder.etag);
    } catch (err) {
      // Only a sweep that took over a timed-out claim could have changed it; that sweep decides now.
      if (!(err instanceof WriteConflict)) throw err;
    }
  }

  /** All reminders filed for due times in [from, to], whatever their state: for tests and diagnostics. */
  async list(from: number, to: number): Promise<Reminder[]> {
    const filter = `PartitionKey ge ${odata(keys.reminders(hourBucket(from)))} and PartitionKey le ${odata(keys.reminders(hourBucket(to)))}`;
    return (await this.rows.query<Reminder>(filter)).map((r) => r.value);
  }
}
