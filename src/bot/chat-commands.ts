import { DomainError, summaryLanguage, teamOf, topicNumbered, type SessionView, type Team } from "../domain";
import type { ChatCommand } from "../domain/chat";
import { AddTopic, CreateAction, DailyUpdateMessage, RaiseNeed } from "../schemas/messages";
import { listActions, createAction } from "../service/actions";
import { postDailyUpdate, raiseNeed } from "../service/daily";
import { discussNext, extendTimer } from "../service/facilitation";
import { sessionSummary } from "../service/summary";
import { addTopic } from "../service/topics";
import { castVote, withdrawVote } from "../service/votes";
import { plural } from "./card-kit";
import { helpText } from "./commands";
import { queueCard } from "./queue-cards";
import { actionsCard, summaryCard } from "./report-cards";
import { explain, viewFor, type BotDeps, type ChatTurn } from "./deps";
import type { OutMessage } from "./messenger";
import { announceNow, needRaisedReminder } from "./needs";
import { inert } from "./inert-text";

/**
 * Chat commands: what the bot answers to a command typed in the meeting chat (add, queue, vote,
 * next, extend, action, daily, need, …). Bad input gets a sentence saying how to say it right.
 */

function firstIssue(error: { issues: { message: string }[] }): string {
  return error.issues[0]?.message ?? "That is not valid.";
}

/** The topic a person names by its number: the stable one shown on cards and in the panel, not its rank. */
function numberedTopic(view: SessionView, number: number): { id: string; title: string } {
  const topic = topicNumbered(view.topics, number);
  if (!topic) {
    const empty = !view.topics.some((t) => t.state === "queued");
    throw new DomainError("not_found", empty ? "The queue is empty: add a topic first." : `There is no topic #${number} in this session. Type queue to see the topics and their numbers.`);
  }
  return topic;
}

export async function handleCommand(deps: BotDeps, turn: ChatTurn, command: ChatCommand): Promise<OutMessage> {
  const { services } = deps;
  const { caller, board } = turn;
  const chatId = board.chatId;
  try {
    switch (command.kind) {
      case "help":
        return { text: helpText() };
      case "unknown":
        return { text: helpText(command.hint ? inert(command.hint) : command.text ? `I did not understand "${inert(command.text.slice(0, 80))}".` : null) };
      case "add": {
        const input = AddTopic.safeParse({ title: command.title });
        if (!input.success) return { text: firstIssue(input.error) };
        const topic = await addTopic(services, caller, chatId, input.data);
        return { text: `Added "${inert(topic.title)}" to the queue as topic #${topic.number}. Vote with **vote ${topic.number}** or on the queue card (type **queue**).` };
      }
      case "queue": {
        const view = await viewFor(deps, caller, chatId);
        return { card: queueCard(view, { personal: false, userIds: turn.conversation.recentUsers, shared: true }) };
      }
      case "vote":
      case "unvote": {
        const view = await viewFor(deps, caller, chatId);
        const topic = numberedTopic(view, command.number);
        const result = command.kind === "vote" ? await castVote(services, caller, chatId, topic.id) : await withdrawVote(services, caller, chatId, topic.id);
        const verb = command.kind === "vote" ? `Your dot is on "${inert(topic.title)}"` : `You took a dot back from "${inert(topic.title)}"`;
        return { text: `${verb}. You have ${result.dotsLeft} left.` };
      }
      case "next": {
        const result = await discussNext(services, caller, chatId);
        const now = result.topics.find((t) => t.state === "discussing");
        const done = result.topics.find((t) => t.state === "discussed");
        if (!now) return { text: `Done with "${done ? inert(done.title) : "the topic"}". The queue is empty.` };
        const minutes = result.timer.status === "idle" ? 0 : Math.round(result.timer.durationMs / 60_000);
        return { text: `${done ? `Done with "${inert(done.title)}". ` : ""}Now discussing "${inert(now.title)}" for ${plural(minutes, "minute")}.` };
      }
      case "extend": {
        const before = await viewFor(deps, caller, chatId);
        const result = await extendTimer(services, caller, chatId);
        const minutes = before.timer.nextExtensionMinutes;
        const title = before.topics.find((t) => t.id === before.timer.topicId)?.title;
        const left = result.timer.status === "running" ? Math.ceil((result.timer.endsAt - services.now()) / 60_000) : null;
        return { text: `Extended${title ? ` "${inert(title)}"` : ""}${minutes ? ` by ${plural(minutes, "minute")}` : ""}.${left !== null ? ` About ${plural(left, "minute")} left.` : ""}` };
      }
      case "action":
        return await addAction(deps, turn, command);
      case "actions": {
        const [actions, view] = await Promise.all([listActions(services, caller, chatId, {}), viewFor(deps, caller, chatId)]);
        return { card: actionsCard(actions, view.teams, deps.boardUrl(chatId)) };
      }
      case "summary": {
        const summary = await sessionSummary(services, caller, chatId);
        // The one who asked reads it first: in their Teams language.
        return { card: summaryCard(summary, deps.boardUrl(chatId), summaryLanguage(turn.locale)) };
      }
      case "daily": {
        const view = await viewFor(deps, caller, chatId);
        const team = teamOf(view.teams, caller.userId);
        if (!team) return { text: representNoTeam(view) };
        const input = DailyUpdateMessage.safeParse({ nextSteps: command.nextSteps });
        if (!input.success) return { text: firstIssue(input.error) };
        // The chat shows no text to start from, so a command adds its line to what the team posted: it never overwrites.
        const update = await postDailyUpdate(services, caller, chatId, team.id, input.data.nextSteps, undefined, true);
        return { text: `Posted ${inert(team.name)}'s next steps: "${inert(update.nextSteps)}". They show in the side panel's round and in the summary.` };
      }
      case "need":
        return await raiseNeedFromChat(deps, turn, command);
    }
  } catch (err) {
    return { text: explain(err, deps) };
  }
}

