import { calendarDate, isOverdue, type ActionItem, type ActionStatus } from "./actions";
import type { Session } from "./sessions";
import type { Team } from "./teams";
import type { Topic } from "./topics";
import { dailiesSince, isNeedOverdue, type DailyUpdate, type Need } from "./daily";
import type { Attendance } from "./view";
import { summaryWords, type SummaryLanguage, type SummaryWords } from "./summary-words";

export interface SummaryAction {
  id: string;
  text: string;
  /** The owner's name and team together, as one label ("Ada · Payments"). */
  owner: string;
  /** The owner's name alone ("" when a team owns it). */
  ownerName: string;
  /** The owning team's name, or null. */
  team: string | null;
  ownerUserId: string | null;
  ownerTeamId: string | null;
  due: string | null;
  status: ActionStatus;
  overdue: boolean;
  topic: string | null;
}

export interface SessionSummary {
  boardId: string;
  sessionId: string;
  kind: Session["kind"];
  date: string;
  discussed: { id: string; title: string; takeaways: string; actions: SummaryAction[] }[];
  carriedOver: { id: string; title: string }[];
  /** Every open action on the board plus those this session created, so the summary doubles as the review list. */
  actions: SummaryAction[];
  /** Who spoke for which team. */
  attendance: { team: string; person: string }[];
  /** A daily's own record: next steps per team, needs, and actions that moved. Null for a weekly. */
  daily: DailySummary | null;
}

export interface SummaryNeed {
  id: string;
  from: string;
  to: string;
  text: string;
  by: string | null;
  state: Need["state"];
  declineReason: string;
}

export interface DailySummary {
  nextSteps: { team: string; nextSteps: string; postedBy: string }[];
  needsOpened: SummaryNeed[];
  needsAnswered: SummaryNeed[];
  needsOverdue: SummaryNeed[];
  actionsMoved: SummaryAction[];
}

export interface DailyFacts {
  updates: readonly DailyUpdate[];
  needs: readonly Need[];
  attendance: readonly Attendance[];
  dailyStarts: readonly number[];
}

export function ownerLabel(action: ActionItem, teams: readonly Team[]): string {
  const team = teams.find((t) => t.id === action.ownerTeamId)?.name;
  return [action.ownerName || null, team ?? null].filter(Boolean).join(" · ") || "unassigned";
}

export function summarize(
  boardId: string,
  session: Session,
  topics: readonly Topic[],
  actions: readonly ActionItem[],
  teams: readonly Team[],
  timeZone: string,
  now: number,
  facts: DailyFacts = { updates: [], needs: [], attendance: [], dailyStarts: [] },
): SessionSummary {
  const teamName = (id: string) => teams.find((t) => t.id === id)?.name ?? "a team no longer on the board";
  const today = calendarDate(now, timeZone);
  const titles = new Map(topics.map((t) => [t.id, t.title]));
  const toSummary = (a: ActionItem): SummaryAction => ({
    id: a.id,
    text: a.text,
    owner: ownerLabel(a, teams),
    ownerName: a.ownerName,
    team: teams.find((t) => t.id === a.ownerTeamId)?.name ?? null,
    ownerUserId: a.ownerUserId,
    ownerTeamId: a.ownerTeamId,
    due: a.due,
    status: a.status,
    overdue: isOverdue(a, today),
    topic: a.originTopicId ? (titles.get(a.originTopicId) ?? null) : null,
  });
  const relevant = actions.filter((a) => a.originSessionId === session.id || a.status !== "done");
  return {
    boardId,
    sessionId: session.id,
    kind: session.kind,
    date: calendarDate(session.startedAt ?? session.createdAt, timeZone),
    discussed: topics
      // The topic still under discussion belongs with the discussed ones: its actions are already real.
      .filter((t) => t.state === "discussed" || t.state === "discussing")
      .sort((a, b) => (a.discussedAt ?? Number.MAX_SAFE_INTEGER) - (b.discussedAt ?? Number.MAX_SAFE_INTEGER))
      .map((t) => ({ id: t.id, title: t.title, takeaways: t.takeaways, actions: actions.filter((a) => a.originTopicId === t.id).map(toSummary) })),
    carriedOver: topics.filter((t) => t.state === "queued").map((t) => ({ id: t.id, title: t.title })),
    actions: relevant.map(toSummary).sort((a, b) => (a.due ?? "9999").localeCompare(b.due ?? "9999")),
    attendance: facts.attendance.map((a) => ({ team: teamName(a.teamId), person: a.person.name })),
    daily: session.kind === "daily" ? dailySummary(session, actions, facts, teamName, toSummary, today) : null,
  };
}

function dailySummary(
  session: Session,
  actions: readonly ActionItem[],
  facts: DailyFacts,
  teamName: (id: string) => string,
  toSummary: (a: ActionItem) => SummaryAction,
  today: string,
): DailySummary {
  const from = session.startedAt ?? session.createdAt;
  const until = session.closedAt ?? Number.MAX_SAFE_INTEGER;
  const during = (at: number | null) => at !== null && at >= from && at <= until;
  const toNeed = (n: Need): SummaryNeed => ({ id: n.id, from: teamName(n.fromTeamId), to: teamName(n.toTeamId), text: n.text, by: n.by, state: n.state, declineReason: n.declineReason });
  return {
    nextSteps: facts.updates.map((u) => ({ team: teamName(u.teamId), nextSteps: u.nextSteps, postedBy: u.postedBy.name })),
    needsOpened: facts.needs.filter((n) => n.raisedInSession === session.id).map(toNeed),
    needsAnswered: facts.needs.filter((n) => during(n.answeredAt)).map(toNeed),
    needsOverdue: facts.needs.filter((n) => isNeedOverdue(n, today, dailiesSince(n, facts.dailyStarts))).map(toNeed),
    actionsMoved: actions.filter((a) => a.updatedAt !== a.createdAt && during(a.updatedAt)).map(toSummary),
  };
}

