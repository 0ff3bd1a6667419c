import { calendarDate, checkDate } from "./actions";
import { appendLine, settleEdit } from "./edits";
import { refuse, requireText } from "./errors";
import { represents, type Person, type Team } from "./teams";
import { addTopic, TOPIC_DETAILS_MAX, TOPIC_TITLE_MAX, type Topic } from "./topics";

/**
 * The daily round and the needs teams raise of each other. A need is tracked until the team it
 * is addressed to answers it, and one left unanswered too long escalates into the next weekly.
 */
export const NEXT_STEPS_MAX = 2000;
export const NEED_TEXT_MAX = 500;
export const DECLINE_REASON_MAX = 500;
/** A need nobody answered across this many later dailies is overdue even without a date. */
export const DAILIES_BEFORE_OVERDUE = 2;

export interface DailyUpdate {
  teamId: string;
  nextSteps: string;
  postedBy: Person;
  postedAt: number;
}

export const NEED_STATES = ["open", "accepted", "declined", "done"] as const;
export type NeedState = (typeof NEED_STATES)[number];
export const NEED_ANSWERS = ["accept", "decline", "done"] as const;
export type NeedAnswer = (typeof NEED_ANSWERS)[number];

export interface Need {
  id: string;
  fromTeamId: string;
  toTeamId: string;
  text: string;
  /** Optional "by" date, YYYY-MM-DD in the board's time zone. */
  by: string | null;
  state: NeedState;
  declineReason: string;
  raisedBy: Person;
  raisedAt: number;
  raisedInSession: string;
  answeredBy: Person | null;
  answeredAt: number | null;
  /** The weekly topic this need became when it escalated. */
  escalatedTopicId: string | null;
}

export interface NeedInput {
  fromTeamId: string;
  toTeamId: string;
  text: string;
  by?: string | null;
}

function teamById(teams: readonly Team[], id: string, field: string): Team {
  const team = teams.find((t) => t.id === id);
  if (!team) refuse("invalid", "That team is not on this board.", field);
  return team;
}

function requireRepresentative(team: Team, person: Person): void {
  if (!represents(team, person.id)) {
    refuse("forbidden", `Only ${team.name}'s representative or an alternate can speak for ${team.name}. Ask a facilitator to add you to the team.`);
  }
}

/**
 * A team's next steps for this session. `previous`: what the team has posted already; `was`: the
 * text the poster started from. A stale rewrite is refused with both texts; lines both added are
 * kept; `append` (the bot's chat command, which shows no text to start from) adds a line instead.
 */
export function postDailyUpdate(
  teams: readonly Team[],
  teamId: string,
  poster: Person,
  nextSteps: string,
  now: number,
  previous = "",
  was?: string,
  append = false,
): DailyUpdate {
  const team = teamById(teams, teamId, "teamId");
  requireRepresentative(team, poster);
  const yours = requireText(nextSteps, "nextSteps", "Next steps", NEXT_STEPS_MAX);
  const text = append
    ? previous.split("\n").includes(yours)
      ? previous
      : appendLine(previous, yours)
    : settleEdit({ field: "nextSteps", current: previous, yours, was, lines: true }, `${team.name}'s next steps`);
  return { teamId, nextSteps: requireText(text, "nextSteps", "Next steps", NEXT_STEPS_MAX), postedBy: poster, postedAt: now };
}

/** Who spoke for which team at a session. */
export interface CheckIn {
  teamId: string;
  person: Person;
  at: number;
}

/** A team's representative or an alternate says they speak for the team at this session. */
export function checkIn(teams: readonly Team[], teamId: string, person: Person, now: number): CheckIn {
  const team = teamById(teams, teamId, "teamId");
  if (!represents(team, person.id)) refuse("forbidden", `Only ${team.name}'s representative or an alternate can check in for it.`);
  return { teamId, person, at: now };
}

export function raiseNeed(teams: readonly Team[], input: NeedInput, poster: Person, now: number, id: string, sessionId: string): Need {
  const from = teamById(teams, input.fromTeamId, "fromTeamId");
  const to = teamById(teams, input.toTeamId, "toTeamId");
  if (from.id === to.id) refuse("invalid", "Address a need to another team.", "toTeamId");
  requireRepresentative(from, poster);
  return {
    id,
    fromTeamId: from.id,
    toTeamId: to.id,
    text: requireText(input.text, "text", "The need", NEED_TEXT_MAX),
    by: input.by ? checkDate(input.by, "by") : null,
    state: "open",
    declineReason: "",
    raisedBy: poster,
    raisedAt: now,
    raisedInSession: sessionId,
    answeredBy: null,
    answeredAt: null,
    escalatedTopicId: null,
  };
}

