/**
 * Every message the bot sends goes through here: a per-conversation limiter keeps within Teams'
 * limits (7 per second, 8 per 2 s, 60 per 30 s, 1,800 per hour), and a 429 (or 412/502/503/504, or
 * a network failure) is retried with exponential backoff and full jitter. A 403 means the bot is
 * no longer in the conversation: it is reported, never retried. SDK-free: the send is a function.
 */

export interface Window {
  ms: number;
  max: number;
}

export const TEAMS_WINDOWS: readonly Window[] = [
  { ms: 1_000, max: 7 },
  { ms: 2_000, max: 8 },
  { ms: 30_000, max: 60 },
  { ms: 3_600_000, max: 1_800 },
];

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/**
 * Sliding windows per conversation. In-process: each app instance keeps its own count. A send
 * counts from when it starts until it completes as "now", and afterwards at its completion time:
 * Teams receives it somewhere in between, so the spacing holds as Teams measures it.
 */
export class ConversationLimiter {
  private readonly sent = new Map<string, number[]>();
  private readonly longest: number;

  constructor(
    private readonly windows: readonly Window[] = TEAMS_WINDOWS,
    private readonly clock: Clock = realClock,
  ) {
    this.longest = Math.max(...windows.map((w) => w.ms));
  }

  /** Milliseconds until one more send is allowed in this conversation (0: now). */
  private wait(times: number[], now: number): number {
    let wait = 0;
    for (const w of this.windows) {
      const inWindow = times.filter((t) => t > now - w.ms).sort((a, b) => a - b);
      if (inWindow.length >= w.max) {
        const mustLeave = inWindow[inWindow.length - w.max] ?? now;
        // A send still in flight leaves the window only after it completes: look again shortly.
        wait = Math.max(wait, mustLeave === Infinity ? 20 : mustLeave + w.ms - now + 1);
      }
    }
    return wait;
  }

  /** Resolves when this conversation may send one more message; call the result when the send is over. */
  async acquire(conversation: string): Promise<() => void> {
    for (;;) {
      const now = this.clock.now();
      const times = (this.sent.get(conversation) ?? []).filter((t) => t > now - this.longest);
      const wait = this.wait(times, now);
      if (wait <= 0) {
        times.push(Infinity);
        this.sent.set(conversation, times);
        if (this.sent.size > 10_000) this.prune(now);
        let released = false;
        return () => {
          if (released) return;
          released = true;
          const list = this.sent.get(conversation) ?? [];
          const i = list.indexOf(Infinity);
          if (i >= 0) list[i] = this.clock.now();
        };
      }
      this.sent.set(conversation, times);
      await this.clock.sleep(wait);
    }
  }

  private prune(now: number): void {
    for (const [k, times] of this.sent) if (!times.some((t) => t > now - this.longest)) this.sent.delete(k);
  }
}

/** The bot is not in the conversation any more (Teams answered 403). */
export class BotRemoved extends Error {
  constructor(readonly conversation: string) {
    super(`the bot was removed from conversation ${conversation}`);
    this.name = "BotRemoved";
  }
}

export interface RetryPolicy {
  attempts: number;
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseMs: 250, maxMs: 8_000 };

const RETRYABLE = new Set([408, 412, 429, 500, 502, 503, 504]);

/** The HTTP status a failed send carries, however the SDK wrapped it. */
export function statusOf(err: unknown): number | null {
  if (typeof err !== "object" || err === null) return null;
  const e = err as { statusCode?: unknown; status?: unknown; response?: { status?: unknown } };
  for (const v of [e.statusCode, e.status, e.response?.status]) if (typeof v === "number") return v;
  return null;
}

function retryAfterMs(err: unknown): number | null {
  const e = err as { response?: { headers?: { get?: (name: string) => string | undefined | null } } };
  const value = e?.response?.headers?.get?.("retry-after");
  if (!value) return null;
  const seconds = Number(value);
  return Number.isFinite(seconds) ? Math.min(seconds * 1000, 60_000) : null;
}

export class Outbox {
  constructor(
    readonly limiter: ConversationLimiter = new ConversationLimiter(),
    private readonly retry: RetryPolicy = DEFAULT_RETRY,
    private readonly clock: Clock = realClock,
    private readonly random: () => number = Math.random,
  ) {}

  /** Sends once within the limits, retrying what Teams asks to retry; 403 becomes BotRemoved. */
  async deliver<T>(conversation: string, send: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const done = await this.limiter.acquire(conversation);
      try {
        const result = await send();
        done();
        return result;
      } catch (err) {
        done();
        const status = statusOf(err);
        if (status === 403) throw new BotRemoved(conversation);
        const transient = status === null ? isNetworkError(err) : RETRYABLE.has(status);
        if (!transient || attempt >= this.retry.attempts) throw err;
        const ceiling = Math.min(this.retry.maxMs, this.retry.baseMs * 2 ** (attempt - 1));
        // Full jitter, but never sooner than Teams asked.
        const delay = Math.max(retryAfterMs(err) ?? 0, Math.round(ceiling / 2 + (this.random() * ceiling) / 2));
        await this.clock.sleep(delay);
      }
    }
  }
}

function isNetworkError(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return typeof code === "string" && /ECONNRESET|ECONNREFUSED|ETIMEDOUT|EPIPE|EAI_AGAIN|UND_ERR/.test(code);
}
