import type { TeamsAdapter } from "@microsoft/teams-ai";
import { TeamsInfo, type Activity, type TurnContext } from "botbuilder";
import type { MeetingRole } from "../domain";
import type { BotStore, ConversationRow } from "../store/bot";
import type { BoardRef } from "../store/keys";
import { activityOf, toReference } from "./activities";
import type { Messenger, OutMessage } from "./messenger";
import { BotRemoved, type Outbox } from "./outbox";

/**
 * Proactive messages through botbuilder: posts and updates in a board's chat, personal messages,
 * in-meeting notifications and a person's meeting role, each within the chat's send limits
 * (the Outbox: per-conversation limits, 429 retries, 403 = the bot was removed).
 */

const CONNECTOR_AUDIENCE = "https://api.botframework.com";

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
