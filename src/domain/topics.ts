import { appendLine, settleEdit, settleEdits } from "./edits";
import { optionalText, refuse, requireText } from "./errors";
import { represents, type Team } from "./teams";

export const TOPIC_TITLE_MAX = 200;
export const TOPIC_DETAILS_MAX = 2000;
export const TAKEAWAYS_MAX = 4000;

export type TopicState = "queued" | "discussing" | "discussed" | "dropped" | "merged";

export interface Topic {
  id: string;
  /**
   * The topic's short number on its board (1, 2, 3, … in the order topics were added). It never
   * changes, however the dots move the queue, so `vote 4` means the topic someone saw as 4.
   */
  number: number;
  title: string;
  details: string;
  authorId: string;
  authorName: string;
  teamId: string | null;
  state: TopicState;
  createdAt: number;
  /** Set when a facilitator merged this duplicate into another topic: its dots count there. */
  mergedInto: string | null;
  takeaways: string;
  discussedAt: number | null;
  /** The session this topic was first added in, when it carried over from an earlier weekly. */
  carriedFrom: string | null;
  /**
   * The dots it had when it carried over: its starting tally in this weekly. The dots themselves
   * stay in the old session, so everyone starts each weekly with a full set.
   */
  carriedDots: number;
}

export interface TopicInput {
  title: string;
  details?: string;
  teamId?: string | null;
}

/** The text of each field an editor changed, as their panel showed it when they started (see edits.ts). */
export type StartedFrom<K extends string> = Partial<Record<K, string>>;

export interface Author {
  id: string;
  name: string;
}

export function addTopic(input: TopicInput, author: Author, now: number, id: string, number: number): Topic {
  return {
    id,
    number,
    title: requireText(input.title, "title", "The title", TOPIC_TITLE_MAX),
    details: optionalText(input.details, "details", "The details", TOPIC_DETAILS_MAX),
    authorId: author.id,
    authorName: author.name,
    teamId: input.teamId ?? null,
    state: "queued",
    createdAt: now,
    mergedInto: null,
    takeaways: "",
    discussedAt: null,
    carriedFrom: null,
    carriedDots: 0,
  };
}

/**
 * Who may label a topic with a team: the team must be on the board, and the person must speak for
 * it (its representative or an alternate), so nobody puts words in another team's mouth. A
 * facilitator, who curates the queue, may label a topic with any team on the board.
 */
export function checkTeamLabel(teamId: string, teams: readonly Team[], personId: string, isFacilitator: boolean): void {
  const team = teams.find((t) => t.id === teamId);
  if (!team) refuse("invalid", "That team is not on this board.", "teamId");
  if (!isFacilitator && !represents(team, personId)) {
    refuse("forbidden", `Only ${team.name}'s representative, an alternate or a facilitator can label a topic with ${team.name}.`, "teamId");
  }
}

/** Still to be talked about: queued, or under discussion now. Merges land only here, and these carry over. */
export function isStillOpen(topic: Pick<Topic, "state">): boolean {
  return topic.state === "queued" || topic.state === "discussing";
}

function requireOpen(topic: Topic, verb: string): void {
  if (topic.state !== "queued") refuse("wrong_state", `"${topic.title}" is ${topic.state}; only a queued topic can be ${verb}.`);
}

export function editTopic(topic: Topic, editorId: string, patch: Partial<TopicInput>, was: StartedFrom<"title" | "details"> = {}): Topic {
  if (topic.authorId !== editorId) refuse("forbidden", "Only the person who added a topic can edit it.");
  requireOpen(topic, "edited");
  const title = patch.title === undefined ? topic.title : requireText(patch.title, "title", "The title", TOPIC_TITLE_MAX);
  const details = patch.details === undefined ? topic.details : optionalText(patch.details, "details", "The details", TOPIC_DETAILS_MAX);
  const [nextTitle = title, nextDetails = details] = settleEdits(
    [
      { field: "title", current: topic.title, yours: title, was: was.title },
      { field: "details", current: topic.details, yours: details, was: was.details, lines: true },
    ],
    `"${topic.title}"`,
  );
  return {
    ...topic,
    title: nextTitle,
    details: optionalText(nextDetails, "details", "The details", TOPIC_DETAILS_MAX),
    teamId: patch.teamId === undefined ? topic.teamId : patch.teamId,
  };
}

/** The author withdraws their topic, or a facilitator drops it from the queue. */
export function dropTopic(topic: Topic, byId: string, isFacilitator: boolean): Topic {
  if (topic.authorId !== byId && !isFacilitator) refuse("forbidden", "Only the topic's author or a facilitator can drop it.");
  requireOpen(topic, "dropped");
  return { ...topic, state: "dropped" };
}

