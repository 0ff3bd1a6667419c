import type { BoardSettings, Cadence } from "./settings";

/**
 * When reminders fall due. Everything is in server epoch ms; the board's cadence and action due
 * dates are read in the board's time zone, daylight-saving changes included.
 */

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  weekday: number;
}

const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

function localParts(epoch: number, timeZone: string): LocalParts {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    weekday: "short",
  }).formatToParts(new Date(epoch));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "0";
  return {
    year: Number(get("year")),
    month: Number(get("month")),
    day: Number(get("day")),
    hour: Number(get("hour")) % 24,
    minute: Number(get("minute")),
    weekday: WEEKDAYS[get("weekday")] ?? 0,
  };
}

/** The time zone's offset from UTC at an instant, in ms (positive east of Greenwich). */
function offsetAt(epoch: number, timeZone: string): number {
  const p = localParts(epoch, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
  return asUtc - Math.floor(epoch / MINUTE) * MINUTE;
}

/** The instant a wall-clock time occurs on a calendar date in a time zone (a skipped hour moves forward). */
export function zonedTime(date: string, time: string, timeZone: string): number {
  const [y, mo, d] = date.split("-").map(Number);
  const [h, mi] = time.split(":").map(Number);
  const wall = Date.UTC(y ?? 1970, (mo ?? 1) - 1, d ?? 1, h ?? 0, mi ?? 0);
  let guess = wall - offsetAt(wall, timeZone);
  // Twice settles it across a daylight-saving change.
  guess = wall - offsetAt(guess, timeZone);
  return guess;
}

function dateOf(epoch: number, timeZone: string): { date: string; weekday: number } {
  const p = localParts(epoch, timeZone);
  const pad = (n: number) => String(n).padStart(2, "0");
  return { date: `${p.year}-${pad(p.month)}-${pad(p.day)}`, weekday: p.weekday };
}

/** The first start of the weekly meeting strictly after `after`. */
export function nextWeekly(cadence: Cadence, timeZone: string, after: number): number {
  for (let k = 0; k <= 8; k++) {
    const { date, weekday } = dateOf(after + k * DAY, timeZone);
    if (weekday !== cadence.weekday) continue;
    const start = zonedTime(date, cadence.time, timeZone);
    if (start > after) return start;
  }
  // Unreachable for a valid cadence: some day in the next eight is the weekday.
  return after + 7 * DAY;
}

export interface TopicCall {
  /** When the weekly starts. */
  meetingAt: number;
  /** When the bot calls for topics. */
  callAt: number;
}

/** The topic call before the next weekly that has not started yet, or null without a cadence. */
export function nextTopicCall(settings: BoardSettings, now: number): TopicCall | null {
  if (!settings.cadence) return null;
  const meetingAt = nextWeekly(settings.cadence, settings.timeZone, now);
  return { meetingAt, callAt: meetingAt - settings.topicCallMinutesBefore * MINUTE };
}

/** Which kind of session a meeting starting now is: the weekly on the cadence's weekday, a daily otherwise. */
export function sessionKindAt(settings: BoardSettings, now: number): "weekly" | "daily" {
  if (!settings.cadence) return "weekly";
  return dateOf(now, settings.timeZone).weekday === settings.cadence.weekday ? "weekly" : "daily";
}

/** Owners hear about an action on its due date at this local time. */
export const ACTION_REMINDER_TIME = "09:00";

export function actionReminderAt(due: string, timeZone: string): number {
  return zonedTime(due, ACTION_REMINDER_TIME, timeZone);
}

/** The weekly's expected end, for the summary when Teams never says the meeting ended. */
export function expectedMeetingEnd(settings: BoardSettings, startedAt: number): number {
  return startedAt + (settings.cadence?.durationMinutes ?? 60) * MINUTE;
}

/** Grace after the expected end before the sweep sends the summary in place of the missing meetingEnd. */
export const SUMMARY_GRACE_MINUTES = 15;

/** Reminder rows are filed in hourly buckets, "yyyyMMddHH" in UTC. */
export function hourBucket(epoch: number): string {
  return new Date(epoch).toISOString().slice(0, 13).replace(/[-T]/g, "");
}

/** Every hour bucket from `from` to `to`, oldest first. */
export function hourBuckets(from: number, to: number): string[] {
  const out: string[] = [];
  const hour = 60 * MINUTE;
  for (let t = Math.floor(from / hour) * hour; t <= to; t += hour) out.push(hourBucket(t));
  return out;
}
