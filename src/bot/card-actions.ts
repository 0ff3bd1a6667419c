import type { SessionView } from "../domain";
import { NeedCardRef } from "../schemas/messages";
import { answerNeed } from "../service/daily";
import { concludeRomanVote, castRomanVote } from "../service/facilitation";
import { addTopic } from "../service/topics";
import { castVote, withdrawVote } from "../service/votes";
import { VERBS, type Card, type Notice } from "./card-kit";
import { queueCard, romanResultCard, timeUpCard } from "./queue-cards";
import type { ParsedAction } from "./card-data";
import { explain, systemView, viewFor, type BotDeps, type ChatTurn } from "./deps";
import { announceNow, needAnsweredReminder, needFacts, personalNeedCard } from "./needs";
import { inert } from "./inert-text";

/**
 * Card actions: a click on a card's button (vote, add a topic, the roman vote, a need's answer).
 * The answer is the card the person sees next, their own view; a vote on the queue card posted in
 * the chat also refreshes that shared message.
 */

export type CardReply = { card: Card } | { message: string };

/**
 * After a vote, the shared queue card is replaced so every open copy re-renders and refreshes
 * into its viewer's own view. Updates of one message are coalesced: while one is being sent,
 * further votes only ask for one more update with the latest queue.
 */
const sharedUpdates = new Map<string, { again: boolean }>();

async function refreshShared(deps: BotDeps, turn: ChatTurn): Promise<void> {
  const activityId = turn.replyToId;
  if (!activityId) return;
  const key = `${turn.board.tenantId}\n${turn.board.chatId}\n${activityId}`;
  const pending = sharedUpdates.get(key);
  if (pending) {
    pending.again = true;
    return;
  }
  const entry = { again: false };
  sharedUpdates.set(key, entry);
  try {
    do {
      entry.again = false;
      const view = await systemView(deps, turn.board);
      await deps.messenger.updateOnBoard(turn.board, activityId, { card: queueCard(view, { personal: false, userIds: turn.conversation.recentUsers, shared: true }) });
    } while (entry.again);
  } catch (err) {
    deps.log("bot: shared queue card not updated", err);
  } finally {
    sharedUpdates.delete(key);
  }
}

function romanCard(view: SessionView, topicId: string, round: number, userIds: string[], note?: Notice): Card | null {
  const roman = view.roman;
  const topic = view.topics.find((t) => t.id === topicId);
  if (!roman || roman.topicId !== topicId || roman.round !== round || !topic) return null;
  return timeUpCard({
    topicId,
    topicTitle: topic.title,
    round,
    tally: roman.tally,
    nextExtensionMinutes: view.timer.nextExtensionMinutes,
    myChoice: roman.myChoice,
    userIds,
    ...(note ? { notice: note } : {}),
  });
}

function closedCard(view: SessionView, userIds: string[], note: Notice): Card {
  return queueCard(view, { personal: true, userIds, notice: note });
}

