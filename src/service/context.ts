import { ulid } from "ulid";
import { refuse, type MeetingRole } from "../domain";
import type { BoardMeta, BoardStore } from "../store/boards";
import type { BoardRef } from "../store/keys";
import { WriteConflict, type Stored } from "../store/table";
import { seededId } from "./request-seed";

/** Who is calling, as established from a validated token; never from a request body. */
export interface Caller {
  tenantId: string;
  userId: string;
  name: string;
}

/** Where meeting roles come from: Teams' participant API in production, a local list in development. */
export interface RoleSource {
  roleOf(board: BoardRef, userId: string): Promise<MeetingRole>;
}

export interface Services {
  store: BoardStore;
  roles: RoleSource;
  now: () => number;
  /**
   * Told once per change, after the session's head moved (see `inBoard`): the place to push
   * "look again" to listening panels instead of waiting for their next poll.
   */
  onChanged?: (board: BoardRef, sessionId: string) => void;
}

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
