import { keys, type BoardRef } from "./keys";
import { type Rows, WriteConflict } from "./table";

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
  at: number;
}

export interface Idempotency {
  /**
   * Runs `write` once per (user, key). The first request claims the key by inserting its row; a
   * retry or a concurrent duplicate waits for that row to hold the result and answers with it.
   */
  once(board: BoardRef, userId: string, key: string, requestHash: string, write: () => Promise<SavedResult>): Promise<SavedResult>;
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

const inFlight = (): SavedResult => ({
  status: 409,
  contentType: "application/problem+json",
  headers: { "Retry-After": "1" },
  json: { type: "urn:scrum-of-scrums:problem:in_progress", title: "Refused", status: 409, code: "in_progress", detail: "The same request is still being processed; retry in a second." },
});

export function tableIdempotency(rows: Rows, waitMs = 10_000): Idempotency {
  return {
    async once(board, userId, key, requestHash, write) {
      const pk = keys.idempotency(board);
      const rk = keys.idempotencyRow(userId, key);
      try {
        await rows.insert<Record_>(pk, rk, { requestHash, state: "pending", at: Date.now() });
      } catch (err) {
        if (!(err instanceof WriteConflict && err.reason === "exists")) throw err;
        for (const started = Date.now(); Date.now() - started < waitMs; ) {
          const seen = await rows.get<Record_>(pk, rk);
          if (!seen) break;
          if (seen.value.requestHash !== requestHash) return reused();
          if (seen.value.state === "done" && seen.value.result) return { ...seen.value.result, headers: { ...seen.value.result.headers, "Idempotent-Replayed": "true" } };
          await new Promise((r) => setTimeout(r, 50));
        }
        return inFlight();
      }
      let result: SavedResult;
      try {
        result = await write();
      } catch (err) {
        // Nothing was decided: free the key so the client's retry can run.
        await rows.remove(pk, rk).catch(() => undefined);
        throw err;
      }
      if (result.status >= 500) await rows.remove(pk, rk).catch(() => undefined);
      else await rows.upsert<Record_>(pk, rk, { requestHash, state: "done", result, at: Date.now() });
      return result;
    },
  };
}
