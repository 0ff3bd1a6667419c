import * as domain from "../domain";
import type { Session } from "../domain";
import { retryStale, type Caller, type Services } from "./context";
import { CHANGE, FACILITATE, inBoard, type InBoard } from "./board-step";

/**
 * The meeting's end on the current session, for the agenda forecast: Teams reports the scheduled
 * end when the meeting starts, and a facilitator may set or correct it from the panel.
 */

/** Rewrites the current session with `change`, on a fresh read each time a concurrent write got there first. */
async function changeSession(svc: Services, board: InBoard, change: (session: Session) => Session | null): Promise<Session> {
  return retryStale(async () => {
    const stored = await svc.store.getSession(board.ref, board.sessionId);
    if (!stored) throw new Error("current session row is missing");
    const next = change(stored.value);
    if (!next) return stored.value;
    await svc.store.replaceSession(board.ref, next, stored.etag);
    return next;
  });
}

/** A facilitator sets the meeting's end (epoch ms), or clears it with null. */
export function setMeetingEnd(svc: Services, caller: Caller, chatId: string, endsAt: number | null): Promise<Session> {
  return inBoard(svc, caller, chatId, FACILITATE, (board) => changeSession(svc, board, (s) => domain.setMeetingEnd(s, endsAt, svc.now())));
}

/** The scheduled end Teams reports for the meeting (the bot, at meetingStart); a facilitator's correction stands. */
export function meetingEndFromTeams(svc: Services, caller: Caller, chatId: string, endsAt: number): Promise<Session> {
  return inBoard(svc, caller, chatId, CHANGE, (board) => changeSession(svc, board, (s) => domain.meetingEndFromTeams(s, endsAt)));
}

/** Inside a timer step that granted an extension: the session counts its minutes for the forecast. */
export async function countExtension(svc: Services, board: InBoard, minutes: number): Promise<void> {
  await changeSession(svc, board, (s) => domain.countExtension(s, minutes));
}
