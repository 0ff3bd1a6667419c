import type { HttpRequest, HttpResponseInit, InvocationContext } from "@azure/functions";
import { createHash } from "node:crypto";
import { z } from "zod/v4";
import { DomainError, EditConflict, type DomainErrorCode } from "../domain";
import { Unauthenticated, type Verifier } from "../auth/tokens";
import type { BotEndpoint, Method, RawRoute } from "../http/raw-route";
import { ChatId, Id } from "../schemas";
import type { Caller, Services } from "../service/context";
import type { ChangeFeed } from "../service/changes";
import { readState } from "../service/state";
import { admitMember } from "../service/board-step";
import { withIdSeed } from "../service/request-seed";
import { Overloaded, StorageUnavailable, type StorageGate } from "../store/table";
import type { Idempotency } from "../store/idempotency";
import type { RateLimiter } from "./limits";

/** Everything a handler may use; built once by whichever host serves the route table. */
export interface ApiDeps {
  services: Services;
  verify: Verifier;
  limiter: RateLimiter;
  idempotency: Idempotency;
  /** Caps the requests using storage at once; none in unit setups that build their own deps. */
  gate?: StorageGate;
  log?: (message: string, err?: unknown) => void;
  /** The bot behind `/api/messages`, composed with the rest; a host without one answers 503 there. */
  bot?: BotEndpoint;
  /** Tells listening panels of changes (the `watchBoard` stream); a host without one answers 503 there. */
  changes?: ChangeFeed;
}

