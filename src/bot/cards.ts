import type { ActionView, Continuation, Need, NeedView, RomanTally, SessionSummary, SessionView, SummaryAction, SummaryNeed } from "../domain";
import { DECLINE_REASON_MAX, TOPIC_TITLE_MAX } from "../domain";
import { BOT_COMMANDS } from "./commands";

/**
 * Adaptive Cards (schema 1.5, Universal Actions) as plain JSON. Pure: no SDK, no I/O, so the same
 * cards serve any bot framework. Every button is an `Action.Execute` whose `data` the bot checks
 * with the shared schemas before acting.
 */

export type Json = { [key: string]: unknown };
export type Card = Json & { type: "AdaptiveCard"; version: "1.5"; body: Json[] };

export const VERBS = {
  queue: "queue",
  vote: "vote",
  unvote: "unvote",
  addTopic: "addTopic",
  roman: "roman",
  conclude: "conclude",
  needView: "needView",
  answerNeed: "answerNeed",
} as const;

export type Verb = (typeof VERBS)[keyof typeof VERBS];

export interface Notice {
  text: string;
  tone: "good" | "attention" | "default";
}

/** Most topics a card lists; the side panel shows the rest. */
export const CARD_TOPIC_LIMIT = 15;

function card(body: Json[], extra: Json = {}): Card {
  return { type: "AdaptiveCard", $schema: "http://adaptivecards.io/schemas/adaptive-card.json", version: "1.5", body, ...extra };
}

function text(value: string, options: Json = {}): Json {
  return { type: "TextBlock", text: value, wrap: true, ...options };
}

function heading(value: string): Json {
  return text(value, { size: "Medium", weight: "Bolder", style: "heading" });
}

function notice(n: Notice | undefined): Json[] {
  if (!n) return [];
  return [text(n.text, { color: n.tone === "default" ? "Default" : n.tone === "good" ? "Good" : "Attention", weight: "Bolder" })];
}

function execute(title: string, verb: Verb, data: Json = {}, extra: Json = {}): Json {
  return { type: "Action.Execute", title, verb, data: { ...data }, ...extra };
}

