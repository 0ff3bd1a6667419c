import { refuse } from "./errors";
import type { BoardSettings } from "./settings";

const MINUTE = 60_000;

/**
 * The shared timebox. `endsAt` is in server time; every panel counts down from it with its own
 * clock offset, so all participants see the same remaining time. `round` 0 is the timebox,
 * round k the k-th extension.
 */
export type Timer =
  | { status: "idle" }
  | ({ status: "running"; endsAt: number } & RoundFacts)
  | ({ status: "paused"; remainingMs: number } & RoundFacts);

interface RoundFacts {
  topicId: string;
  round: number;
  /** The round's length: what was left when it was extended plus the extension. */
  durationMs: number;
  /** Minutes this round's extension added (absent in round 0, and in rows written before it was kept). */
  extendedBy?: number;
  /** Who granted this round's extension (absent in round 0, and in rows written before it was kept). */
  grantedBy?: GrantedBy;
}

/** Who extended a topic: the room by its continue vote, or a facilitator adding time ("+1 min"). */
export type GrantedBy = { kind: "room" } | { kind: "facilitator"; name: string };

export const IDLE: Timer = { status: "idle" };

export function startTimebox(now: number, topicId: string, settings: BoardSettings): Timer {
  const durationMs = settings.timeboxMinutes * MINUTE;
  return { status: "running", topicId, round: 0, durationMs, endsAt: now + durationMs };
}

export function remainingMs(timer: Timer, now: number): number {
  if (timer.status === "running") return Math.max(0, timer.endsAt - now);
  if (timer.status === "paused") return timer.remainingMs;
  return 0;
}

export function isExpired(timer: Timer, now: number): boolean {
  return timer.status === "running" && now >= timer.endsAt;
}

export function pauseTimebox(timer: Timer, now: number): Timer {
  if (timer.status !== "running") refuse("wrong_state", "The timer is not running.");
  if (isExpired(timer, now)) refuse("wrong_state", "Time is up already: vote to continue or move on.");
  const { endsAt, status: _running, ...round } = timer;
  return { ...round, status: "paused", remainingMs: endsAt - now };
}

export function resumeTimebox(timer: Timer, now: number): Timer {
  if (timer.status !== "paused") refuse("wrong_state", "The timer is not paused.");
  const { remainingMs: left, status: _paused, ...round } = timer;
  return { ...round, status: "running", endsAt: now + left };
}

/** Minutes the current round's extension added, or null in the first timebox. */
export function extendedBy(timer: Timer, settings: BoardSettings): number | null {
  if (timer.status === "idle" || timer.round === 0) return null;
  return timer.extendedBy ?? settings.extensionMinutes[timer.round - 1] ?? null;
}

/** Who granted the current round's extension, or null in the first timebox (and for rows that did not keep it). */
export function grantedBy(timer: Timer): GrantedBy | null {
  if (timer.status === "idle" || timer.round === 0) return null;
  return timer.grantedBy ?? null;
}

/** Minutes the next extension would add, or null when none is left (the topic must move on). */
export function nextExtension(timer: Timer, settings: BoardSettings): number | null {
  if (timer.status === "idle") return null;
  return settings.extensionMinutes[timer.round] ?? null;
}

/**
 * Grants the next, shorter extension. An extension adds to what is left, so extending early
 * does not throw away remaining time.
 */
export function extendTimebox(timer: Timer, now: number, settings: BoardSettings, by?: GrantedBy): Timer {
  if (timer.status === "idle") refuse("wrong_state", "No topic is being discussed.");
  const minutes = nextExtension(timer, settings);
  if (minutes === null) refuse("wrong_state", "No extension is left for this topic: move on to the next one.");
  const left = remainingMs(timer, now);
  // The new round's length includes what was left, so a progress ring never passes 100 %.
  const durationMs = left + minutes * MINUTE;
  const round = { topicId: timer.topicId, round: timer.round + 1, durationMs, extendedBy: minutes, ...(by ? { grantedBy: by } : {}) };
  if (timer.status === "paused") return { status: "paused", ...round, remainingMs: durationMs };
  return { status: "running", ...round, endsAt: now + durationMs };
}
