import * as domain from "../domain";
import { refuse, topicSeenBy, type SeenTopic, type StartedFrom, type Topic, type TopicInput } from "../domain";
import { newId, retryStale, type Caller, type Services } from "./context";
import { CHANGE, FACILITATE, inBoard, type InBoard, type Mode } from "./board-step";
import { inSeededWrite } from "./request-seed";
import type { BoardRef } from "../store/keys";
import { WriteConflict } from "../store/table";

async function topicOrRefuse(svc: Services, ref: BoardRef, sessionId: string, topicId: string) {
  const topic = await svc.store.getTopic(ref, sessionId, topicId);
  if (!topic) refuse("not_found", "There is no such topic in this session.", "topicId");
  return topic;
}

/** A topic as the caller may see it in an answer: an anonymous topic's author stays hidden from everyone but the author. */
export function seen(caller: Caller, board: Pick<InBoard, "meta">, topic: Topic): SeenTopic {
  return topicSeenBy(topic, caller.userId, board.meta.value.settings);
}

/** The caller may label a topic with this team (see the domain's rule). */
async function checkLabel(svc: Services, caller: Caller, board: InBoard, teamId: string): Promise<void> {
  const teams = (await svc.store.listTeams(board.ref)).map((t) => t.value);
  const team = teams.find((t) => t.id === teamId);
  const facilitator = team !== undefined && !domain.represents(team, caller.userId) && domain.isFacilitator(await board.role());
  domain.checkTeamLabel(teamId, teams, caller.userId, facilitator);
}

export function addTopic(svc: Services, caller: Caller, chatId: string, input: TopicInput): Promise<SeenTopic> {
  return inBoard(svc, caller, chatId, CHANGE, async (board) => {
    const { ref, sessionId } = board;
    const session = await svc.store.getSession(ref, sessionId);
    domain.requireSessionOpen(session?.value ?? null, "add topics");
    if (input.teamId) await checkLabel(svc, caller, board, input.teamId);
    const now = svc.now();
    // Checked before a number is claimed, so a refused title spends none.
    domain.addTopic(input, { id: caller.userId, name: caller.name }, now, "", 0);
    const id = newId(now);
    // A retry (same Idempotency-Key or re-delivered activity) of an add that landed answers that topic, with its number.
    const landed = inSeededWrite() ? await svc.store.getTopic(ref, sessionId, id) : null;
    if (landed) return seen(caller, board, landed.value);
    const number = await svc.store.claimTopicNumbers(ref);
    const topic = domain.addTopic(input, { id: caller.userId, name: caller.name }, now, id, number);
    await svc.store.insertTopic(ref, sessionId, topic);
    return seen(caller, board, topic);
  });
}

export function editTopic(svc: Services, caller: Caller, chatId: string, topicId: string, patch: Partial<TopicInput>, was: StartedFrom<"title" | "details"> = {}): Promise<SeenTopic> {
  return inBoard(svc, caller, chatId, CHANGE, async (board) => {
    const { ref, sessionId } = board;
    const next = await retryStale(async () => {
      const stored = await topicOrRefuse(svc, ref, sessionId, topicId);
      const next = domain.editTopic(stored.value, caller.userId, patch, was);
      // A label the topic already had stays, even if its author has left that team since.
      if (next.teamId && next.teamId !== stored.value.teamId) await checkLabel(svc, caller, board, next.teamId);
      await svc.store.replaceTopic(ref, sessionId, next, stored.etag);
      return next;
    });
    return seen(caller, board, next);
  });
}

export function dropTopic(svc: Services, caller: Caller, chatId: string, topicId: string): Promise<SeenTopic> {
  return inBoard(svc, caller, chatId, CHANGE, async (board) => {
    const { ref, sessionId } = board;
    const role = await board.role();
    const topic = await retryStale(async () => {
      const stored = await topicOrRefuse(svc, ref, sessionId, topicId);
      const next = domain.dropTopic(stored.value, caller.userId, domain.isFacilitator(role));
      await svc.store.replaceTopic(ref, sessionId, next, stored.etag);
      return next;
    });
    // A dropped topic's dots go back to their voters.
    const onTopic = (await svc.store.listVotes(ref, sessionId)).filter((v) => v.topicId === topicId);
    await Promise.all(onTopic.map((v) => svc.store.removeVote(ref, sessionId, v)));
    return seen(caller, board, topic);
  });
}

