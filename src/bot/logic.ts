import { DomainError, markSummarySent, teamOf, type SessionView, type Team } from "../domain";
import type { ChatCommand } from "../domain/chat";
import { expectedMeetingEnd, sessionKindAt, SUMMARY_GRACE_MINUTES } from "../domain/reminders";
import { AddTopic, CreateAction, DailyUpdateMessage, NeedCardRef, RaiseNeed } from "../schemas/messages";
import type { Caller, Services } from "../service/context";
import { listActions, createAction } from "../service/actions";
import { answerNeed, postDailyUpdate, raiseNeed } from "../service/daily";
import { concludeRomanVote, castRomanVote, discussNext, extendTimer, startNextSession } from "../service/facilitation";
import { readState } from "../service/state";
import { sessionSummary } from "../service/summary";
import { addTopic } from "../service/topics";
import { castVote, withdrawVote } from "../service/votes";
import type { BotStore, ConversationRow } from "../store/bot";
import type { BoardRef } from "../store/keys";
import { StorageUnavailable, WriteConflict } from "../store/table";
import {
  actionsCard,
  agendaCard,
  helpText,
  ownerActionsCard,
  queueCard,
  romanResultCard,
  summaryCard,
  timeUpCard,
  VERBS,
  type Card,
  type Notice,
} from "./cards";
import type { ParsedAction } from "./card-data";
import type { Messenger, OutMessage } from "./messenger";
import { announceNow, needAnsweredReminder, needFacts, needRaisedReminder, personalNeedCard } from "./needs";

/**
 * What the bot does, without any bot SDK: commands and card actions in, replies and cards out.
 * Every change goes through the same service functions as the side panel's API.
 */
export interface BotDeps {
  services: Services;
  store: BotStore;
  messenger: Messenger;
  boardUrl(chatId: string): string | null;
  log(message: string, err?: unknown): void;
}

/** A person mentioned in a message, resolved at the edge. */
export interface Mention {
  name: string;
  aadObjectId: string | null;
}

export interface Turn {
  caller: Caller;
  board: BoardRef;
  conversation: ConversationRow;
  mentions: Mention[];
  /** For a card action: the message holding the card. */
  replyToId?: string | null;
}

/**
 * After a vote, the shared queue card is replaced so every open copy re-renders and refreshes
 * into its viewer's own view. Updates of one message are coalesced: while one is being sent,
 * further votes only ask for one more update with the latest queue.
 */
const sharedUpdates = new Map<string, { again: boolean }>();

