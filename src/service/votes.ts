import { randomUUID } from "node:crypto";
import { countedVotes, dotsLeft, planCast, planWithdraw, refuse, teamOf, voterFor, type BoardSettings } from "../domain";
import { WriteConflict } from "../store/table";
import type { Caller, Services } from "./context";
import { CHANGE, inBoard, type InBoard } from "./board-step";
import { seededId } from "./request-seed";

export interface VoteResult {
  topicId: string;
  dotsLeft: number;
}

async function voterOf(svc: Services, board: InBoard, caller: Caller, settings: BoardSettings): Promise<string> {
  if (!settings.votesPerTeam) return caller.userId;
  const teams = await svc.store.listTeams(board.ref);
  return voterFor(caller.userId, teamOf(teams.map((t) => t.value), caller.userId)?.id ?? null, settings);
}

/**
 * Places one dot in the voter's lowest free slot. A concurrent cast that took the same slot makes
 * the insert fail, and we look again: the limit holds without any read-modify-write.
 */
export function castVote(svc: Services, caller: Caller, chatId: string, topicId: string): Promise<VoteResult> {
  return inBoard(svc, caller, chatId, CHANGE, (board) => cast(svc, board, caller, topicId));
}

async function cast(svc: Services, board: InBoard, caller: Caller, topicId: string): Promise<VoteResult> {
  const { ref, sessionId } = board;
  const settings = board.meta.value.settings;
  const voter = await voterOf(svc, board, caller, settings);
  // Retried under the same Idempotency-Key, the cast carries the same nonce and finds its own dot.
  const nonce = seededId() ?? randomUUID();
  for (let attempt = 0; attempt <= settings.votesPerPerson * 4; attempt++) {
    const [topics, mine] = await Promise.all([svc.store.listTopics(ref, sessionId), svc.store.listVotes(ref, sessionId, voter)]);
    if (mine.some((v) => (v as { nonce?: string }).nonce === nonce)) return { topicId, dotsLeft: dotsLeft(mine, settings.votesPerPerson) };
    const byId = new Map(topics.map((t) => [t.value.id, t.value]));
    const slot = planCast(mine, topicId, byId, settings);
    try {
      await svc.store.insertVote(ref, sessionId, { voter, slot, topicId, castBy: caller.userId }, nonce);
    } catch (err) {
      if (err instanceof WriteConflict && err.reason === "exists") continue;
      throw err;
    }
    return { topicId, dotsLeft: dotsLeft([...mine, { voter, slot, topicId, castBy: caller.userId }], settings.votesPerPerson) };
  }
  return refuse("conflict", "Too many votes at once; try again.");
}

export function withdrawVote(svc: Services, caller: Caller, chatId: string, topicId: string): Promise<VoteResult> {
  return inBoard(svc, caller, chatId, CHANGE, (board) => withdraw(svc, board, caller, topicId));
}

async function withdraw(svc: Services, board: InBoard, caller: Caller, topicId: string): Promise<VoteResult> {
  const { ref, sessionId } = board;
  const settings = board.meta.value.settings;
  const voter = await voterOf(svc, board, caller, settings);
  for (let attempt = 0; attempt <= settings.votesPerPerson * 4; attempt++) {
    const [topics, mine] = await Promise.all([svc.store.listTopics(ref, sessionId), svc.store.listVotes(ref, sessionId, voter)]);
    const vote = planWithdraw(mine, topicId, new Map(topics.map((t) => [t.value.id, t.value])), settings.votesPerPerson);
    // Someone else withdrew that very dot at the same moment: look again.
    if (!(await svc.store.removeVote(ref, sessionId, vote))) continue;
    const left = countedVotes(mine, settings.votesPerPerson).filter((v) => v.slot !== vote.slot);
    return { topicId, dotsLeft: dotsLeft(left, settings.votesPerPerson) };
  }
  return refuse("conflict", "Too many changes at once; try again.");
}