/** Undo of a drop ("Topic dropped · Undo"): back in this session's queue while the session is open. */
export function restoreTopic(svc: Services, caller: Caller, chatId: string, topicId: string): Promise<SeenTopic> {
  return inBoard(svc, caller, chatId, CHANGE, async (board) => {
    const { ref, sessionId } = board;
    const [session, role] = await Promise.all([svc.store.getSession(ref, sessionId), board.role()]);
    domain.requireSessionOpen(session?.value ?? null, "bring topics back");
    const topic = await retryStale(async () => {
      const stored = await topicOrRefuse(svc, ref, sessionId, topicId);
      const next = domain.restoreTopic(stored.value, caller.userId, domain.isFacilitator(role));
      await svc.store.replaceTopic(ref, sessionId, next, stored.etag);
      return next;
    });
    return seen(caller, board, topic);
  });
}

export function mergeTopic(svc: Services, caller: Caller, chatId: string, topicId: string, intoTopicId: string): Promise<SeenTopic> {
  return inBoard(svc, caller, chatId, FACILITATE, async (board) => seen(caller, board, await mergeInto(svc, board.ref, board.sessionId, topicId, intoTopicId)));
}

function mergeInto(svc: Services, ref: BoardRef, sessionId: string, topicId: string, intoTopicId: string): Promise<Topic> {
  return retryStale(async () => {
    const dup = await topicOrRefuse(svc, ref, sessionId, topicId);
    const into = await svc.store.getTopic(ref, sessionId, intoTopicId);
    if (!into) refuse("not_found", "The topic to merge into is not in this session.", "intoTopicId");
    const result = domain.mergeTopic(dup.value, into.value);
    // The duplicate is marked first: from then on its dots count on the target.
    const markedEtag = await svc.store.replaceTopic(ref, sessionId, result.duplicate, dup.etag);
    // Two facilitators merging A into B and B into A at once each see the other still open. Whoever
    // looks after both marks sees the target merged away and takes its own merge back: never a loop.
    const target = await svc.store.getTopic(ref, sessionId, intoTopicId);
    if (!target || !domain.isStillOpen(target.value)) {
      await unmark(svc, ref, sessionId, dup.value, markedEtag, intoTopicId);
      refuse("conflict", "The topic you merged into was merged or closed at the same moment; nothing was merged. Look again.", "intoTopicId");
    }
    await retryStale(async () => {
      const fresh = await svc.store.getTopic(ref, sessionId, intoTopicId);
      if (!fresh || !domain.isStillOpen(fresh.value)) return;
      await svc.store.replaceTopic(ref, sessionId, domain.mergeTopic(dup.value, fresh.value).into, fresh.etag);
    });
    return result.into;
  });
}

/** Puts a duplicate back as it was before this merge marked it, unless someone moved it on since. */
async function unmark(svc: Services, ref: BoardRef, sessionId: string, original: Topic, etag: string, intoTopicId: string): Promise<void> {
  try {
    await svc.store.replaceTopic(ref, sessionId, original, etag);
  } catch (err) {
    if (!(err instanceof WriteConflict)) throw err;
    await retryStale(async () => {
      const fresh = await svc.store.getTopic(ref, sessionId, original.id);
      if (fresh?.value.mergedInto !== intoTopicId) return;
      await svc.store.replaceTopic(ref, sessionId, { ...fresh.value, state: "queued", mergedInto: null }, fresh.etag);
    });
  }
}

/** A facilitator rewrites the takeaways, from the text they started with (`was`); a stale rewrite is refused with both texts. */
export function recordTakeaways(svc: Services, caller: Caller, chatId: string, topicId: string, takeaways: string, was?: string): Promise<SeenTopic> {
  return changeTakeaways(svc, caller, chatId, FACILITATE, topicId, (topic) => domain.recordTakeaways(topic, takeaways, was));
}

/** Anyone in the meeting adds a takeaway line; added at once by two people, both lines stay. */
export function addTakeaway(svc: Services, caller: Caller, chatId: string, topicId: string, line: string): Promise<SeenTopic> {
  return changeTakeaways(svc, caller, chatId, CHANGE, topicId, (topic) => domain.addTakeaway(topic, line));
}

function changeTakeaways(svc: Services, caller: Caller, chatId: string, mode: Mode, topicId: string, change: (topic: Topic) => Topic): Promise<SeenTopic> {
  return inBoard(svc, caller, chatId, mode, async (board) => {
    const { ref, sessionId } = board;
    // Each try reads the topic afresh: a write racing this one is settled against what it wrote, never overwritten.
    const next = await retryStale(async () => {
      const stored = await topicOrRefuse(svc, ref, sessionId, topicId);
      const next = change(stored.value);
      await svc.store.replaceTopic(ref, sessionId, next, stored.etag);
      return next;
    });
    return seen(caller, board, next);
  });
}
