import fc from "fast-check";
import {
  DEFAULT_SETTINGS,
  MAX_TEAM_LIMIT,
  RECOMMENDED_TEAM_LIMIT,
  SETTINGS_LIMITS,
  isValidTimeZone,
  settingsWarnings,
  updateSettings,
} from "../../src/domain";
import { expectRefusal, settings } from "./fixtures";

describe("a new board's settings", () => {
  it("run an 8-minute timebox with a 4- then a 2-minute extension", () => {
    expect(DEFAULT_SETTINGS.timeboxMinutes).toBe(8);
    expect(DEFAULT_SETTINGS.extensionMinutes).toEqual([4, 2]);
  });

  it("give everyone 3 dots and let them stack dots on one topic", () => {
    expect(DEFAULT_SETTINGS.votesPerPerson).toBe(3);
    expect(DEFAULT_SETTINGS.allowStacking).toBe(true);
  });

  it("show vote totals and topic authors by default", () => {
    expect(DEFAULT_SETTINGS.hideTotalsUntilDiscussion).toBe(false);
    expect(DEFAULT_SETTINGS.anonymousAuthors).toBe(false);
  });

  it("allow at most seven teams and count dots per person", () => {
    expect(DEFAULT_SETTINGS.teamLimit).toBe(7);
    expect(RECOMMENDED_TEAM_LIMIT).toBe(7);
    expect(DEFAULT_SETTINGS.votesPerTeam).toBe(false);
  });

  it("are themselves valid", () => {
    expect(updateSettings(DEFAULT_SETTINGS, {})).toEqual(DEFAULT_SETTINGS);
  });
});