export async function handleCardAction(deps: BotDeps, turn: ChatTurn, action: ParsedAction): Promise<CardReply> {
  const { services } = deps;
  const { caller, board } = turn;
  const chatId = board.chatId;
  const userIds = turn.conversation.recentUsers;
  const shared = "onQueueCard" in action.data && action.data.onQueueCard === true;
  const personalQueue = async (note?: Notice) => ({ card: queueCard(await viewFor(deps, caller, chatId), { personal: true, userIds, shared, ...(note ? { notice: note } : {}) }) });
  const updateShared = () => (shared ? refreshShared(deps, turn) : Promise.resolve());
  let note: Notice | undefined;
  try {
    switch (action.verb) {
      case VERBS.needView:
        return await needReply(deps, turn, action.data.needId);
      case VERBS.answerNeed: {
        const { needId, answer, reason } = action.data;
        const need = await answerNeed(services, caller, chatId, needId, answer, reason);
        const reminder = needAnsweredReminder(board, need, turn.replyToId ?? null);
        const told = reminder ? await announceNow(deps, reminder, services.now()) : "skipped";
        const did = { accept: "You accepted this need", decline: "You declined this need", done: "You marked this need as done" }[answer];
        const asker = "the team that asked";
        return await needReply(deps, turn, needId, { text: `${did}; ${told === "later" ? `${asker} will be told shortly` : `${asker} has been told in the chat`}.`, tone: "good" });
      }
      case VERBS.queue:
        return await personalQueue();
      case VERBS.vote: {
        const r = await castVote(services, caller, chatId, action.data.topicId);
        await updateShared();
        return await personalQueue({ text: `Your dot is in. ${r.dotsLeft} left.`, tone: "good" });
      }
      case VERBS.unvote: {
        const r = await withdrawVote(services, caller, chatId, action.data.topicId);
        await updateShared();
        return await personalQueue({ text: `Dot taken back. ${r.dotsLeft} left.`, tone: "good" });
      }
      case VERBS.addTopic: {
        const topic = await addTopic(services, caller, chatId, { title: action.data.title });
        await updateShared();
        return await personalQueue({ text: `Added "${inert(topic.title)}".`, tone: "good" });
      }
      case VERBS.roman: {
        const { topicId, round, choice } = action.data;
        if (choice !== "") {
          const view = await viewFor(deps, caller, chatId);
          if (!view.roman || view.roman.topicId !== topicId || view.roman.round !== round) {
            return { card: closedCard(view, userIds, { text: "That vote is closed.", tone: "attention" }) };
          }
          await castRomanVote(services, caller, chatId, topicId, choice);
          note = { text: "Your vote is in; you can change it until the facilitator closes the vote.", tone: "good" };
        }
        const view = await viewFor(deps, caller, chatId);
        return { card: romanCard(view, topicId, round, userIds, note) ?? closedCard(view, userIds, { text: "That vote is closed.", tone: "attention" }) };
      }
      case VERBS.conclude: {
        const { topicId, round } = action.data;
        const before = await viewFor(deps, caller, chatId);
        if (!before.roman || before.roman.topicId !== topicId || before.roman.round !== round) {
          return { card: closedCard(before, userIds, { text: "That vote is closed already.", tone: "attention" }) };
        }
        const title = before.topics.find((t) => t.id === topicId)?.title ?? "The topic";
        const tally = before.roman.tally;
        const result = await concludeRomanVote(services, caller, chatId);
        const continuation = result.continuation ?? { decision: "moveOn" as const, reason: "majority" as const };
        const card = romanResultCard(title, continuation, tally);
        // The one who closed the vote posts the result: a second click finds the vote closed above.
        await deps.messenger.postToBoard(board, { card });
        return { card };
      }
    }
  } catch (err) {
    const message = explain(err, deps);
    try {
      const view = await viewFor(deps, caller, chatId);
      if (action.verb === VERBS.needView || action.verb === VERBS.answerNeed) return await needReply(deps, turn, action.data.needId, { text: message, tone: "attention" });
      if (action.verb === VERBS.roman || action.verb === VERBS.conclude) {
        const card = romanCard(view, action.data.topicId, action.data.round, userIds, { text: message, tone: "attention" });
        if (card) return { card };
      }
      return { card: closedCard(view, userIds, { text: message, tone: "attention" }) };
    } catch {
      return { message };
    }
  }
}

/**
 * A button whose data the schemas refused: on a need's card (a decline without a reason), the
 * person's card again with the reason; anywhere else, the sentence.
 */
export async function handleRefusedCardAction(deps: BotDeps, turn: ChatTurn, verb: unknown, data: unknown, message: string): Promise<CardReply> {
  const ref = NeedCardRef.safeParse(data ?? {});
  if ((verb !== VERBS.answerNeed && verb !== VERBS.needView) || !ref.success) return { message };
  try {
    return await needReply(deps, turn, ref.data.needId, { text: message.replace(/^reason: /, ""), tone: "attention" });
  } catch (err) {
    deps.log("bot: need card not read", err);
    return { message };
  }
}

/** The person's own view of a need's card, or a sentence when the need is gone. */
async function needReply(deps: BotDeps, turn: ChatTurn, needId: string, note?: Notice): Promise<CardReply> {
  const facts = await needFacts(deps, turn.board, needId);
  if (!facts) return { message: note?.tone === "attention" ? note.text : "That need is no longer on this board." };
  return { card: personalNeedCard(facts, turn.caller.userId, turn.conversation.recentUsers, note) };
}
