import fc from "fast-check";
import {
  DomainError,
  IDLE,
  extendTimebox,
  extendedBy,
  grantedBy,
  isExpired,
  nextExtension,
  pauseTimebox,
  remainingMs,
  resumeTimebox,
  startTimebox,
  updateSettings,
  DEFAULT_SETTINGS,
  type BoardSettings,
  type Timer,
} from "../../src/domain";
import { MINUTE, T0, expectRefusal, settings } from "./fixtures";

const s = settings();

describe("starting the timebox", () => {
  it("runs 8 minutes on the topic, shared as a server end time", () => {
    const timer = startTimebox(T0, "topic-1", s);
    expect(timer).toEqual({ status: "running", topicId: "topic-1", round: 0, durationMs: 8 * MINUTE, endsAt: T0 + 8 * MINUTE });
  });

  it("uses the board's own timebox length", () => {
    expect(remainingMs(startTimebox(T0, "x", settings({ timeboxMinutes: 5, extensionMinutes: [2] })), T0)).toBe(5 * MINUTE);
  });
});

describe("the time left", () => {
  const timer = startTimebox(T0, "x", s);

  it("counts down as time passes", () => {
    expect(remainingMs(timer, T0)).toBe(8 * MINUTE);
    expect(remainingMs(timer, T0 + 3 * MINUTE)).toBe(5 * MINUTE);
  });

  it("stops at zero and the timebox is then over", () => {
    expect(isExpired(timer, T0 + 8 * MINUTE - 1)).toBe(false);
    expect(isExpired(timer, T0 + 8 * MINUTE)).toBe(true);
    expect(remainingMs(timer, T0 + 8 * MINUTE)).toBe(0);
    expect(remainingMs(timer, T0 + 60 * MINUTE)).toBe(0);
  });

  it("is zero with nothing under discussion", () => {
    expect(remainingMs(IDLE, T0)).toBe(0);
    expect(isExpired(IDLE, T0)).toBe(false);
  });
});

describe("pausing and resuming", () => {
  const running = startTimebox(T0, "x", s);

  it("a pause freezes the time left", () => {
    const paused = pauseTimebox(running, T0 + 3 * MINUTE);
    expect(paused.status).toBe("paused");
    expect(remainingMs(paused, T0 + 3 * MINUTE)).toBe(5 * MINUTE);
    expect(remainingMs(paused, T0 + 45 * MINUTE)).toBe(5 * MINUTE);
    expect(isExpired(paused, T0 + 45 * MINUTE)).toBe(false);
  });

  it("resuming continues from where it was paused", () => {
    const resumed = resumeTimebox(pauseTimebox(running, T0 + 3 * MINUTE), T0 + 20 * MINUTE);
    expect(resumed.status).toBe("running");
    expect(remainingMs(resumed, T0 + 20 * MINUTE)).toBe(5 * MINUTE);
    expect(remainingMs(resumed, T0 + 24 * MINUTE)).toBe(1 * MINUTE);
  });

  it("refuses to pause a timer that is not running or whose time is up", () => {
    expectRefusal(() => pauseTimebox(IDLE, T0), "wrong_state");
    expectRefusal(() => pauseTimebox(pauseTimebox(running, T0), T0), "wrong_state");
    const error = expectRefusal(() => pauseTimebox(running, T0 + 8 * MINUTE), "wrong_state");
    expect(error.message).toMatch(/vote/);
  });

  it("refuses to resume a timer that is not paused", () => {
    expectRefusal(() => resumeTimebox(running, T0), "wrong_state");
    expectRefusal(() => resumeTimebox(IDLE, T0), "wrong_state");
  });
});

