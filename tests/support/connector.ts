import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";

/**
 * A local stand-in for the Bot Connector service: the bot's `serviceUrl` points here. It records
 * every request the bot makes (replies, proactive messages, card updates, new 1:1 conversations,
 * meeting notifications) and can answer 429, 403 or 404 on demand.
 */
export interface Recorded {
  method: string;
  path: string;
  /** The conversation the request is about, when the path names one. */
  conversationId: string | null;
  body: Record<string, unknown> | null;
  status: number;
  /** Receipt time (ms), for checking per-conversation rates. */
  at: number;
  /** The activity id answered for a posted activity (what a later update or card click refers to). */
  id?: string;
}

export interface SentActivity {
  conversationId: string;
  replyToId: string | null;
  activity: OutActivity;
  at: number;
  /** The id the connector gave the posted activity. */
  id: string;
}

export interface OutActivity {
  type?: string;
  text?: string;
  attachments?: { contentType: string; content: Record<string, unknown> }[];
  [key: string]: unknown;
}

interface Failure {
  status: number;
  remaining: number;
  conversationId: string | null;
  retryAfterSeconds?: number;
}

export class FakeConnector {
  readonly requests: Recorded[] = [];
  private failures: Failure[] = [];
  private readonly forbidden = new Set<string>();
  private readonly lost = new Set<string>();
  private refusingNewConversations = false;
  private readonly members = new Map<string, { id: string; name: string; aadObjectId: string }>();
  /** Members of one conversation (its roster as Teams keeps it), by Teams id. */
  private readonly chatMembers = new Map<string, Map<string, { id: string; name: string; aadObjectId: string }>>();
  private readonly roles = new Map<string, string>();
  private readonly schedules = new Map<string, { start: number; end: number }>();
  private counter = 0;

  private constructor(private readonly server: Server, readonly url: string) {}

