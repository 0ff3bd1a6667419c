import { refuse } from "./errors";

/** The lean-coffee rule of thumb: more than seven teams in one scrum of scrums stops working. */
export const RECOMMENDED_TEAM_LIMIT = 7;
export const MAX_TEAM_LIMIT = 20;

export interface Cadence {
  /** 0 = Sunday … 6 = Saturday, in the board's time zone. */
  weekday: number;
  /** "HH:MM", 24-hour, in the board's time zone. */
  time: string;
  durationMinutes: number;
}

export interface BoardSettings {
  timeboxMinutes: number;
  /** Each continue vote grants the next extension; each is shorter than the one before. */
  extensionMinutes: number[];
  votesPerPerson: number;
  allowStacking: boolean;
  hideTotalsUntilDiscussion: boolean;
  anonymousAuthors: boolean;
  teamLimit: number;
  /** Count dots per team instead of per person, so a team cannot outvote others by sending more people. */
  votesPerTeam: boolean;
  dailyTurnMinutes: number;
  timeZone: string;
  cadence: Cadence | null;
  /** Minutes before the weekly at which the bot calls for topics. */
  topicCallMinutesBefore: number;
  /** Overdue, unanswered needs become topics of the next weekly. */
  escalateOverdueNeeds: boolean;
}

export const DEFAULT_SETTINGS: BoardSettings = {
  timeboxMinutes: 8,
  extensionMinutes: [4, 2],
  votesPerPerson: 3,
  allowStacking: true,
  hideTotalsUntilDiscussion: false,
  anonymousAuthors: false,
  teamLimit: RECOMMENDED_TEAM_LIMIT,
  votesPerTeam: false,
  dailyTurnMinutes: 1,
  timeZone: "UTC",
  cadence: null,
  topicCallMinutesBefore: 24 * 60,
  escalateOverdueNeeds: true,
};

export const SETTINGS_LIMITS = {
  timeboxMinutes: { min: 1, max: 60 },
  extensionMinutes: { min: 1, max: 30, maxCount: 5 },
  votesPerPerson: { min: 1, max: 10 },
  teamLimit: { min: 1, max: MAX_TEAM_LIMIT },
  dailyTurnMinutes: { min: 1, max: 10 },
  topicCallMinutesBefore: { min: 0, max: 7 * 24 * 60 },
} as const;

function inRange(value: number, field: keyof typeof SETTINGS_LIMITS, label: string): void {
  const { min, max } = SETTINGS_LIMITS[field];
  if (!Number.isInteger(value) || value < min || value > max) {
    refuse("invalid", `${label} must be a whole number from ${min} to ${max}.`, field);
  }
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** Applies a facilitator's change to the settings, refusing any combination that breaks a rule. */
export function updateSettings(current: BoardSettings, patch: Partial<BoardSettings>): BoardSettings {
  const next: BoardSettings = { ...current, ...patch };
  inRange(next.timeboxMinutes, "timeboxMinutes", "The timebox");
  inRange(next.votesPerPerson, "votesPerPerson", "Votes per person");
  inRange(next.teamLimit, "teamLimit", "The team limit");
  inRange(next.dailyTurnMinutes, "dailyTurnMinutes", "A team's turn at the daily");
  inRange(next.topicCallMinutesBefore, "topicCallMinutesBefore", "The topic call");
  const ext = SETTINGS_LIMITS.extensionMinutes;
  if (next.extensionMinutes.length > ext.maxCount) {
    refuse("invalid", `Allow at most ${ext.maxCount} extensions.`, "extensionMinutes");
  }
  next.extensionMinutes.forEach((minutes, i) => {
    if (!Number.isInteger(minutes) || minutes < ext.min || minutes > ext.max) {
      refuse("invalid", `Each extension must be a whole number of minutes from ${ext.min} to ${ext.max}.`, "extensionMinutes");
    }
    const before = i === 0 ? next.timeboxMinutes : next.extensionMinutes[i - 1];
    if (before !== undefined && minutes >= before) {
      refuse("invalid", "Each extension must be shorter than the timebox or extension before it.", "extensionMinutes");
    }
  });
  if (!isValidTimeZone(next.timeZone)) refuse("invalid", `"${next.timeZone}" is not a time zone name such as Europe/Paris.`, "timeZone");
  if (next.cadence) {
    const { weekday, time, durationMinutes } = next.cadence;
    if (!Number.isInteger(weekday) || weekday < 0 || weekday > 6) refuse("invalid", "The weekday must be 0 (Sunday) to 6 (Saturday).", "cadence.weekday");
    if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(time)) refuse("invalid", "The meeting time must look like 09:30.", "cadence.time");
    if (!Number.isInteger(durationMinutes) || durationMinutes < 15 || durationMinutes > 240) {
      refuse("invalid", "The meeting must last 15 to 240 minutes.", "cadence.durationMinutes");
    }
  }
  return next;
}

/** Warnings a board carries while it runs outside the recommended shape. */
export function settingsWarnings(settings: BoardSettings, teamCount: number): string[] {
  if (teamCount > RECOMMENDED_TEAM_LIMIT) {
    return [
      `This board has ${teamCount} teams. A scrum of scrums works best with at most ${RECOMMENDED_TEAM_LIMIT}: ` +
        "consider splitting it into one board per product area, each sending a representative to an area-level scrum of scrums.",
    ];
  }
  if (settings.teamLimit > RECOMMENDED_TEAM_LIMIT) {
    return [`The team limit was raised to ${settings.teamLimit}; more than ${RECOMMENDED_TEAM_LIMIT} teams makes the meeting slow and shallow.`];
  }
  return [];
}
