import { summaryOwner, summaryWords, type ActionView, type NeedView, type SessionSummary, type SessionView, type SummaryAction, type SummaryLanguage, type SummaryNeed, type SummaryWords } from "../domain";
import { actionLine, card, carriedNote, execute, heading, needLine, numbered, openButton, plural, text, VERBS, type Card, type Json } from "./card-kit";
import { inert } from "./inert-text";

/**
 * Cards that report on the board: the agenda at a meeting's start, the summary after it, a
 * person's own actions, the list of open actions, and an action falling due.
 */

export function ownerOf(a: ActionView, teams: SessionView["teams"]): string {
  const team = teams.find((t) => t.id === a.ownerTeamId)?.name;
  return [a.ownerName || null, team ?? null].filter(Boolean).join(" · ") || "unassigned";
}

function teamName(teams: SessionView["teams"], id: string): string {
  return teams.find((t) => t.id === id)?.name ?? "a team no longer on the board";
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
    else body.push(text(view.daily.order.map((id, i) => `${i + 1}. ${inert(teamName(view.teams, id))}`).join("\n"), { spacing: "Small" }));
    body.push(text("Each team: `daily [next steps]`, and `need @Team [what you need]`, optionally `by YYYY-MM-DD`.", { isSubtle: true, spacing: "Small" }));
  } else {
    const queued = view.topics.filter((t) => t.state === "queued").slice(0, 5);
    body.push(text("**Top of the queue**", { spacing: "Medium" }));
    if (queued.length === 0) body.push(text("No topics yet: add one with `add [title]`.", { isSubtle: true }));
    queued.forEach((t, i) => body.push(text(`${i + 1}. ${numbered(t)}${t.dots === null ? "" : ` (${plural(t.dots, "dot")}${carriedNote(t)})`}`, { spacing: "Small" })));
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

function summaryNeeds(w: SummaryWords, title: string, needs: SummaryNeed[], none: string, overdue = false): Json[] {
  return [text(`**${title}** (${needs.length})`, { spacing: "Medium" }), ...(needs.length === 0 ? [text(none, { isSubtle: true })] : needs.slice(0, 20).map((n) => needLine({ ...n, overdue }, w)))];
}

/**
 * After the meeting: actions with owners and due dates, topics discussed and carried over; after a
 * daily, its round. In the reader's language when the bot knows it (a person asked in the chat).
 */
export function summaryCard(s: SessionSummary, boardUrl: string | null, language: SummaryLanguage = "en"): Card {
  const w = summaryWords(language);
  const line = (a: SummaryAction) => actionLine({ ...a, owner: summaryOwner(a, w) }, w);
  const body: Json[] = [heading(w.cardTitle(s.kind, s.date))];
  if (s.attendance.length > 0) {
    body.push(text(`**${w.attendedCard}**`, { spacing: "Medium" }));
    body.push({ type: "FactSet", facts: s.attendance.map((a) => ({ title: inert(a.team), value: inert(a.person) })) });
  }
  if (s.daily) {
    const d = s.daily;
    body.push(text(`**${w.nextStepsCard}** (${d.nextSteps.length})`, { spacing: "Medium" }));
    if (d.nextSteps.length === 0) body.push(text(w.noNextSteps, { isSubtle: true }));
    d.nextSteps.forEach((u) => body.push(text(`• **${inert(u.team)}**: ${inert(u.nextSteps)} _(${inert(u.postedBy)})_`, { spacing: "Small" })));
    body.push(...summaryNeeds(w, w.needsRaised, d.needsOpened, w.noNeedsRaised));
    body.push(...summaryNeeds(w, w.needsAnswered, d.needsAnswered, w.noNeedsAnswered));
    body.push(...summaryNeeds(w, w.needsOverdue, d.needsOverdue, w.noNeedsOverdue, true));
    body.push(text(`**${w.actionsMoved}** (${d.actionsMoved.length})`, { spacing: "Medium" }));
    if (d.actionsMoved.length === 0) body.push(text(w.noActionsMoved, { isSubtle: true }));
    d.actionsMoved.slice(0, 20).forEach((a) => body.push(line(a)));
  }
  body.push(text(`**${w.actionItems}** (${s.actions.length})`, { spacing: "Medium" }));
  if (s.actions.length === 0) body.push(text(w.noOpenActions, { isSubtle: true }));
  s.actions.slice(0, 30).forEach((a) => body.push(line(a)));
  if (!s.daily || s.discussed.length > 0) {
    body.push(text(`**${w.discussed}** (${s.discussed.length})`, { spacing: "Medium" }));
    if (s.discussed.length === 0) body.push(text(w.nothingDiscussed, { isSubtle: true }));
    s.discussed.forEach((t) => body.push(text(`• ${inert(t.title)}${t.takeaways ? ` — ${inert(t.takeaways)}` : ""}`, { spacing: "Small" })));
  }
  if (!s.daily || s.carriedOver.length > 0) {
    body.push(text(`**${w.carriedOver}** (${s.carriedOver.length})`, { spacing: "Medium" }));
    if (s.carriedOver.length === 0) body.push(text(w.nothingCarried, { isSubtle: true }));
    s.carriedOver.forEach((t) => body.push(text(`• ${inert(t.title)}`, { spacing: "Small" })));
  }
  return card(body, { actions: openButton(boardUrl, w) });
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

export function actionDueCard(action: { text: string; due: string | null; owner: string }, boardUrl: string | null): Card {
  return card([heading("⏳ An action item is due today"), text(`**${inert(action.text)}**`), text(`Owner: ${inert(action.owner)}${action.due ? ` · due ${action.due}` : ""}`, { isSubtle: true })], {
    actions: openButton(boardUrl),
  });
}