describe("extensions", () => {
  const running = startTimebox(T0, "x", s);
  const expiredAt = T0 + 8 * MINUTE;

  it("the first grants 4 minutes, the second 2, and then none is left", () => {
    expect(nextExtension(running, s)).toBe(4);
    const first = extendTimebox(running, expiredAt, s);
    expect(remainingMs(first, expiredAt)).toBe(4 * MINUTE);
    expect(first).toMatchObject({ status: "running", round: 1, durationMs: 4 * MINUTE });
    expect(nextExtension(first, s)).toBe(2);
    const second = extendTimebox(first, expiredAt + 4 * MINUTE, s);
    expect(remainingMs(second, expiredAt + 4 * MINUTE)).toBe(2 * MINUTE);
    expect(nextExtension(second, s)).toBeNull();
    const error = expectRefusal(() => extendTimebox(second, expiredAt + 6 * MINUTE, s), "wrong_state");
    expect(error.message).toMatch(/move on/);
  });

  it("each round says what its extension added (+4, then +2), not its whole length, paused or not", () => {
    expect(extendedBy(running, s)).toBeNull();
    const first = extendTimebox(running, T0 + 5 * MINUTE, s);
    expect(first.status === "running" && first.durationMs).toBe(7 * MINUTE);
    expect(extendedBy(first, s)).toBe(4);
    const paused = pauseTimebox(first, T0 + 6 * MINUTE);
    expect(extendedBy(paused, s)).toBe(4);
    const second = extendTimebox(resumeTimebox(paused, T0 + 7 * MINUTE), T0 + 8 * MINUTE, s);
    expect(extendedBy(second, s)).toBe(2);
  });

  it("each round remembers who granted it: the room's vote, or the facilitator by name; the first timebox has nobody", () => {
    expect(grantedBy(running)).toBeNull();
    const voted = extendTimebox(running, expiredAt, s, { kind: "room" });
    expect(grantedBy(voted)).toEqual({ kind: "room" });
    const added = extendTimebox(pauseTimebox(voted, expiredAt + MINUTE), expiredAt + MINUTE, s, { kind: "facilitator", name: "Alice" });
    expect(grantedBy(added)).toEqual({ kind: "facilitator", name: "Alice" });
    expect(grantedBy(resumeTimebox(added, expiredAt + 2 * MINUTE))).toEqual({ kind: "facilitator", name: "Alice" });
    expect(extendedBy(added, s)).toBe(2);
  });

  it("an extension adds to the time left rather than replacing it", () => {
    const early = extendTimebox(running, T0 + 5 * MINUTE, s);
    expect(remainingMs(early, T0 + 5 * MINUTE)).toBe(7 * MINUTE);
  });

  it("an extension of a paused timer adds to the frozen time and stays paused", () => {
    const paused = pauseTimebox(running, T0 + 6 * MINUTE);
    const extended = extendTimebox(paused, T0 + 30 * MINUTE, s);
    expect(extended.status).toBe("paused");
    expect(remainingMs(extended, T0 + 50 * MINUTE)).toBe(6 * MINUTE);
  });

  it("after the time ran out, an extension counts from now, not from when it ran out", () => {
    const late = extendTimebox(running, expiredAt + 3 * MINUTE, s);
    expect(remainingMs(late, expiredAt + 3 * MINUTE)).toBe(4 * MINUTE);
  });

  it("are refused with nothing under discussion, or on a board without extensions", () => {
    expectRefusal(() => extendTimebox(IDLE, T0, s), "wrong_state");
    expect(nextExtension(IDLE, s)).toBeNull();
    const none = settings({ extensionMinutes: [] });
    expectRefusal(() => extendTimebox(startTimebox(T0, "x", none), T0 + 8 * MINUTE, none), "wrong_state");
  });
});

// ---------------------------------------------------------------------------------------------
// Property: the arithmetic holds for any sequence of commands at increasing times.

type TimerCommand = { kind: "start" | "pause" | "resume" | "extend" | "wait"; after: number };

const settingsArb: fc.Arbitrary<BoardSettings> = fc
  .integer({ min: 2, max: 20 })
  .chain((timebox) =>
    fc
      .uniqueArray(fc.integer({ min: 1, max: timebox - 1 }), { maxLength: 5 })
      .map((exts) => updateSettings(DEFAULT_SETTINGS, { timeboxMinutes: timebox, extensionMinutes: [...exts].sort((a, b) => b - a) })),
  );

