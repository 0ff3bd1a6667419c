import { ulid } from "ulid";
import { refuse, isFacilitator, type MeetingRole } from "../domain";
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
}

export interface OpenBoard {
  ref: BoardRef;
  meta: Stored<BoardMeta>;
  sessionId: string;
}

export async function openBoard(svc: Services, caller: Caller, chatId: string): Promise<OpenBoard> {
  const ref = { tenantId: caller.tenantId, chatId };
  const meta = await svc.store.ensureBoard(ref, svc.now());
  return { ref, meta, sessionId: meta.value.currentSessionId };
}

export async function requireFacilitator(svc: Services, board: BoardRef, caller: Caller): Promise<MeetingRole> {
  const role = await svc.roles.roleOf(board, caller.userId);
  if (!isFacilitator(role)) refuse("forbidden", "Only the meeting's organizer or a presenter can do this.");
  return role;
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
