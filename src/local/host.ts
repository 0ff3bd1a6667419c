import { HttpRequest, InvocationContext, type HttpResponseInit } from "@azure/functions";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { ReadableStream } from "node:stream/web";
import path from "node:path";
import type { MeetingRole } from "../domain";
import { createLocalIssuer, LOCAL_TENANT, localUserId, type LocalIssuer } from "../auth/local-issuer";
import { createVerifier, entraAuthConfig, type Verifier } from "../auth/tokens";
import type { TeamsSettings } from "../config";
import { teamsLookup, type ParticipantLookup } from "../functions/roles";
import type { StoredRosterOptions } from "../service/roster";
import type { BotCredentials } from "../bot/adapter";
import { compose, type Composed, type ComposedBot } from "../functions/compose";
import { handlerFor, MAX_BODY_BYTES, problem, toResponse, type AnyRoute, type ApiDeps } from "../functions/http";
import { routes as apiRoutes } from "../functions/routes";
import type { RateLimiter } from "../functions/limits";
import type { GateOptions } from "../store/table";
import { LocalParticipants } from "./participants";
import { isPersonId } from "../domain";
import { tabCacheControl, tabCsp } from "./tab-headers";
import type { Outbox } from "../bot/outbox";

/**
 * Stands in for the Azure Functions host (Core Tools cannot be installed here): it serves the
 * same route table through the same handlers, the built tab at `/`, and local-only helpers under
 * `/api/local/` (token issuer, its JWKS, the meeting's participant roles).
 */
export interface LocalHostOptions {
  port: number;
  host?: string;
  connectionString: string;
  tableName: string;
  tabDir?: string;
  routes?: AnyRoute[];
  limiter?: RateLimiter;
  now?: () => number;
  /** Public origin used in token issuers; defaults to http://localhost:{port}. */
  origin?: string;
  /** Per-try timeout of each storage call (fault tests shorten it). */
  storageTimeoutMs?: number;
  /** How long an Idempotency-Key's claim is its writer's (fault tests shorten it). */
  idempotencyLeaseMs?: number;
  /** Load shedding (tests and the bench make it small to saturate it). */
  gate?: GateOptions;
  /** Runs the bot's reminder sweep this often (ms); off when absent (tests call `bot.sweep(now)`). */
  sweepIntervalMs?: number;
  /** The bot's outbox (limits and retries); tests pass one with their own clock. */
  botOutbox?: Outbox;
  /**
   * Debugging in real Teams (settings from .localConfigs): the bot authenticates with its app id,
   * the API accepts only Entra tokens of the allowed tenants, and the `/api/local/*` helpers are gone.
   */
  teams?: TeamsSettings | null;
}

export interface LocalHost {
  url: string;
  port: number;
  server: Server;
  deps: Composed;
  issuer: LocalIssuer;
  participants: LocalParticipants;
  /** The bot behind /api/messages (no app id: local development only). */
  bot: ComposedBot;
  close(): Promise<void>;
}

interface Compiled {
  route: AnyRoute;
  pattern: RegExp;
  names: string[];
  handler: ReturnType<typeof handlerFor>;
}

function compile(route: AnyRoute, deps: ApiDeps): Compiled {
  const names: string[] = [];
  const source = route.route
    .split("/")
    .map((part) => {
      const m = /^\{(\w+)\}$/.exec(part);
      if (!m?.[1]) return part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      names.push(m[1]);
      return "([^/]+)";
    })
    .join("/");
  return { route, pattern: new RegExp(`^/api/${source}$`), names, handler: handlerFor(route, deps) };
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
};

function problemInit(status: number, code: string, detail: string): HttpResponseInit {
  return toResponse(problem(status, code, detail), Date.now());
}

