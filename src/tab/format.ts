import type { ActionStatus, Team } from "../domain";
import type { Strings } from "./strings";

/** How the tab writes times, dates and teams, the same in every panel. */

/** A countdown as "mm:ss", rounded up so "00:00" means the time is really up. */
export function formatMmss(ms: number): string {
  const total = Math.ceil(Math.max(0, ms) / 1000);
  const m = Math.floor(total / 60);
  const s = total % 60;
  return `${String(m).padStart(2, "0")}:${String(s).padStart(2, "0")}`;
}

/** A calendar day ("YYYY-MM-DD") in the reader's language, short enough for a narrow card. */
export function formatDate(day: string, locale: string): string {
  const [y, m, d] = day.split("-").map(Number);
  const date = new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1));
  const sameYear = date.getUTCFullYear() === new Date().getUTCFullYear();
  try {
    return new Intl.DateTimeFormat(locale, { day: "numeric", month: "short", ...(sameYear ? {} : { year: "numeric" }), timeZone: "UTC" }).format(date);
  } catch {
    return day;
  }
}

/** Stands for a team the board no longer has (removed since), where a sentence must name one. */
export const UNKNOWN_TEAM = "?";

/** The team's name, or null for no team or one the board no longer has: the caller shows nothing or its own stand-in. */
export function teamName(teams: readonly Pick<Team, "id" | "name">[], id: string | null): string | null {
  return id ? (teams.find((x) => x.id === id)?.name ?? null) : null;
}

/** A clock time ("10:30") in the reader's language and time zone. */
export function formatClock(epoch: number, locale: string): string {
  const date = new Date(epoch);
  try {
    return new Intl.DateTimeFormat(locale, { hour: "2-digit", minute: "2-digit" }).format(date);
  } catch {
    return clockValue(epoch);
  }
}

/** A time input's value ("HH:MM", 24-hour) for an instant, in the reader's time zone. */
export function clockValue(epoch: number): string {
  const d = new Date(epoch);
  return `${String(d.getHours()).padStart(2, "0")}:${String(d.getMinutes()).padStart(2, "0")}`;
}

/** The next instant after `now` at which the reader's clock shows "HH:MM" (today, or tomorrow once it passed); null when unreadable. */
export function nextClockTime(hhmm: string, now: number): number | null {
  const match = /^(\d{1,2}):(\d{2})$/.exec(hhmm.trim());
  if (!match) return null;
  const at = new Date(now);
  at.setHours(Number(match[1]), Number(match[2]), 0, 0);
  if (Number.isNaN(at.getTime())) return null;
  if (at.getTime() <= now) at.setDate(at.getDate() + 1);
  return at.getTime();
}

/** An action's status in words ("To do", "In progress", "Done"). */
export function statusLabel(t: Strings, s: ActionStatus): string {
  return s === "todo" ? t.todo : s === "doing" ? t.doing : t.done;
}
