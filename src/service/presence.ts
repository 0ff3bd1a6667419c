import { teamOf } from "../domain";
import type { Caller, Services } from "./context";
import { CHANGE, admitMember, inBoard } from "./board-step";

/**
 * A member opened the panel (or Teams said they joined): they are present in the current session,
 * and when they speak for a team, that team's attendance names them (unless someone checked in for
 * it already), so the summary's "who attended" fills itself. Idempotent and cheap: once recorded,
 * a repeat costs two point reads and writes nothing; a board nobody created is not created by it.
 */
export async function markPresent(svc: Services, caller: Caller, chatId: string): Promise<void> {
  const member = await admitMember(svc, caller, chatId);
  const ref = { tenantId: caller.tenantId, chatId };
  if (!(await svc.store.knownBoard(ref, true))) return;
  await inBoard(svc, caller, chatId, CHANGE, async (board) => {
    if (await svc.store.isPresent(board.ref, board.sessionId, member.id)) return board.nothingChanged();
    const now = svc.now();
    await svc.store.recordPresence(board.ref, board.sessionId, member.id, now);
    const team = teamOf((await svc.store.listTeams(board.ref)).map((t) => t.value), member.id);
    if (team && !(await svc.store.getAttendance(board.ref, board.sessionId, team.id))) {
      await svc.store.recordAttendance(board.ref, board.sessionId, { teamId: team.id, person: { id: member.id, name: member.name }, at: now });
    }
  });
}