describe("changing the settings", () => {
  it("applies the facilitator's change and keeps the rest", () => {
    const next = updateSettings(DEFAULT_SETTINGS, { timeboxMinutes: 10, votesPerPerson: 5 });
    expect(next.timeboxMinutes).toBe(10);
    expect(next.votesPerPerson).toBe(5);
    expect(next.extensionMinutes).toEqual([4, 2]);
  });

  it("does not change the settings it was given", () => {
    const before = settings();
    updateSettings(before, { timeboxMinutes: 12 });
    expect(before.timeboxMinutes).toBe(8);
  });

  it.each([
    ["timeboxMinutes", 0],
    ["timeboxMinutes", 61],
    ["timeboxMinutes", 7.5],
    ["votesPerPerson", 0],
    ["votesPerPerson", 11],
    ["teamLimit", 0],
    ["teamLimit", MAX_TEAM_LIMIT + 1],
    ["dailyTurnMinutes", 0],
    ["dailyTurnMinutes", 11],
    ["topicCallMinutesBefore", -1],
    ["topicCallMinutesBefore", 7 * 24 * 60 + 1],
  ] as const)("refuses %s = %p as invalid, naming the field", (field, value) => {
    const error = expectRefusal(() => updateSettings(DEFAULT_SETTINGS, { [field]: value }), "invalid", field);
    const { min, max } = SETTINGS_LIMITS[field];
    expect(error.message).toContain(`from ${min} to ${max}`);
  });

  it("accepts the edges of every range", () => {
    for (const [field, { min, max }] of Object.entries(SETTINGS_LIMITS)) {
      if (field === "extensionMinutes") continue;
      expect(() => updateSettings(settings({ extensionMinutes: [] }), { [field]: min })).not.toThrow();
      expect(() => updateSettings(settings({ extensionMinutes: [] }), { [field]: max })).not.toThrow();
    }
  });

  it("refuses an extension that is not shorter than the timebox", () => {
    const error = expectRefusal(() => updateSettings(DEFAULT_SETTINGS, { extensionMinutes: [8] }), "invalid", "extensionMinutes");
    expect(error.message).toMatch(/shorter/);
  });

  it("refuses an extension that is not shorter than the one before it", () => {
    expectRefusal(() => updateSettings(DEFAULT_SETTINGS, { extensionMinutes: [4, 4] }), "invalid", "extensionMinutes");
    expectRefusal(() => updateSettings(DEFAULT_SETTINGS, { extensionMinutes: [2, 4] }), "invalid", "extensionMinutes");
  });

  it("refuses a shorter timebox that would make the first extension longer than it", () => {
    expectRefusal(() => updateSettings(DEFAULT_SETTINGS, { timeboxMinutes: 4 }), "invalid", "extensionMinutes");
  });

  it("refuses more than five extensions, fractional minutes and zero-minute extensions", () => {
    expectRefusal(() => updateSettings(settings({ timeboxMinutes: 30 }), { extensionMinutes: [10, 8, 6, 4, 2, 1] }), "invalid", "extensionMinutes");
    expectRefusal(() => updateSettings(DEFAULT_SETTINGS, { extensionMinutes: [2.5] }), "invalid", "extensionMinutes");
    expectRefusal(() => updateSettings(DEFAULT_SETTINGS, { extensionMinutes: [0] }), "invalid", "extensionMinutes");
  });

  it("allows a board with no extensions at all", () => {
    expect(updateSettings(DEFAULT_SETTINGS, { extensionMinutes: [] }).extensionMinutes).toEqual([]);
  });

  it("refuses a time zone that does not exist and accepts a real one", () => {
    const error = expectRefusal(() => updateSettings(DEFAULT_SETTINGS, { timeZone: "Mars/Olympus" }), "invalid", "timeZone");
    expect(error.message).toContain("Mars/Olympus");
    expect(updateSettings(DEFAULT_SETTINGS, { timeZone: "Europe/Paris" }).timeZone).toBe("Europe/Paris");
    expect(isValidTimeZone("America/New_York")).toBe(true);
    expect(isValidTimeZone("Not/AZone")).toBe(false);
  });

  it("accepts a weekly cadence and refuses a wrong weekday, time or length", () => {
    const cadence = { weekday: 1, time: "09:30", durationMinutes: 60 };
    expect(updateSettings(DEFAULT_SETTINGS, { cadence }).cadence).toEqual(cadence);
    expectRefusal(() => updateSettings(DEFAULT_SETTINGS, { cadence: { ...cadence, weekday: 7 } }), "invalid", "cadence.weekday");
    expectRefusal(() => updateSettings(DEFAULT_SETTINGS, { cadence: { ...cadence, time: "24:00" } }), "invalid", "cadence.time");
    expectRefusal(() => updateSettings(DEFAULT_SETTINGS, { cadence: { ...cadence, time: "9:30" } }), "invalid", "cadence.time");
    expectRefusal(() => updateSettings(DEFAULT_SETTINGS, { cadence: { ...cadence, durationMinutes: 10 } }), "invalid", "cadence.durationMinutes");
    expectRefusal(() => updateSettings(DEFAULT_SETTINGS, { cadence: { ...cadence, durationMinutes: 241 } }), "invalid", "cadence.durationMinutes");
  });

  it("accepts any strictly shrinking list of extensions shorter than the timebox, and refuses any other", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.array(fc.integer({ min: 1, max: 30 }), { maxLength: 5 }), (timebox, extensions) => {
        const shrinking = extensions.every((m, i) => m < (i === 0 ? timebox : (extensions[i - 1] ?? 0)));
        let accepted = true;
        try {
          updateSettings(DEFAULT_SETTINGS, { timeboxMinutes: timebox, extensionMinutes: extensions });
        } catch {
          accepted = false;
        }
        expect(accepted).toBe(shrinking);
      }),
      { numRuns: 200 },
    );
  });
});

describe("warnings while a board runs outside the recommended shape", () => {
  it("are none for a default board with up to seven teams", () => {
    expect(settingsWarnings(DEFAULT_SETTINGS, 0)).toEqual([]);
    expect(settingsWarnings(DEFAULT_SETTINGS, 7)).toEqual([]);
  });

  it("warn when the team limit was raised above seven, even before an eighth team joins", () => {
    const warnings = settingsWarnings(settings({ teamLimit: 9 }), 3);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("raised to 9");
  });

  it("suggest splitting the board by product area once it has more than seven teams", () => {
    const warnings = settingsWarnings(settings({ teamLimit: 9 }), 8);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("8 teams");
    expect(warnings[0]).toMatch(/product area/);
  });
});
