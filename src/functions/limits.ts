/**
 * A token bucket per caller and instance: enough for a panel polling every second plus a burst
 * of clicks, not enough for a runaway script to starve the board's partition.
 */
export interface RateLimiter {
  /** Milliseconds to wait before this request is allowed; 0 when it may go now. */
  take(caller: string, write: boolean): number;
}

export function tokenBucket(capacity: number, refillPerSecond: number, now: () => number = Date.now): RateLimiter {
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    take(caller, write) {
      const t = now();
      const b = buckets.get(caller) ?? { tokens: capacity, at: t };
      b.tokens = Math.min(capacity, b.tokens + ((t - b.at) / 1000) * refillPerSecond);
      b.at = t;
      const cost = write ? 2 : 1;
      buckets.set(caller, b);
      if (buckets.size > 50_000) buckets.clear();
      if (b.tokens >= cost) {
        b.tokens -= cost;
        return 0;
      }
      return Math.ceil(((cost - b.tokens) / refillPerSecond) * 1000);
    },
  };
}
