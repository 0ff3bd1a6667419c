import { randomUUID } from "node:crypto";
import { countedVotes, dotsLeft, planCast, planWithdraw, refuse, teamOf, voterFor, type BoardSettings } from "../domain";
import { WriteConflict } from "../store/table";
import type { Caller, Services } from "./context";
import { CHANGE_CACHED, StaleBoard, inBoard, type InBoard } from "./board-step";
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
  return inBoard(svc, caller, chatId, CHANGE_CACHED, (board) => cast(svc, board, caller, topicId));
}

/**
 * One query reads the head, the topics and the voter's dots. A board opened from this instance's
 * copy is checked against the head's `meta` (the meta ETag its last writer announced).
 */
async function readForVote(svc: Services, board: InBoard, voter: string) {
  const read = await svc.store.readForVote(board.ref, board.sessionId, voter);
  if (board.fromCache && !svc.store.metaStillCurrent(board.ref, read.metaAnnounced)) throw new StaleBoard();
  // Freshly read, the meta is the truth: a head announcing another (or none) gets it with this write.
  return { ...read, announce: !board.fromCache && read.metaAnnounced !== board.meta.etag ? board.meta.etag : undefined };
}

async function cast(svc: Services, board: InBoard, caller: Caller, topicId: string): Promise<VoteResult> {
  const { ref, sessionId } = board;
  const settings = board.meta.value.settings;
  const voter = await voterOf(svc, board, caller, settings);
  // Retried under the same Idempotency-Key, the cast carries the same nonce and finds its own dot.
  const nonce = seededId() ?? randomUUID();
  for (let attempt = 0; attempt <= settings.votesPerPerson * 4; attempt++) {
    const { topics, mine, announce } = await readForVote(svc, board, voter);
    if (mine.some((v) => v.nonce === nonce)) return { topicId, dotsLeft: dotsLeft(mine, settings.votesPerPerson) };
    const byId = new Map(topics.map((t) => [t.value.id, t.value]));
    const slot = planCast(mine, topicId, byId, settings);
    try {
      // The dot and the head move together: two storage operations per vote in all.
      board.headMoved(await svc.store.castWithHead(ref, sessionId, { voter, slot, topicId, castBy: caller.userId }, nonce, announce));
    } catch (err) {
      if (err instanceof WriteConflict && err.reason === "exists") continue;
      throw err;
    }
    return { topicId, dotsLeft: dotsLeft([...mine, { voter, slot, topicId, castBy: caller.userId }], settings.votesPerPerson) };
  }
  return refuse("conflict", "Too many votes at once; try again.");
}

export function withdrawVote(svc: Services, caller: Caller, chatId: string, topicId: string): Promise<VoteResult> {
  return inBoard(svc, caller, chatId, CHANGE_CACHED, (board) => withdraw(svc, board, caller, topicId));
}

async function withdraw(svc: Services, board: InBoard, caller: Caller, topicId: string): Promise<VoteResult> {
  const { ref, sessionId } = board;
  const settings = board.meta.value.settings;
  const voter = await voterOf(svc, board, caller, settings);
  for (let attempt = 0; attempt <= settings.votesPerPerson * 4; attempt++) {
    const { topics, mine, announce } = await readForVote(svc, board, voter);
    const vote = planWithdraw(mine, topicId, new Map(topics.map((t) => [t.value.id, t.value])), settings.votesPerPerson);
    // Someone else withdrew that very dot at the same moment: look again.
    const marker = await svc.store.withdrawWithHead(ref, sessionId, vote, announce);
    if (marker === null) continue;
    board.headMoved(marker);
    const left = countedVotes(mine, settings.votesPerPerson).filter((v) => v.slot !== vote.slot);
    return { topicId, dotsLeft: dotsLeft(left, settings.votesPerPerson) };
  }
  return refuse("conflict", "Too many changes at once; try again.");
}
