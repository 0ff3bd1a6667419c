import { DEFAULT_SETTINGS, isFacilitator, newSession, refuse, type Member, type MeetingRole, type Timer } from "../domain";
import type { Caller, OpenBoard, Services } from "./context";

/**
 * The one way a service operation touches a board: open it, let the caller in, run the step,
 * and — for a change — move the session's head once at the end, so panels polling with an ETag
 * see it. A forgotten head bump cannot happen, and reads never bump.
 */

/** How an operation opens its board: a read only looks (a board nobody created reads as empty, and is not created); a change may create it. */
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
  /** The change turned out to change nothing (presence already recorded): the head does not move. */
  nothingChanged(): void;
  /** Whether the board exists in storage (a read of a board nobody created sees an empty one). */
  exists: boolean;
  /** The step moved the session's head itself (to `marker`), in one transaction with its write: no separate bump. */
  headMoved(marker: string): void;
  /** The meta came from this instance's copy, not from a read: the step must validate it. */
  fromCache: boolean;
}

/** The session id a board nobody created reads as (a valid id that no real session ever has). */
export const NO_SESSION = "00000000000000000000000000";

async function open(svc: Services, caller: Caller, chatId: string, how: Open, cached: boolean): Promise<OpenBoard & { exists: boolean }> {
  const ref = { tenantId: caller.tenantId, chatId };
  if (how === "read") {
    // A read never creates the board: one nobody created reads as an empty board, written nowhere.
    const known = await svc.store.knownBoard(ref, cached);
    if (known) return { ref, meta: known, sessionId: known.value.currentSessionId, exists: true };
    const session = newSession(NO_SESSION, "weekly", 0);
    const meta = { tenantId: ref.tenantId, chatId, settings: DEFAULT_SETTINGS, currentSessionId: session.id, createdAt: 0, botRemovedAt: null };
    return { ref, meta: { value: meta, etag: "" }, sessionId: session.id, exists: false };
  }
  const meta = cached ? await svc.store.cachedBoard(ref, svc.now()) : await svc.store.ensureBoard(ref, svc.now());
  return { ref, meta, sessionId: meta.value.currentSessionId, exists: true };
}

/** Not on the roster: the same answer as a board that does not exist, so an outsider learns nothing. */
export function notHere(): never {
  return refuse("not_found", "There is no scrum of scrums here that you are part of. Ask the meeting's organizer to add you to the meeting.");
}

/**
 * Lets a caller in: they must be on the board's roster (outsiders get "not found", before
 * anything is read or written). The bot acting on its own is on no roster and only reads.
 */
export async function admitMember(svc: Services, caller: Caller, chatId: string): Promise<Member> {
  if (caller.system) return { id: caller.userId, name: caller.name, role: caller.system };
  const member = await svc.roster.member({ tenantId: caller.tenantId, chatId }, caller.userId, caller.name);
  return member ?? notHere();
}

function admit(member: Member, access: Access): void {
  if (access === "facilitator" && !isFacilitator(member.role)) refuse("forbidden", "Only the meeting's organizer or a presenter can do this.");
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
  const member = await admitMember(svc, caller, chatId);
  admit(member, mode.access ?? "anyone");
  const { exists, ...opened } = await open(svc, caller, chatId, mode.open, cached);
  let timer: Timer | undefined;
  let moved: string | null = null;
  let unchanged = false;
  const others: string[] = [];
  const board: InBoard = {
    ...opened,
    role: () => Promise.resolve(member.role),
    nothingChanged: () => void (unchanged = true),
    exists,
    timerIs: (t) => void (timer = t),
    alsoChanged: (sessionId) => void others.push(sessionId),
    headMoved: (marker) => void (moved = marker),
    fromCache: cached,
  };
  const result = await step(board);
  if (mode.open === "change" && !unchanged) {
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