async function readLimited(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    // Keep one byte past the limit so the handler sees the body is too large, then stop reading.
    if (size > MAX_BODY_BYTES + 1) {
      chunks.push(buf.subarray(0, Math.max(0, buf.length - (size - MAX_BODY_BYTES - 1))));
      break;
    }
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

/**
 * The tab's headers on the local host: the production policy plus the host's own origin as a
 * framer (a developer's own page may embed it with ?host=browser).
 */
function tabSecurityHeaders(origin: string): Record<string, string> {
  return { "Content-Security-Policy": tabCsp({ extraAncestors: [origin, "'self'"] }), "X-Content-Type-Options": "nosniff" };
}

function send(res: ServerResponse, init: HttpResponseInit): void | Promise<void> {
  const headers = new Headers(init.headers as ConstructorParameters<typeof Headers>[0]);
  res.statusCode = init.status ?? 200;
  // Every answer is what its Content-Type says; browsers must not guess otherwise.
  res.setHeader("X-Content-Type-Options", "nosniff");
  headers.forEach((value, name) => res.setHeader(name, value));
  const body = init.body;
  if (body === undefined || body === null) return void res.end();
  if (typeof body === "string" || body instanceof Uint8Array) return void res.end(body);
  if (body instanceof ReadableStream) return stream(res, body as ReadableStream<Uint8Array>);
  // Handlers answer with strings, bytes or a stream; anything else is a programming error worth seeing.
  throw new Error("unsupported response body type");
}

/** Streams a body as the Functions host does with `enableHttpStream`: each chunk as it comes; a closed connection cancels it. */
async function stream(res: ServerResponse, body: ReadableStream<Uint8Array>): Promise<void> {
  const reader = body.getReader();
  res.on("close", () => void reader.cancel().catch(() => undefined));
  res.flushHeaders();
  for (;;) {
    const { done, value } = await reader.read().catch(() => ({ done: true as const, value: undefined }));
    if (done) break;
    res.write(value);
  }
  res.end();
}

/**
 * The server listens before the app is ready (the token issuer needs its port, and the store
 * must be reached first), so a request can arrive while it starts. Its handler is attached before
 * listening: until the app is ready it answers 503 with Retry-After at once, never leaving a
 * request hanging.
 */
function answerWhileStarting(): { server: Server; serve(handler: (req: IncomingMessage, res: ServerResponse) => void): void } {
  const server = createServer();
  let ready: ((req: IncomingMessage, res: ServerResponse) => void) | null = null;
  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    if (ready) return ready(req, res);
    req.resume();
    send(res, toResponse({ ...problem(503, "starting", "The app is starting; try again in a moment."), headers: { "Retry-After": "1" } }, Date.now()));
  });
  return { server, serve: (handler) => (ready = handler) };
}

const LOOPBACK = new Set(["127.0.0.1", "::1", "localhost"]);

/**
 * Without Teams settings the host trusts the development issuer and its role switch, so it must
 * not be reachable from other machines: anything but loopback is refused, saying why.
 */
export function assertSafeBind(address: string, teams: TeamsSettings | null): void {
  if (teams || LOOPBACK.has(address)) return;
  throw new Error(
    `Refusing to listen on ${address}: without the bot and SSO settings the local host signs anyone in (/api/local/token) and runs the bot without authentication, ` +
      "so it only listens on 127.0.0.1. To debug in Teams, load the settings `atk deploy --env local` writes to .localConfigs (README, 'Debug in Teams against your machine').",
  );
}

/** Who the API and the bot trust: the local issuer and participant list, or — debugging in Teams — Entra, Teams and the bot's identity. */
function authMode(
  teams: TeamsSettings | null,
  issuer: LocalIssuer,
  port: number,
): { verify: Verifier; roster: (lookup: ParticipantLookup) => Pick<StoredRosterOptions, "lookup" | "firstOpenerOrganizes">; bot: BotCredentials } {
  if (!teams) {
    // Locally the bot has no app id, so botbuilder skips inbound authentication: loopback only (assertSafeBind).
    // The roster is what the participants route wrote, or what the (stand-in) Bot Connector says of
    // a chat the bot is in; the first opener of an empty chat organizes it (local convenience only).
    return { verify: createVerifier({ ...issuer.config, jwksUri: `http://127.0.0.1:${port}/api/local/jwks` }), roster: (lookup) => ({ firstOpenerOrganizes: true, lookup: teamsLookup(() => Promise.resolve(lookup)) }), bot: { appId: "" } };
  }
  return {
    verify: createVerifier(entraAuthConfig(teams.auth)),
    // The roster comes from Teams, through the bot's connection.
    roster: (lookup) => ({ lookup: teamsLookup(() => Promise.resolve(lookup)) }),
    bot: { appId: teams.bot.appId, password: teams.bot.password, tenantId: teams.bot.tenantId, appType: teams.bot.appType },
  };
}