  static async start(): Promise<FakeConnector> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : 0;
    const connector = new FakeConnector(server, `http://127.0.0.1:${port}/`);
    server.on("request", (req: IncomingMessage, res: ServerResponse) => {
      connector.handle(req, res).catch(() => {
        res.statusCode = 500;
        res.end();
      });
    });
    return connector;
  }

  /** The next `count` sends (to one conversation, or any) fail with `status`. */
  failNext(count: number, status: number, options: { conversationId?: string; retryAfterSeconds?: number } = {}): void {
    this.failures.push({ status, remaining: count, conversationId: options.conversationId ?? null, ...(options.retryAfterSeconds !== undefined ? { retryAfterSeconds: options.retryAfterSeconds } : {}) });
  }

  /** Every request about this conversation gets 403 from now on: the bot was removed from it. */
  forbid(conversationId: string): void {
    this.forbidden.add(conversationId);
  }

  /** Every request about this conversation gets 404 from now on: it is gone (a personal chat the person deleted, say). */
  lose(conversationId: string): void {
    this.lost.add(conversationId);
  }

  /** Creating a conversation (POST /v3/conversations) is refused with 403 while set: the person has not installed the bot. */
  refuseNewConversations(refuse = true): void {
    this.refusingNewConversations = refuse;
  }

  /** The bot was added back to the conversation. */
  allow(conversationId: string): void {
    this.forbidden.delete(conversationId);
  }

  /**
   * A member the connector knows, for GET .../members/{id} (by Teams id or Entra object id) and the
   * paged members API; in one conversation when given, in every conversation otherwise.
   */
  addMember(member: { id: string; name: string; aadObjectId: string }, conversationId?: string): void {
    if (!conversationId) return void this.members.set(member.id, member);
    const chat = this.chatMembers.get(conversationId) ?? new Map<string, { id: string; name: string; aadObjectId: string }>();
    chat.set(member.id, member);
    this.chatMembers.set(conversationId, chat);
  }

  /** The member left the conversation. */
  removeMember(teamsId: string, conversationId: string): void {
    this.chatMembers.get(conversationId)?.delete(teamsId);
  }

  private membersOf(conversationId: string): { id: string; name: string; aadObjectId: string }[] {
    return [...(this.chatMembers.get(conversationId)?.values() ?? []), ...this.members.values()];
  }

  /** The meeting participant API's answer for a user. */
  setMeetingRole(meetingId: string, aadObjectId: string, role: "Organizer" | "Presenter" | "Attendee"): void {
    this.roles.set(`${meetingId}\n${aadObjectId}`, role);
  }

  /** The meeting info API's scheduled start and end for a meeting (unknown meetings answer 404). */
  scheduleMeeting(meetingId: string, start: number, end: number): void {
    this.schedules.set(meetingId, { start, end });
  }

  /** Activities the bot posted successfully (replies and proactive messages). */
  sent(conversationId?: string): SentActivity[] {
    return this.requests
      .filter((r) => r.method === "POST" && r.status < 300 && /^\/v3\/conversations\/[^/]+\/activities/.test(r.path))
      .filter((r) => conversationId === undefined || r.conversationId === conversationId)
      .filter((r) => r.body?.["type"] !== "typing")
      .map((r) => ({ conversationId: r.conversationId ?? "", replyToId: decodeURIComponent(r.path.split("/")[5] ?? "") || null, activity: r.body as OutActivity, at: r.at, id: r.id ?? "" }));
  }

  /** Adaptive Cards in the successfully posted activities. */
  cards(conversationId?: string): Record<string, unknown>[] {
    return this.sent(conversationId).flatMap((s) => (s.activity.attachments ?? []).filter((a) => a.contentType === "application/vnd.microsoft.card.adaptive").map((a) => a.content));
  }

  /** Every card or text the bot sent to a conversation, as one string, for "it said X" checks. */
  said(conversationId?: string): string {
    return this.sent(conversationId)
      .map((s) => JSON.stringify(s.activity))
      .join("\n");
  }

  clear(): void {
    this.requests.length = 0;
    this.failures = [];
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    let body: Record<string, unknown> | null = null;
    try {
      body = raw ? (JSON.parse(raw) as Record<string, unknown>) : null;
    } catch {
      body = null;
    }
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const path = url.pathname;
    const method = req.method ?? "GET";
    const convMatch = /^\/v3\/conversations\/([^/]+)/.exec(path);
    const conversationId = convMatch?.[1] ? decodeURIComponent(convMatch[1]) : null;
    const record = (status: number, id?: string) => this.requests.push({ method, path, conversationId, body, status, at: Date.now(), ...(id ? { id } : {}) });
    const json = (status: number, value: unknown, headers: Record<string, string> = {}) => {
      const id = (value as { id?: unknown } | null)?.id;
      record(status, typeof id === "string" ? id : undefined);
      res.writeHead(status, { "Content-Type": "application/json", ...headers });
      res.end(JSON.stringify(value));
    };

    if (conversationId && this.forbidden.has(conversationId)) {
      return json(403, { error: { code: "BotNotInConversationRoster", message: "The bot is not part of the conversation roster." } });
    }
    const failure = this.failures.find((f) => f.remaining > 0 && (f.conversationId === null || f.conversationId === conversationId));
    if (failure && method !== "GET") {
      failure.remaining--;
      const headers: Record<string, string> = failure.retryAfterSeconds !== undefined ? { "Retry-After": String(failure.retryAfterSeconds) } : {};
      return json(failure.status, { error: { code: failure.status === 429 ? "TooManyRequests" : "Failure", message: "simulated" } }, headers);
    }

    if (conversationId && this.lost.has(conversationId)) {
      return json(404, { error: { code: "ConversationNotFound", message: "Conversation not found." } });
    }
    if (method === "POST" && path === "/v3/conversations") {
      if (this.refusingNewConversations) return json(403, { error: { code: "Forbidden", message: "The bot is not installed for this user." } });
      // The 1:1 chat with a member keeps its id, unless that one was lost: then Teams gives a new one.
      const member = ((body?.["members"] as { id: string }[] | undefined) ?? [])[0];
      const id = `a:personal-${member?.id ?? "unknown"}`;
      return json(200, { id: this.lost.has(id) ? `${id}-${++this.counter}` : id, serviceUrl: this.url });
    }
    if (conversationId && /\/activities(\/[^/]+)?$/.test(path) && (method === "POST" || method === "PUT")) {
      return json(200, { id: `activity-${++this.counter}` });
    }
    const memberMatch = /^\/v3\/conversations\/[^/]+\/members\/([^/]+)$/.exec(path);
    if (method === "GET" && memberMatch?.[1]) {
      const wanted = decodeURIComponent(memberMatch[1]).toLowerCase();
      const member = this.membersOf(conversationId ?? "").find((m) => m.id.toLowerCase() === wanted || m.aadObjectId.toLowerCase() === wanted);
      return member ? json(200, member) : json(404, { error: { code: "MemberNotFoundInConversation", message: "not found" } });
    }
    if (method === "GET" && /^\/v3\/conversations\/[^/]+\/pagedmembers$/.test(path)) {
      // Pages as Teams gives them: pageSize members, then a continuation token for the rest.
      const all = this.membersOf(conversationId ?? "");
      const size = Number(url.searchParams.get("pageSize") ?? "200") || 200;
      const from = Number(url.searchParams.get("continuationToken") ?? "0") || 0;
      const page = all.slice(from, from + size);
      return json(200, { members: page, ...(from + size < all.length ? { continuationToken: String(from + size) } : {}) });
    }
    const participant = /^\/v1\/meetings\/([^/]+)\/participants\/([^/]+)$/.exec(path);
    if (method === "GET" && participant?.[1] && participant[2]) {
      const meetingId = decodeURIComponent(participant[1]);
      const user = decodeURIComponent(participant[2]);
      const role = this.roles.get(`${meetingId}\n${user}`);
      if (!role) return json(404, { error: { code: "NotFound", message: "not a participant" } });
      return json(200, { user: { id: user, aadObjectId: user }, meeting: { role, inMeeting: true }, conversation: { id: "x" } });
    }
    const info = /^\/v1\/meetings\/([^/]+)$/.exec(path);
    if (method === "GET" && info?.[1]) {
      const meetingId = decodeURIComponent(info[1]);
      const schedule = this.schedules.get(meetingId);
      if (!schedule) return json(404, { error: { code: "NotFound", message: "no such meeting" } });
      const details = { id: meetingId, msGraphResourceId: "", scheduledStartTime: new Date(schedule.start).toISOString(), scheduledEndTime: new Date(schedule.end).toISOString(), joinUrl: "https://teams.microsoft.com/l/meetup-join/x", title: "Scrum of scrums", type: "Scheduled" };
      return json(200, { details, conversation: { id: "x", isGroup: true }, organizer: { id: "x" } });
    }
    if (method === "POST" && /^\/v1\/meetings?\/[^/]+\/notification$/.test(path)) {
      record(202);
      res.writeHead(202);
      return void res.end();
    }
    return json(404, { error: { code: "NotFound", message: `${method} ${path}` } });
  }
}
