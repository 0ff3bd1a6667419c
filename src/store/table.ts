import { RestError, TableClient, TableServiceClient, type TableEntityResult } from "@azure/data-tables";
import { DefaultAzureCredential } from "@azure/identity";

/** Raised when Table Storage itself fails (down, throttling, timeout): the API answers 503. */
export class StorageUnavailable extends Error {
  constructor(cause: unknown) {
    super("The storage service is not answering.", { cause });
    this.name = "StorageUnavailable";
  }
}

/** A conditional write lost: the row exists already (`exists`) or changed since it was read (`stale`). */
export class WriteConflict extends Error {
  constructor(readonly reason: "exists" | "stale" | "missing") {
    super(`write conflict: ${reason}`);
    this.name = "WriteConflict";
  }
}

export interface Stored<T> {
  value: T;
  etag: string;
}

export interface StoreMetrics {
  /** Storage round trips, counted at the store boundary (a paged query counts one per page). */
  operations: number;
}

export interface TableConfig {
  tableName: string;
  /** Local development and tests (Azurite), or an account that allows shared keys. */
  connectionString?: string;
  /** Production: the table endpoint, reached with the app's managed identity. */
  endpoint?: string;
  managedIdentityClientId?: string;
}

function isLocal(connectionString: string): boolean {
  return /UseDevelopmentStorage=true|127\.0\.0\.1|localhost/i.test(connectionString);
}

const retryOptions = { maxRetries: 2, retryDelayInMs: 200, maxRetryDelayInMs: 1000 };

function credential(config: TableConfig) {
  return new DefaultAzureCredential(config.managedIdentityClientId ? { managedIdentityClientId: config.managedIdentityClientId } : {});
}

export function tableClient(config: TableConfig): TableClient {
  if (config.connectionString) {
    return TableClient.fromConnectionString(config.connectionString, config.tableName, { allowInsecureConnection: isLocal(config.connectionString), retryOptions });
  }
  if (!config.endpoint) throw new Error("Table storage needs a connection string or an endpoint.");
  return new TableClient(config.endpoint, config.tableName, credential(config), { retryOptions });
}

export async function ensureTable(config: TableConfig): Promise<void> {
  const service = config.connectionString
    ? TableServiceClient.fromConnectionString(config.connectionString, { allowInsecureConnection: isLocal(config.connectionString), retryOptions })
    : new TableServiceClient(config.endpoint ?? "", credential(config), { retryOptions });
  try {
    await service.createTable(config.tableName);
  } catch (err) {
    if (!(err instanceof RestError && err.statusCode === 409)) throw new StorageUnavailable(err);
  }
}

/**
 * Whether a stored row carries the same `id` as a value: ids are random or derived from one
 * request's Idempotency-Key, so such a row was written by an earlier try of this very request
 * (a retry after a timeout re-creates it with a later timestamp, but it is the same row).
 */
function sameId(stored: string, value: unknown): boolean {
  const id = (value as { id?: unknown } | null)?.id;
  if (typeof id !== "string") return false;
  try {
    return (JSON.parse(stored) as { id?: unknown } | null)?.id === id;
  } catch {
    return false;
  }
}

interface Row {
  partitionKey: string;
  rowKey: string;
  data: string;
}

function translate(err: unknown): Error {
  if (err instanceof RestError) {
    if (err.statusCode === 409) return new WriteConflict("exists");
    if (err.statusCode === 412) return new WriteConflict("stale");
    if (err.statusCode === 404) return new WriteConflict("missing");
    if (err.statusCode !== undefined && err.statusCode < 500 && err.statusCode !== 408 && err.statusCode !== 429) return err;
  }
  return new StorageUnavailable(err);
}

/**
 * Rows hold one JSON document each (`data`), well under the 64 KiB string limit because every
 * user text is bounded by the domain. All I/O goes through here, so every operation is counted.
 */
export class Rows {
  readonly metrics: StoreMetrics = { operations: 0 };

  private readonly readTimeoutMs: number;

  /**
   * Each storage call gives up after `timeoutMs` (per try), so a hung storage turns into a 503,
   * not a hung request. Reads give up sooner (at most 3 s): a read is cheap to repeat and its
   * client is waiting, while a write cut short leaves its outcome unknown.
   */
  constructor(
    private readonly client: TableClient,
    private readonly timeoutMs = 10_000,
  ) {
    this.readTimeoutMs = Math.min(timeoutMs, 3_000);
  }

