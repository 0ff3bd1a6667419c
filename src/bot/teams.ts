import type { HttpRequest, HttpResponseInit } from "@azure/functions";
import { Application, TeamsAdapter } from "@microsoft/teams-ai";
import {
  ActivityTypes,
  CardFactory,
  ConfigurationServiceClientCredentialFactory,
  INVOKE_RESPONSE_KEY,
  TeamsInfo,
  type Activity,
  type ConversationReference,
  type Mention as MentionEntity,
  type TurnContext,
} from "botbuilder";
import type { MeetingRole } from "../domain";
import { parseCommand } from "../domain/chat";
import type { Caller } from "../service/context";
import type { BotStore, ConversationRef, ConversationRow } from "../store/bot";
import type { BoardRef } from "../store/keys";
import { parseCardAction } from "./card-data";
import { explain, handleCardAction, handleCommand, handleRefusedCardAction, meetingEnded, meetingStarted, type BotDeps, type Mention, type Turn } from "./logic";
import type { Messenger, OutMessage } from "./messenger";
import { BotRemoved, type Outbox } from "./outbox";

/**
 * The bot's edge: the only module that knows botbuilder and teams-ai. It turns activities into
 * plain turns for ./logic, and plain messages back into activities; proactive sends go through
 * the Outbox (per-conversation limits, 429 retries, 403 = removed).
 */

export interface BotCredentials {
  /** Empty only for local development and tests: botbuilder then skips inbound authentication. */
  appId: string;
  password?: string;
  tenantId?: string;
  appType?: "SingleTenant" | "UserAssignedMSI";
}

const CONNECTOR_AUDIENCE = "https://api.botframework.com";
const MAX_ACTIVITY_BYTES = 256 * 1024;

export function createAdapter(credentials: BotCredentials): TeamsAdapter {
  const factory = new ConfigurationServiceClientCredentialFactory(
    credentials.appId
      ? {
          MicrosoftAppId: credentials.appId,
          MicrosoftAppPassword: credentials.password ?? "",
          MicrosoftAppType: credentials.appType ?? "SingleTenant",
          MicrosoftAppTenantId: credentials.tenantId ?? "",
        }
      : { MicrosoftAppId: "", MicrosoftAppPassword: "" },
  );
  return new TeamsAdapter({}, factory);
}

function activityOf(message: OutMessage): Partial<Activity> {
  const activity: Partial<Activity> = { type: ActivityTypes.Message };
  if (message.text) {
    activity.text = message.text;
    activity.textFormat = "markdown";
  }
  if (message.card) activity.attachments = [CardFactory.adaptiveCard(message.card)];
  // Teams resolves a mention by the person's Entra object id as well as by their Teams id.
  if (message.mentions?.length) activity.entities = message.mentions.map((m) => ({ type: "mention", text: `<at>${m.name}</at>`, mentioned: { id: m.id, name: m.name } }));
  return activity;
}

function toReference(ref: ConversationRef): Partial<ConversationReference> {
  return {
    serviceUrl: ref.serviceUrl,
    channelId: ref.channelId,
    conversation: { id: ref.conversationId, isGroup: ref.conversationType !== "personal", conversationType: ref.conversationType ?? "groupChat", tenantId: ref.tenantId, name: "" },
    bot: { id: ref.botId, name: ref.botName },
  };
}

interface TeamsChannelData {
  tenant?: { id?: string };
  meeting?: { id?: string };
}

/** The board an activity belongs to: its tenant and chat. Null when the activity names neither. */
export function boardOf(activity: Partial<Activity>): BoardRef | null {
  const channelData = (activity.channelData ?? {}) as TeamsChannelData;
  const tenantId = channelData.tenant?.id ?? activity.conversation?.tenantId;
  const chatId = activity.conversation?.id;
  if (!tenantId || !chatId) return null;
  return { tenantId, chatId };
}

