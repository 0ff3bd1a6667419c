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
  /**
   * The step may start from this instance's copy of the board's meta row (no read) because it
   * checks that copy against what it reads anyway, and throws `StaleBoard` when it moved.
   */
  cached?: true;
  /** The change may cause reminders of this kind (action due dates, need announcements): they are filed before it answers. */
  reminds?: "actions" | "needs";
}

/** A step found the cached board stale: `inBoard` runs it once more on a freshly read board. */
export class StaleBoard extends Error {
  constructor() {
    super("the board changed under this instance's copy");
    this.name = "StaleBoard";
  }
}

export const READ: Mode = { open: "read" };
export const CHANGE: Mode = { open: "change" };
/** Facilitator-only changes. The HTTP route table flags the same operations; a test keeps the two equal. */
export const FACILITATE: Mode = { open: "change", access: "facilitator" };
/** The frequent steps that validate the cached board themselves (votes, the full read). */
export const CHANGE_CACHED: Mode = { open: "change", cached: true };
export const READ_CACHED: Mode = { open: "read", cached: true };
/** Changes to actions and needs: their reminders are filed as they are written. */
export const CHANGE_ACTIONS: Mode = { open: "change", reminds: "actions" };
export const CHANGE_NEEDS: Mode = { open: "change", reminds: "needs" };

export interface InBoard extends OpenBoard {
  /** The caller's meeting role, when the step needs it (looked up once, on first ask). */
  role(): Promise<MeetingRole>;
  /** The change started, stopped or moved the timebox: the head carries it so unchanged polls know when it runs out. */
  timerIs(timer: Timer): void;
  /** The change also concerns another session (a new one started): its head moves too, before the board's. */
  alsoChanged(sessionId: string): void;
  /** The step moved the session's head itself (to `marker`), in one transaction with its write: no separate bump. */
  headMoved(marker: string): void;
  /** The meta came from this instance's copy, not from a read: the step must validate it. */
  fromCache: boolean;
}

async function open(svc: Services, caller: Caller, chatId: string, _how: Open, cached: boolean): Promise<OpenBoard> {
  // Both kinds create the board on first use today; a read that must not create one branches here on `_how`.
  const ref = { tenantId: caller.tenantId, chatId };
  const meta = cached ? await svc.store.cachedBoard(ref, svc.now()) : await svc.store.ensureBoard(ref, svc.now());
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
  try {
    return await inBoardOnce(svc, caller, chatId, mode, step, mode.cached === true);
  } catch (err) {
    if (!(err instanceof StaleBoard)) throw err;
    svc.store.forgetBoard({ tenantId: caller.tenantId, chatId });
    return inBoardOnce(svc, caller, chatId, mode, step, false);
  }
}

async function inBoardOnce<T>(svc: Services, caller: Caller, chatId: string, mode: Mode, step: (board: InBoard) => Promise<T>, cached: boolean): Promise<T> {
  const opened = await open(svc, caller, chatId, mode.open, cached);
  const known = await admit(svc, opened, caller, mode.access ?? "anyone");
  let role: Promise<MeetingRole> | null = known ? Promise.resolve(known) : null;
  let timer: Timer | undefined;
  let moved: string | null = null;
  const others: string[] = [];
  const board: InBoard = {
    ...opened,
    role: () => (role ??= svc.roles.roleOf(opened.ref, caller.userId)),
    timerIs: (t) => void (timer = t),
    alsoChanged: (sessionId) => void others.push(sessionId),
    headMoved: (marker) => void (moved = marker),
    fromCache: cached,
  };
  const result = await step(board);
  if (mode.open === "change") {
    for (const sessionId of others) await svc.store.bumpHead(opened.ref, sessionId);
    const marker = moved ?? (await svc.store.bumpHead(opened.ref, opened.sessionId, timer));
    await fileReminders(svc, opened, mode, timer, others.length > 0 || svc.store.wroteMeta(opened.ref));
    svc.store.settle(opened.ref);
    svc.onChanged?.(opened.ref, opened.sessionId, marker);
  }
  return result;
}

/** Reminders hang on the timebox, actions, needs, and the board's meta (cadence, sessions): each cause files its own. */
async function fileReminders(svc: Services, opened: OpenBoard, mode: Mode, timer: Timer | undefined, boardChanged: boolean): Promise<void> {
  const told = svc.remindersChanged;
  if (!told) return;
  if (timer) await told(opened.ref, { kind: "timer", sessionId: opened.sessionId, timer });
  if (mode.reminds) await told(opened.ref, { kind: mode.reminds });
  if (boardChanged) await told(opened.ref, { kind: "board" });
}
