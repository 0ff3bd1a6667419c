import path from "node:path";
import { randomBytes } from "node:crypto";
import { startLocalHost, type LocalHost, type LocalHostOptions } from "../../src/local/host";
import { tokenBucket } from "../../src/functions/limits";
import { localUserId, LOCAL_TENANT } from "../../src/auth/local-issuer";
import type { MeetingRole } from "../../src/domain";

/** The Azurite the run started (tests/support/global-setup.ts). */
export function azuriteConnectionString(): string {
  const cs = process.env["TEST_AZURITE_CONNECTION_STRING"];
  if (!cs) throw new Error("Azurite was not started: run the tests through jest's globalSetup");
  return cs;
}

export function uniqueTable(prefix = "t"): string {
  return `${prefix}${randomBytes(6).toString("hex")}`;
}

export const TAB_DIR = path.resolve(__dirname, "..", "..", "dist", "tab");

/** A real local host (HTTP server, route table, local issuer) on a free port over the run's Azurite. */
export async function startStack(options: Partial<LocalHostOptions> = {}): Promise<Stack> {
  const host = await startLocalHost({
    port: 0,
    connectionString: azuriteConnectionString(),
    tableName: uniqueTable(),
    tabDir: TAB_DIR,
    // Tests script many requests per person; the rate limit has its own test.
    limiter: tokenBucket(10_000, 10_000),
    // Likewise load shedding, which tests/reliability/shedding.test.ts saturates on purpose.
    gate: { maxInFlight: 10_000 },
    ...options,
  });
  return new Stack(host);
}

/** Two instances of the app over one table, as Azure runs it when it scales out. */
export async function startTwoInstances(): Promise<[Stack, Stack]> {
  const tableName = uniqueTable();
  return [await startStack({ tableName }), await startStack({ tableName })];
}

export interface Reply<T = unknown> {
  status: number;
  body: T;
  text: string;
  headers: Headers;
}

export class Stack {
  private readonly tokens = new Map<string, string>();
  constructor(readonly host: LocalHost) {}

  get url(): string {
    return this.host.url;
  }

  userId(name: string, tenant = LOCAL_TENANT): string {
    return localUserId(name, tenant);
  }

  async token(name: string, tenant?: string): Promise<string> {
    const key = `${name}/${tenant ?? ""}`;
    const cached = this.tokens.get(key);
    if (cached) return cached;
    const token = await this.host.issuer.issue(name, tenant ? { tenant } : {});
    this.tokens.set(key, token);
    return token;
  }

  /** Adds a person to a chat's roster (or changes their role) through the local participants route, as Teams would tell the bot. */
  async join(chatId: string, name: string, role: MeetingRole = "attendee", tenant?: string): Promise<void> {
    const q = new URLSearchParams({ chatId, as: name, role, ...(tenant ? { tenant } : {}) });
    const res = await fetch(`${this.url}/api/local/participants?${q.toString()}`, { method: "PUT" });
    if (res.status !== 200) throw new Error(`join ${name} to ${chatId}: ${res.status} ${await res.text()}`);
  }

  /** Several people at once, as attendees. */
  async joinAll(chatId: string, names: string[], tenant?: string): Promise<void> {
    for (const name of names) await this.join(chatId, name, "attendee", tenant);
  }

  /** The usual meeting of the tests: alice organizes it, bob, carol and dave attend. */
  async joinCast(chatId: string, tenant?: string): Promise<void> {
    await this.join(chatId, "alice", "organizer", tenant);
    await this.joinAll(chatId, ["bob", "carol", "dave"], tenant);
  }

  /** Removes a person from a chat's roster through the local participants route. */
  async leave(chatId: string, name: string, tenant?: string): Promise<void> {
    const q = new URLSearchParams({ chatId, as: name, ...(tenant ? { tenant } : {}) });
    const res = await fetch(`${this.url}/api/local/participants?${q.toString()}`, { method: "DELETE" });
    if (res.status !== 200) throw new Error(`leave ${name} from ${chatId}: ${res.status} ${await res.text()}`);
  }

  /** Sets a person's meeting role in a chat (adding them to its roster). */
  setRole(chatId: string, name: string, role: MeetingRole, tenant?: string): Promise<void> {
    return this.join(chatId, name, role, tenant);
  }

  /** A request as a person would send it from the tab: their own token, JSON in and out. */
  async call<T = unknown>(as: string | null, method: string, apiPath: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply<T>> {
    const h: Record<string, string> = { ...headers };
    if (as) h["authorization"] = `Bearer ${await this.token(as)}`;
    if (body !== undefined) h["content-type"] = "application/json";
    const res = await fetch(`${this.url}/api/${apiPath}`, { method, headers: h, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* text bodies (Markdown, CSV) stay text */
    }
    return { status: res.status, body: parsed as T, text, headers: res.headers };
  }

  close(): Promise<void> {
    return this.host.close();
  }
}

export function board(chatId: string): string {
  return `boards/${encodeURIComponent(chatId)}`;
}

/** Calls on one board as a person, for seeding a scenario: any refusal fails the test with the API's answer. */
export function boardCaller(stack: Stack, chatId: string) {
  return async <T>(as: string, method: string, path: string, body?: unknown): Promise<T> => {
    const res = await stack.call<T>(as, method, `${board(chatId)}/${path}`, body);
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${res.text}`);
    return res.body;
  };
}
