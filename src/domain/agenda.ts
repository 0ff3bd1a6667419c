import { refuse } from "./errors";
import type { Session } from "./sessions";

const MINUTE = 60_000;
/** A meeting end further out than this is a typo (a wrong day), not a meeting. */
const LONGEST_MEETING_MS = 24 * 60 * MINUTE;

/**
 * The agenda forecast: where the queue's cut line falls, given when the meeting ends. Teams knows
 * the scheduled end (the bot reads it when the meeting starts); a facilitator may set or correct it,
 * and what they set is not overwritten by Teams.
 */

/** What the forecast needs to know; every time is server epoch ms, so a test's clock is just `now`. */
export interface AgendaFacts {
  /** The queued topics, top of the queue first. */
  queue: readonly { id: string }[];
  timeboxMinutes: number;
  /** Minutes of extensions granted so far this session (by the room's vote or a facilitator). */
  extensionMinutesUsed: number;
  /** Topics taken up so far this session (discussed, and the one under discussion). */
  topicsTakenUp: number;
  /** Time left on the topic under discussion, or null when none is. */
  currentLeftMs: number | null;
  now: number;
  meetingEndsAt: number;
}

export interface AgendaForecast {
  meetingEndsAt: number;
  /** How long each queued topic is expected to take: the timebox plus this session's extensions per topic so far. */
  perTopicMs: number;
  /** How many queued topics, from the top of the queue, fit before the meeting ends. */
  fitting: number;
  /** The last queued topic that fits (the cut line sits below it); null when none fits (the line sits above the queue). */
  lastFittingTopicId: string | null;
  /** Whether some queued topics fall below the line. */
  cut: boolean;
  /** A topic is under discussion, more are queued, and none of them fits: this is the last topic of the meeting. */
  lastThatFits: boolean;
}

/**
 * Where the remaining meeting time runs out. Each queued topic is expected to take the timebox
 * plus the *average* extension per topic taken up so far this session: the extensions already used
 * are spent (they are in `now` and in the current topic's time left), so the total would count them
 * twice; the average says how much longer than its timebox this room tends to talk about a topic.
 */
export function agendaForecast(facts: AgendaFacts): AgendaForecast {
  const averageExtensionMs = facts.topicsTakenUp > 0 ? (facts.extensionMinutesUsed * MINUTE) / facts.topicsTakenUp : 0;
  const perTopicMs = facts.timeboxMinutes * MINUTE + averageExtensionMs;
  let left = facts.meetingEndsAt - facts.now - (facts.currentLeftMs ?? 0);
  let fitting = 0;
  for (; fitting < facts.queue.length && left >= perTopicMs; fitting++) left -= perTopicMs;
  const cut = fitting < facts.queue.length;
  return {
    meetingEndsAt: facts.meetingEndsAt,
    perTopicMs: Math.round(perTopicMs),
    fitting,
    lastFittingTopicId: fitting > 0 ? (facts.queue[fitting - 1]?.id ?? null) : null,
    cut,
    lastThatFits: facts.currentLeftMs !== null && cut && fitting === 0,
  };
}

/** A facilitator sets (or clears, with null) the meeting's end; it must lie ahead, within a day. */
export function setMeetingEnd(session: Session, at: number | null, now: number): Session {
  if (session.phase === "closed") refuse("wrong_state", "This session is closed. Start the next session to plan its end.");
  if (at === null) return { ...session, meetingEnd: null };
  if (at <= now) refuse("invalid", "The meeting's end must be later than now.", "endsAt");
  if (at > now + LONGEST_MEETING_MS) refuse("invalid", "The meeting's end must be within the next 24 hours.", "endsAt");
  return { ...session, meetingEnd: { at, source: "facilitator" } };
}

/** The scheduled end Teams reports; a facilitator's correction stands. Null when nothing changes. */
export function meetingEndFromTeams(session: Session, at: number): Session | null {
  if (session.phase === "closed" || session.meetingEnd?.source === "facilitator" || session.meetingEnd?.at === at) return null;
  return { ...session, meetingEnd: { at, source: "teams" } };
}

/** An extension was granted: the session counts it, so the forecast learns how long this room talks. */
export function countExtension(session: Session, minutes: number): Session {
  return { ...session, extensionMinutes: (session.extensionMinutes ?? 0) + minutes };
}
