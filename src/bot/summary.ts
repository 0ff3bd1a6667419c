import { markSummarySent } from "../domain";
import { sessionSummary } from "../service/summary";
import type { BoardRef } from "../store/keys";
import { WriteConflict } from "../store/table";
import { ownerActionsCard, summaryCard } from "./report-cards";
import { systemCaller, type BotDeps } from "./deps";

/** The summary after a session: to the chat, and each owner's open actions to them, exactly once. */

/**
 * Sends a session's summary exactly once, whoever asks (meetingEnd, a re-delivered meetingEnd,
 * the sweep): the session row's `summarySentAt` is set with its ETag first, and only the writer
 * that won sends. A send that fails for a passing reason gives the mark back for the next sweep.
 */
export async function sendSummaryOnce(deps: BotDeps, board: BoardRef, sessionId: string, now: number): Promise<"sent" | "already" | "missing"> {
  const sessions = deps.services.store;
  for (let attempt = 0; ; attempt++) {
    const stored = await sessions.getSession(board, sessionId);
    if (!stored) return "missing";
    if (stored.value.summarySentAt !== null) return "already";
    try {
      await sessions.replaceSession(board, markSummarySent(stored.value, now), stored.etag);
      break;
    } catch (err) {
      if (!(err instanceof WriteConflict) || attempt >= 8) throw err;
    }
  }
  try {
    const summary = await sessionSummary(deps.services, systemCaller(board.tenantId), board.chatId, sessionId);
    const url = deps.boardUrl(board.chatId);
    const posted = await deps.messenger.postToBoard(board, { card: summaryCard(summary, url) });
    if (posted === null) return "sent";
    const byOwner = new Map<string, typeof summary.actions>();
    for (const a of summary.actions) {
      if (!a.ownerUserId || a.status === "done") continue;
      byOwner.set(a.ownerUserId, [...(byOwner.get(a.ownerUserId) ?? []), a]);
    }
    for (const [owner, actions] of byOwner) {
      try {
        await deps.messenger.postToUser(board, owner, { card: ownerActionsCard(summary.date, actions, url) });
      } catch (err) {
        deps.log("bot: personal summary not delivered", err);
      }
    }
    return "sent";
  } catch (err) {
    // Nothing reached the chat: give the mark back so the sweep tries again.
    for (let attempt = 0; attempt < 8; attempt++) {
      const stored = await sessions.getSession(board, sessionId);
      if (!stored || stored.value.summarySentAt === null) break;
      try {
        await sessions.replaceSession(board, { ...stored.value, summarySentAt: null }, stored.etag);
        break;
      } catch (e) {
        if (!(e instanceof WriteConflict)) break;
      }
    }
    throw err;
  }
}
