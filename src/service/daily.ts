import * as domain from "../domain";
import { refuse, type DailyUpdate, type Need, type NeedAnswer, type NeedInput, type Person, type Turn } from "../domain";
import { newId, orConflict, retryStale, type Caller, type OpenBoard, type Services } from "./context";
import { CHANGE, CHANGE_NEEDS, FACILITATE, inBoard } from "./board-step";
import { WriteConflict } from "../store/table";

const person = (caller: Caller): Person => ({ id: caller.userId, name: caller.name });

async function teamsOf(svc: Services, board: OpenBoard) {
  return (await svc.store.listTeams(board.ref)).map((t) => t.value);
}

/** Posting for a team (already allowed by the domain) also checks its poster in. */
async function attend(svc: Services, board: OpenBoard, teamId: string, caller: Caller): Promise<void> {
  await svc.store.recordAttendance(board.ref, board.sessionId, { teamId, person: person(caller), at: svc.now() });
}

/**
 * A team's representative (or an alternate) posts the team's next steps for this session, from
 * the text they started with (`was`); `append` adds a line instead (the bot's chat command).
 */
export function postDailyUpdate(svc: Services, caller: Caller, chatId: string, teamId: string, nextSteps: string, was?: string, append = false): Promise<DailyUpdate> {
  return inBoard(svc, caller, chatId, CHANGE, async (board) => {
    const teams = await teamsOf(svc, board);
    const update = await retryStale(async () => {
      const stored = await svc.store.getDailyUpdate(board.ref, board.sessionId, teamId);
      const update = domain.postDailyUpdate(teams, teamId, person(caller), nextSteps, svc.now(), stored?.value.nextSteps ?? "", was, append);
      try {
        await svc.store.writeDailyUpdate(board.ref, board.sessionId, update, stored?.etag ?? null);
      } catch (err) {
        // Two first posts at once: the later one reads the first and settles against it.
        if (err instanceof WriteConflict && err.reason === "exists") throw new WriteConflict("stale");
        throw err;
      }
      return update;
    });
    await attend(svc, board, teamId, caller);
    return update;
  });
}

/** Records who speaks for a team at this session (the summary lists it). */
export function checkIn(svc: Services, caller: Caller, chatId: string, teamId: string): Promise<domain.CheckIn> {
  return inBoard(svc, caller, chatId, CHANGE, async (board) => {
    const attendance = domain.checkIn(await teamsOf(svc, board), teamId, person(caller), svc.now());
    await svc.store.recordAttendance(board.ref, board.sessionId, attendance);
    return attendance;
  });
}

export function raiseNeed(svc: Services, caller: Caller, chatId: string, input: NeedInput): Promise<Need> {
  return inBoard(svc, caller, chatId, CHANGE_NEEDS, async (board) => {
    const now = svc.now();
    const need = domain.raiseNeed(await teamsOf(svc, board), input, person(caller), now, newId(now), board.sessionId);
    await svc.store.insertNeed(board.ref, need);
    await attend(svc, board, need.fromTeamId, caller);
    return need;
  });
}

/** The addressed team answers; a concurrent answer is re-checked on fresh data, never overwritten. */
export function answerNeed(svc: Services, caller: Caller, chatId: string, needId: string, answer: NeedAnswer, reason?: string): Promise<Need> {
  return inBoard(svc, caller, chatId, CHANGE_NEEDS, async (board) => {
    const teams = await teamsOf(svc, board);
    return retryStale(async () => {
      const stored = await svc.store.getNeed(board.ref, needId);
      if (!stored) refuse("not_found", "There is no such need on this board.", "needId");
      const next = domain.answerNeed(teams, stored.value, answer, person(caller), svc.now(), reason);
      await svc.store.replaceNeed(board.ref, next, stored.etag);
      return next;
    });
  });
}

/** The facilitator moves the daily round on to the next team (or the team chosen). */
export function nextTurn(svc: Services, caller: Caller, chatId: string, teamId?: string): Promise<Turn | null> {
  return inBoard(svc, caller, chatId, FACILITATE, async (board) => {
    const [teams, current] = await Promise.all([teamsOf(svc, board), svc.store.getTurn(board.ref, board.sessionId)]);
    const turn = domain.nextTurn(teams, current?.value ?? null, svc.now(), board.meta.value.settings.dailyTurnMinutes, teamId);
    const race = "Someone else moved the round on at the same moment.";
    if (turn) await orConflict(() => svc.store.writeTurn(board.ref, board.sessionId, turn, current?.etag ?? null), race);
    else if (current) await orConflict(() => svc.store.removeTurn(board.ref, board.sessionId, current.etag), race);
    return turn;
  });
}

/**
 * Overdue, unanswered needs become topics of a new weekly, each linked to its need. The need's
 * ETag makes the link exactly-once even if two weeklies were started at the same moment.
 */
export async function escalateNeeds(svc: Services, board: OpenBoard, weeklySessionId: string): Promise<domain.Topic[]> {
  const settings = board.meta.value.settings;
  if (!settings.escalateOverdueNeeds) return [];
  const [needs, sessions, teams] = await Promise.all([svc.store.listNeeds(board.ref), svc.store.listSessions(board.ref), teamsOf(svc, board)]);
  const dailyStarts = sessions.filter((s) => s.kind === "daily").map((s) => s.startedAt ?? s.createdAt);
  const due = domain.needsToEscalate(needs.map((n) => n.value), svc.now(), settings.timeZone, dailyStarts);
  const topics: domain.Topic[] = [];
  for (const need of due) {
    const stored = needs.find((n) => n.value.id === need.id);
    if (!stored) continue;
    const now = svc.now();
    const { need: linked, topic } = domain.escalateNeed(need, teams, now, newId(now), await svc.store.claimTopicNumbers(board.ref));
    try {
      await svc.store.replaceNeed(board.ref, linked, stored.etag);
    } catch {
      continue;
    }
    await svc.store.insertTopic(board.ref, weeklySessionId, topic);
    topics.push(topic);
  }
  return topics;
}
