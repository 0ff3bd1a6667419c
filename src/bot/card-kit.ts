import { summaryWords, type ActionStatus, type Need, type SummaryWords, type TopicView } from "../domain";
import { inert } from "./inert-text";

/**
 * The building blocks of the bot's Adaptive Cards (schema 1.5, Universal Actions) as plain JSON:
 * text, headings, notices, buttons, the refresh that gives each person their own view, and the
 * lines cards share (an action, a need). Pure: no SDK, no I/O. Every button is an
 * `Action.Execute` whose `data` the bot checks with the shared schemas before acting.
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

export function card(body: Json[], extra: Json = {}): Card {
  return { type: "AdaptiveCard", $schema: "http://adaptivecards.io/schemas/adaptive-card.json", version: "1.5", body, ...extra };
}

export function text(value: string, options: Json = {}): Json {
  return { type: "TextBlock", text: value, wrap: true, ...options };
}

export function heading(value: string): Json {
  return text(value, { size: "Medium", weight: "Bolder", style: "heading" });
}

export function notice(n: Notice | undefined): Json[] {
  if (!n) return [];
  return [text(n.text, { color: n.tone === "default" ? "Default" : n.tone === "good" ? "Good" : "Attention", weight: "Bolder" })];
}

export function execute(title: string, verb: Verb, data: Json = {}, extra: Json = {}): Json {
  return { type: "Action.Execute", title, verb, data: { ...data }, ...extra };
}

export function refresh(verb: Verb, userIds: string[], data: Json = {}): Json {
  return userIds.length ? { refresh: { action: { type: "Action.Execute", title: "Refresh", verb, data }, userIds: userIds.slice(0, 60) } } : {};
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** A topic as the chat names it: its stable number (what `vote N` takes), then its title. */
export function numbered(t: Pick<TopicView, "number" | "title">): string {
  return t.number === undefined ? inert(t.title) : `#${t.number} ${inert(t.title)}`;
}

/** How many of a topic's dots came with it from the last weekly, when any did. */
export function carriedNote(t: Pick<TopicView, "carriedDots">): string {
  return t.carriedDots ? ` (${t.carriedDots} carried over)` : "";
}

/** A date and time as a person in the board's time zone reads it. */
export function formatWhen(epoch: number, timeZone: string): string {
  return new Intl.DateTimeFormat("en-GB", { timeZone, weekday: "long", day: "numeric", month: "long", hour: "2-digit", minute: "2-digit", timeZoneName: "short" }).format(new Date(epoch));
}

/** The lines' words: English unless a card knows its reader's language (the summary's words serve both). */
const ENGLISH = summaryWords("en");

export function openButton(boardUrl: string | null, w: SummaryWords = ENGLISH): Json[] {
  return boardUrl ? [{ type: "Action.OpenUrl", title: w.openBoard, url: boardUrl }] : [];
}

export function actionLine(a: { text: string; owner: string; due: string | null; overdue: boolean; status: ActionStatus }, w: SummaryWords = ENGLISH): Json {
  const due = a.due ? ` · ${w.due(a.due)}${a.overdue ? ` (**${w.overdue}**)` : ""}` : "";
  const status = a.status === "todo" ? "" : ` · ${w.status[a.status].toLowerCase()}`;
  return text(`• ${inert(a.text)} — ${inert(a.owner)}${due}${status}`, { spacing: "Small", ...(a.overdue ? { color: "Attention" } : {}) });
}

export const NEED_STATE_LABEL: Record<Need["state"], string> = ENGLISH.needState;

export function needLine(n: { from: string; to: string; text: string; by: string | null; state: Need["state"]; overdue?: boolean; declineReason?: string }, w: SummaryWords = ENGLISH): Json {
  const by = n.by ? ` · ${w.dueBy(inert(n.by))}` : "";
  const overdue = n.overdue ? ` (**${w.overdue}**)` : "";
  const reason = n.state === "declined" && n.declineReason ? ` — ${inert(n.declineReason)}` : "";
  return text(`• ${inert(n.from)} → ${inert(n.to)}: ${inert(n.text)}${by}${overdue} · ${w.needState[n.state]}${reason}`, { spacing: "Small", ...(n.overdue ? { color: "Attention" } : {}) });
}