function referenceOf(activity: Partial<Activity>, board: BoardRef): ConversationRef {
  const channelData = (activity.channelData ?? {}) as TeamsChannelData;
  return {
    serviceUrl: activity.serviceUrl ?? "",
    channelId: activity.channelId ?? "msteams",
    conversationId: board.chatId,
    conversationType: activity.conversation?.conversationType ?? null,
    tenantId: board.tenantId,
    botId: activity.recipient?.id ?? "",
    botName: activity.recipient?.name ?? "",
    meetingId: channelData.meeting?.id ?? null,
  };
}

/** Identity from the Bot Framework-authenticated activity: tenant, Entra object id, display name. */
function callerOf(activity: Partial<Activity>, board: BoardRef): Caller | null {
  const userId = activity.from?.aadObjectId;
  if (!userId) return null;
  return { tenantId: board.tenantId, userId, name: activity.from?.name || "Someone" };
}

export class TeamsMessenger implements Messenger {
  constructor(
    private readonly adapter: TeamsAdapter,
    private readonly appId: string,
    private readonly store: BotStore,
    private readonly outbox: Outbox,
    private readonly onRemoved: (board: BoardRef) => Promise<void>,
    private readonly boardUrl: (chatId: string) => string | null,
  ) {}

  /** Runs `logic` in a proactive turn of the board's conversation, within the limits. */
  async withBoard<T>(board: BoardRef, logic: (context: TurnContext, row: ConversationRow) => Promise<T>): Promise<T | null> {
    const row = (await this.store.getConversation(board))?.value;
    if (!row || row.removedAt !== null) return null;
    try {
      return await this.outbox.deliver(board.chatId, async () => {
        let result: T | undefined;
        await this.adapter.continueConversationAsync(this.appId, toReference(row.ref), async (context) => {
          result = await logic(context, row);
        });
        return result as T;
      });
    } catch (err) {
      if (err instanceof BotRemoved) {
        await this.onRemoved(board);
        return null;
      }
      throw err;
    }
  }

  async postToBoard(board: BoardRef, message: OutMessage): Promise<string | null> {
    const id = await this.withBoard(board, async (context) => (await context.sendActivity(activityOf(message)))?.id ?? "");
    return id;
  }

  async updateOnBoard(board: BoardRef, activityId: string, message: OutMessage): Promise<void> {
    await this.withBoard(board, async (context) => {
      await context.updateActivity({ ...activityOf(message), id: activityId });
    });
  }

  async postToUser(tenantId: string, aadObjectId: string, message: OutMessage): Promise<boolean> {
    const user = (await this.store.getUser(tenantId, aadObjectId))?.value;
    if (!user) return false;
    const base = { serviceUrl: user.serviceUrl, channelId: "msteams", bot: { id: user.botId, name: "" } };
    try {
      if (user.personalConversationId) {
        const conversationId = user.personalConversationId;
        await this.outbox.deliver(conversationId, () =>
          this.adapter.continueConversationAsync(this.appId, { ...base, conversation: { id: conversationId, isGroup: false, conversationType: "personal", name: "", tenantId } }, async (context) => {
            await context.sendActivity(activityOf(message));
          }),
        );
        return true;
      }
      let created: string | null = null;
      await this.outbox.deliver(`new:${aadObjectId}`, () =>
        this.adapter.createConversationAsync(
          this.appId,
          "msteams",
          user.serviceUrl,
          CONNECTOR_AUDIENCE,
          { isGroup: false, bot: { id: user.botId, name: "" }, members: [{ id: user.teamsId, name: user.name }], tenantId, channelData: { tenant: { id: tenantId } }, activity: undefined as unknown as Activity },
          async (context) => {
            created = context.activity.conversation.id;
          },
        ),
      );
      if (!created) return false;
      const conversationId: string = created;
      await this.store.savePersonalConversation(tenantId, aadObjectId, conversationId, Date.now());
      await this.outbox.deliver(conversationId, () =>
        this.adapter.continueConversationAsync(this.appId, { ...base, conversation: { id: conversationId, isGroup: false, conversationType: "personal", name: "", tenantId } }, async (context) => {
          await context.sendActivity(activityOf(message));
        }),
      );
      return true;
    } catch (err) {
      if (err instanceof BotRemoved) return false;
      throw err;
    }
  }

