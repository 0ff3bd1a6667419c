import { isFacilitator, refuse, type MeetingRole, type Timer } from "../domain";
import type { Caller, OpenBoard, Services } from "./context";

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

async function open(svc: Services, caller: Caller, chatId: string, _how: Open): Promise<OpenBoard> {
  // Both kinds create the board on first use today; a read that must not create one branches here on `_how`.
  const ref = { tenantId: caller.tenantId, chatId };
  const meta = await svc.store.ensureBoard(ref, svc.now());
  return { ref, meta, sessionId: meta.value.currentSessionId };
}

async function admit(svc: Services, board: OpenBoard, caller: Caller, access: Access): Promise<MeetingRole | null> {
  // Issue 12's roster check (outsiders get 404, nothing written) belongs here, before any step runs.
  if (access === "anyone") return null;
  const role = await svc.roles.roleOf(board.ref, caller.userId);
  if (!isFacilitator(role)) refuse("forbidden", "Only the meeting's organizer or a presenter can do this.");
  return role;
}

export async function inBoard<T>(svc: Services, caller: Caller, chatId: string, mode: Mode, step: (board: InBoard) => Promise<T>): Promise<T> {
  const opened = await open(svc, caller, chatId, mode.open);
  const known = await admit(svc, opened, caller, mode.access ?? "anyone");
  let role: Promise<MeetingRole> | null = known ? Promise.resolve(known) : null;
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
