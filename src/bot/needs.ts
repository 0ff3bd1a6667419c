import { calendarDate, dailiesSince, isNeedOverdue, represents, type Need, type Team } from "../domain";
import { MAX_ATTEMPTS, type Reminder } from "../store/bot";
import type { BoardRef } from "../store/keys";
import type { Card, Notice } from "./card-kit";
import { needCard } from "./need-card";
import type { BotDeps } from "./deps";
import type { OutMessage } from "./messenger";
import { atMention, inert } from "./inert-text";

/**
 * Needs in the meeting chat. A need raised (from the side panel or the chat) is announced with a
 * card addressed to the team asked; an answer (from the card or the panel) updates that card and
 * tells the team that asked. Each announcement is a reminder row with a deterministic id, claimed
 * with its ETag before it is sent: whoever gets there first (the chat turn that raised or answered
 * it, or the sweep that finds it) sends it, exactly once, and the HTTP API needs to know nothing
 * about the bot.
 */

export type NewReminder = Omit<Reminder, "state" | "attempts" | "claimedAt" | "doneAt" | "note">;

const boardKey = (b: BoardRef) => `${b.tenantId}|${b.chatId}`;

export function needRaisedReminder(board: BoardRef, need: Need): NewReminder {
  return { id: `needRaised|${boardKey(board)}|${need.id}`, kind: "needRaised", tenantId: board.tenantId, chatId: board.chatId, dueAt: need.raisedAt, data: { needId: need.id } };
}

/** One announcement per state an answer reaches (accepted, then done, is two). Null while unanswered. */
export function needAnsweredReminder(board: BoardRef, need: Need, cardId: string | null = null): NewReminder | null {
  if (need.answeredAt === null || need.state === "open") return null;
  return {
    id: `needAnswered|${boardKey(board)}|${need.id}|${need.state}`,
    kind: "needAnswered",
    tenantId: board.tenantId,
    chatId: board.chatId,
    dueAt: need.answeredAt,
    data: { needId: need.id, state: need.state, ...(cardId ? { cardId } : {}) },
  };
}

export interface NeedFacts {
  need: Need;
  from: string;
  to: string;
  toTeam: Team | null;
  overdue: boolean;
}

export async function needFacts(deps: BotDeps, board: BoardRef, needId: string): Promise<NeedFacts | null> {
  const all = await deps.services.store.readBoard(board);
  const need = all?.needs.find((n) => n.value.id === needId)?.value;
  if (!all || !need) return null;
  const name = (id: string) => all.teams.find((t) => t.id === id)?.name ?? "a team no longer on the board";
  const today = calendarDate(deps.services.now(), all.meta.value.settings.timeZone);
  const dailyStarts = all.sessions.filter((s) => s.kind === "daily").map((s) => s.startedAt ?? s.createdAt);
  return {
    need,
    from: name(need.fromTeamId),
    to: name(need.toTeamId),
    toTeam: all.teams.find((t) => t.id === need.toTeamId) ?? null,
    overdue: isNeedOverdue(need, today, dailiesSince(need, dailyStarts)),
  };
}

/** The card everyone sees in the chat; each person's client refreshes it to their own view. */
export function sharedNeedCard(facts: NeedFacts, userIds: string[]): Card {
  return needCard({ need: facts.need, from: facts.from, to: facts.to, overdue: facts.overdue, canAnswer: null, userIds });
}

/** One person's view: the answer buttons only for the team asked. */
export function personalNeedCard(facts: NeedFacts, userId: string, userIds: string[], notice?: Notice): Card {
  const canAnswer = facts.toTeam !== null && represents(facts.toTeam, userId);
  return needCard({ need: facts.need, from: facts.from, to: facts.to, overdue: facts.overdue, canAnswer, userIds, ...(notice ? { notice } : {}) });
}