function refresh(verb: Verb, userIds: string[], data: Json = {}): Json {
  return userIds.length ? { refresh: { action: { type: "Action.Execute", title: "Refresh", verb, data }, userIds: userIds.slice(0, 60) } } : {};
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** A date and time as a person in the board's time zone reads it. */
export function formatWhen(epoch: number, timeZone: string): string {
  return new Intl.DateTimeFormat("en-GB", { timeZone, weekday: "long", day: "numeric", month: "long", hour: "2-digit", minute: "2-digit", timeZoneName: "short" }).format(new Date(epoch));
}

export interface QueueCardOptions {
  /** True for one person's view (their dots); false for the message everyone sees before it refreshes. */
  personal: boolean;
  /** Teams ids whose clients refresh the card to their own view (at most 60). */
  userIds: string[];
  notice?: Notice;
  /** The card is (or replaces, for one person) the queue message posted in the chat. */
  shared?: boolean;
}

/** The queue with a vote button per topic; personal views show the viewer's dots. */
export function queueCard(view: SessionView, options: QueueCardOptions): Card {
  const queued = view.topics.filter((t) => t.state === "queued");
  const discussing = view.topics.find((t) => t.state === "discussing");
  const limit = view.settings.votesPerPerson;
  const mark = options.shared ? { onQueueCard: true } : {};
  const body: Json[] = [heading("Topic queue"), ...notice(options.notice)];
  if (discussing) body.push(text(`Now discussing: **${discussing.title}**`));
  body.push(
    text(
      options.personal
        ? `You have ${plural(view.me.dotsLeft, "dot")} left of ${limit}.`
        : `Each person has ${plural(limit, "dot")}. Vote with the buttons; the card shows your own dots once it refreshes.`,
      { isSubtle: true, spacing: "Small" },
    ),
  );
  if (queued.length === 0) body.push(text("The queue is empty. Add the first topic below or with `add <title>`."));
  queued.slice(0, CARD_TOPIC_LIMIT).forEach((t, i) => {
    const dots = t.dots === null ? "dots hidden until the discussion starts" : plural(t.dots, "dot");
    const mine = options.personal && t.myDots > 0 ? ` · ${t.myDots} of them yours` : "";
    const actions = [execute("Vote", VERBS.vote, { topicId: t.id, ...mark })];
    if (options.personal && t.myDots > 0) actions.push(execute("Take back", VERBS.unvote, { topicId: t.id, ...mark }));
    body.push({
      type: "Container",
      separator: i > 0,
      items: [
        text(`**${i + 1}. ${t.title}**`),
        text(`${dots}${mine}${t.author ? ` · added by ${t.author.name}` : ""}`, { isSubtle: true, spacing: "None", size: "Small" }),
        { type: "ActionSet", actions },
      ],
    });
  });
  if (queued.length > CARD_TOPIC_LIMIT) body.push(text(`…and ${queued.length - CARD_TOPIC_LIMIT} more in the side panel.`, { isSubtle: true }));
  if (view.session.phase !== "closed") {
    body.push({ type: "Input.Text", id: "title", label: "Add a topic", placeholder: "What should the teams talk about?", maxLength: TOPIC_TITLE_MAX });
  }
  const actions = view.session.phase !== "closed" ? [execute("Add topic", VERBS.addTopic, mark)] : [];
  actions.push(execute("Refresh", VERBS.queue, mark));
  return card(body, { actions, ...refresh(VERBS.queue, options.userIds, mark) });
}

export interface TimeUpCardInput {
  topicId: string;
  topicTitle: string;
  round: number;
  tally: RomanTally;
  nextExtensionMinutes: number | null;
  myChoice: string | null;
  userIds: string[];
  notice?: Notice;
}

const ROMAN_LABELS = { up: "👍 Continue", sideways: "✋ Either way", down: "👎 Move on" } as const;

/** "Time's up — continue?": the room's thumbs, and the facilitator's button to close the vote. */
export function timeUpCard(input: TimeUpCardInput): Card {
  const { tally } = input;
  const offer = input.nextExtensionMinutes === null ? "No extension is left: the topic moves on." : `Continuing adds ${plural(input.nextExtensionMinutes, "minute")}.`;
  const body: Json[] = [
    heading("⏰ Time's up — continue?"),
    ...notice(input.notice),
    text(`**${input.topicTitle}**`),
    text(offer, { isSubtle: true }),
    text(`👍 ${tally.up} · ✋ ${tally.sideways} · 👎 ${tally.down}`, { size: "Large", weight: "Bolder" }),
  ];
  if (input.myChoice) body.push(text(`Your vote: ${ROMAN_LABELS[input.myChoice as keyof typeof ROMAN_LABELS] ?? input.myChoice}`, { isSubtle: true }));
  const data = { topicId: input.topicId, round: input.round };
  const votes = input.nextExtensionMinutes === null ? [] : (["up", "sideways", "down"] as const).map((choice) => execute(ROMAN_LABELS[choice], VERBS.roman, { ...data, choice }));
  return card(body, {
    actions: [...votes, execute("Close the vote (facilitator)", VERBS.conclude, data)],
    ...refresh(VERBS.roman, input.userIds, { ...data, choice: "" }),
  });
}

/** The room's decision, posted once. */
export function romanResultCard(topicTitle: string, continuation: Continuation, tally: RomanTally): Card {
  const decision =
    continuation.decision === "extend"
      ? `Continue for ${plural(continuation.minutes, "more minute")}.`
      : continuation.reason === "no_extension_left"
        ? "Moving on: no extension was left."
        : "Moving on to the next topic.";
  return card([heading("The room decided"), text(`**${topicTitle}**`), text(decision, { weight: "Bolder" }), text(`👍 ${tally.up} · ✋ ${tally.sideways} · 👎 ${tally.down}`, { isSubtle: true })]);
}

function actionLine(a: { text: string; owner: string; due: string | null; overdue: boolean; status: string }): Json {
  const due = a.due ? ` · due ${a.due}${a.overdue ? " (**overdue**)" : ""}` : "";
  return text(`• ${a.text} — ${a.owner}${due}${a.status === "doing" ? " · in progress" : a.status === "done" ? " · done" : ""}`, { spacing: "Small", ...(a.overdue ? { color: "Attention" } : {}) });
}

export function ownerOf(a: ActionView, teams: SessionView["teams"]): string {
  const team = teams.find((t) => t.id === a.ownerTeamId)?.name;
  return [a.ownerName || null, team ?? null].filter(Boolean).join(" · ") || "unassigned";
}

function openButton(boardUrl: string | null): Json[] {
  return boardUrl ? [{ type: "Action.OpenUrl", title: "Open the board", url: boardUrl }] : [];
}

const NEED_STATE_LABEL: Record<Need["state"], string> = { open: "waiting for an answer", accepted: "accepted", declined: "declined", done: "done" };

function teamName(teams: SessionView["teams"], id: string): string {
  return teams.find((t) => t.id === id)?.name ?? "a team no longer on the board";
}

function needLine(n: { from: string; to: string; text: string; by: string | null; state: Need["state"]; overdue?: boolean; declineReason?: string }): Json {
  const by = n.by ? ` · by ${n.by}` : "";
  const overdue = n.overdue ? " (**overdue**)" : "";
  const reason = n.state === "declined" && n.declineReason ? ` — ${n.declineReason}` : "";
  return text(`• ${n.from} → ${n.to}: ${n.text}${by}${overdue} · ${NEED_STATE_LABEL[n.state]}${reason}`, { spacing: "Small", ...(n.overdue ? { color: "Attention" } : {}) });
}

/** Needs not answered for good yet (open or accepted), overdue ones first. */
function openNeeds(view: SessionView): NeedView[] {
  return view.needs.filter((n) => n.state === "open" || n.state === "accepted").sort((a, b) => Number(b.overdue) - Number(a.overdue) || a.raisedAt - b.raisedAt);
}

/** At the meeting's start: what to discuss first (a weekly) or the round (a daily), the actions to review and the open needs. */
export function agendaCard(view: SessionView, boardUrl: string | null): Card {
  const daily = view.session.kind === "daily";
  const open = view.actions.filter((a) => a.status !== "done");
  const overdue = open.filter((a) => a.overdue);
  const body: Json[] = [heading(daily ? "Scrum of scrums — daily agenda" : "Scrum of scrums — agenda")];
  if (daily) {
    body.push(text("**The round**", { spacing: "Medium" }));
    if (view.daily.order.length === 0) body.push(text("No teams on the board yet: add them in the side panel.", { isSubtle: true }));
    else body.push(text(view.daily.order.map((id, i) => `${i + 1}. ${teamName(view.teams, id)}`).join("\n"), { spacing: "Small" }));
    body.push(text("Each team: `daily <next steps>`, and `need @Team <what you need> [by YYYY-MM-DD]`.", { isSubtle: true, spacing: "Small" }));
  } else {
    const queued = view.topics.filter((t) => t.state === "queued").slice(0, 5);
    body.push(text("**Top of the queue**", { spacing: "Medium" }));
    if (queued.length === 0) body.push(text("No topics yet: add one with `add <title>`.", { isSubtle: true }));
    queued.forEach((t, i) => body.push(text(`${i + 1}. ${t.title}${t.dots === null ? "" : ` (${plural(t.dots, "dot")})`}`, { spacing: "Small" })));
  }
  body.push(text(`**Overdue actions** (${overdue.length})`, { spacing: "Medium" }));
  if (overdue.length === 0) body.push(text("None.", { isSubtle: true }));
  overdue.slice(0, 10).forEach((a) => body.push(actionLine({ ...a, owner: ownerOf(a, view.teams) })));
  const rest = open.filter((a) => !a.overdue);
  body.push(text(`**Open actions to review** (${rest.length})`, { spacing: "Medium" }));
  if (rest.length === 0) body.push(text("None.", { isSubtle: true }));
  rest.slice(0, 10).forEach((a) => body.push(actionLine({ ...a, owner: ownerOf(a, view.teams) })));
  const needs = openNeeds(view);
  body.push(text(`**Open needs between teams** (${needs.length})`, { spacing: "Medium" }));
  if (needs.length === 0) body.push(text("None.", { isSubtle: true }));
  needs.slice(0, 10).forEach((n) => body.push(needLine({ ...n, from: teamName(view.teams, n.fromTeamId), to: teamName(view.teams, n.toTeamId) })));
  if (needs.length > 10) body.push(text(`…and ${needs.length - 10} more in the side panel.`, { isSubtle: true }));
  return card(body, { actions: [...(daily ? [] : [execute("Show the queue and vote", VERBS.queue)]), ...openButton(boardUrl)] });
}

export interface NeedCardInput {
  need: Need;
  from: string;
  to: string;
  overdue: boolean;
  /** Null for the message everyone sees; for one person's view, whether they may answer for the team asked. */
  canAnswer: boolean | null;
  /** Teams ids whose clients refresh the card to their own view (at most 60). */
  userIds: string[];
  notice?: Notice;
}

/** A need in the meeting chat, addressed to the team asked: Accept, Decline (with a reason) or Done. */
export function needCard(input: NeedCardInput): Card {
  const { need, from, to } = input;
  const body: Json[] = [heading(`🤝 ${from} needs ${to}`), ...notice(input.notice), text(`**${need.text}**`)];
  const facts: Json[] = [{ title: "Asked by", value: `${need.raisedBy.name} for ${from}` }];
  if (need.by) facts.push({ title: "By", value: `${need.by}${input.overdue ? " — overdue" : ""}` });
  facts.push({ title: "State", value: NEED_STATE_LABEL[need.state] });
  body.push({ type: "FactSet", facts });
  const answered = need.answeredBy ? `${need.answeredBy.name} (${to})` : to;
  if (need.state === "accepted") body.push(text(`✅ Accepted by ${answered}.`, { color: "Good", weight: "Bolder" }));
  if (need.state === "done") body.push(text(`✔️ Done, marked by ${answered}.`, { color: "Good", weight: "Bolder" }));
  if (need.state === "declined") body.push(text(`❌ Declined by ${answered}: ${need.declineReason}`, { color: "Attention", weight: "Bolder" }));
  if (input.overdue && need.state === "open") body.push(text("Overdue: nobody has answered in time.", { color: "Attention" }));
  const answerable = need.state === "open" || need.state === "accepted";
  const actions: Json[] = [];
  if (answerable && input.canAnswer === false) {
    body.push(text(`Only ${to}'s representative or an alternate can answer it.`, { isSubtle: true }));
  } else if (answerable) {
    body.push(text(need.state === "open" ? `${to}: accept, decline (say why) or mark it done.` : `${to}: mark it done when it is, or decline (say why).`, { isSubtle: true }));
    body.push({ type: "Input.Text", id: "reason", label: "Reason, if you decline", placeholder: "Why not, so they can find help elsewhere", maxLength: DECLINE_REASON_MAX });
    const data = { needId: need.id };
    if (need.state === "open") actions.push(execute("Accept", VERBS.answerNeed, { ...data, answer: "accept" }, { style: "positive" }));
    actions.push(execute("Decline", VERBS.answerNeed, { ...data, answer: "decline" }, { style: "destructive" }));
    actions.push(execute("Done", VERBS.answerNeed, { ...data, answer: "done" }));
  }
  actions.push(execute("Refresh", VERBS.needView, { needId: need.id }));
  return card(body, { actions, ...refresh(VERBS.needView, input.userIds, { needId: need.id }) });
}

function summaryNeeds(title: string, needs: SummaryNeed[], none: string, overdue = false): Json[] {
  return [text(`**${title}** (${needs.length})`, { spacing: "Medium" }), ...(needs.length === 0 ? [text(none, { isSubtle: true })] : needs.slice(0, 20).map((n) => needLine({ ...n, overdue })))];
}

/** After the meeting: actions with owners and due dates, topics discussed and carried over; after a daily, its round. */
export function summaryCard(s: SessionSummary, boardUrl: string | null): Card {
  const body: Json[] = [heading(`Scrum of scrums — summary of the ${s.kind} of ${s.date}`)];
  if (s.attendance.length > 0) {
    body.push(text("**Who attended for which team**", { spacing: "Medium" }));
    body.push({ type: "FactSet", facts: s.attendance.map((a) => ({ title: a.team, value: a.person })) });
  }
  if (s.daily) {
    const d = s.daily;
    body.push(text(`**Next steps per team** (${d.nextSteps.length})`, { spacing: "Medium" }));
    if (d.nextSteps.length === 0) body.push(text("No team posted next steps.", { isSubtle: true }));
    d.nextSteps.forEach((u) => body.push(text(`• **${u.team}**: ${u.nextSteps} _(${u.postedBy})_`, { spacing: "Small" })));
    body.push(...summaryNeeds("Needs raised", d.needsOpened, "No team raised a need."));
    body.push(...summaryNeeds("Needs answered", d.needsAnswered, "No need was answered."));
    body.push(...summaryNeeds("Needs overdue", d.needsOverdue, "None: every need was answered in time.", true));
    body.push(text(`**Actions moved** (${d.actionsMoved.length})`, { spacing: "Medium" }));
    if (d.actionsMoved.length === 0) body.push(text("No action moved on the Kanban.", { isSubtle: true }));
    d.actionsMoved.slice(0, 20).forEach((a) => body.push(actionLine(a)));
  }
  body.push(text(`**Action items** (${s.actions.length})`, { spacing: "Medium" }));
  if (s.actions.length === 0) body.push(text("No open action items.", { isSubtle: true }));
  s.actions.slice(0, 30).forEach((a) => body.push(actionLine(a)));
  if (!s.daily || s.discussed.length > 0) {
    body.push(text(`**Discussed** (${s.discussed.length})`, { spacing: "Medium" }));
    if (s.discussed.length === 0) body.push(text("Nothing was discussed.", { isSubtle: true }));
    s.discussed.forEach((t) => body.push(text(`• ${t.title}${t.takeaways ? ` — ${t.takeaways}` : ""}`, { spacing: "Small" })));
  }
  if (!s.daily || s.carriedOver.length > 0) {
    body.push(text(`**Carried over to the next weekly** (${s.carriedOver.length})`, { spacing: "Medium" }));
    if (s.carriedOver.length === 0) body.push(text("Nothing: the queue was cleared.", { isSubtle: true }));
    s.carriedOver.forEach((t) => body.push(text(`• ${t.title}`, { spacing: "Small" })));
  }
  return card(body, { actions: openButton(boardUrl) });
}

/** A person's own actions from a summary, sent to them in a personal chat. */
export function ownerActionsCard(date: string, actions: SummaryAction[], boardUrl: string | null): Card {
  return card([heading(`Your action items from the scrum of scrums of ${date}`), ...actions.map((a) => actionLine(a))], { actions: openButton(boardUrl) });
}

export function actionsCard(actions: ActionView[], teams: SessionView["teams"], boardUrl: string | null): Card {
  const open = actions.filter((a) => a.status !== "done");
  const body: Json[] = [heading(`Open action items (${open.length})`)];
  if (open.length === 0) body.push(text("No open action items.", { isSubtle: true }));
  open.slice(0, 30).forEach((a) => body.push(actionLine({ ...a, owner: ownerOf(a, teams) })));
  if (open.length > 30) body.push(text(`…and ${open.length - 30} more on the board.`, { isSubtle: true }));
  return card(body, { actions: openButton(boardUrl) });
}

export function topicCallCard(meetingAt: number, timeZone: string, queued: number, boardUrl: string | null): Card {
  return card(
    [
      heading("📣 Topics for the weekly, please"),
      text(`The scrum of scrums meets on **${formatWhen(meetingAt, timeZone)}**.`),
      text(queued === 0 ? "The queue is empty so far." : `${plural(queued, "topic is", "topics are")} in the queue so far.`),
      text("Add a topic with `add <title>` and put your dots on the ones that matter most.", { isSubtle: true }),
    ],
    { actions: [execute("Show the queue and vote", VERBS.queue), ...openButton(boardUrl)] },
  );
}

export function actionDueCard(action: { text: string; due: string | null; owner: string }, boardUrl: string | null): Card {
  return card([heading("⏳ An action item is due today"), text(`**${action.text}**`), text(`Owner: ${action.owner}${action.due ? ` · due ${action.due}` : ""}`, { isSubtle: true })], {
    actions: openButton(boardUrl),
  });
}

export function helpText(hint?: string | null): string {
  const lines = BOT_COMMANDS.map((c) => `- **${c.title}** — ${c.description}`);
  return [hint ? `${hint}\n` : "Here is what I understand:", ...lines].join("\n");
}
