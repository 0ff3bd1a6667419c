import { ulid } from "ulid";
import { refuse, type Member, type MeetingRole, type Timer } from "../domain";
import type { BoardMeta, BoardStore } from "../store/boards";
import type { BoardRef } from "../store/keys";
import { WriteConflict, type Stored } from "../store/table";
import { seededId } from "./request-seed";

/** Who is calling, as established from a validated token; never from a request body. */
export interface Caller {
  tenantId: string;
  userId: string;
  name: string;
  /**
   * The bot acting on its own (meeting events, reminders), in this role: it is on no roster; it
   * reads as an attendee and acts as the organizer only where the meeting itself decides (its start).
   */
  system?: MeetingRole;
}

/**
 * The meeting's people, per board: who may see and change it, by what name, in which role. Kept
 * in roster rows (the same store code in Teams and locally); in Teams a person not yet known is
 * looked up once. `name` is the caller's own name, used only where a host adds people itself
 * (locally, the first person to open a new chat).
 */
export interface Roster {
  /** The member, or null when this person is not in the board's meeting. */
  member(board: BoardRef, userId: string, name?: string): Promise<Member | null>;
  members(board: BoardRef): Promise<Member[]>;
  /** Forget this instance's copy of a board's roster, after a change written here (the bot hearing Teams' member events). */
  forget?(board: BoardRef): void;
}

export interface Services {
  store: BoardStore;
  roster: Roster;
  now: () => number;
  /**
   * Told once per change, after the session's head moved (see `inBoard`): the place to push
   * "look again" to listening panels instead of waiting for their next poll.
   */
  onChanged?: (board: BoardRef, sessionId: string, marker: string) => void;
  /**
   * Told when a change may cause a reminder (see `inBoard`), before the operation answers: the
   * bot files the reminders this cause brings into their due-time buckets.
   */
  remindersChanged?: (board: BoardRef, cause: ReminderCause) => Promise<void>;
}

/** What changed that reminders hang on: the timebox, the actions, the needs, or the board (cadence, sessions). */
export type ReminderCause = { kind: "timer"; sessionId: string; timer: Timer } | { kind: "actions" } | { kind: "needs" } | { kind: "board" };

export interface OpenBoard {
  ref: BoardRef;
  meta: Stored<BoardMeta>;
  sessionId: string;
}

/** A fresh id; inside a write retried by Idempotency-Key, the same id on every try (see request-seed). */
export function newId(now: number): string {
  return seededId() ?? ulid(now);
}

/**
 * Re-runs a read-decide-write step when its ETag-guarded write lost to a concurrent one, so a
 * user's change is re-applied on top of the other instead of overwriting it.
 */
export async function retryStale<T>(step: () => Promise<T>, attempts = 8): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await step();
    } catch (err) {
      if (!(err instanceof WriteConflict && err.reason === "stale") || i >= attempts) throw err;
      await new Promise((r) => setTimeout(r, Math.random() * 20 * i));
    }
  }
}

/** Turns a lost conditional write into the domain's "conflict" refusal, for writes that must not be retried blindly. */
export async function orConflict<T>(write: () => Promise<T>, message: string): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (err instanceof WriteConflict) refuse("conflict", message);
    throw err;
  }
}
