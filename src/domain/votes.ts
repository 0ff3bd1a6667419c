import { refuse } from "./errors";
import { resolveTopic, type Topic } from "./topics";
import type { BoardSettings } from "./settings";

/**
 * One dot. A voter owns slots 0 … limit-1; the store inserts the slot's row, and an insert into a
 * taken slot fails, so no interleaving of casts can give anyone more dots than the limit.
 */
export interface Vote {
  /** A person's id, or `team:{id}` when the board counts dots per team. */
  voter: string;
  slot: number;
  topicId: string;
  /** Who placed the dot; differs from `voter` when dots are counted per team. */
  castBy: string;
}

/**
 * Lowering the limit never produces wrong totals: only dots in slots below the current limit
 * count, everywhere (tally, dots left, the voter's own view). Dots above it stop counting at once.
 */
export function countedVotes<V extends Pick<Vote, "slot">>(votes: readonly V[], limit: number): V[] {
  return votes.filter((v) => v.slot < limit);
}

export function dotsLeft(myVotes: readonly Vote[], limit: number): number {
  return Math.max(0, limit - countedVotes(myVotes, limit).length);
}

/** Where a voter's next dot goes: the lowest free slot, or a refusal naming the rule. */
export function planCast(myVotes: readonly Vote[], topicId: string, topics: ReadonlyMap<string, Topic>, settings: BoardSettings): number {
  const topic = resolveTopic(topics, topicId);
  if (!topic || topic.state === "dropped") refuse("not_found", "That topic is not in the queue any more.", "topicId");
  if (topic.state !== "queued") refuse("wrong_state", `"${topic.title}" is ${topic.state}; vote for a topic still in the queue.`, "topicId");
  const limit = settings.votesPerPerson;
  const mine = countedVotes(myVotes, limit);
  if (!settings.allowStacking && mine.some((v) => resolveTopic(topics, v.topicId)?.id === topic.id)) {
    refuse("already_voted", `You already put a dot on "${topic.title}", and this board allows one dot per topic.`, "topicId");
  }
  const taken = new Set(myVotes.map((v) => v.slot));
  for (let slot = 0; slot < limit; slot++) if (!taken.has(slot)) return slot;
  return refuse("vote_limit", `You have used all ${limit} of your dots. Take one back from another topic to vote for this one.`, "topicId");
}

/** The dot to take back: the voter's highest counted slot on that topic. */
export function planWithdraw(myVotes: readonly Vote[], topicId: string, topics: ReadonlyMap<string, Topic>, limit: number): Vote {
  const target = resolveTopic(topics, topicId)?.id ?? topicId;
  const onTopic = countedVotes(myVotes, limit).filter((v) => (resolveTopic(topics, v.topicId)?.id ?? v.topicId) === target);
  const last = onTopic.sort((a, b) => b.slot - a.slot)[0];
  if (!last) refuse("not_found", "You have no dot on that topic to take back.", "topicId");
  const topic = topics.get(target);
  // A dot on a dropped topic counts nowhere, so its owner may always take it back.
  if (topic && topic.state !== "queued" && topic.state !== "dropped") refuse("wrong_state", `"${topic.title}" is ${topic.state}; its dots are final.`, "topicId");
  return last;
}

/** Dots per surviving topic, counting merged duplicates on their target. */
export function tally(votes: readonly Vote[], topics: ReadonlyMap<string, Topic>, limit: number): Map<string, number> {
  const dots = new Map<string, number>();
  for (const v of countedVotes(votes, limit)) {
    const topic = resolveTopic(topics, v.topicId);
    if (!topic || topic.state === "dropped") continue;
    dots.set(topic.id, (dots.get(topic.id) ?? 0) + 1);
  }
  return dots;
}

/** Each surviving topic's standing: the dots cast in this session plus those it carried over. */
export function totalDots(votes: readonly Vote[], topics: ReadonlyMap<string, Topic>, limit: number): Map<string, number> {
  const dots = tally(votes, topics, limit);
  for (const t of topics.values()) {
    if (!t.carriedDots) continue;
    const into = resolveTopic(topics, t.id);
    if (!into || into.state === "dropped") continue;
    dots.set(into.id, (dots.get(into.id) ?? 0) + t.carriedDots);
  }
  return dots;
}

/**
 * The id a person's dots are filed under: the person, or their team when the board counts per
 * team. Null when the board counts per team and the person is on none: they have no dots here.
 */
export function voterOf(personId: string, teamId: string | null, settings: Pick<BoardSettings, "votesPerTeam">): string | null {
  if (!settings.votesPerTeam) return personId;
  return teamId ? `team:${teamId}` : null;
}

/** The voter a dot is cast or taken back as, or a refusal saying how to get dots on a per-team board. */
export function voterFor(personId: string, teamId: string | null, settings: Pick<BoardSettings, "votesPerTeam">): string {
  const voter = voterOf(personId, teamId, settings);
  if (voter === null) refuse("forbidden", "This board counts dots per team: ask a facilitator to add you to a team as its representative or an alternate.");
  return voter;
}