/** An action's owner as a reader of the summary sees it: "Ada · Payments", or "unassigned" in their language. */
export function summaryOwner(a: Pick<SummaryAction, "ownerName" | "team">, w: SummaryWords): string {
  return [a.ownerName || null, a.team].filter(Boolean).join(" · ") || w.unassigned;
}

/** Markdown that reads well pasted into a chat, a wiki or an e-mail, in the reader's language. */
export function summaryMarkdown(s: SessionSummary, language: SummaryLanguage = "en"): string {
  const w = summaryWords(language);
  const owner = (a: SummaryAction) => md(summaryOwner(a, w));
  const lines = [`# ${w.title(s.kind, s.date)}`, ""];
  lines.push(`## ${w.discussed}`, "");
  if (s.discussed.length === 0) lines.push(w.nothingDiscussed, "");
  for (const t of s.discussed) {
    lines.push(`### ${md(t.title)}`, "");
    if (t.takeaways) lines.push(mdQuote(t.takeaways), "");
    for (const a of t.actions) lines.push(`- [${a.status === "done" ? "x" : " "}] ${md(a.text)} — ${owner(a)}${a.due ? `, ${w.due(a.due)}` : ""}`);
    if (t.actions.length) lines.push("");
  }
  lines.push(`## ${w.actionItems}`, "");
  if (s.actions.length === 0) lines.push(w.noOpenActions, "");
  else {
    lines.push(`| ${w.table.action} | ${w.table.owner} | ${w.table.due} | ${w.table.status} |`, "| --- | --- | --- | --- |");
    for (const a of s.actions) {
      lines.push(`| ${md(a.text)} | ${owner(a)} | ${a.due ?? ""}${a.overdue ? ` (${w.overdue})` : ""} | ${w.status[a.status]} |`);
    }
    lines.push("");
  }
  if (s.attendance.length) {
    lines.push(`## ${w.attended}`, "");
    for (const a of s.attendance) lines.push(`- ${md(a.team)}: ${md(a.person)}`);
    lines.push("");
  }
  if (s.daily) {
    lines.push(`## ${w.nextSteps}`, "");
    if (s.daily.nextSteps.length === 0) lines.push(w.noNextSteps, "");
    for (const u of s.daily.nextSteps) lines.push(`- **${md(u.team)}**: ${md(u.nextSteps)}`);
    const needs = (title: string, list: SummaryNeed[]) => {
      if (!list.length) return;
      lines.push("", `## ${title}`, "");
      for (const n of list) lines.push(`- ${md(n.from)} → ${md(n.to)}: ${md(n.text)} (${w.needState[n.state]}${n.by ? `, ${w.dueBy(md(n.by))}` : ""}${n.declineReason ? `: ${md(n.declineReason)}` : ""})`);
    };
    needs(w.needsRaised, s.daily.needsOpened);
    needs(w.needsAnswered, s.daily.needsAnswered);
    needs(w.needsOverdue, s.daily.needsOverdue);
    if (s.daily.actionsMoved.length) {
      lines.push("", `## ${w.actionsMoved}`, "");
      for (const a of s.daily.actionsMoved) lines.push(`- ${md(a.text)} — ${w.status[a.status]}`);
    }
    lines.push("");
  }
  lines.push(`## ${w.carriedOver}`, "");
  if (s.carriedOver.length === 0) lines.push(w.nothingCarried);
  for (const t of s.carriedOver) lines.push(`- ${md(t.title)}`);
  return lines.join("\n") + "\n";
}

/**
 * User text made inert in Markdown, wherever the summary is pasted (chat, wiki, e-mail): HTML
 * becomes visible text (no tracking images, no script), and characters that would make a link, an
 * image, emphasis, a heading, a table cell or a list are escaped. A line break would end a heading
 * or a list item, so it becomes a space.
 */
function md(text: string): string {
  return text
    .replace(/\r?\n|\r/g, " ")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/[\\`*_[\]#|~!]/g, "\\$&")
    .replace(/^(\s*)([-+=])/, "$1\\$2")
    .replace(/^(\s*\d+)([.)])/, "$1\\$2");
}

/** Takeaways keep their lines, as a block quote: clearly someone's words, and none of them can start a heading or a table. */
function mdQuote(text: string): string {
  return text
    .split(/\r?\n|\r/)
    .map((line) => (line.trim() ? `> ${md(line)}` : ">"))
    .join("\n");
}

/**
 * RFC 4180 CSV, one row per action item, headed and worded in the reader's language; owner and
 * team in their own columns so a spreadsheet can filter by either. Cells that look like formulas
 * are defused for spreadsheets.
 */
export function summaryCsv(s: SessionSummary, language: SummaryLanguage = "en"): string {
  const w = summaryWords(language);
  const c = w.csv;
  const rows = [[c.action, c.owner, c.team, c.due, c.status, c.overdue, c.topic]];
  for (const a of s.actions) rows.push([a.text, a.ownerName, a.team ?? "", a.due ?? "", w.status[a.status], a.overdue ? c.yes : c.no, a.topic ?? ""]);
  return rows.map((r) => r.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