  async notifyMeeting(board: BoardRef, recipients: string[], title: string): Promise<void> {
    const url = this.boardUrl(board.chatId);
    if (recipients.length === 0 || !url) return;
    await this.withBoard(board, async (context, row) => {
      if (!row.ref.meetingId) return;
      for (let i = 0; i < recipients.length; i += 50) {
        await TeamsInfo.sendMeetingNotification(
          context,
          {
            type: "targetedMeetingNotification",
            value: {
              recipients: recipients.slice(i, i + 50),
              surfaces: [{ surface: "meetingStage", contentType: "task", content: { value: { height: 300, width: 400, title, url } } }],
            },
          },
          row.ref.meetingId,
        );
      }
    });
  }

  /** The person's meeting role from Teams' participant API, or null when Teams cannot say. */
  async meetingRole(board: BoardRef, userId: string): Promise<MeetingRole | null> {
    // A read: it does not count against the chat's send limits, and a 403 here (permission not
    // granted, meeting not joined) says nothing about the bot being removed from the chat.
    const row = (await this.store.getConversation(board))?.value;
    if (!row || row.removedAt !== null || !row.ref.meetingId) return null;
    const meetingId = row.ref.meetingId;
    let role: string | null = null;
    await this.adapter.continueConversationAsync(this.appId, toReference(row.ref), async (context) => {
      const participant = await TeamsInfo.getMeetingParticipant(context, meetingId, userId, board.tenantId);
      role = participant.meeting?.role ?? null;
    });
    if (role === "Organizer") return "organizer";
    if (role === "Presenter") return "presenter";
    return role ? "attendee" : null;
  }
}

export interface TeamsBot {
  process(request: HttpRequest): Promise<HttpResponseInit>;
}

interface CapturedResponse {
  status: number;
  body: unknown;
}

function responseShim(): { res: { socket: unknown; status(code: number): void; header(name: string, value: unknown): void; send(body: unknown): void; end(): void }; captured: CapturedResponse } {
  const captured: CapturedResponse = { status: 200, body: undefined };
  return {
    captured,
    res: {
      socket: undefined,
      status: (code: number) => {
        captured.status = code;
      },
      header: () => undefined,
      send: (body: unknown) => {
        if (body !== undefined) captured.body = body;
      },
      end: () => undefined,
    },
  };
}