async function refreshShared(deps: BotDeps, turn: Turn): Promise<void> {
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

/** The bot acting on its own (meeting events, reminders): it reads, it never facilitates. */
export function systemCaller(tenantId: string): Caller {
  return { tenantId, userId: "scrum-of-scrums-bot", name: "Scrum of Scrums" };
}

/** What a person reads when something went wrong: a sentence, never a stack trace. */
export function explain(err: unknown, deps: Pick<BotDeps, "log">): string {
  if (err instanceof DomainError) return err.message;
  if (err instanceof StorageUnavailable) return "Storage is not answering right now; nothing was changed. Try again in a few seconds.";
  deps.log("bot: unexpected error", err);
  return "Something went wrong on our side; nothing was changed. Try again.";
}

function firstIssue(error: { issues: { message: string }[] }): string {
  return error.issues[0]?.message ?? "That is not valid.";
}

const queued = (view: SessionView) => view.topics.filter((t) => t.state === "queued");

function topicAt(view: SessionView, position: number): { id: string; title: string } {
  const list = queued(view);
  const topic = list[position - 1];
  if (!topic) {
    throw new DomainError("not_found", list.length === 0 ? "The queue is empty: add a topic first." : `There is no topic ${position}; the queue has ${list.length}. Type queue to see the numbers.`);
  }
  return topic;
}

export async function handleCommand(deps: BotDeps, turn: Turn, command: ChatCommand): Promise<OutMessage> {
  const { services } = deps;
  const { caller, board } = turn;
  const chatId = board.chatId;
  try {
    switch (command.kind) {
      case "help":
        return { text: helpText() };
      case "unknown":
        return { text: helpText(command.hint ?? (command.text ? `I did not understand "${command.text.slice(0, 80)}".` : null)) };
      case "add": {
        const input = AddTopic.safeParse({ title: command.title });
        if (!input.success) return { text: firstIssue(input.error) };
        const topic = await addTopic(services, caller, chatId, input.data);
        const read = await readState(services, caller, chatId);
        const position = read.changed ? queued(read.view).findIndex((t) => t.id === topic.id) + 1 : 0;
        return { text: `Added "${topic.title}" to the queue${position ? ` as topic ${position}` : ""}. Vote with **vote ${position || "<number>"}** or on the queue card (type **queue**).` };
      }
      case "queue": {
        const view = await viewFor(deps, caller, chatId);
        return { card: queueCard(view, { personal: false, userIds: turn.conversation.recentUsers, shared: true }) };
      }
      case "vote":
      case "unvote": {
        const view = await viewFor(deps, caller, chatId);
        const topic = topicAt(view, command.position);
        const result = command.kind === "vote" ? await castVote(services, caller, chatId, topic.id) : await withdrawVote(services, caller, chatId, topic.id);
        const verb = command.kind === "vote" ? `Your dot is on "${topic.title}"` : `You took a dot back from "${topic.title}"`;
        return { text: `${verb}. You have ${result.dotsLeft} left.` };
      }
      case "next": {
        const result = await discussNext(services, caller, chatId);
        const now = result.topics.find((t) => t.state === "discussing");
        const done = result.topics.find((t) => t.state === "discussed");
        if (!now) return { text: `Done with "${done?.title ?? "the topic"}". The queue is empty.` };
        const minutes = result.timer.status === "idle" ? 0 : Math.round(result.timer.durationMs / 60_000);
        return { text: `${done ? `Done with "${done.title}". ` : ""}Now discussing "${now.title}" for ${minutes} minutes.` };
      }
      case "extend": {
        const before = await viewFor(deps, caller, chatId);
        const result = await extendTimer(services, caller, chatId);
        const minutes = before.timer.nextExtensionMinutes;
        const title = before.topics.find((t) => t.id === before.timer.topicId)?.title;
        const left = result.timer.status === "running" ? Math.ceil((result.timer.endsAt - services.now()) / 60_000) : null;
        return { text: `Extended${title ? ` "${title}"` : ""}${minutes ? ` by ${minutes} minutes` : ""}.${left !== null ? ` About ${left} minutes left.` : ""}` };
      }
      case "action":
        return await addAction(deps, turn, command);
      case "actions": {
        const [actions, view] = await Promise.all([listActions(services, caller, chatId, {}), viewFor(deps, caller, chatId)]);
        return { card: actionsCard(actions, view.teams, deps.boardUrl(chatId)) };
      }
      case "summary": {
        const summary = await sessionSummary(services, caller, chatId);
        return { card: summaryCard(summary, deps.boardUrl(chatId)) };
      }
      case "daily": {
        const view = await viewFor(deps, caller, chatId);
        const team = teamOf(view.teams, caller.userId);
        if (!team) return { text: representNoTeam(view) };
        const input = DailyUpdateMessage.safeParse({ nextSteps: command.nextSteps });
        if (!input.success) return { text: firstIssue(input.error) };
        const update = await postDailyUpdate(services, caller, chatId, team.id, input.data.nextSteps);
        return { text: `Posted ${team.name}'s next steps: "${update.nextSteps}". They show in the side panel's round and in the summary.` };
      }
      case "need":
        return await raiseNeedFromChat(deps, turn, command);
    }
  } catch (err) {
    return { text: explain(err, deps) };
  }
}

async function viewFor(deps: BotDeps, caller: Caller, chatId: string): Promise<SessionView> {
  const read = await readState(deps.services, caller, chatId);
  if (!read.changed) throw new Error("a read without If-None-Match always has a view");
  return read.view;
}

async function addAction(deps: BotDeps, turn: Turn, command: Extract<ChatCommand, { kind: "action" }>): Promise<OutMessage> {
  const view = await viewFor(deps, turn.caller, turn.board.chatId);
  const squash = (s: string) => s.toLowerCase().replace(/[\s_-]+/g, "");
  let ownerTeamId: string | null = null;
  let ownerName: string | undefined;
  const unknownOwners: string[] = [];
  for (const name of command.owners) {
    const team = view.teams.find((t) => squash(t.name) === squash(name));
    if (team && !ownerTeamId) ownerTeamId = team.id;
    else unknownOwners.push(name);
  }
  const person = command.mentions.map((m) => turn.mentions.find((x) => x.name === m) ?? { name: m, aadObjectId: null })[0];
  if (person) ownerName = person.name;
  else if (unknownOwners[0]) ownerName = unknownOwners[0];
  const discussing = view.topics.find((t) => t.state === "discussing");
  const input = CreateAction.safeParse({
    text: command.text,
    ownerTeamId,
    ownerUserId: person?.aadObjectId ?? null,
    ...(ownerName ? { ownerName } : {}),
    due: command.due,
    originTopicId: discussing?.id ?? null,
  });
  if (!input.success) return { text: firstIssue(input.error) };
  const action = await createAction(deps.services, turn.caller, turn.board.chatId, input.data);
  const team = view.teams.find((t) => t.id === action.ownerTeamId)?.name;
  const owner = [action.ownerName || null, team ?? null].filter(Boolean).join(" · ");
  return { text: `Action for ${owner}: "${action.text}"${action.due ? `, due ${action.due}` : ""}${discussing ? ` (from "${discussing.title}")` : ""}.` };
}

function teamList(view: SessionView): string {
  return view.teams.length === 0 ? "This board has no teams yet: a facilitator adds them in the side panel." : `The board's teams: ${view.teams.map((t) => t.name).join(", ")}.`;
}

function representNoTeam(view: SessionView): string {
  return `You do not represent a team on this board, so I cannot post for one. A facilitator names each team's representative and alternates in the side panel. ${teamList(view)}`;
}

const squash = (s: string) => s.toLowerCase().replace(/[\s_-]+/g, "");

/** The team a `need` names: @Team, @"Team name", a team name with spaces written without quotes, or a mentioned person's team. */
function teamAsked(view: SessionView, turn: Turn, command: Extract<ChatCommand, { kind: "need" }>): { team: Team; text: string } | null {
  const exact = view.teams.find((t) => squash(t.name) === squash(command.team));
  if (exact) return { team: exact, text: command.text };
  const person = turn.mentions.find((m) => m.name === command.team && m.aadObjectId);
  const theirs = person?.aadObjectId ? teamOf(view.teams, person.aadObjectId) : undefined;
  if (theirs) return { team: theirs, text: command.text };
  const after = command.after.toLowerCase();
  const prefixed = view.teams
    .filter((t) => after.startsWith(t.name.toLowerCase()) && !/[\p{L}\p{N}]/u.test(after.charAt(t.name.length)))
    .sort((a, b) => b.name.length - a.name.length)[0];
  if (!prefixed) return null;
  const text = command.after.slice(prefixed.name.length).replace(/^[\s:,\-–]+/, "").trim();
  return text ? { team: prefixed, text } : null;
}

async function raiseNeedFromChat(deps: BotDeps, turn: Turn, command: Extract<ChatCommand, { kind: "need" }>): Promise<OutMessage> {
  const { caller, board } = turn;
  const view = await viewFor(deps, caller, board.chatId);
  const from = teamOf(view.teams, caller.userId);
  if (!from) return { text: representNoTeam(view) };
  const asked = teamAsked(view, turn, command);
  if (!asked) {
    return { text: `There is no team called "${command.team.slice(0, 60)}" on this board. ${teamList(view)} Write the team's name after @, in quotes if it has spaces, for example: need @"${view.teams.find((t) => t.id !== from.id)?.name ?? "Team name"}" ${command.text.slice(0, 80)}` };
  }
  const input = RaiseNeed.safeParse({ fromTeamId: from.id, toTeamId: asked.team.id, text: asked.text, by: command.by });
  if (!input.success) return { text: firstIssue(input.error) };
  const need = await raiseNeed(deps.services, caller, board.chatId, input.data);
  // The card addressed to the team asked is the answer; the sweep posts it if it cannot go now.
  const announced = await announceNow(deps, needRaisedReminder(board, need), deps.services.now());
  if (announced === "sent" || announced === "elsewhere") return {};
  return { text: `${from.name} needs ${asked.team.name}: "${need.text}"${need.by ? ` by ${need.by}` : ""}. The card for ${asked.team.name} follows shortly.` };
}

// Card actions: the answer is the card the person sees next (their own view).

export type CardReply = { card: Card } | { message: string };

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

export async function handleCardAction(deps: BotDeps, turn: Turn, action: ParsedAction): Promise<CardReply> {
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
        return await personalQueue({ text: `Added "${topic.title}".`, tone: "good" });
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
export async function handleRefusedCardAction(deps: BotDeps, turn: Turn, verb: unknown, data: unknown, message: string): Promise<CardReply> {
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
async function needReply(deps: BotDeps, turn: Turn, needId: string, note?: Notice): Promise<CardReply> {
  const facts = await needFacts(deps, turn.board, needId);
  if (!facts) return { message: note?.tone === "attention" ? note.text : "That need is no longer on this board." };
  return { card: personalNeedCard(facts, turn.caller.userId, turn.conversation.recentUsers, note) };
}

// Meeting events and the summary.

async function systemView(deps: BotDeps, board: BoardRef): Promise<SessionView> {
  return viewFor(deps, systemCaller(board.tenantId), board.chatId);
}

/**
 * A recurring meeting shares one chat, so one board: when a meeting starts and the current session
 * is over (closed, or its summary went out), the next session starts, taking over the queue.
 */
async function openSessionFor(deps: BotDeps, board: BoardRef, now: number): Promise<void> {
  const meta = await deps.services.store.getMeta(board);
  if (!meta) return;
  const current = await deps.services.store.getSession(board, meta.value.currentSessionId);
  if (!current || (current.value.phase !== "closed" && current.value.summarySentAt === null)) return;
  // The bot acts for the meeting here, as its organizer would in the side panel.
  const asOrganizer = { ...deps.services, roles: { roleOf: async () => "organizer" as const } };
  try {
    await startNextSession(asOrganizer, systemCaller(board.tenantId), board.chatId, sessionKindAt(meta.value.settings, now));
  } catch (err) {
    // Started at the same moment by a re-delivered event or a facilitator: theirs stands.
    if (!(err instanceof DomainError && err.code === "conflict")) throw err;
  }
}

/** At meetingStart: the agenda in the chat, and the summary booked in case meetingEnd never comes. */
export async function meetingStarted(deps: BotDeps, board: BoardRef, now: number): Promise<void> {
  await openSessionFor(deps, board, now);
  const view = await systemView(deps, board);
  await deps.messenger.postToBoard(board, { card: agendaCard(view, deps.boardUrl(board.chatId)) });
  await deps.store.schedule({
    id: `summary|${board.tenantId}|${board.chatId}|${view.session.id}`,
    kind: "summary",
    tenantId: board.tenantId,
    chatId: board.chatId,
    dueAt: expectedMeetingEnd(view.settings, now) + SUMMARY_GRACE_MINUTES * 60_000,
    data: { sessionId: view.session.id },
  });
}

export async function meetingEnded(deps: BotDeps, board: BoardRef, now: number): Promise<"sent" | "already" | "missing"> {
  const meta = await deps.services.store.getMeta(board);
  if (!meta) return "missing";
  return sendSummaryOnce(deps, board, meta.value.currentSessionId, now);
}

/**
 * Sends a session's summary exactly once, whoever asks (meetingEnd, a re-delivered meetingEnd,
 * the sweep): the session row's `summarySentAt` is set with its ETag first, and only the writer
 * that won sends. A send that fails for a passing reason gives the mark back for the next sweep.
 */
export async function sendSummaryOnce(deps: BotDeps, board: BoardRef, sessionId: string, now: number): Promise<"sent" | "already" | "missing"> {
  const sessions = deps.services.store;
  for (let attempt = 0; ; attempt++) {
    const stored = await sessions.getSession(board, sessionId);
    if (!stored) return "missing";
    if (stored.value.summarySentAt !== null) return "already";
    try {
      await sessions.replaceSession(board, markSummarySent(stored.value, now), stored.etag);
      break;
    } catch (err) {
      if (!(err instanceof WriteConflict) || attempt >= 8) throw err;
    }
  }
  try {
    const summary = await sessionSummary(deps.services, systemCaller(board.tenantId), board.chatId, sessionId);
    const url = deps.boardUrl(board.chatId);
    const posted = await deps.messenger.postToBoard(board, { card: summaryCard(summary, url) });
    if (posted === null) return "sent";
    const byOwner = new Map<string, typeof summary.actions>();
    for (const a of summary.actions) {
      if (!a.ownerUserId || a.status === "done") continue;
      byOwner.set(a.ownerUserId, [...(byOwner.get(a.ownerUserId) ?? []), a]);
    }
    for (const [owner, actions] of byOwner) {
      try {
        await deps.messenger.postToUser(board.tenantId, owner, { card: ownerActionsCard(summary.date, actions, url) });
      } catch (err) {
        deps.log("bot: personal summary not delivered", err);
      }
    }
    return "sent";
  } catch (err) {
    // Nothing reached the chat: give the mark back so the sweep tries again.
    for (let attempt = 0; attempt < 8; attempt++) {
      const stored = await sessions.getSession(board, sessionId);
      if (!stored || stored.value.summarySentAt === null) break;
      try {
        await sessions.replaceSession(board, { ...stored.value, summarySentAt: null }, stored.etag);
        break;
      } catch (e) {
        if (!(e instanceof WriteConflict)) break;
      }
    }
    throw err;
  }
}
