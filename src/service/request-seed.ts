import { AsyncLocalStorage } from "node:async_hooks";
import { createHash } from "node:crypto";
import { encodeTime } from "ulid";

/**
 * A write retried under the same Idempotency-Key must create the same rows, or a retry after a
 * crash or a timeout would create a second topic. The HTTP edge runs such a write inside a seed
 * (caller + key, and the time the key was first claimed); `newId` then derives its ids from it
 * instead of drawing random ones. Outside a seed (bot, sweeps, keyless requests) ids stay random.
 */
export interface IdSeed {
  /** Unique to one caller's one request, e.g. a hash of tenant, user, board and Idempotency-Key. */
  seed: string;
  /** When the key was first claimed: the time part of every id the write creates. */
  at: number;
}

interface Live extends IdSeed {
  n: number;
}

const current = new AsyncLocalStorage<Live>();

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

export function withIdSeed<T>(seed: IdSeed, run: () => Promise<T>): Promise<T> {
  return current.run({ ...seed, n: 0 }, run);
}

/** Whether this write runs under a seed, i.e. may be the retry of one that already wrote. */
export function inSeededWrite(): boolean {
  return current.getStore() !== undefined;
}

/** The next id of the seeded write (a ULID: time of the claim, then 80 bits from the seed), or null outside one. */
export function seededId(): string | null {
  const live = current.getStore();
  if (!live) return null;
  const digest = createHash("sha256").update(`${live.seed}\n${live.n++}`).digest();
  let random = "";
  for (let i = 0; i < 16; i++) random += CROCKFORD[(digest[i] ?? 0) % 32];
  return encodeTime(live.at, 10) + random;
}
