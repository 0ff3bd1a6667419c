import type { MeetingRole, Timer } from "../domain";
import { openBoard, requireFacilitator, type Caller, type OpenBoard, type Services } from "./context";

/**
 * The one way a service operation touches a board: open it, let the caller in, run the step,
 * and — for a change — move the session's head once at the end, so panels polling with an ETag
 * see it. A forgotten head bump cannot happen, and reads never bump.
 */

/** How an operation opens its board: a read only looks; a change may create the board on first use. */
export type Open = "read" | "change";

/** Who may run an operation: anyone in the meeting, or only its organizer and presenters. */
export type Access = "anyone" | "facilitator";

export interface Mode {
  open: Open;
  access?: Access;
}

export const READ: Mode = { open: "read" };
export const CHANGE: Mode = { open: "change" };
/** Facilitator-only changes. The HTTP route table flags the same operations; a test keeps the two equal. */
export const FACILITATE: Mode = { open: "change", access: "facilitator" };

export interface InBoard extends OpenBoard {
  /** The caller's meeting role, when the step needs it (looked up once, on first ask). */
  role(): Promise<MeetingRole>;
  /** The change started, stopped or moved the timebox: the head carries it so unchanged polls know when it runs out. */
  timerIs(timer: Timer): void;
  /** The change also concerns another session (a new one started): its head moves too, before the board's. */
  alsoChanged(sessionId: string): void;
}

async function admit(svc: Services, board: OpenBoard, caller: Caller, access: Access): Promise<MeetingRole | null> {
  // Issue 12's roster check (outsiders get 404, nothing written) belongs here, before any step runs.
  if (access === "facilitator") return requireFacilitator(svc, board.ref, caller);
  return null;
}

export async function inBoard<T>(svc: Services, caller: Caller, chatId: string, mode: Mode, step: (board: InBoard) => Promise<T>): Promise<T> {
  // Both kinds open with `ensureBoard` today; a read that must not create a board branches here.
  const opened = await openBoard(svc, caller, chatId);
  let role: Promise<MeetingRole> | null = null;
  const known = await admit(svc, opened, caller, mode.access ?? "anyone");
  if (known) role = Promise.resolve(known);
  let timer: Timer | undefined;
  const others: string[] = [];
  const board: InBoard = {
    ...opened,
    role: () => (role ??= svc.roles.roleOf(opened.ref, caller.userId)),
    timerIs: (t) => void (timer = t),
    alsoChanged: (sessionId) => void others.push(sessionId),
  };
  const result = await step(board);
  if (mode.open === "change") {
    for (const sessionId of others) await svc.store.bumpHead(opened.ref, sessionId);
    await svc.store.bumpHead(opened.ref, opened.sessionId, timer);
    svc.onChanged?.(opened.ref, opened.sessionId);
  }
  return result;
}
