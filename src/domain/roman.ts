import { refuse } from "./errors";
import { isExpired, nextExtension, type Timer } from "./timer";
import type { BoardSettings } from "./settings";

/** A Roman vote at the end of a timebox: thumbs up (continue), sideways (either), down (move on). */
export const ROMAN_CHOICES = ["up", "sideways", "down"] as const;
export type RomanChoice = (typeof ROMAN_CHOICES)[number];

export interface RomanBallot {
  topicId: string;
  round: number;
  voterId: string;
  choice: RomanChoice;
}

export interface RomanTally {
  up: number;
  sideways: number;
  down: number;
}

export type Continuation = { decision: "extend"; minutes: number } | { decision: "moveOn"; reason: "majority" | "no_extension_left" };

/** Checks that the room is being asked right now; the ballot row is then written (or overwritten). */
export function castRomanVote(timer: Timer, now: number, topicId: string, choice: RomanChoice, voterId: string): RomanBallot {
  if (timer.status === "idle" || timer.topicId !== topicId) refuse("wrong_state", "That topic is not being discussed.", "topicId");
  if (!isExpired(timer, now)) refuse("wrong_state", "The continue/stop vote opens when the timebox ends.");
  return { topicId, round: timer.round, voterId, choice };
}

export function tallyRoman(ballots: readonly RomanBallot[], topicId: string, round: number): RomanTally {
  const tally: RomanTally = { up: 0, sideways: 0, down: 0 };
  for (const b of ballots) if (b.topicId === topicId && b.round === round) tally[b.choice]++;
  return tally;
}

/** More thumbs up than down extends by the next extension; otherwise, or with none left, move on. */
export function decideContinuation(tally: RomanTally, timer: Timer, settings: BoardSettings): Continuation {
  const minutes = nextExtension(timer, settings);
  if (minutes === null) return { decision: "moveOn", reason: "no_extension_left" };
  if (tally.up > tally.down) return { decision: "extend", minutes };
  return { decision: "moveOn", reason: "majority" };
}
