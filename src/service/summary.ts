import { refuse, summarize, type SessionSummary } from "../domain";
import type { Caller, Services } from "./context";
import { READ, inBoard, type InBoard } from "./board-step";

/** The action-item summary of a session (the current one unless another is named). */
export function sessionSummary(svc: Services, caller: Caller, chatId: string, sessionId?: string): Promise<SessionSummary> {
  return inBoard(svc, caller, chatId, READ, (board) => summaryOf(svc, board, sessionId));
}

async function summaryOf(svc: Services, board: InBoard, sessionId?: string): Promise<SessionSummary> {
  const id = sessionId ?? board.sessionId;
  const [rows, session, all] = await Promise.all([
    svc.store.readSession(board.ref, id),
    svc.store.getSession(board.ref, id),
    svc.store.readBoard(board.ref),
  ]);
  if (!session || !all) refuse("not_found", "There is no such session on this board.", "sessionId");
  return summarize(board.ref.chatId, session.value, rows.topics.map((t) => t.value), all.actions.map((a) => a.value), all.teams, all.meta.value.settings.timeZone, svc.now(), {
    updates: rows.updates,
    needs: all.needs.map((n) => n.value),
    attendance: rows.attendance,
    dailyStarts: all.sessions.filter((s) => s.kind === "daily").map((s) => s.startedAt ?? s.createdAt),
  });
}
