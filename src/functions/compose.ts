import type { Verifier } from "../auth/tokens";
import type { RoleSource, Services } from "../service/context";
import { BoardStore } from "../store/boards";
import { tableIdempotency } from "../store/idempotency";
import { ensureTable, Rows, StorageGate, tableClient, type GateOptions, type TableConfig } from "../store/table";
import type { ApiDeps } from "./http";
import { tokenBucket, type RateLimiter } from "./limits";

export interface Composition {
  table: TableConfig;
  verify: Verifier;
  roles: RoleSource;
  now?: () => number;
  limiter?: RateLimiter;
  log?: (message: string, err?: unknown) => void;
  /** Per-try timeout of each storage call. */
  storageTimeoutMs?: number;
  /** How long an Idempotency-Key's claim is its writer's before a retry takes it over. */
  idempotencyLeaseMs?: number;
  /** Load shedding: how many requests may use storage at once, and how long one waits for a place. */
  gate?: GateOptions;
}

/** Wires the store, services and HTTP dependencies; the Functions entry and the local host both call this. */
export async function compose(c: Composition): Promise<ApiDeps & { rows: Rows }> {
  await ensureTable(c.table);
  const rows = new Rows(tableClient(c.table), c.storageTimeoutMs);
  const services: Services = { store: new BoardStore(rows), roles: c.roles, now: c.now ?? Date.now };
  return {
    rows,
    services,
    verify: c.verify,
    limiter: c.limiter ?? tokenBucket(60, 20),
    gate: new StorageGate(c.gate),
    idempotency: tableIdempotency(rows, c.idempotencyLeaseMs ? { leaseMs: c.idempotencyLeaseMs } : {}),
    ...(c.log ? { log: c.log } : {}),
  };
}
