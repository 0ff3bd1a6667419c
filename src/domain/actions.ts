import { settleEdits } from "./edits";
import { optionalText, refuse, requireText } from "./errors";

export const ACTION_TEXT_MAX = 500;
export const ACTION_STATUSES = ["todo", "doing", "done"] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

/** An action item belongs to the board and outlives the session it came from. */
export interface ActionItem {
  id: string;
  text: string;
  ownerTeamId: string | null;
  ownerUserId: string | null;
  ownerName: string;
  /** Calendar date "YYYY-MM-DD" in the board's time zone. */
  due: string | null;
  status: ActionStatus;
  originTopicId: string | null;
  originSessionId: string | null;
  createdAt: number;
  createdBy: string;
  updatedAt: number;
  doneAt: number | null;
}

export interface ActionInput {
  text: string;
  ownerTeamId?: string | null;
  ownerUserId?: string | null;
  ownerName?: string;
  due?: string | null;
  originTopicId?: string | null;
}

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export function checkDate(value: string, field: string): string {
  const parsed = new Date(`${value}T00:00:00Z`);
  if (!DATE.test(value) || Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== value) {
    refuse("invalid", `"${value}" is not a date; write it as YYYY-MM-DD, for example 2026-12-01.`, field);
  }
  return value;
}

function checkOwner(teamId: string | null, userId: string | null, name: string): void {
  if (!teamId && !userId && !name) refuse("invalid", "Every action needs an owner: a team, a person, or both.", "ownerTeamId");
}

export function createAction(input: ActionInput, by: string, now: number, id: string, originSessionId: string | null): ActionItem {
  const ownerTeamId = input.ownerTeamId ?? null;
  const ownerUserId = input.ownerUserId ?? null;
  const ownerName = optionalText(input.ownerName, "ownerName", "The owner's name", 100);
  checkOwner(ownerTeamId, ownerUserId, ownerName);
  return {
    id,
    text: requireText(input.text, "text", "The action", ACTION_TEXT_MAX),
    ownerTeamId,
    ownerUserId,
    ownerName,
    due: input.due ? checkDate(input.due, "due") : null,
    status: "todo",
    originTopicId: input.originTopicId ?? null,
    originSessionId,
    createdAt: now,
    createdBy: by,
    updatedAt: now,
    doneAt: null,
  };
}

/** `was`: the action's text and owner's name as the editor's panel showed them (see edits.ts). */
export function editAction(action: ActionItem, patch: Partial<ActionInput>, now: number, was: Partial<Record<"text" | "ownerName", string>> = {}): ActionItem {
  const text = patch.text === undefined ? action.text : requireText(patch.text, "text", "The action", ACTION_TEXT_MAX);
  const ownerName = patch.ownerName === undefined ? action.ownerName : optionalText(patch.ownerName, "ownerName", "The owner's name", 100);
  const [nextText = text, nextOwner = ownerName] = settleEdits(
    [
      { field: "text", current: action.text, yours: text, was: was.text },
      { field: "ownerName", current: action.ownerName, yours: ownerName, was: was.ownerName },
    ],
    `the action "${action.text}"`,
  );
  const next: ActionItem = {
    ...action,
    text: nextText,
    ownerTeamId: patch.ownerTeamId === undefined ? action.ownerTeamId : patch.ownerTeamId,
    ownerUserId: patch.ownerUserId === undefined ? action.ownerUserId : patch.ownerUserId,
    ownerName: nextOwner,
    due: patch.due === undefined ? action.due : patch.due === null ? null : checkDate(patch.due, "due"),
    updatedAt: now,
  };
  checkOwner(next.ownerTeamId, next.ownerUserId, next.ownerName);
  return next;
}

/** Moves a card on the Kanban; any column to any column, as on a real board. */
export function moveAction(action: ActionItem, status: ActionStatus, now: number): ActionItem {
  if (!ACTION_STATUSES.includes(status)) refuse("invalid", "Move an action to todo, doing or done.", "status");
  return { ...action, status, updatedAt: now, doneAt: status === "done" ? (action.doneAt ?? now) : null };
}

/** Today's date in a time zone, as "YYYY-MM-DD". */
export function calendarDate(now: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).formatToParts(new Date(now));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")}`;
}

export function isOverdue(action: ActionItem, today: string): boolean {
  return action.status !== "done" && action.due !== null && action.due < today;
}

/**
 * Whether an action is this person's to do: it names them (by account or by the name written as
 * owner) or their team owns it. Who created it does not matter: the facilitator writes most of them.
 */
export function isMyAction(action: Pick<ActionItem, "ownerUserId" | "ownerName" | "ownerTeamId">, me: { id: string; name: string; teamId: string | null }): boolean {
  const sameName = (a: string, b: string) => a.trim().localeCompare(b.trim(), undefined, { sensitivity: "base" }) === 0;
  return (
    action.ownerUserId === me.id ||
    (action.ownerName.trim() !== "" && me.name.trim() !== "" && sameName(action.ownerName, me.name)) ||
    (action.ownerTeamId !== null && action.ownerTeamId === me.teamId)
  );
}

export interface ActionFilter {
  status?: ActionStatus;
  ownerTeamId?: string;
  ownerUserId?: string;
  overdue?: boolean;
}

export function filterActions(actions: readonly ActionItem[], filter: ActionFilter, today: string): ActionItem[] {
  return actions
    .filter(
      (a) =>
        (!filter.status || a.status === filter.status) &&
        (!filter.ownerTeamId || a.ownerTeamId === filter.ownerTeamId) &&
        (!filter.ownerUserId || a.ownerUserId === filter.ownerUserId) &&
        (filter.overdue === undefined || isOverdue(a, today) === filter.overdue),
    )
    .sort((a, b) => (a.due ?? "9999") .localeCompare(b.due ?? "9999") || a.createdAt - b.createdAt);
}