/**
 * Undo of a drop: the topic goes back in the queue, by whoever could drop it. The dots given back
 * at the drop stay with their voters (they may have spent them since); carried-over dots return.
 */
export function restoreTopic(topic: Topic, byId: string, isFacilitator: boolean): Topic {
  if (topic.authorId !== byId && !isFacilitator) refuse("forbidden", "Only the topic's author or a facilitator can bring it back.");
  if (topic.state !== "dropped") refuse("wrong_state", `"${topic.title}" is ${topic.state}; only a dropped topic can be brought back.`);
  return { ...topic, state: "queued" };
}

/**
 * Marks a duplicate as merged into another topic. Its dots are not moved row by row: the tally
 * counts them on the target, so a vote racing the merge still lands on the surviving topic and
 * nobody's dot count changes.
 */
export function mergeTopic(duplicate: Topic, into: Topic): { duplicate: Topic; into: Topic } {
  if (duplicate.id === into.id) refuse("invalid", "A topic cannot be merged into itself.", "intoTopicId");
  requireOpen(duplicate, "merged");
  if (!isStillOpen(into)) {
    refuse("wrong_state", `"${into.title}" is ${into.state}; merge into a topic that is still open.`, "intoTopicId");
  }
  const details = [into.details, duplicate.details ? `Merged from "${duplicate.title}": ${duplicate.details}` : `Merged from "${duplicate.title}".`]
    .filter(Boolean)
    .join("\n\n")
    .slice(0, TOPIC_DETAILS_MAX);
  return { duplicate: { ...duplicate, state: "merged", mergedInto: into.id }, into: { ...into, details } };
}

/** Follows merge links to the topic that now stands for this one. */
export function resolveTopic(topics: ReadonlyMap<string, Topic>, topicId: string): Topic | undefined {
  let topic = topics.get(topicId);
  for (let hops = 0; topic?.mergedInto && hops < 100; hops++) topic = topics.get(topic.mergedInto);
  return topic;
}

/** The queue: most dots first, then oldest first, then by id so every panel shows one order. */
export function orderQueue<T extends Pick<Topic, "id" | "state" | "createdAt">>(topics: readonly T[], dots: ReadonlyMap<string, number>): T[] {
  return topics
    .filter((t) => t.state === "queued")
    .slice()
    .sort((a, b) => (dots.get(b.id) ?? 0) - (dots.get(a.id) ?? 0) || a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Takeaways are written while the topic is discussed (notes while talking) and written up after it. */
function requireTalkedAbout(topic: Topic): void {
  if (topic.state !== "discussing" && topic.state !== "discussed") {
    refuse("wrong_state", `"${topic.title}" has not been discussed yet; record takeaways once it is.`);
  }
}

/**
 * Rewrites the takeaways (a facilitator's edit, see the route table): lands as written unless
 * someone changed them since `was`; two sets of lines added at once are both kept.
 */
export function recordTakeaways(topic: Topic, takeaways: string, was?: string): Topic {
  requireTalkedAbout(topic);
  const yours = optionalText(takeaways, "takeaways", "The takeaways", TAKEAWAYS_MAX);
  const text = settleEdit({ field: "takeaways", current: topic.takeaways, yours, was, lines: true }, `the takeaways of "${topic.title}"`);
  return { ...topic, takeaways: optionalText(text, "takeaways", "The takeaways", TAKEAWAYS_MAX) };
}

/** Anyone in the meeting adds a takeaway: a line at the end, which never overwrites anyone's. */
export function addTakeaway(topic: Topic, line: string): Topic {
  requireTalkedAbout(topic);
  const text = appendLine(topic.takeaways, requireText(line, "line", "The takeaway", TAKEAWAYS_MAX));
  if (text.length > TAKEAWAYS_MAX) refuse("invalid", `The takeaways would be ${text.length} characters; keep them to ${TAKEAWAYS_MAX}. Ask the facilitator to shorten them.`, "line");
  return { ...topic, takeaways: text };
}

/**
 * Topics that were never discussed move to the next weekly, keeping who added them, their number,
 * and the dots they had (`dots`: the old session's totals) as their starting tally.
 */
export function carryOver(topics: readonly Topic[], fromSessionId: string, dots: ReadonlyMap<string, number>): Topic[] {
  return topics
    .filter(isStillOpen)
    .map((t) => ({ ...t, state: "queued", carriedFrom: t.carriedFrom ?? fromSessionId, carriedDots: dots.get(t.id) ?? 0, discussedAt: null }));
}

/** The topic a person means by its number, among the topics of this session. */
export function topicNumbered<T extends { number?: number }>(topics: readonly T[], number: number): T | undefined {
  return topics.find((t) => t.number === number);
}
