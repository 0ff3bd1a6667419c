import { RestError, TableClient, TableServiceClient, type TableEntityResult, type TransactionAction } from "@azure/data-tables";
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

  /** Each storage call gives up after `timeoutMs` (per try), so a hung storage turns into a 503, not a hung request. */
  constructor(
    private readonly client: TableClient,
    private readonly timeoutMs = 10_000,
  ) {}

  private get options() {
    return { requestOptions: { timeout: this.timeoutMs } };
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
      const row = await this.op(() => this.client.getEntity<Row>(partitionKey, rowKey, this.options));
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
      if (existing?.data === data) return existing.etag;
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
      return await this.op(() => this.client.getEntity<Record<string, unknown>>(partitionKey, rowKey, this.options));
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

  /** Runs a filter to the end, following continuation tokens page by page; `props` are each row's top-level properties. */
  async query<T>(filter: string): Promise<{ rowKey: string; value: T; etag: string; props: Record<string, unknown> }[]> {
    const out: { rowKey: string; value: T; etag: string; props: Record<string, unknown> }[] = [];
    const pages = this.client.listEntities<Row>({ queryOptions: { filter }, ...this.options }).byPage({ maxPageSize: 1000 });
    for (;;) {
      const page = await this.op(() => pages.next());
      // The iterator learns it is finished without a round trip; that call is not an operation.
      if (page.done) {
        this.metrics.operations--;
        break;
      }
      for (const row of page.value as TableEntityResult<Row>[]) {
        out.push({ rowKey: row.rowKey ?? "", value: (row.data === undefined ? null : JSON.parse(row.data)) as T, etag: row.etag, props: row as unknown as Record<string, unknown> });
      }
    }
    return out;
  }

  /**
   * One atomic transaction in one partition: insert or delete a row and merge properties into
   * another (a change and its change marker in one round trip). An insert of a row that exists,
   * or a delete of one that is gone, fails the whole transaction (WriteConflict "exists" or
   * "missing"). No ETag is checked inside: Azurite ignores ETags in batches, so a conditional
   * write never goes here. An insert that fails as "exists" holding exactly our content is our own
   * earlier try whose response was lost (see `insertUnique`): it counts as done.
   */
  async transact(partitionKey: string, change: { insert: { rowKey: string; value: unknown } } | { remove: string }, merge: { rowKey: string; props: Record<string, string | number> }): Promise<void> {
    const data = "insert" in change ? JSON.stringify(change.insert.value) : "";
    const first: TransactionAction =
      "insert" in change ? ["create", { partitionKey, rowKey: change.insert.rowKey, data }] : ["delete", { partitionKey, rowKey: change.remove }];
    try {
      await this.op(async () => {
        const res = await this.client.submitTransaction([first, ["upsert", { partitionKey, rowKey: merge.rowKey, ...merge.props }, "Merge"]], this.options);
        // A failed sub-operation may come back as a 202 whose part carries the error.
        const failed = res.subResponses.find((r) => r.status >= 300);
        if (failed) throw new RestError("transaction failed", { statusCode: failed.status });
      });
    } catch (err) {
      if (!("insert" in change) || !(err instanceof WriteConflict && err.reason === "exists")) throw err;
      const existing = await this.op(() => this.client.getEntity<Row>(partitionKey, change.insert.rowKey, this.options)).catch(() => null);
      if (existing?.data !== data) throw err;
    }
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
