import { ActivityTypes, CardFactory, type Activity, type ConversationReference, type InvokeResponse } from "botbuilder";
import type { Caller } from "../service/context";
import type { ConversationRef } from "../store/bot";
import type { BoardRef } from "../store/keys";
import type { Card } from "./card-kit";
import type { OutMessage } from "./messenger";

/**
 * Bot Framework activities to plain values and back: which board and person an activity comes
 * from, the conversation reference to reach the chat again, an outgoing message as an activity,
 * and the answer to a card's Action.Execute as the invoke response Teams reads.
 */

export function activityOf(message: OutMessage): Partial<Activity> {
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

export function toReference(ref: ConversationRef): Partial<ConversationReference> {
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

export function referenceOf(activity: Partial<Activity>, board: BoardRef): ConversationRef {
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
export function callerOf(activity: Partial<Activity>, board: BoardRef): Caller | null {
  const userId = activity.from?.aadObjectId;
  if (!userId) return null;
  return { tenantId: board.tenantId, userId, name: activity.from?.name || "Someone" };
}

/**
 * The body of an `adaptiveCard/action` invoke response: the card the person sees next, or a
 * sentence Teams shows them under the card.
 */
export type CardActionAnswer =
  | { statusCode: 200; type: "application/vnd.microsoft.card.adaptive"; value: Card }
  | { statusCode: 200; type: "application/vnd.microsoft.activity.message"; value: string };

export function cardActionAnswer(answer: { card: Card } | { message: string }): CardActionAnswer {
  return "card" in answer
    ? { statusCode: 200, type: "application/vnd.microsoft.card.adaptive", value: answer.card }
    : { statusCode: 200, type: "application/vnd.microsoft.activity.message", value: answer.message };
}

/** The activity that answers an invoke in the HTTP response (the body Teams reads). */
export function invokeResponse(body: unknown): Partial<Activity> {
  const value: InvokeResponse = { status: 200, body };
  return { type: ActivityTypes.InvokeResponse, value };
}
