import { keys, partitionFilter, type BoardRef } from "./keys";
import { type Rows, WriteConflict } from "./table";

/**
 * How long a key is remembered: a client retries within seconds or minutes, so a day is ample.
 * An older key is ignored (its request is a new one) and deleted when met.
 */
export const IDEMPOTENCY_TTL_MS = 24 * 3600_000;
/** How often one instance looks through a board's keys for old ones to delete (opportunistically, on a write). */
const SWEEP_EVERY_MS = 3600_000;

export interface SavedResult {
  status: number;
  json?: unknown;
  text?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

interface Record_ {
  requestHash: string;
  state: "pending" | "done";
  result?: SavedResult;
  /** When the key was first claimed; a retried write reuses it for the ids it creates. */
  at: number;
  /** A pending claim belongs to its writer until then; afterwards a retry may take it over. */
  leaseUntil?: number;
  /** When the key was first claimed on the app's clock (its age); rows from before it count from `at`. */
  bornAt?: number;
}

/** What a write learns about its claim: when the key was first claimed (the same on every try). */
export interface Claim {
  at: number;
}

export interface Idempotency {
  /**
   * Runs `write` for (user, key) until it completes once. The first request claims the key with
   * a lease; a concurrent duplicate waits (backing off) for the result and replays it; a retry
   * after the claimant died or timed out takes the expired lease over and runs the write again,
   * which is safe because the write derives its ids from the key (see service/request-seed).
   */
  once(board: BoardRef, userId: string, key: string, requestHash: string, write: (claim: Claim) => Promise<SavedResult>): Promise<SavedResult>;
}

export interface IdempotencyOptions {
  /** How long a claim is its writer's before a retry may take it over (longer than any write takes). */
  leaseMs?: number;
  /** How long a duplicate waits for the claimant's answer before answering 409 in_progress. */
  waitMs?: number;
  now?: () => number;
  /**
   * The app's clock (the host's, which tests move): a key's age is measured on it. Leases and
   * waits stay on `now`, so a test's frozen clock cannot make a duplicate wait forever.
   */
  clock?: () => number;
  ttlMs?: number;
}

const reused = (): SavedResult => ({
  status: 422,
  contentType: "application/problem+json",
  json: {
    type: "urn:scrum-of-scrums:problem:idempotency_key_reused",
    title: "Idempotency-Key reused",
    status: 422,
    code: "idempotency_key_reused",
    detail: "This Idempotency-Key was used for a different request; use a new key for a new request.",
    field: "Idempotency-Key",
  },
});

const inFlight = (retryAfterS: number): SavedResult => ({
  status: 409,
  contentType: "application/problem+json",
  headers: { "Retry-After": String(retryAfterS) },
  json: {
    type: "urn:scrum-of-scrums:problem:in_progress",
    title: "Refused",
    status: 409,
    code: "in_progress",
    detail: `The same request is still being processed; retry with the same Idempotency-Key in ${retryAfterS} s.`,
  },
});

const replayed = (result: SavedResult): SavedResult => ({ ...result, headers: { ...result.headers, "Idempotent-Replayed": "true" } });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function tableIdempotency(rows: Rows, options: IdempotencyOptions = {}): Idempotency {
  const leaseMs = options.leaseMs ?? 30_000;
  const waitMs = options.waitMs ?? 5_000;
  const now = options.now ?? Date.now;
  const ttlMs = options.ttlMs ?? IDEMPOTENCY_TTL_MS;
  const clock = options.clock ?? now;
  /** When this instance last looked through a board's keys (by partition). */
  const swept = new Map<string, number>();
  // A key is as old as the app's clock says since it was first claimed; a pending one only once its lease is over too.
  const expired = (r: Record_) => (r.bornAt ?? r.at) + ttlMs <= clock() && (r.state === "done" || (r.leaseUntil ?? r.at) <= now());

  /** Deletes a board's keys past their useful life, at most once an hour per board on this instance; never fails the write. */
  const sweep = async (pk: string) => {
    const last = swept.get(pk);
    if (swept.size > 10_000) swept.clear();
    // The first write an instance sees on a board only starts its hour: a request costs no extra
    // read when an instance starts, and keys a day old are never urgent.
    if (last === undefined) return void swept.set(pk, clock());
    if (clock() - last < SWEEP_EVERY_MS) return;
    swept.set(pk, clock());
    try {
      for (const row of await rows.query<Record_>(partitionFilter(pk))) if (expired(row.value)) await rows.remove(pk, row.rowKey, row.etag).catch(() => undefined);
    } catch {
      // Opportunistic: the next sweep tries again.
    }
  };

  return {
    async once(board, userId, key, requestHash, write) {
      const pk = keys.idempotency(board);
      const rk = keys.idempotencyRow(userId, key);
      await sweep(pk);

      /** Runs the write under a claim we hold, and records how it ended. */
      const run = async (claim: Record_, etag: string): Promise<SavedResult> => {
        let result: SavedResult;
        try {
          result = await write({ at: claim.at });
        } catch (err) {
          await rows.replace<Record_>(pk, rk, { ...claim, leaseUntil: 0 }, etag).catch(() => undefined);
          throw err;
        }
        if (result.status === 503) {
          // Storage did not answer: the write may or may not have landed. Keep the key so the
          // retry finishes this very write, and end our lease now so it need not wait for it
          // (if even that fails, the lease runs out by itself).
          await rows.replace<Record_>(pk, rk, { ...claim, leaseUntil: 0 }, etag).catch(() => undefined);
        } else if (result.status >= 500) {
          // Refused before anything was written (our own fault): free the key for a clean retry.
          await rows.remove(pk, rk, etag).catch(() => undefined);
        } else {
          await rows.upsert<Record_>(pk, rk, { requestHash, state: "done", result, at: claim.at, ...(claim.bornAt !== undefined ? { bornAt: claim.bornAt } : {}) });
        }
        return result;
      };

      // A duplicate backs off (100 ms, 200 ms, … up to 1 s) instead of hammering storage.
      let pause = 100;
      for (const started = now(); ; ) {
        const fresh: Record_ = { requestHash, state: "pending", at: now(), leaseUntil: now() + leaseMs, bornAt: clock() };
        try {
          return await run(fresh, await rows.insert<Record_>(pk, rk, fresh));
        } catch (err) {
          if (!(err instanceof WriteConflict && err.reason === "exists")) throw err;
        }
        const seen = await rows.get<Record_>(pk, rk);
        if (seen && expired(seen.value)) {
          // Past its useful life: forgotten, so this request is a new one (another may delete it first).
          await rows.remove(pk, rk, seen.etag).catch(() => undefined);
          continue;
        }
        if (seen) {
          if (seen.value.requestHash !== requestHash) return reused();
          if (seen.value.state === "done" && seen.value.result) return replayed(seen.value.result);
          const leaseUntil = seen.value.leaseUntil ?? seen.value.at + leaseMs;
          if (leaseUntil <= now()) {
            // Its writer died or gave up: take the claim over (only one retry wins the ETag race).
            const taken: Record_ = { ...seen.value, leaseUntil: now() + leaseMs };
            let etag: string | null = null;
            try {
              etag = await rows.replace<Record_>(pk, rk, taken, seen.etag);
            } catch (err) {
              if (!(err instanceof WriteConflict)) throw err;
            }
            if (etag !== null) return run(taken, etag);
            continue;
          }
          const left = waitMs - (now() - started);
          if (left <= 0) return inFlight(Math.max(1, Math.ceil(Math.min(leaseUntil - now(), 30_000) / 1000)));
          await sleep(Math.min(pause, left, Math.max(10, leaseUntil - now())));
          pause = Math.min(pause * 2, 1000);
        }
        // The row vanished (its write was refused and freed the key): claim it afresh.
      }
    },
  };
}