export interface Result {
  status: number;
  json?: unknown;
  text?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

export interface Input<B, Q> {
  caller: Caller;
  chatId: string;
  params: Record<string, string>;
  body: B;
  query: Q;
  headers: HttpRequest["headers"];
}

export interface Route<B = unknown, Q = unknown> {
  name: string;
  method: Method;
  /** Functions route template under /api, e.g. `boards/{chatId}/topics/{topicId}`. */
  route: string;
  summary: string;
  /** Facilitator-only: the one declaration (see routes.ts), documented in OpenAPI and held to by a generated test. */
  facilitator?: boolean;
  /**
   * Only the board's members (its roster) may use it: anyone else gets 404, before anything is
   * read or written (idempotency rows included). Every board route says so; a test walks the table.
   */
  member?: boolean;
  body?: z.ZodType<B>;
  query?: z.ZodType<Q>;
  /** Response schemas by status, for the OpenAPI document and its tests. */
  responses: Record<number, z.ZodType | "text/markdown" | "text/csv">;
  run(input: Input<B, Q>, deps: ApiDeps): Promise<Result>;
}

export type AnyRoute = Route<never, never> | RawRoute<ApiDeps>;

export const MAX_BODY_BYTES = 64 * 1024;

const STATUS: Record<DomainErrorCode, number> = {
  invalid: 400,
  not_found: 404,
  forbidden: 403,
  vote_limit: 409,
  already_voted: 409,
  team_limit: 409,
  limit: 409,
  wrong_state: 409,
  conflict: 409,
  edit_conflict: 409,
};

const TITLES: Record<number, string> = {
  400: "The request is not valid",
  401: "Sign-in required",
  403: "Not allowed",
  404: "Not found",
  409: "Refused",
  412: "Changed meanwhile",
  413: "Request too large",
  405: "Method not allowed",
  415: "Send JSON",
  422: "Not processable",
  431: "Request too large",
  429: "Too many requests",
  500: "Something went wrong on our side",
  503: "Storage is not answering",
};

/** RFC 9457 problem details; `field` names the input at fault when there is one. */
export function problem(status: number, code: string, detail: string, field?: string, extra: Record<string, unknown> = {}): Result {
  return {
    status,
    contentType: "application/problem+json",
    json: { type: `urn:scrum-of-scrums:problem:${code}`, title: TITLES[status] ?? "Error", status, code, detail, ...(field ? { field } : {}), ...extra },
  };
}

/** Storage is not answering (a request, or a cold start that cannot reach it yet): try again shortly. */
/** Before the app could start handling a request (e.g. a cold start that can't reach storage): nothing was done. */
export function unavailable(): Result {
  return storageUnavailable(false);
}

function zodProblem(where: "body" | "query" | "path", error: z.ZodError): Result {
  const errors = error.issues.map((i) => ({ field: i.path.map(String).join(".") || where, message: i.message }));
  const first = errors[0] ?? { field: where, message: "Not valid." };
  return problem(400, "invalid", `${first.field}: ${first.message}`, first.field, { errors });
}

export class Refusal extends Error {
  constructor(readonly result: Result) {
    super(String((result.json as { detail?: string } | undefined)?.detail ?? "refused"));
  }
}

/** Who is calling (from the validated token), within their rate limit; a Refusal otherwise. */
export async function callerOf(request: HttpRequest, deps: ApiDeps, write: boolean): Promise<Caller> {
  const caller = await deps.verify(request.headers.get("authorization"));
  const wait = deps.limiter.take(caller.tenantId + "/" + caller.userId, write);
  if (wait > 0) {
    throw new Refusal({ ...problem(429, "rate_limited", `Too many requests; wait ${Math.ceil(wait / 1000)} s.`), headers: { "Retry-After": String(Math.ceil(wait / 1000)) } });
  }
  return caller;
}

/** Retry-After spread over a range, so clients refused together do not all come back together. */
export function jitteredRetryAfter(minS: number, maxS: number): string {
  return String(minS + Math.floor(Math.random() * (maxS - minS + 1)));
}

/**
 * Storage did not answer. A read changed nothing; a write timed out with an unknown outcome (it
 * may land when storage wakes up), so the client must retry with the same Idempotency-Key, which
 * finishes that very write instead of making a second one.
 */
export function storageUnavailable(write: boolean): Result {
  const detail = write
    ? "Storage is not answering right now; the change may or may not have been saved — retry with the same Idempotency-Key in a few seconds."
    : "Storage is not answering right now; nothing was changed. Try again in a few seconds.";
  return { ...problem(503, write ? "outcome_unknown" : "unavailable", detail), headers: { "Retry-After": jitteredRetryAfter(2, 8) } };
}

export function toResult(err: unknown, deps: ApiDeps, write: boolean): Result {
  if (err instanceof Refusal) return err.result;
  // A stale edit answers both texts, so the editor can offer keep mine / keep theirs / combine.
  if (err instanceof EditConflict) return problem(409, err.code, err.message, err.field, { current: err.current, yours: err.yours });
  if (err instanceof DomainError) return problem(STATUS[err.code], err.code, err.message, err.field);
  if (err instanceof Unauthenticated) return { ...problem(401, "unauthenticated", err.message), headers: { "WWW-Authenticate": 'Bearer error="invalid_token"' } };
  if (err instanceof StorageUnavailable) return storageUnavailable(write);
  deps.log?.("unhandled error", err);
  return problem(500, "internal", "Something went wrong on our side; nothing you sent was lost. Try again.");
}

export function toResponse(result: Result, now: number): HttpResponseInit {
  const headers: Record<string, string> = {
    "X-Server-Time": String(now),
    "Cache-Control": "no-store",
    // Answers are JSON or text, never something a browser should guess into HTML or script.
    "X-Content-Type-Options": "nosniff",
    // The tab may be served from another origin (static hosting); the platform's CORS answers the
    // preflight, and these let the tab read the clock and the ETag it polls with.
    "Access-Control-Expose-Headers": "ETag, X-Server-Time, Retry-After, Content-Disposition, Idempotent-Replayed",
    ...result.headers,
  };
  if (result.json !== undefined) {
    headers["Content-Type"] = result.contentType ?? "application/json; charset=utf-8";
    return { status: result.status, headers, body: JSON.stringify(result.json) };
  }
  if (result.text !== undefined) headers["Content-Type"] = result.contentType ?? "text/plain; charset=utf-8";
  return { status: result.status, headers, ...(result.text !== undefined ? { body: result.text } : {}) };
}

const PARAM_SCHEMAS: Record<string, z.ZodType<string>> = { chatId: ChatId };

async function readBody(request: HttpRequest): Promise<unknown> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) throw new Refusal(problem(413, "too_large", `Send at most ${MAX_BODY_BYTES / 1024} KiB.`));
  const bytes = Buffer.from(await request.arrayBuffer());
  if (bytes.length > MAX_BODY_BYTES) throw new Refusal(problem(413, "too_large", `Send at most ${MAX_BODY_BYTES / 1024} KiB.`));
  if (bytes.length === 0) return {};
  if (!/^application\/(.+\+)?json\b/i.test(request.headers.get("content-type") ?? "")) {
    throw new Refusal(problem(415, "unsupported_media_type", "Send the body as application/json."));
  }
  try {
    return JSON.parse(bytes.toString("utf8")) as unknown;
  } catch {
    throw new Refusal(problem(400, "invalid", "The body is not valid JSON.", "body"));
  }
}

function parse<T>(schema: z.ZodType<T> | undefined, value: unknown, where: "body" | "query"): T {
  if (!schema) return undefined as T;
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new Refusal(zodProblem(where, parsed.error));
  return parsed.data;
}

