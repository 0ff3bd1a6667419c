import { DEFAULT_SETTINGS } from "../../src/domain";
import { actionReminderAt, hourBucket, hourBuckets, nextTopicCall, nextWeekly, zonedTime } from "../../src/domain/reminders";

const utc = (iso: string) => Date.parse(iso);

test("a wall-clock time in a time zone, across daylight-saving changes", () => {
  expect(zonedTime("2026-11-26", "10:00", "Europe/Paris")).toBe(utc("2026-11-26T09:00:00Z"));
  expect(zonedTime("2026-07-02", "10:00", "Europe/Paris")).toBe(utc("2026-07-02T08:00:00Z"));
  expect(zonedTime("2026-03-29", "10:00", "Europe/Paris")).toBe(utc("2026-03-29T08:00:00Z")); // the day clocks go forward
  expect(zonedTime("2026-11-01", "09:30", "America/New_York")).toBe(utc("2026-11-01T14:30:00Z")); // the day clocks go back
  expect(zonedTime("2026-11-26", "10:00", "UTC")).toBe(utc("2026-11-26T10:00:00Z"));
});

test("the next weekly is the first start strictly after now, in the board's time zone", () => {
  const cadence = { weekday: 4, time: "10:00", durationMinutes: 60 }; // Thursdays 10:00
  expect(nextWeekly(cadence, "Europe/Paris", utc("2026-11-23T12:00:00Z"))).toBe(utc("2026-11-26T09:00:00Z"));
  expect(nextWeekly(cadence, "Europe/Paris", utc("2026-11-26T08:59:00Z"))).toBe(utc("2026-11-26T09:00:00Z"));
  expect(nextWeekly(cadence, "Europe/Paris", utc("2026-11-26T09:00:00Z"))).toBe(utc("2026-12-03T09:00:00Z"));
  // Wednesday noon UTC is already Thursday 01:00 in Auckland: the weekly is at 10:00 there that day.
  expect(nextWeekly(cadence, "Pacific/Auckland", utc("2026-11-25T12:00:00Z"))).toBe(utc("2026-11-25T21:00:00Z"));
});

test("the topic call comes the configured minutes before the weekly; none without a cadence", () => {
  const settings = { ...DEFAULT_SETTINGS, timeZone: "Europe/Paris", cadence: { weekday: 4, time: "10:00", durationMinutes: 60 }, topicCallMinutesBefore: 24 * 60 };
  expect(nextTopicCall(settings, utc("2026-11-24T00:00:00Z"))).toEqual({ meetingAt: utc("2026-11-26T09:00:00Z"), callAt: utc("2026-11-25T09:00:00Z") });
  expect(nextTopicCall(DEFAULT_SETTINGS, utc("2026-11-24T00:00:00Z"))).toBeNull();
});

test("action reminders at 09:00 local on the due date; reminder rows filed by UTC hour", () => {
  expect(actionReminderAt("2026-12-01", "Europe/Paris")).toBe(utc("2026-12-01T08:00:00Z"));
  expect(hourBucket(utc("2026-11-26T08:59:59Z"))).toBe("2026112608");
  expect(hourBuckets(utc("2026-11-26T22:30:00Z"), utc("2026-11-27T01:10:00Z"))).toEqual(["2026112622", "2026112623", "2026112700", "2026112701"]);
});
