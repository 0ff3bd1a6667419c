import { Application, type TeamsAdapter } from "@microsoft/teams-ai";
import { ActivityTypes, TeamsInfo, type Mention as MentionEntity, type TurnContext } from "botbuilder";
import { parseCommand } from "../domain/chat";
import type { MeetingRole } from "../domain";
import type { BoardRef } from "../store/keys";
import { activityOf, boardOf, callerOf, cardActionAnswer, invokeResponse, referenceOf } from "./activities";
import { handleCardAction, handleRefusedCardAction } from "./card-actions";
import { parseCardAction } from "./card-data";
import { handleCommand } from "./chat-commands";
import type { BotDeps, ChatTurn, Mention } from "./deps";
import { meetingEnded, meetingStarted } from "./meetings";
import type { OutMessage } from "./messenger";
import { BotRemoved, type Outbox } from "./outbox";
import { addToRoster, removeFromRoster, rosterByTeamsId, type ChatPerson } from "./roster-sync";

/**
 * The teams-ai application's routes: which activity goes to which job of the bot (chat commands,
 * card actions, meeting events, the bot added to or removed from a chat). It turns activities into
 * plain turns and the jobs' plain answers back into replies.
 */

/**
 * Most people one message may @mention. Each mention without an Entra id costs a call to Teams to
 * look the person up, so a message mentioning hundreds would cost hundreds of calls; no command
 * needs more than a few (an action's owner, a need's team).
 */
export const MAX_MENTIONS = 10;

export interface TeamsAppOptions {
  adapter: TeamsAdapter;
  deps: BotDeps;
  outbox: Outbox;
  now: () => number;
  onRemoved: (board: BoardRef) => Promise<void>;
  onBack: (board: BoardRef) => Promise<void>;
  /** Everyone in the board's chat (the paged members API): the roster's first fill when the bot is added. */
  chatMembers?: (board: BoardRef) => Promise<{ aadObjectId: string; name: string; teamsId: string }[]>;
  /** A person's meeting role from Teams (participant API): the role a new roster member starts with. */
  meetingRole?: (board: BoardRef, userId: string) => Promise<MeetingRole | null>;
  /** Tenants served; an activity from any other is dropped before anything is read or written. */
  allowedTenants?: string[];
}

export interface TeamsApp {
  app: Application;
  /** Replies in the turn, within the conversation's limits and with 429 retries. */
  reply(context: TurnContext, message: OutMessage): Promise<void>;
}

/**
 * The meeting's scheduled end, from Teams' meeting info (meetingStart itself carries only the start):
 * null when Teams does not say, and the facilitator can set it from the panel.
 */
async function scheduledEnd(context: TurnContext): Promise<number | null> {
  try {
    const end = (await TeamsInfo.getMeetingInfo(context)).details?.scheduledEndTime;
    const at = end ? new Date(end).getTime() : NaN;
    return Number.isFinite(at) ? at : null;
  } catch {
    // The agenda forecast is a help, never a reason for the meeting's start to fail.
    return null;
  }
}

/** What the personal chat is for: commands that change a board belong in the meeting's chat. */
const PERSONAL_CHAT =
  "This personal chat is where I send you your action items, their reminders and the summaries of your meetings. The scrum of scrums itself runs in your meeting's chat: @mention me there to add topics and vote. Here you can type **actions** or **help**.";
const GROUP_WELCOME =
  "Hi! I run this chat's scrum of scrums as a lean coffee. Add topics with **add [title]**, vote with **vote [topic number]**, and see the queue with **queue**. Type **help** for everything.";

const isPersonal = (context: TurnContext) => context.activity.conversation.conversationType === "personal";