function requestHash(request: HttpRequest, body: unknown): string {
  return createHash("sha256").update(`${request.method} ${new URL(request.url).pathname}\n${JSON.stringify(body)}`).digest("hex");
}

/**
 * Runs a write once per Idempotency-Key. Its ids derive from the caller and the key, so a retry
 * that finishes a write cut short (crash, storage timeout) re-creates the same rows, not new ones.
 */
function runOnce(deps: ApiDeps, caller: Caller, chatId: string, key: string, hash: string, run: () => Promise<Result>): Promise<Result> {
  const seed = createHash("sha256").update(JSON.stringify([caller.tenantId, chatId, caller.userId, key])).digest("hex");
  return deps.idempotency.once({ tenantId: caller.tenantId, chatId }, caller.userId, key, hash, (claim) => withIdSeed({ seed, at: claim.at }, run));
}

/** Adapts one route to a Functions v4 handler; the local host calls exactly this too. */
export function handlerFor(route: AnyRoute, deps: ApiDeps): (request: HttpRequest, context: InvocationContext) => Promise<HttpResponseInit> {
  if ("raw" in route) return (request, context) => route.raw(request, context, deps);
  const handle = async (request: HttpRequest): Promise<HttpResponseInit> => {
    const now = () => deps.services.now();
    try {
      const caller = await callerOf(request, deps, route.method !== "GET");
      const params: Record<string, string> = {};
      for (const [name, value] of Object.entries(request.params)) {
        const parsed = (PARAM_SCHEMAS[name] ?? Id).safeParse(value);
        if (!parsed.success) return toResponse(zodProblem("path", new z.ZodError(parsed.error.issues.map((i) => ({ ...i, path: [name] })))), now());
        params[name] = parsed.data;
      }
      // Outsiders are turned away first, whatever they send: before the body is read, an If-Match read or an Idempotency-Key row.
      if (route.member) await admitMember(deps.services, caller, params["chatId"] ?? "");
      const query = parse(route.query, Object.fromEntries(request.query.entries()), "query");
      const raw = route.method === "GET" || route.method === "DELETE" ? {} : await readBody(request);
      const body = parse(route.body, raw, "body");
      const chatId = params["chatId"] ?? "";
      const input: Input<never, never> = { caller, chatId, params, body: body as never, query: query as never, headers: request.headers };
      const run = async () => {
        try {
          return await route.run(input, deps);
        } catch (err) {
          return toResult(err, deps, route.method !== "GET");
        }
      };
      // If-Match: act only on the board as the caller last saw it (its state ETag), e.g. a
      // facilitator's "next topic" chosen from a queue that has since changed.
      const ifMatch = request.headers.get("if-match");
      if (ifMatch !== null && route.method !== "GET" && chatId) {
        const seen = await readState(deps.services, caller, chatId, ifMatch);
        if (seen.changed) {
          return toResponse({ ...problem(412, "precondition_failed", "The board changed since you looked at it; nothing was done. Look again and retry."), headers: { ETag: seen.etag } }, now());
        }
      }
      const key = request.headers.get("idempotency-key");
      if (key === null || route.method === "GET") return toResponse(await run(), now());
      if (!/^[\x21-\x7E]{1,100}$/.test(key)) return toResponse(problem(400, "invalid", "An Idempotency-Key is 1 to 100 visible ASCII characters.", "Idempotency-Key"), now());
      return toResponse(await runOnce(deps, caller, chatId, key, requestHash(request, body), run), now());
    } catch (err) {
      return toResponse(toResult(err, deps, route.method !== "GET"), now());
    }
  };
  return (request) => throughGate(deps, route, request, () => handle(request));
}

/**
 * Admits a request to storage only while this instance has room (see StorageGate); beyond it the
 * request is refused at once, before anything is read or written. Polls that may be answered with
 * 304 go first. The Retry-After is spread so refused clients do not all return together.
 */
async function throughGate(deps: ApiDeps, route: AnyRoute, request: HttpRequest, handle: () => Promise<HttpResponseInit>): Promise<HttpResponseInit> {
  if (!deps.gate) return handle();
  const poll = route.method === "GET" && request.headers.has("if-none-match");
  try {
    return await deps.gate.run(poll, handle);
  } catch (err) {
    if (!(err instanceof Overloaded)) throw err;
    const refused = problem(503, "overloaded", "Too many requests at once right now; nothing was changed. Try again in a few seconds.");
    return toResponse({ ...refused, headers: { "Retry-After": jitteredRetryAfter(1, 10) } }, deps.services.now());
  }
}

export function ok(json: unknown, status = 200): Result {
  return { status, json };
}
