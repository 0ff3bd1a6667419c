import type * as AdaptiveCards from "adaptivecards";
import { LOCAL_TENANT, displayName } from "../../src/auth/local-issuer";
import { FakeConnector } from "../support/connector";
import { startStack, type Stack } from "../support/stack";
import type { LocalHostOptions } from "../../src/local/host";

// The package's ES modules are beyond jest's CommonJS runtime; its UMD build is the same code and needs no DOM to parse.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const AC = require("adaptivecards/dist/adaptivecards.js") as typeof AdaptiveCards;

/**
 * Teams-shaped activities for the bot tests: a group chat in a meeting, the local issuer's tenant
 * and people (so the side panel's API sees the same board and users), and a stand-in connector
 * that records what the bot sends.
 */
export const BOT = { id: "28:scrum-of-scrums-bot", name: "Scrum of Scrums" };

export interface BotWorld {
  stack: Stack;
  connector: FakeConnector;
  close(): Promise<void>;
}

export async function startBotWorld(options: Partial<LocalHostOptions> = {}): Promise<BotWorld> {
  const connector = await FakeConnector.start();
  const stack = await startStack(options);
  return {
    stack,
    connector,
    close: async () => {
      await stack.close();
      await connector.close();
    },
  };
}

/** Who is in every test meeting's chat. */
export const CAST = ["alice", "bob", "carol", "dave"];

let sequence = 0;
export function nextActivityId(): string {
  return `1${Date.now()}${String(++sequence).padStart(4, "0")}`;
}

export interface Posted {
  status: number;
  body: unknown;
}

export class MeetingChat {
  readonly meetingId: string;
  constructor(
    readonly world: BotWorld,
    readonly chatId: string,
  ) {
    this.meetingId = `MCMxOTptZWV0aW5n${Buffer.from(chatId).toString("base64url")}`;
    // The meeting's chat as Teams keeps it: alice organizes, bob, carol and dave attend.
    for (const name of CAST) world.connector.addMember(this.person(name), chatId);
    world.connector.setMeetingRole(this.meetingId, this.person("alice").aadObjectId, "Organizer");
  }

  /** Someone else joins the meeting's chat: Teams knows them from now on, and so does the board's roster. */
  async join(name: string): Promise<void> {
    this.world.connector.addMember(this.person(name), this.chatId);
    await this.world.stack.join(this.chatId, name);
  }

  teamsId(name: string): string {
    return `29:${name}-teams-id`;
  }

  person(name: string) {
    return { id: this.teamsId(name), name: displayName(name), aadObjectId: this.world.stack.userId(name) };
  }

  base(from: string | null, id = nextActivityId()): Record<string, unknown> {
    return {
      id,
      timestamp: new Date().toISOString(),
      serviceUrl: this.world.connector.url,
      channelId: "msteams",
      ...(from ? { from: this.person(from) } : {}),
      conversation: { id: this.chatId, conversationType: "groupChat", tenantId: LOCAL_TENANT, isGroup: true },
      recipient: BOT,
      channelData: { tenant: { id: LOCAL_TENANT }, meeting: { id: this.meetingId } },
    };
  }

  async post(activity: Record<string, unknown>): Promise<Posted> {
    const res = await fetch(`${this.world.stack.url}/api/messages`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(activity) });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      /* plain text */
    }
    return { status: res.status, body };
  }

  /** A message to the bot, @mentioning it first as Teams does in a group chat. */
  message(from: string, text: string, options: { id?: string; mentions?: string[] } = {}): Record<string, unknown> {
    const mentionText = `<at>${BOT.name}</at>`;
    const entities: Record<string, unknown>[] = [{ type: "mention", text: mentionText, mentioned: { id: BOT.id, name: BOT.name } }];
    for (const name of options.mentions ?? []) entities.push({ type: "mention", text: `<at>${displayName(name)}</at>`, mentioned: { id: this.teamsId(name), name: displayName(name) } });
    return { ...this.base(from, options.id), type: "message", text: `${mentionText} ${text}`, textFormat: "plain", entities };
  }

  say(from: string, text: string, options: { id?: string; mentions?: string[] } = {}): Promise<Posted> {
    return this.post(this.message(from, text, options));
  }

  invoke(from: string, verb: string, data: Record<string, unknown>, options: { id?: string; replyToId?: string } = {}): Record<string, unknown> {
    return {
      ...this.base(from, options.id),
      type: "invoke",
      name: "adaptiveCard/action",
      replyToId: options.replyToId ?? "activity-1",
      value: { action: { type: "Action.Execute", verb, data }, trigger: "manual" },
    };
  }

  /** An Action.Execute click; answers the invoke response body. */
  async click(from: string, verb: string, data: Record<string, unknown>, options: { id?: string; replyToId?: string } = {}): Promise<InvokeBody> {
    const res = await this.post(this.invoke(from, verb, data, options));
    expect(res.status).toBe(200);
    const body = res.body as InvokeBody;
    // Every card the bot answers with parses, like every card it posts.
    if (body.type === "application/vnd.microsoft.card.adaptive") expect(cardProblems(body.value)).toEqual([]);
    return body;
  }

  meetingEvent(kind: "start" | "end", id = nextActivityId()): Record<string, unknown> {
    const name = kind === "start" ? "application/vnd.microsoft.meetingStart" : "application/vnd.microsoft.meetingEnd";
    const value = kind === "start" ? { Id: this.meetingId, MeetingType: "Scheduled", JoinUrl: "https://teams.microsoft.com/l/meetup-join/x", Title: "Scrum of scrums", StartTime: new Date().toISOString() } : { Id: this.meetingId, MeetingType: "Scheduled", JoinUrl: "https://teams.microsoft.com/l/meetup-join/x", Title: "Scrum of scrums", EndTime: new Date().toISOString() };
    return { ...this.base("alice", id), type: "event", name, value };
  }
}

export interface InvokeBody {
  statusCode: number;
  type: string;
  value: unknown;
}

/** Parses a card with the adaptivecards package; answers every parse or validation problem. */
export function cardProblems(card: unknown): string[] {
  const ac = new AC.AdaptiveCard();
  const context = new AC.SerializationContext();
  ac.parse(card as Record<string, unknown>, context);
  const problems: string[] = [];
  for (let i = 0; i < context.eventCount; i++) problems.push(context.getEventAt(i).message);
  for (const e of ac.validateProperties().validationEvents) problems.push(e.message);
  const json = card as { type?: unknown; version?: unknown };
  if (json.type !== "AdaptiveCard") problems.push("not an AdaptiveCard");
  if (json.version !== "1.5") problems.push(`version ${String(json.version)}`);
  return problems;
}

/** The plain text of a card, for "it shows X" checks. */
export function cardText(card: unknown): string {
  const out: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node && typeof node === "object") {
      const o = node as Record<string, unknown>;
      if (typeof o["text"] === "string") out.push(o["text"]);
      if (typeof o["title"] === "string") out.push(o["title"]);
      // A FactSet's facts: title, then value.
      if (typeof o["value"] === "string" && typeof o["title"] === "string") out.push(o["value"]);
      Object.entries(o).forEach(([k, v]) => k !== "text" && k !== "title" && walk(v));
    }
  };
  walk(card);
  return out.join("\n");
}
