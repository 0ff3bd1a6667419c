import { remainingMs, type RomanView } from "../../domain";
import { formatMmss } from "../format";
import type { BoardState } from "./api";
import { useServerNow } from "./hooks";
import { domainTimer } from "./store";

export interface Countdown {
  remainingMs: number;
  fraction: number;
  mmss: string;
  expired: boolean;
  status: "idle" | "running" | "paused";
}

/** The shared countdown: the domain's remaining time at the server's clock, ticking locally. */
export function useCountdown(state: BoardState | null): Countdown {
  const timer = state?.timer;
  const running = timer?.status === "running";
  const now = useServerNow(running);
  if (!timer) return { remainingMs: 0, fraction: 0, mmss: "00:00", expired: false, status: "idle" };
  const dt = domainTimer(timer);
  const left = remainingMs(dt, now);
  const expired = dt.status === "running" && left <= 0;
  return {
    remainingMs: left,
    fraction: timer.durationMs > 0 ? Math.min(1, left / timer.durationMs) : 0,
    mmss: formatMmss(left),
    expired,
    status: timer.status,
  };
}

/**
 * The continue/stop vote as this panel shows it once the countdown is `expired`: the server's
 * ballot count for this round, or, until a read brings it, the vote as the view says it opens.
 */
export function romanShown(state: BoardState | null, expired: boolean): RomanView | null {
  if (!state || !expired) return null;
  const { roman, timer } = state;
  if (roman && roman.topicId === timer.topicId && roman.round === timer.round) return roman;
  return state.romanAtTimeUp;
}