export async function startLocalHost(options: LocalHostOptions): Promise<LocalHost> {
  assertSafeBind(options.host ?? "127.0.0.1", options.teams ?? null);
  let origin = options.origin ?? `http://localhost:${options.port}`;
  const { server, serve } = answerWhileStarting();
  await new Promise<void>((resolve) => server.listen(options.port, options.host ?? "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : options.port;
  if (!options.origin) origin = `http://localhost:${port}`;
  const issuer = await createLocalIssuer(origin);
  const teams = options.teams ?? null;
  const auth = authMode(teams, issuer, port);
  const deps = await compose({
    table: { connectionString: options.connectionString, tableName: options.tableName },
    verify: auth.verify,
    roster: auth.roster,
    bot: {
      credentials: auth.bot,
      publicUrl: teams?.publicUrl ?? origin,
      ...(teams ? { allowedTenants: teams.auth.allowedTenants } : {}),
      ...(options.botOutbox ? { outbox: options.botOutbox } : {}),
    },
    ...(options.limiter ? { limiter: options.limiter } : {}),
    ...(options.now ? { now: options.now } : {}),
    ...(options.storageTimeoutMs ? { storageTimeoutMs: options.storageTimeoutMs } : {}),
    ...(options.idempotencyLeaseMs ? { idempotencyLeaseMs: options.idempotencyLeaseMs } : {}),
    ...(options.gate ? { gate: options.gate } : {}),
    log: (message, err) => console.error(`[local host] ${message}`, err),
  });
  const bot = deps.bot;
  const participants = new LocalParticipants(deps.rosterStore, deps.roster, options.now ?? Date.now);
  if (!teams) await participants.seedDemo();
  let sweeping = false;
  const sweepTimer = options.sweepIntervalMs
    ? setInterval(() => {
        if (sweeping) return;
        sweeping = true;
        bot
          .sweep((options.now ?? Date.now)())
          .catch((err: unknown) => console.error("[local host] reminder sweep failed", err))
          .finally(() => (sweeping = false));
      }, options.sweepIntervalMs)
    : null;
  const compiled = (options.routes ?? apiRoutes).map((r) => compile(r, deps));
  const tabDir = options.tabDir;

  // Requests Node's HTTP parser refuses (a URL or headers too large, broken framing) still get a problem body.
  server.on("clientError", (err: NodeJS.ErrnoException, socket) => {
    if (!socket.writable) return socket.destroy();
    const tooLarge = err.code === "HPE_HEADER_OVERFLOW";
    const init = problemInit(tooLarge ? 431 : 400, tooLarge ? "too_large" : "invalid", tooLarge ? "The URL or headers are too large." : "The request could not be parsed.");
    const body = String(init.body);
    socket.end(
      `HTTP/1.1 ${init.status} ${tooLarge ? "Request Header Fields Too Large" : "Bad Request"}\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });

  serve((req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch((err: unknown) => {
      console.error("[local host]", err);
      if (!res.headersSent) res.statusCode = 500;
      res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", `http://127.0.0.1:${port}`);
    // Debugging in Teams, the development issuer and role switch would let anyone in: they do not exist.
    if (url.pathname.startsWith("/api/local/")) return teams ? send(res, problemInit(404, "no_route", `${url.pathname} is not an API route.`)) : local(url, req, res);
    if (url.pathname.startsWith("/api/")) {
      const method = req.method ?? "GET";
      let pathMatched = false;
      for (const c of compiled) {
        const m = c.pattern.exec(url.pathname);
        if (!m) continue;
        pathMatched = true;
        if (c.route.method !== method) continue;
        const params: Record<string, string> = {};
        try {
          c.names.forEach((name, i) => (params[name] = decodeURIComponent(m[i + 1] ?? "")));
        } catch {
          return send(res, problemInit(400, "invalid", "The path has malformed percent-encoding."));
        }
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers[k] = v;
        const bytes = method === "GET" ? undefined : await readLimited(req);
        const request = new HttpRequest({
          method,
          url: url.toString(),
          headers,
          query: Object.fromEntries(url.searchParams.entries()),
          params,
          ...(bytes ? { body: { bytes } } : {}),
        });
        return send(res, await c.handler(request, new InvocationContext({ functionName: c.route.name })));
      }
      return send(res, pathMatched ? problemInit(405, "method", `${req.method} is not allowed on ${url.pathname}.`) : problemInit(404, "no_route", `${url.pathname} is not an API route.`));
    }
    return serveTab(url, res);
  }

  async function local(url: URL, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const json = (status: number, body: unknown) => send(res, { status, headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
    if (url.pathname === "/api/local/jwks") return json(200, issuer.jwks);
    if (url.pathname === "/api/local/token") {
      const name = (url.searchParams.get("as") ?? "alice").trim();
      if (!/^[A-Za-z][A-Za-z0-9_-]{0,30}$/.test(name)) return json(400, { detail: "Pick a local user name of letters and digits, e.g. ?as=alice." });
      const tenant = url.searchParams.get("tenant") ?? undefined;
      const token = await issuer.issue(name, tenant ? { tenant } : {});
      return json(200, { token, userId: localUserId(name, tenant), name });
    }
    if (url.pathname === "/api/local/participants" && (req.method === "PUT" || req.method === "DELETE")) {
      // Adds a person to a chat's roster (PUT) or removes them (DELETE): what Teams tells the bot in a real meeting.
      const chatId = url.searchParams.get("chatId");
      const name = url.searchParams.get("as");
      const role = (url.searchParams.get("role") ?? (req.method === "DELETE" ? "attendee" : null)) as MeetingRole | null;
      const tid = (url.searchParams.get("tenant") ?? LOCAL_TENANT).toLowerCase();
      if (!chatId || !name || !/^[A-Za-z][A-Za-z0-9_-]{0,30}$/.test(name) || !role || !["organizer", "presenter", "attendee"].includes(role) || !isPersonId(tid)) {
        return json(400, { detail: "Give chatId, as (a local user name) and role (organizer, presenter or attendee); tenant, when given, is a GUID." });
      }
      const board = { tenantId: tid, chatId };
      if (req.method === "DELETE") return json(200, { chatId, name, removed: await participants.remove(board, name) });
      await participants.add(board, name, role);
      return json(200, { chatId, name, userId: localUserId(name, tid), role });
    }
    return json(404, { detail: "No such local helper." });
  }

  async function serveTab(url: URL, res: ServerResponse): Promise<void> {
    if (!tabDir) return send(res, { status: 404, body: "The tab is not built; run npm run build." });
    const rel = path.normalize(decodeURIComponent(url.pathname)).replace(/^([/\\])+/, "");
    let file = path.join(tabDir, rel);
    if (!file.startsWith(path.resolve(tabDir))) return send(res, { status: 404, body: "Not found" });
    const info = await stat(file).catch(() => null);
    if (!info || info.isDirectory()) file = path.join(tabDir, "index.html");
    const body = await readFile(file).catch(() => null);
    if (!body) return send(res, { status: 404, body: "The tab is not built; run npm run build." });
    return send(res, {
      status: 200,
      headers: {
        "Content-Type": TYPES[path.extname(file)] ?? "application/octet-stream",
        "Cache-Control": tabCacheControl(path.relative(tabDir, file).split(path.sep).join("/")),
        ...tabSecurityHeaders(origin),
      },
      body: new Uint8Array(body),
    });
  }

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    server,
    deps,
    issuer,
    participants,
    bot,
    close: () => new Promise<void>((resolve) => {
      if (sweepTimer) clearInterval(sweepTimer);
      deps.changes.stop();
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
