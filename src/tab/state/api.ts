import type { SessionView } from "../../domain";
import { ServerClock } from "./clock";

export type BoardState = SessionView & { serverTime: number };

/** An RFC 9457 problem from the API, or a network failure (status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly field?: string,
    readonly code?: string,
    /** A refused stale edit (`edit_conflict`): each conflicting field's text now, and the text sent. */
    readonly texts?: { current: Record<string, string>; yours: Record<string, string> },
  ) {
    super(detail);
  }
}

/** One poll of the board: a fresh view with its ETag, or "unchanged since that ETag" (304). */
export type StatePoll = { changed: true; state: BoardState; etag: string | null } | { changed: false };

const RETRIES = 2;

/**
 * Where the API lives: `VITE_API_BASE_URL` (set at build time when the tab is served from another
 * origin than the API, e.g. a static site) followed by `/api`; unset or empty, the same origin.
 */
export function apiBase(configured: string | undefined = import.meta.env.VITE_API_BASE_URL): string {
  return `${(configured ?? "").trim().replace(/\/+$/, "")}/api`;
}

/** The API as the tab uses it: bearer token, server clock, idempotent retries of writes. */
export class ApiClient {
  readonly clock = new ServerClock();

  constructor(
    private readonly chatId: string,
    private readonly getToken: () => Promise<string>,
    private readonly base = apiBase(),
  ) {}

  private path(p: string): string {
    return `${this.base}/boards/${encodeURIComponent(this.chatId)}${p}`;
  }

  private async fetch(url: string, init: RequestInit): Promise<Response> {
    let token: string;
    try {
      token = await this.getToken();
    } catch (err) {
      // No token means no sign-in (e.g. consent missing in Teams): not a network problem.
      throw new ApiError(401, `Sign-in failed: ${err instanceof Error ? err.message : String(err)}`, undefined, "sign_in");
    }
    const headers = new Headers(init.headers);
    headers.set("Authorization", `Bearer ${token}`);
    const sentAt = Date.now();
    let res: Response;
    try {
      res = await fetch(url, { ...init, headers, cache: "no-store" });
    } catch (err) {
      throw new ApiError(0, err instanceof Error ? err.message : String(err));
    }
    const server = Number(res.headers.get("X-Server-Time"));
    if (res.headers.has("X-Server-Time")) this.clock.sample(sentAt, Date.now(), server);
    return res;
  }

  private static async problem(res: Response): Promise<ApiError> {
    let body: { detail?: string; title?: string; field?: string; code?: string; current?: Record<string, string>; yours?: Record<string, string> } = {};
    try {
      body = (await res.json()) as typeof body;
    } catch {
      /* not JSON */
    }
    const texts = body.current && body.yours ? { current: body.current, yours: body.yours } : undefined;
    return new ApiError(res.status, body.detail ?? body.title ?? `HTTP ${res.status}`, body.field, body.code, texts);
  }

  /** A read of a text export (e.g. the summary as Markdown or CSV). */
  async readText(p: string): Promise<string> {
    const res = await this.fetch(this.path(p), {});
    if (!res.ok) throw await ApiClient.problem(res);
    return res.text();
  }

  async readJson<T>(p: string): Promise<T> {
    const res = await this.fetch(this.path(p), {});
    if (!res.ok) throw await ApiClient.problem(res);
    return (await res.json()) as T;
  }

  async readState(etag: string | null): Promise<StatePoll> {
    const res = await this.fetch(this.path("/state"), { headers: etag ? { "If-None-Match": etag } : {} });
    if (res.status === 304) return { changed: false };
    if (!res.ok) throw await ApiClient.problem(res);
    return { changed: true, state: (await res.json()) as BoardState, etag: res.headers.get("ETag") };
  }

  /** Opens the board's change stream (Server-Sent Events), with the token and the ETag the panel has. */
  async openChanges(etag: string | null, signal: AbortSignal): Promise<Response> {
    return this.fetch(this.path("/changes"), { headers: etag ? { "If-None-Match": etag } : {}, signal });
  }

  /**
   * Every write carries an Idempotency-Key, and every retry the same one: after a network failure,
   * a 503 (the change may or may not have been saved) or a 409 `in_progress` (the first try is
   * still running), the server finishes or replays that one write instead of making a second.
   * Retries wait as long as the server's Retry-After asks (at most 8 s), with jitter.
   */
  async send<T = unknown>(method: string, p: string, body?: unknown): Promise<T> {
    const key = crypto.randomUUID();
    for (let attempt = 0; ; attempt++) {
      let retryAfterS = 0;
      try {
        const res = await this.fetch(this.path(p), {
          method,
          headers: { "Idempotency-Key": key, ...(body !== undefined ? { "Content-Type": "application/json" } : {}) },
          ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        });
        if (res.status === 204) return undefined as T;
        retryAfterS = Math.min(8, Number(res.headers.get("Retry-After")) || 0);
        if (!res.ok) throw await ApiClient.problem(res);
        return (await res.json()) as T;
      } catch (err) {
        const retriable = err instanceof ApiError && (err.status === 0 || err.status === 503 || (err.status === 409 && err.code === "in_progress"));
        if (!retriable || attempt >= RETRIES) throw err;
        await new Promise((r) => setTimeout(r, Math.max(300 * 2 ** attempt, retryAfterS * 1000) + Math.random() * 200));
      }
    }
  }
}