const NEXT: Record<NeedState, NeedAnswer[]> = { open: ["accept", "decline", "done"], accepted: ["done", "decline"], declined: [], done: [] };
const STATE_OF: Record<NeedAnswer, NeedState> = { accept: "accepted", decline: "declined", done: "done" };

/** Only the team the need is addressed to answers it: accept, decline with a reason, or done. */
export function answerNeed(teams: readonly Team[], need: Need, answer: NeedAnswer, person: Person, now: number, reason?: string): Need {
  const to = teamById(teams, need.toTeamId, "toTeamId");
  requireRepresentative(to, person);
  if (!NEXT[need.state].includes(answer)) refuse("wrong_state", `This need is ${need.state}; it cannot be marked "${answer}" now.`, "answer");
  const declineReason = answer === "decline" ? requireText(reason ?? "", "reason", "A reason for declining", DECLINE_REASON_MAX) : need.declineReason;
  return { ...need, state: STATE_OF[answer], declineReason, answeredBy: person, answeredAt: now };
}

/**
 * Open past its date, or left unanswered through two later dailies. `dailiesSince` counts the
 * daily sessions that started after the need was raised.
 */
export function isNeedOverdue(need: Need, today: string, dailiesSince: number): boolean {
  if (need.state !== "open") return false;
  return (need.by !== null && need.by < today) || dailiesSince >= DAILIES_BEFORE_OVERDUE;
}

export function dailiesSince(need: Need, dailyStarts: readonly number[]): number {
  return dailyStarts.filter((at) => at > need.raisedAt).length;
}

/** The lean-coffee topic an overdue need becomes in the next weekly, linked both ways. */
export function escalateNeed(need: Need, teams: readonly Team[], now: number, topicId: string, topicNumber: number): { need: Need; topic: Topic } {
  if (need.escalatedTopicId) refuse("conflict", "This need was escalated already.");
  const from = teams.find((t) => t.id === need.fromTeamId)?.name ?? "A team";
  const to = teams.find((t) => t.id === need.toTeamId)?.name ?? "another team";
  // "Platform needs from Mobile: a test device (asked for Dec 1, unanswered)": the need's own text is shortened, never the facts around it.
  const prefix = `${from} needs from ${to}: `;
  const suffix = need.by ? ` (asked for ${shortDate(need.by)}, unanswered)` : ` (unanswered after ${DAILIES_BEFORE_OVERDUE} dailies)`;
  const room = TOPIC_TITLE_MAX - prefix.length - suffix.length;
  const text = need.text.length > room ? `${need.text.slice(0, Math.max(0, room - 1))}…` : need.text;
  const title = `${prefix}${text}${suffix}`.slice(0, TOPIC_TITLE_MAX);
  const details = `Asked of ${to} at the daily${need.by ? `, needed for ${need.by}` : ""}; still unanswered. ${need.text}`.slice(0, TOPIC_DETAILS_MAX);
  const topic = addTopic({ title, details, teamId: need.fromTeamId }, need.raisedBy, now, topicId, topicNumber);
  return { need: { ...need, escalatedTopicId: topicId }, topic };
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "2026-12-01" as a person says it in a title: "Dec 1". */
function shortDate(date: string): string {
  const [, month, day] = date.split("-").map(Number);
  const name = MONTHS[(month ?? 0) - 1];
  return name && day ? `${name} ${day}` : date;
}

/** Needs to escalate when a weekly starts: open, overdue, and not escalated before. */
export function needsToEscalate(needs: readonly Need[], now: number, timeZone: string, dailyStarts: readonly number[]): Need[] {
  const today = calendarDate(now, timeZone);
  return needs.filter((n) => !n.escalatedTopicId && isNeedOverdue(n, today, dailiesSince(n, dailyStarts)));
}

/** The daily round: teams in a stable order (their slots), and whose turn it is. */
export interface Turn {
  teamId: string;
  startedAt: number;
  endsAt: number;
}

export function roundOrder(teams: readonly Team[]): string[] {
  return [...teams].sort((a, b) => a.slot - b.slot).map((t) => t.id);
}

/** The next team's turn (or the team chosen), with the board's per-team timebox. */
export function nextTurn(teams: readonly Team[], current: Turn | null, now: number, turnMinutes: number, chosenTeamId?: string): Turn | null {
  const order = roundOrder(teams);
  if (order.length === 0) refuse("wrong_state", "Add the board's teams first: the daily goes round them.");
  let teamId: string | undefined;
  if (chosenTeamId) {
    if (!order.includes(chosenTeamId)) refuse("invalid", "That team is not on this board.", "teamId");
    teamId = chosenTeamId;
  } else {
    const at = current ? order.indexOf(current.teamId) : -1;
    teamId = order[at + 1];
  }
  if (!teamId) return null;
  return { teamId, startedAt: now, endsAt: now + turnMinutes * 60_000 };
}