  private get options() {
    return { requestOptions: { timeout: this.timeoutMs } };
  }

  private get readOptions() {
    return { requestOptions: { timeout: this.readTimeoutMs } };
  }

  private async op<R>(run: () => Promise<R>): Promise<R> {
    this.metrics.operations++;
    try {
      return await run();
    } catch (err) {
      throw translate(err);
    }
  }

  async get<T>(partitionKey: string, rowKey: string): Promise<Stored<T> | null> {
    try {
      const row = await this.op(() => this.client.getEntity<Row>(partitionKey, rowKey, this.readOptions));
      return { value: JSON.parse(row.data) as T, etag: row.etag };
    } catch (err) {
      if (err instanceof WriteConflict && err.reason === "missing") return null;
      throw err;
    }
  }

  /** Inserts, failing with WriteConflict("exists") when the row is there already: inserts are how claims are made. */
  async insert<T>(partitionKey: string, rowKey: string, value: T): Promise<string> {
    const res = await this.op(() => this.client.createEntity<Row>({ partitionKey, rowKey, data: JSON.stringify(value) }, this.options));
    return res.etag ?? "";
  }

  /**
   * Inserts a row whose content no other writer can produce (it carries a fresh id or nonce). When
   * the row exists holding exactly that content, our own earlier try succeeded and its response
   * was lost (the client library retried): the insert counts as done instead of being repeated
   * elsewhere. Never use it for claims, where two writers may write the same content.
   */
  async insertUnique<T>(partitionKey: string, rowKey: string, value: T): Promise<string> {
    const data = JSON.stringify(value);
    try {
      const res = await this.op(() => this.client.createEntity<Row>({ partitionKey, rowKey, data }, this.options));
      return res.etag ?? "";
    } catch (err) {
      if (!(err instanceof WriteConflict && err.reason === "exists")) throw err;
      const existing = await this.op(() => this.client.getEntity<Row>(partitionKey, rowKey, this.options)).catch(() => null);
      if (existing && (existing.data === data || sameId(existing.data, value))) return existing.etag;
      throw err;
    }
  }

  /** Replaces only if the row is still at `etag`; WriteConflict("stale") otherwise. */
  async replace<T>(partitionKey: string, rowKey: string, value: T, etag: string): Promise<string> {
    const res = await this.op(() => this.client.updateEntity<Row>({ partitionKey, rowKey, data: JSON.stringify(value) }, "Replace", { etag, ...this.options }));
    return res.etag ?? "";
  }

  async upsert<T>(partitionKey: string, rowKey: string, value: T): Promise<void> {
    await this.op(() => this.client.upsertEntity<Row>({ partitionKey, rowKey, data: JSON.stringify(value) }, "Replace", this.options));
  }

  /**
   * Merges top-level properties into a row, creating it if needed. Properties not named stay as
   * they are, so two writers that set different properties never undo each other.
   */
  async mergeProps(partitionKey: string, rowKey: string, props: Record<string, string | number>): Promise<void> {
    await this.op(() => this.client.upsertEntity({ partitionKey, rowKey, ...props }, "Merge", this.options));
  }

  /** A row's top-level properties, or null when it does not exist. */
  async getProps(partitionKey: string, rowKey: string): Promise<Record<string, unknown> | null> {
    try {
      return await this.op(() => this.client.getEntity<Record<string, unknown>>(partitionKey, rowKey, this.readOptions));
    } catch (err) {
      if (err instanceof WriteConflict && err.reason === "missing") return null;
      throw err;
    }
  }

  /** Deletes; returns false when the row was already gone. */
  async remove(partitionKey: string, rowKey: string, etag = "*"): Promise<boolean> {
    try {
      await this.op(() => this.client.deleteEntity(partitionKey, rowKey, { etag, ...this.options }));
      return true;
    } catch (err) {
      if (err instanceof WriteConflict && err.reason === "missing") return false;
      throw err;
    }
  }

  /** Runs a filter to the end, following continuation tokens page by page. */
  async query<T>(filter: string): Promise<{ rowKey: string; value: T; etag: string }[]> {
    const out: { rowKey: string; value: T; etag: string }[] = [];
    const pages = this.client.listEntities<Row>({ queryOptions: { filter }, ...this.readOptions }).byPage({ maxPageSize: 1000 });
    for (;;) {
      const page = await this.op(() => pages.next());
      // The iterator learns it is finished without a round trip; that call is not an operation.
      if (page.done) {
        this.metrics.operations--;
        break;
      }
      for (const row of page.value as TableEntityResult<Row>[]) out.push({ rowKey: row.rowKey ?? "", value: JSON.parse(row.data) as T, etag: row.etag });
    }
    return out;
  }