/** The chat message telling the team that asked, @mentioning the person who raised the need. */
export function answeredMessage(facts: NeedFacts): OutMessage {
  const { need } = facts;
  const who = `${inert(facts.to)}${need.answeredBy ? ` (${inert(need.answeredBy.name)})` : ""}`;
  const what = `${inert(facts.from)}'s need "${inert(need.text)}"`;
  const sentence =
    need.state === "declined"
      ? `${who} declined ${what}${need.declineReason ? `, because: ${inert(need.declineReason)}` : ""}.`
      : need.state === "done"
        ? `${who} marked ${what} as done.`
        : `${who} accepted ${what}.`;
  const asker = atMention(need.raisedBy);
  return { text: `${need.state === "declined" ? "❌" : "✅"} ${asker.text}, ${sentence}`, mentions: [asker.mention] };
}

export interface NeedOutcome {
  state: "sent" | "skipped";
  note: string;
  postedId?: string;
}

/** Sends one claimed need announcement, after checking it still holds. */
export async function deliverNeedReminder(deps: BotDeps, r: Reminder): Promise<NeedOutcome> {
  const board = { tenantId: r.tenantId, chatId: r.chatId };
  const needId = String(r.data["needId"]);
  const facts = await needFacts(deps, board, needId);
  if (!facts) return { state: "skipped", note: "the need is gone" };
  const userIds = (await deps.store.getConversation(board))?.value.recentUsers ?? [];
  if (r.kind === "needRaised") {
    // Answered before anyone announced it: its answer is announced instead.
    if (facts.need.state !== "open") return { state: "skipped", note: `the need is ${facts.need.state} already` };
    const id = await deps.messenger.postToBoard(board, { card: sharedNeedCard(facts, userIds) });
    return id === null ? { state: "skipped", note: "the bot is not in the chat" } : { state: "sent", note: "", ...(id ? { postedId: id } : {}) };
  }
  if (facts.need.state !== r.data["state"]) return { state: "skipped", note: "the need changed again" };
  let cardId = typeof r.data["cardId"] === "string" ? r.data["cardId"] : null;
  if (!cardId) {
    const raised = needRaisedReminder(board, facts.need);
    cardId = (await deps.store.getReminder(raised.dueAt, raised.id))?.value.postedId ?? null;
  }
  if (cardId) {
    const id = cardId;
    await deps.messenger.updateOnBoard(board, id, { card: sharedNeedCard(facts, userIds) }).catch((err: unknown) => deps.log("bot: need card not updated", err));
  }
  const id = await deps.messenger.postToBoard(board, answeredMessage(facts));
  return id === null ? { state: "skipped", note: "the bot is not in the chat" } : { state: "sent", note: "" };
}

export type AnnounceResult = "sent" | "skipped" | "elsewhere" | "later";

/**
 * Files an announcement and sends it now, in the turn that raised or answered the need. When a
 * sweep holds it already, that sweep sends it ("elsewhere"); when sending fails, the row is left
 * for the sweep to retry ("later"). Never throws: the need itself is saved either way.
 */
export async function announceNow(deps: BotDeps, reminder: NewReminder, now: number): Promise<AnnounceResult> {
  try {
    await deps.store.schedule(reminder);
    const stored = await deps.store.getReminder(reminder.dueAt, reminder.id);
    if (!stored || stored.value.state !== "pending") return "elsewhere";
    const claimed = await deps.store.claim(stored, now);
    if (!claimed) return "elsewhere";
    try {
      const outcome = await deliverNeedReminder(deps, claimed.value);
      await deps.store.finish(claimed, outcome.state, now, outcome.note, outcome.postedId ?? null);
      return outcome.state;
    } catch (err) {
      deps.log(`bot: ${reminder.kind} not sent now; the sweep will retry`, err);
      const giveUp = claimed.value.attempts >= MAX_ATTEMPTS;
      await deps.store.finish(claimed, giveUp ? "failed" : "pending", now, String((err as Error)?.message ?? err).slice(0, 200));
      return "later";
    }
  } catch (err) {
    deps.log(`bot: ${reminder.kind} not filed`, err);
    return "later";
  }
}