const commandArb: fc.Arbitrary<TimerCommand> = fc.record({
  kind: fc.constantFrom("start" as const, "pause" as const, "resume" as const, "extend" as const, "extend" as const, "wait" as const),
  // Up to 12 minutes later, often a few seconds, sometimes at the very same millisecond.
  after: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 0, max: 12 * MINUTE })),
});

/** What a person with a stopwatch would say is left. */
interface Stopwatch {
  status: Timer["status"];
  left: number;
  granted: number;
  round: number;
  lastGrant: number;
}

function attempt(command: () => Timer): Timer | DomainError {
  try {
    return command();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
}

describe("properties of the timebox", () => {
  it("for any start/pause/resume/extend sequence: time left is never negative, never more than granted, frozen while paused, each extension shorter than the last, and none left means refusal", () => {
    fc.assert(
      fc.property(settingsArb, fc.array(commandArb, { maxLength: 40 }), (board, commands) => {
        let now = T0;
        let timer = startTimebox(now, "x", board);
        let watch: Stopwatch = { status: "running", left: board.timeboxMinutes * MINUTE, granted: board.timeboxMinutes * MINUTE, round: 0, lastGrant: board.timeboxMinutes };
        for (const c of commands) {
          now += c.after;
          if (watch.status === "running") watch.left = Math.max(0, watch.left - c.after);
          expect(remainingMs(timer, now)).toBe(watch.left);

          if (c.kind === "start") {
            timer = startTimebox(now, "x", board);
            const full = board.timeboxMinutes * MINUTE;
            watch = { status: "running", left: full, granted: full, round: 0, lastGrant: board.timeboxMinutes };
          } else if (c.kind === "pause") {
            const result = attempt(() => pauseTimebox(timer, now));
            if (watch.status === "running" && watch.left > 0) {
              expect(result).not.toBeInstanceOf(DomainError);
              watch.status = "paused";
            } else {
              expect(result).toBeInstanceOf(DomainError);
              expect((result as DomainError).code).toBe("wrong_state");
            }
            if (!(result instanceof DomainError)) timer = result;
          } else if (c.kind === "resume") {
            const result = attempt(() => resumeTimebox(timer, now));
            if (watch.status === "paused") {
              expect(result).not.toBeInstanceOf(DomainError);
              watch.status = "running";
            } else {
              expect(result).toBeInstanceOf(DomainError);
            }
            if (!(result instanceof DomainError)) timer = result;
          } else if (c.kind === "extend") {
            const offered = nextExtension(timer, board);
            const result = attempt(() => extendTimebox(timer, now, board));
            const expected = board.extensionMinutes[watch.round];
            if (expected === undefined) {
              expect(offered).toBeNull();
              expect(result).toBeInstanceOf(DomainError);
              expect((result as DomainError).code).toBe("wrong_state");
            } else {
              expect(offered).toBe(expected);
              expect(expected).toBeLessThan(watch.lastGrant);
              expect(result).not.toBeInstanceOf(DomainError);
              watch.left += expected * MINUTE;
              watch.granted += expected * MINUTE;
              watch.round += 1;
              watch.lastGrant = expected;
            }
            if (!(result instanceof DomainError)) timer = result;
          }

          const left = remainingMs(timer, now);
          expect(timer.status).toBe(watch.status);
          expect(left).toBe(watch.left);
          expect(left).toBeGreaterThanOrEqual(0);
          expect(left).toBeLessThanOrEqual(watch.granted);
          expect(isExpired(timer, now)).toBe(watch.status === "running" && watch.left === 0);
          if (timer.status !== "idle") expect(timer.round).toBe(watch.round);
          if (timer.status === "paused") expect(remainingMs(timer, now + 3_600_000)).toBe(left);
        }
      }),
      { numRuns: 300 },
    );
  });
});