export function createTeamsApp(options: TeamsAppOptions): TeamsApp {
  const { adapter, deps, outbox, now } = options;
  const store = deps.store;
  const app = new Application({ adapter, removeRecipientMention: true, startTypingTimer: false, longRunningMessages: false });
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

  const turnOf = async (context: TurnContext): Promise<ChatTurn | { problem: string }> => {
    const board = boardOf(context.activity);
    if (!board) return { problem: "I work in a meeting chat of a Microsoft Teams tenant; this conversation has no tenant." };
    const caller = callerOf(context.activity, board);
    if (!caller) return { problem: "I could not tell who you are from this message, so nothing was changed." };
    const conversation = (await store.getConversation(board))?.value ?? { ref: referenceOf(context.activity, board), updatedAt: now(), removedAt: null, recentUsers: [], recentAad: [] };
    const mentions: Mention[] = [];
    const mentioned = ((context.activity.entities ?? []) as MentionEntity[]).filter((e) => e.type === "mention" && e.mentioned && e.mentioned.id !== context.activity.recipient.id);
    const people = new Set(mentioned.map((e) => e.mentioned.id));
    if (people.size > MAX_MENTIONS) {
      return {
        problem: `That message mentions ${people.size} people; I read at most ${MAX_MENTIONS} mentions in one message, so nothing was changed. Mention only the people the command is about, for example: action Publish the release plan @Dana, or name a team with @TeamName.`,
      };
    }
    const seen = new Set<string>();
    // The roster knows the chat's people by Teams id: one read for the whole message, and Teams is
    // asked only about a mention the roster does not know.
    const known = mentioned.length > 0 ? await rosterByTeamsId(deps, board) : new Map<string, never>();
    for (const entity of mentioned) {
      if (seen.has(entity.mentioned.id)) continue;
      seen.add(entity.mentioned.id);
      const name = (entity.text ?? "").replace(/<\/?at>/gi, "").trim() || entity.mentioned.name;
      let aad: string | null = (entity.mentioned as { aadObjectId?: string }).aadObjectId ?? known.get(entity.mentioned.id)?.id ?? null;
      if (!aad) {
        try {
          const member = await TeamsInfo.getMember(context, entity.mentioned.id);
          aad = member.aadObjectId ?? null;
          // A member of the chat the roster had not heard of: it knows them from now on.
          if (aad) await addToRoster(deps, board, [{ id: member.id, name: member.name, aadObjectId: aad }], now());
        } catch {
          aad = null;
        }
      }
      mentions.push({ name, aadObjectId: aad });
    }
    return { caller, board, conversation, mentions, replyToId: context.activity.replyToId ?? null, ...(context.activity.locale ? { locale: context.activity.locale } : {}) };
  };

  app.activity(ActivityTypes.Message, async (context) => {
    const turn = await turnOf(context);
    if ("problem" in turn) return reply(context, { text: turn.problem });
    const command = parseCommand(context.activity.text ?? "", [context.activity.recipient?.name ?? ""].filter(Boolean));
    if (isPersonal(context) && command.kind !== "help" && command.kind !== "actions") return reply(context, { text: PERSONAL_CHAT });
    await reply(context, await handleCommand(deps, turn, command));
  });

  // Every verb comes here (unknown ones too), so a stale or forged button gets a sentence, not a 501.
  // A sentence is returned for teams-ai to answer with; a card is answered here, because for a card
  // with a `refresh` (every personal view) teams-ai would also replace the shared message in the
  // chat with this one person's view, for everyone (its REPLACE_FOR_ALL switch).
  app.adaptiveCards.actionExecute(/.*/, async (context) => {
    const value = (context.activity.value ?? {}) as { action?: { verb?: unknown; data?: unknown } };
    const turn = await turnOf(context);
    if ("problem" in turn) return turn.problem;
    const parsed = parseCardAction(value.action?.verb, value.action?.data);
    const result = parsed.ok ? await handleCardAction(deps, turn, parsed.action) : await handleRefusedCardAction(deps, turn, value.action?.verb, value.action?.data, parsed.message);
    if ("message" in result) return result.message;
    await context.sendActivity(invokeResponse(cardActionAnswer(result)));
    return "";
  });

  app.meetings.start(async (context) => {
    const board = boardOf(context.activity);
    if (board) await meetingStarted(deps, board, now(), await scheduledEnd(context));
  });

  app.meetings.end(async (context) => {
    const board = boardOf(context.activity);
    if (board) await meetingEnded(deps, board, now());
  });

  app.conversationUpdate("membersRemoved", async (context) => {
    const board = boardOf(context.activity);
    if (!board) return;
    const removed = (context.activity.membersRemoved ?? []) as ChatPerson[];
    if (removed.some((m) => m.id === context.activity.recipient.id)) return options.onRemoved(board);
    // People who left the meeting's chat leave its roster: they are outsiders from now on.
    if (!isPersonal(context)) await removeFromRoster(deps, board, removed);
  });

  app.conversationUpdate("membersAdded", async (context) => {
    const board = boardOf(context.activity);
    const added = (context.activity.membersAdded ?? []) as ChatPerson[];
    const botAdded = added.some((m) => m.id === context.activity.recipient.id);
    if (board && !isPersonal(context)) {
      const nameOf = async (teamsId: string) => (await TeamsInfo.getMember(context, teamsId)).name || null;
      const roleOf = options.meetingRole ? (userId: string) => (options.meetingRole as NonNullable<typeof options.meetingRole>)(board, userId) : undefined;
      if (botAdded) {
        // The bot was added to the meeting's chat: everyone in it is on the roster at once (one
        // paged read), and the board exists from now on.
        const everyone = options.chatMembers ? await options.chatMembers(board) : [];
        await addToRoster(deps, board, everyone.map((m) => ({ id: m.teamsId, name: m.name, aadObjectId: m.aadObjectId })), now(), roleOf ? { roleOf } : {});
        await deps.services.store.ensureBoard(board, now());
      } else {
        await addToRoster(deps, board, added.filter((m) => m.id !== context.activity.recipient.id), now(), { nameOf, ...(roleOf ? { roleOf } : {}) });
      }
    }
    if (!botAdded) return;
    await reply(context, { text: isPersonal(context) ? `Hi! ${PERSONAL_CHAT}` : GROUP_WELCOME });
  });

  app.activity(ActivityTypes.InstallationUpdate, async (context) => {
    const board = boardOf(context.activity);
    if (board && /^remove/.test(context.activity.action ?? "")) await options.onRemoved(board);
  });

  return { app, reply };
}