  /** Inserts many rows of one partition atomically, 100 per transaction (Table Storage's limit). */
  async insertMany<T>(partitionKey: string, rows: { rowKey: string; value: T }[]): Promise<void> {
    for (let i = 0; i < rows.length; i += 100) {
      const chunk = rows.slice(i, i + 100);
      await this.op(() =>
        this.client.submitTransaction(
          chunk.map((r) => ["create", { partitionKey, rowKey: r.rowKey, data: JSON.stringify(r.value) }]),
          this.options,
        ),
      );
    }
  }
}

/** Refused before touching storage because too many requests are using it: nothing was changed. */
export class Overloaded extends Error {
  constructor() {
    super("Too many requests are using storage at once.");
    this.name = "Overloaded";
  }
}

export interface GateOptions {
  /** Requests using storage at once (each makes a few storage calls, some in parallel). */
  maxInFlight?: number;
  /** How long a request may wait for a place before it is refused (keeps refusals fast); when as many wait as fit in flight, it is refused at once. */
  maxWaitMs?: number;
}

/**
 * Caps the requests using storage at once on this instance. Beyond the cap a request waits a
 * moment for a place and is then refused (the API answers 503 with a jittered Retry-After), so a
 * burst is answered fast instead of piling up behind storage timeouts. A request is admitted
 * whole: once in, its storage calls are never refused halfway through a write. Cheap polls
 * (answerable with 304) have their own places and go first when places free up.
 */
export class StorageGate {
  private inFlight = 0;
  private pollsInFlight = 0;
  private readonly waiting: { poll: boolean; admit: () => void }[] = [];
  readonly maxInFlight: number;
  readonly maxWaitMs: number;
  /** Requests refused so far, for the bench and the logs. */
  refused = 0;

  constructor(options: GateOptions = {}) {
    this.maxInFlight = options.maxInFlight ?? 64;
    this.maxWaitMs = options.maxWaitMs ?? 800;
  }

  /** Requests using storage now (ordinary and polls). */
  get inUse(): number {
    return this.inFlight + this.pollsInFlight;
  }

  private free(poll: boolean): boolean {
    // Polls get as many places again: a poll is one small read, usually answered with 304.
    return poll ? this.pollsInFlight < this.maxInFlight : this.inFlight < this.maxInFlight;
  }

  private take(poll: boolean): () => void {
    if (poll) this.pollsInFlight++;
    else this.inFlight++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (poll) this.pollsInFlight--;
      else this.inFlight--;
      this.wake();
    };
  }

  private wake(): void {
    // Polls first, then others, each in arrival order.
    for (const poll of [true, false]) {
      for (let i = 0; i < this.waiting.length; ) {
        const w = this.waiting[i]!;
        if (w.poll === poll && this.free(poll)) {
          this.waiting.splice(i, 1);
          w.admit();
        } else i++;
      }
    }
  }

  /** Runs `work` once admitted; throws Overloaded (having done nothing) when no place frees up in time. */
  async run<T>(poll: boolean, work: () => Promise<T>): Promise<T> {
    const release = await this.enter(poll);
    try {
      return await work();
    } finally {
      release();
    }
  }

  private enter(poll: boolean): Promise<() => void> {
    const queued = this.waiting.filter((w) => w.poll === poll).length;
    if (this.free(poll) && queued === 0) return Promise.resolve(this.take(poll));
    // As many already wait as can be in flight: this one would not get in within the wait either.
    if (queued >= this.maxInFlight) {
      this.refused++;
      return Promise.reject(new Overloaded());
    }
    return new Promise((resolve, reject) => {
      const entry = {
        poll,
        admit: () => {
          clearTimeout(timer);
          resolve(this.take(poll));
        },
      };
      const timer = setTimeout(() => {
        const at = this.waiting.indexOf(entry);
        if (at >= 0) this.waiting.splice(at, 1);
        this.refused++;
        reject(new Overloaded());
      }, this.maxWaitMs);
      this.waiting.push(entry);
    });
  }
}
