import { DomainError } from "../domain";
import { expectedMeetingEnd, sessionKindAt, SUMMARY_GRACE_MINUTES } from "../domain/reminders";
import { meetingEndFromTeams } from "../service/agenda";
import { endMeeting, startNextSession } from "../service/facilitation";
import type { BoardRef } from "../store/keys";
import { agendaCard } from "./report-cards";
import { systemCaller, systemView, type BotDeps } from "./deps";
import { sendSummaryOnce } from "./summary";

/**
 * Meeting events: at meetingStart the next session opens when the last one is over, the agenda
 * goes to the chat and the summary is booked; at meetingEnd the timebox stops and the summary goes
 * out (once).
 */

/**
 * A recurring meeting shares one chat, so one board: when a meeting starts and the current session
 * is over (closed, or its summary went out), the next session starts, taking over the queue.
 */
async function openSessionFor(deps: BotDeps, board: BoardRef, now: number): Promise<void> {
  const meta = await deps.services.store.getMeta(board);
  if (!meta) return;
  const current = await deps.services.store.getSession(board, meta.value.currentSessionId);
  if (!current || (current.value.phase !== "closed" && current.value.summarySentAt === null)) return;
  // The bot acts for the meeting here, as its organizer would in the side panel.
  try {
    await startNextSession(deps.services, systemCaller(board.tenantId, "organizer"), board.chatId, sessionKindAt(meta.value.settings, now));
  } catch (err) {
    // Started at the same moment by a re-delivered event or a facilitator: theirs stands.
    if (!(err instanceof DomainError && err.code === "conflict")) throw err;
  }
}

/**
 * At meetingStart: the session learns the meeting's scheduled end (for the queue's cut line), the
 * agenda goes to the chat, and the summary is booked in case meetingEnd never comes.
 */
export async function meetingStarted(deps: BotDeps, board: BoardRef, now: number, scheduledEnd: number | null = null): Promise<void> {
  await openSessionFor(deps, board, now);
  if (scheduledEnd !== null && scheduledEnd > now) await meetingEndFromTeams(deps.services, systemCaller(board.tenantId), board.chatId, scheduledEnd);
  const view = await systemView(deps, board);
  await deps.messenger.postToBoard(board, { card: agendaCard(view, deps.boardUrl(board.chatId)) });
  await deps.store.schedule({
    id: `summary|${board.tenantId}|${board.chatId}|${view.session.id}`,
    kind: "summary",
    tenantId: board.tenantId,
    chatId: board.chatId,
    dueAt: expectedMeetingEnd(view.settings, now) + SUMMARY_GRACE_MINUTES * 60_000,
    data: { sessionId: view.session.id },
  });
}

export async function meetingEnded(deps: BotDeps, board: BoardRef, now: number): Promise<"sent" | "already" | "missing"> {
  const meta = await deps.services.store.getMeta(board);
  if (!meta) return "missing";
  return meetingOver(deps, board, meta.value.currentSessionId, now);
}

/**
 * The meeting is over (its meetingEnd, or the sweep's fallback when none came): the timebox stops
 * and the running topic is settled first — so no time's-up prompt follows (the sweep sends one only
 * while that very timebox still runs) and the summary lists the topic where it belongs — then the
 * summary goes out, once.
 */
export async function meetingOver(deps: BotDeps, board: BoardRef, sessionId: string, now: number): Promise<"sent" | "already" | "missing"> {
  for (let attempt = 0; ; attempt++) {
    try {
      await endMeeting(deps.services, systemCaller(board.tenantId), board.chatId, sessionId);
      break;
    } catch (err) {
      // A facilitator moved the timer at the same moment: look again.
      if (!(err instanceof DomainError && err.code === "conflict") || attempt >= 3) throw err;
    }
  }
  return sendSummaryOnce(deps, board, sessionId, now);
}
