import { refuse } from "./errors";
import { orderQueue, type Topic } from "./topics";
import { IDLE, startTimebox, type Timer } from "./timer";
import type { BoardSettings } from "./settings";

export const SESSION_KINDS = ["weekly", "daily"] as const;
export type SessionKind = (typeof SESSION_KINDS)[number];
export type SessionPhase = "collecting" | "discussing" | "closed";

/** When the meeting is scheduled to end, and who said so (Teams, or a facilitator's correction, which stands). */
export interface MeetingEnd {
  at: number;
  source: "teams" | "facilitator";
}

/** One meeting occurrence. A recurring meeting shares one chat, so one board holds many sessions. */
export interface Session {
  id: string;
  kind: SessionKind;
  phase: SessionPhase;
  createdAt: number;
  startedAt: number | null;
  closedAt: number | null;
  /** Set once the action-item summary went out, so it goes out exactly once. */
  summarySentAt: number | null;
  /** When the meeting is scheduled to end (absent in rows written before it was kept). */
  meetingEnd?: MeetingEnd | null;
  /** Minutes of extensions granted so far (absent until the first one). */
  extensionMinutes?: number;
}

export function newSession(id: string, kind: SessionKind, now: number): Session {
  return { id, kind, phase: "collecting", createdAt: now, startedAt: null, closedAt: null, summarySentAt: null };
}

export function isClosed(session: Pick<Session, "phase"> | null): boolean {
  return !session || session.phase === "closed";
}

/** Refuses work in a closed session (or one that is gone), saying what to do instead. */
export function requireSessionOpen(session: Pick<Session, "phase"> | null, toDo = "go on"): void {
  if (isClosed(session)) refuse("wrong_state", `This session is closed. Start the next session to ${toDo}.`);
}

export interface DiscussionStep {
  session: Session;
  /** Topics whose state changed: the one moved on from and the one now discussed. */
  topics: Topic[];
  timer: Timer;
}

function finish(topic: Topic, now: number): Topic {
  return { ...topic, state: "discussed", discussedAt: now };
}

/**
 * The facilitator's "discuss next": the topic under discussion is done, and the top of the queue
 * (or the topic they chose) is discussed in a fresh timebox.
 */
export function discussNext(
  session: Session,
  topics: readonly Topic[],
  dots: ReadonlyMap<string, number>,
  now: number,
  settings: BoardSettings,
  chosenTopicId?: string,
): DiscussionStep {
  requireSessionOpen(session);
  const current = topics.find((t) => t.state === "discussing");
  let next: Topic | undefined;
  if (chosenTopicId) {
    next = topics.find((t) => t.id === chosenTopicId);
    if (!next) refuse("not_found", "That topic is not on this board.", "topicId");
    if (next.state !== "queued") refuse("wrong_state", `"${next.title}" is ${next.state}; pick a topic from the queue.`, "topicId");
  } else {
    next = orderQueue(topics, dots)[0];
  }
  if (!next && !current) refuse("wrong_state", "The queue is empty: add a topic first.");
  const changed: Topic[] = [];
  if (current) changed.push(finish(current, now));
  if (!next) return { session, topics: changed, timer: IDLE };
  changed.push({ ...next, state: "discussing" });
  return {
    session: { ...session, phase: "discussing", startedAt: session.startedAt ?? now },
    topics: changed,
    timer: startTimebox(now, next.id, settings),
  };
}

/** The room moves on: the topic is discussed and the timer stops. */
export function moveOn(session: Session, topic: Topic, now: number): DiscussionStep {
  requireSessionOpen(session);
  if (topic.state !== "discussing") refuse("wrong_state", `"${topic.title}" is not being discussed.`, "topicId");
  return { session, topics: [finish(topic, now)], timer: IDLE };
}

export function closeSession(session: Session, topics: readonly Topic[], now: number): DiscussionStep {
  requireSessionOpen(session);
  const current = topics.filter((t) => t.state === "discussing").map((t) => finish(t, now));
  return { session: { ...session, phase: "closed", closedAt: now }, topics: current, timer: IDLE };
}

/**
 * The meeting ended (Teams said so, or the sweep concluded it must have): the timebox stops, and
 * the topic under discussion lands where it belongs — discussed when it left takeaways or actions,
 * otherwise back in the queue, to carry over to the next weekly. The session stays open, so
 * takeaways can still be written up afterwards.
 */
export function endMeeting(session: Session, topics: readonly Topic[], hasActions: (topicId: string) => boolean, now: number): DiscussionStep {
  const settled = topics
    .filter((t) => t.state === "discussing")
    .map((t): Topic => (t.takeaways.trim() !== "" || hasActions(t.id) ? finish(t, now) : { ...t, state: "queued" }));
  return { session, topics: settled, timer: IDLE };
}

export function markSummarySent(session: Session, now: number): Session {
  if (session.summarySentAt !== null) refuse("conflict", "The summary for this session was already sent.");
  return { ...session, summarySentAt: now };
}
