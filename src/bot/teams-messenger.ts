import type { TeamsAdapter } from "@microsoft/teams-ai";
import { TeamsInfo, type Activity, type TurnContext } from "botbuilder";
import type { MeetingRole } from "../domain";
import type { BotStore, BotUser, ConversationRow } from "../store/bot";
import type { BoardRef } from "../store/keys";
import type { RosterRow, RosterStore } from "../store/roster";
import { activityOf, toReference } from "./activities";
import { atMention, inert } from "./inert-text";
import type { Messenger, OutMessage } from "./messenger";
import { BotRemoved, statusOf, type Outbox } from "./outbox";

/**
 * Proactive messages through botbuilder: posts and updates in a board's chat, personal messages,
 * in-meeting notifications and a person's meeting role, each within the chat's send limits
 * (the Outbox: per-conversation limits, 429 retries, 403 = the bot was removed).
 */

const CONNECTOR_AUDIENCE = "https://api.botframework.com";

/** Teams gave no conversation for a new personal chat. */
class PersonalChatGone extends Error {
  constructor() {
    super("no personal conversation was created");
    this.name = "PersonalChatGone";
  }
}

/** The personal chat cannot be used: Teams answered 403 (the bot is not in it) or 404 (it is gone). */
function isGone(err: unknown): boolean {
  return err instanceof BotRemoved || err instanceof PersonalChatGone || statusOf(err) === 404;
}

export class TeamsMessenger implements Messenger {
  constructor(
    private readonly adapter: TeamsAdapter,
    private readonly appId: string,
    private readonly store: BotStore,
    private readonly outbox: Outbox,
    private readonly onRemoved: (board: BoardRef) => Promise<void>,
    private readonly boardUrl: (chatId: string) => string | null,
    private readonly roster: RosterStore,
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

  /**
   * Sends to the person's stored 1:1 conversation. When Teams answers 403 or 404 for it (the chat
   * is gone), or none is stored, the conversation is created again and the message sent once more;
   * when that fails too, the person is marked and the board's chat told once to open a chat with the bot.
   */
  async postToUser(board: BoardRef, aadObjectId: string, message: OutMessage): Promise<boolean> {
    const { tenantId } = board;
    // Personal messages go to the board's people only: an action "owned" by anyone else (or by
    // someone who left the meeting) makes the bot write to nobody.
    const member = await this.roster.get(board, aadObjectId.toLowerCase());
    if (!member) return false;
    const user = (await this.store.getUser(tenantId, aadObjectId))?.value ?? (await this.userFromRoster(board, member));
    if (!user) return false;
    if (user.personalConversationId) {
      try {
        await this.sendPersonal(user, user.personalConversationId, tenantId, message);
        return true;
      } catch (err) {
        if (!isGone(err)) throw err;
      }
    }
    try {
      const conversationId = await this.createPersonal(user, tenantId);
      await this.store.savePersonalConversation(tenantId, aadObjectId, conversationId, Date.now());
      await this.sendPersonal(user, conversationId, tenantId, message);
      return true;
    } catch (err) {
      if (!isGone(err)) throw err;
    }
    if (await this.store.markPersonalUnreachable(tenantId, aadObjectId, Date.now())) {
      // The name is the person's own display name from Teams: mentioned the way the bot builds mentions, repeated inert.
      const who = atMention({ id: user.aadObjectId, name: user.name });
      await this.postToBoard(board, {
        text: `I could not reach ${who.text} in a personal chat. ${inert(user.name)}, please open a chat with me (Scrum of Scrums) in Teams, so I can send you your action items, their reminders and the summaries.`,
        mentions: [who.mention],
      });
    }
    return false;
  }

  /**
   * A roster member the bot never saw in chat (their action was made in the panel): their Teams id
   * comes from the roster (or, when the roster has none, from the chat's member API once), and the
   * service URL and the bot's id from the board's stored conversation reference. They are noted as
   * a person the bot can write to, so the personal chat is created once and reused.
   */
  private async userFromRoster(board: BoardRef, member: RosterRow): Promise<BotUser | null> {
    const row = (await this.store.getConversation(board))?.value;
    if (!row || row.removedAt !== null) return null;
    let teamsId = member.teamsId;
    if (!teamsId) {
      teamsId = (await this.chatMember(board, member.id))?.teamsId ?? null;
      if (!teamsId) return null;
      await this.roster.put(board, { id: member.id, name: member.name, role: member.role, teamsId }, Date.now());
    }
    const user = { aadObjectId: member.id, teamsId, name: member.name, serviceUrl: row.ref.serviceUrl, botId: row.ref.botId };
    await this.store.noteUser(board.tenantId, user, Date.now());
    return { ...user, personalConversationId: null, updatedAt: Date.now() };
  }

  private async sendPersonal(user: BotUser, conversationId: string, tenantId: string, message: OutMessage): Promise<void> {
    const reference = { serviceUrl: user.serviceUrl, channelId: "msteams", bot: { id: user.botId, name: "" }, conversation: { id: conversationId, isGroup: false, conversationType: "personal", name: "", tenantId } };
    await this.outbox.deliver(conversationId, () =>
      this.adapter.continueConversationAsync(this.appId, reference, async (context) => {
        await context.sendActivity(activityOf(message));
      }),
    );
  }

  /** The Bot Connector's create-conversation call (POST {serviceUrl}/v3/conversations) for a 1:1 chat with the person. */
  private async createPersonal(user: BotUser, tenantId: string): Promise<string> {
    let created: string | null = null;
    await this.outbox.deliver(`new:${user.aadObjectId}`, () =>
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
    if (!created) throw new PersonalChatGone();
    return created;
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

  /**
   * A person of the board's chat from the conversation member API
   * (`GET {serviceUrl}/v3/conversations/{chatId}/members/{userId}`, by Entra object id): their
   * name and Teams id, or null when they are not in the chat. A read, outside the send limits.
   */
  async chatMember(board: BoardRef, userId: string): Promise<{ name: string; teamsId: string } | null> {
    const row = (await this.store.getConversation(board))?.value;
    if (!row || row.removedAt !== null) return null;
    let found: { name: string; teamsId: string } | null = null;
    await this.adapter.continueConversationAsync(this.appId, toReference(row.ref), async (context) => {
      try {
        const member = await TeamsInfo.getMember(context, userId);
        found = { name: member.name || "Someone", teamsId: member.id };
      } catch (err) {
        if (statusOf(err) !== 404) throw err;
      }
    });
    return found;
  }

  /** Every member of the board's chat, page by page (the paged members API), as the bot installed in it sees them. */
  async chatMembers(board: BoardRef): Promise<{ aadObjectId: string; name: string; teamsId: string }[]> {
    const row = (await this.store.getConversation(board))?.value;
    if (!row || row.removedAt !== null) return [];
    const all: { aadObjectId: string; name: string; teamsId: string }[] = [];
    await this.adapter.continueConversationAsync(this.appId, toReference(row.ref), async (context) => {
      let token: string | undefined;
      do {
        const page = await TeamsInfo.getPagedMembers(context, 500, token);
        for (const m of page.members) if (m.aadObjectId) all.push({ aadObjectId: m.aadObjectId, name: m.name || "Someone", teamsId: m.id });
        token = page.continuationToken || undefined;
      } while (token);
    });
    return all;
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