async function addAction(deps: BotDeps, turn: ChatTurn, command: Extract<ChatCommand, { kind: "action" }>): Promise<OutMessage> {
  const view = await viewFor(deps, turn.caller, turn.board.chatId);
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
  return { text: `Action for ${inert(owner)}: "${inert(action.text)}"${action.due ? `, due ${action.due}` : ""}${discussing ? ` (from "${inert(discussing.title)}")` : ""}.` };
}

function teamList(view: SessionView): string {
  return view.teams.length === 0 ? "This board has no teams yet: a facilitator adds them in the side panel." : `The board's teams: ${view.teams.map((t) => inert(t.name)).join(", ")}.`;
}

function representNoTeam(view: SessionView): string {
  return `You do not represent a team on this board, so I cannot post for one. A facilitator names each team's representative and alternates in the side panel. ${teamList(view)}`;
}

const squash = (s: string) => s.toLowerCase().replace(/[\s_-]+/g, "");

/** The team a `need` names: @Team, @"Team name", a team name with spaces written without quotes, or a mentioned person's team. */
function teamAsked(view: SessionView, turn: ChatTurn, command: Extract<ChatCommand, { kind: "need" }>): { team: Team; text: string } | null {
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

async function raiseNeedFromChat(deps: BotDeps, turn: ChatTurn, command: Extract<ChatCommand, { kind: "need" }>): Promise<OutMessage> {
  const { caller, board } = turn;
  const view = await viewFor(deps, caller, board.chatId);
  const from = teamOf(view.teams, caller.userId);
  if (!from) return { text: representNoTeam(view) };
  const asked = teamAsked(view, turn, command);
  if (!asked) {
    return { text: `There is no team called "${inert(command.team.slice(0, 60))}" on this board. ${teamList(view)} Write the team's name after @, in quotes if it has spaces, for example: need @"${inert(view.teams.find((t) => t.id !== from.id)?.name ?? "Team name")}" ${inert(command.text.slice(0, 80))}` };
  }
  const input = RaiseNeed.safeParse({ fromTeamId: from.id, toTeamId: asked.team.id, text: asked.text, by: command.by });
  if (!input.success) return { text: firstIssue(input.error) };
  const need = await raiseNeed(deps.services, caller, board.chatId, input.data);
  // The card addressed to the team asked is the answer; the sweep posts it if it cannot go now.
  const announced = await announceNow(deps, needRaisedReminder(board, need), deps.services.now());
  if (announced === "sent" || announced === "elsewhere") return {};
  return { text: `${inert(from.name)} needs ${inert(asked.team.name)}: "${inert(need.text)}"${need.by ? ` by ${need.by}` : ""}. The card for ${inert(asked.team.name)} follows shortly.` };
}