export function createTeamsBot(options: {
  adapter: TeamsAdapter;
  deps: BotDeps;
  outbox: Outbox;
  now: () => number;
  onRemoved: (board: BoardRef) => Promise<void>;
  onBack: (board: BoardRef) => Promise<void>;
}): TeamsBot {
  const { adapter, deps, outbox, now } = options;
  const store = deps.store;
  const app = new Application({ adapter, removeRecipientMention: true, startTypingTimer: false, longRunningMessages: false });

  /** Replies in the turn, within the conversation's limits and with 429 retries. */
  const reply = async (context: TurnContext, message: OutMessage) => {
    // Nothing to say in the turn (the command posted its own card already).
    if (!message.text && !message.card) return;
    const board = boardOf(context.activity);
    try {
      await outbox.deliver(context.activity.conversation.id, () => context.sendActivity(activityOf(message)));
    } catch (err) {
      if (err instanceof BotRemoved && board) await options.onRemoved(board);
      else throw err;
    }
  };

  const turnOf = async (context: TurnContext): Promise<Turn | { problem: string }> => {
    const board = boardOf(context.activity);
    if (!board) return { problem: "I work in a meeting chat of a Microsoft Teams tenant; this conversation has no tenant." };
    const caller = callerOf(context.activity, board);
    if (!caller) return { problem: "I could not tell who you are from this message, so nothing was changed." };
    const conversation = (await store.getConversation(board))?.value ?? { ref: referenceOf(context.activity, board), updatedAt: now(), removedAt: null, recentUsers: [], recentAad: [] };
    const mentions: Mention[] = [];
    for (const entity of (context.activity.entities ?? []) as MentionEntity[]) {
      if (entity.type !== "mention" || !entity.mentioned || entity.mentioned.id === context.activity.recipient.id) continue;
      const name = (entity.text ?? "").replace(/<\/?at>/gi, "").trim() || entity.mentioned.name;
      let aad: string | null = (entity.mentioned as { aadObjectId?: string }).aadObjectId ?? null;
      if (!aad) {
        try {
          aad = (await TeamsInfo.getMember(context, entity.mentioned.id)).aadObjectId ?? null;
        } catch {
          aad = null;
        }
      }
      mentions.push({ name, aadObjectId: aad });
    }
    return { caller, board, conversation, mentions, replyToId: context.activity.replyToId ?? null };
  };

  app.activity(ActivityTypes.Message, async (context) => {
    const turn = await turnOf(context);
    if ("problem" in turn) return reply(context, { text: turn.problem });
    const command = parseCommand(context.activity.text ?? "", [context.activity.recipient?.name ?? ""].filter(Boolean));
    if (context.activity.conversation.conversationType === "personal" && command.kind !== "help" && command.kind !== "actions") {
      return reply(context, { text: "I run the scrum of scrums in your meeting's chat: @mention me there. Here I send you your action items and their reminders." });
    }
    await reply(context, await handleCommand(deps, turn, command));
  });

  // Every verb comes here (unknown ones too), so a stale or forged button gets a sentence, not a 501.
  app.adaptiveCards.actionExecute(/.*/, async (context) => {
    const value = (context.activity.value ?? {}) as { action?: { verb?: unknown; data?: unknown } };
    const turn = await turnOf(context);
    let body: unknown;
    if ("problem" in turn) body = { statusCode: 200, type: "application/vnd.microsoft.activity.message", value: turn.problem };
    else {
      const parsed = parseCardAction(value.action?.verb, value.action?.data);
      const result = parsed.ok ? await handleCardAction(deps, turn, parsed.action) : await handleRefusedCardAction(deps, turn, value.action?.verb, value.action?.data, parsed.message);
      body = "card" in result ? { statusCode: 200, type: "application/vnd.microsoft.card.adaptive", value: result.card } : { statusCode: 200, type: "application/vnd.microsoft.activity.message", value: result.message };
    }
    await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 200, body } });
    return "";
  });

  app.meetings.start(async (context) => {
    const board = boardOf(context.activity);
    if (board) await meetingStarted(deps, board, now());
  });

  app.meetings.end(async (context) => {
    const board = boardOf(context.activity);
    if (board) await meetingEnded(deps, board, now());
  });

  app.conversationUpdate("membersRemoved", async (context) => {
    const board = boardOf(context.activity);
    if (board && (context.activity.membersRemoved ?? []).some((m) => m.id === context.activity.recipient.id)) await options.onRemoved(board);
  });

  app.conversationUpdate("membersAdded", async (context) => {
    if (!(context.activity.membersAdded ?? []).some((m) => m.id === context.activity.recipient.id)) return;
    await reply(context, {
      text: "Hi! I run this chat's scrum of scrums as a lean coffee. Add topics with **add <title>**, vote with **vote <number>**, and see the queue with **queue**. Type **help** for everything.",
    });
  });

  app.activity(ActivityTypes.InstallationUpdate, async (context) => {
    const board = boardOf(context.activity);
    if (board && /^remove/.test(context.activity.action ?? "")) await options.onRemoved(board);
  });

  return {
    async process(request: HttpRequest): Promise<HttpResponseInit> {
      const bytes = Buffer.from(await request.arrayBuffer());
      if (bytes.length > MAX_ACTIVITY_BYTES) return { status: 413 };
      let activity: Partial<Activity>;
      try {
        activity = JSON.parse(bytes.toString("utf8")) as Partial<Activity>;
      } catch {
        return { status: 400, body: "The activity is not JSON." };
      }
      if (typeof activity !== "object" || activity === null || typeof activity.type !== "string") return { status: 400, body: "Not an activity." };
      const headers: Record<string, string> = {};
      request.headers.forEach((value, name) => (headers[name] = value));
      const { res, captured } = responseShim();
      /** Set once this delivery claimed its activity id (so a failure can give the claim back). */
      let claimed: { board: BoardRef; id: string } | null = null;
      let duplicate = false;
      try {
        // Everything below runs only for an activity botbuilder authenticated: nothing is read
        // from, or written for, a request that is not from the Bot Framework.
        await adapter.process({ body: activity as Record<string, unknown>, headers, method: "POST" }, res, async (context) => {
          const a = context.activity;
          const board = boardOf(a);
          if (board && a.id && a.type !== ActivityTypes.ConversationUpdate) {
            const first = await store.claimActivity(board, a.id, now());
            if (first) {
              duplicate = true;
              if (a.type === ActivityTypes.Invoke) {
                const body = first.response ?? { statusCode: 200, type: "application/vnd.microsoft.activity.message", value: "Already done." };
                await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 200, body } });
              }
              return;
            }
            claimed = { board, id: a.id };
          }
          if (board && a.serviceUrl) {
            // Any activity from the chat means the bot is there, except the ones saying it was removed.
            const removing =
              (a.type === ActivityTypes.InstallationUpdate && /^remove/.test(a.action ?? "")) ||
              (a.type === ActivityTypes.ConversationUpdate && (a.membersRemoved ?? []).some((m) => m.id === a.recipient?.id));
            const from = a.from;
            const user = from?.aadObjectId && from.id ? { teamsId: from.id, aadObjectId: from.aadObjectId } : null;
            if (!removing && (await store.noteActivity(board, referenceOf(a, board), user, now())).cameBack) await options.onBack(board);
            if (user && from) await store.noteUser(board.tenantId, { aadObjectId: user.aadObjectId, teamsId: user.teamsId, name: from.name ?? "", serviceUrl: a.serviceUrl, botId: a.recipient?.id ?? "" }, now());
          }
          try {
            await app.run(context);
          } catch (err) {
            const text = explain(err, deps);
            if (a.type === ActivityTypes.Message) await reply(context, { text }).catch(() => undefined);
            else if (a.type === ActivityTypes.Invoke && !context.turnState.get(INVOKE_RESPONSE_KEY)) {
              await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 200, body: { statusCode: 200, type: "application/vnd.microsoft.activity.message", value: text } } });
            }
          }
        });
      } catch (err) {
        deps.log("bot: activity not processed", err);
        const c = claimed as { board: BoardRef; id: string } | null;
        if (c) await store.releaseActivity(c.board, c.id).catch(() => undefined);
        return { status: 500 };
      }
      const c = claimed as { board: BoardRef; id: string } | null;
      if (c && !duplicate && activity.type === ActivityTypes.Invoke && captured.body !== undefined) {
        await store.saveActivityResponse(c.board, c.id, { at: now(), response: captured.body }).catch((err: unknown) => deps.log("bot: invoke response not saved", err));
      }
      if (captured.body === undefined) return { status: captured.status };
      // botbuilder writes its own error text into refusals (e.g. why a token failed): keep that in the log, not the body.
      if (captured.status >= 400) {
        deps.log(`bot: activity refused with ${captured.status}`, captured.body);
        return { status: captured.status };
      }
      return { status: captured.status, headers: { "Content-Type": "application/json" }, body: typeof captured.body === "string" ? captured.body : JSON.stringify(captured.body) };
    },
  };
}
