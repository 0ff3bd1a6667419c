import fc from "fast-check";
import {
  DEFAULT_SETTINGS,
  IDLE,
  ROMAN_CHOICES,
  castRomanVote,
  decideContinuation,
  extendTimebox,
  pauseTimebox,
  startTimebox,
  tallyRoman,
  updateSettings,
  type RomanBallot,
  type Timer,
} from "../../src/domain";
import { MINUTE, T0, expectRefusal, settings } from "./fixtures";

const s = settings();
const running = startTimebox(T0, "topic-1", s);
const timeUp = T0 + 8 * MINUTE;

describe("the continue/stop vote", () => {
  it("opens when the timebox ends and records the person's thumb for this round", () => {
    expect(castRomanVote(running, timeUp, "topic-1", "up", "u-ada")).toEqual({ topicId: "topic-1", round: 0, voterId: "u-ada", choice: "up" });
  });

  it("is refused while time is left or while the timer is paused", () => {
    const error = expectRefusal(() => castRomanVote(running, timeUp - 1, "topic-1", "up", "u-ada"), "wrong_state");
    expect(error.message).toMatch(/timebox ends/);
    expectRefusal(() => castRomanVote(pauseTimebox(running, T0 + MINUTE), timeUp, "topic-1", "up", "u-ada"), "wrong_state");
  });

  it("is refused for a topic that is not being discussed", () => {
    expectRefusal(() => castRomanVote(running, timeUp, "other", "up", "u-ada"), "wrong_state", "topicId");
    expectRefusal(() => castRomanVote(IDLE, timeUp, "topic-1", "up", "u-ada"), "wrong_state", "topicId");
  });

  it("belongs to the extension round it was cast in", () => {
    const extended = extendTimebox(running, timeUp, s);
    expect(castRomanVote(extended, timeUp + 4 * MINUTE, "topic-1", "down", "u-ada").round).toBe(1);
  });

  it("offers thumbs up, sideways and down", () => {
    expect([...ROMAN_CHOICES]).toEqual(["up", "sideways", "down"]);
  });
});

describe("counting thumbs", () => {
  it("counts only the ballots for this topic and round", () => {
    const ballots: RomanBallot[] = [
      { topicId: "topic-1", round: 0, voterId: "a", choice: "up" },
      { topicId: "topic-1", round: 0, voterId: "b", choice: "sideways" },
      { topicId: "topic-1", round: 0, voterId: "c", choice: "down" },
      { topicId: "topic-1", round: 0, voterId: "d", choice: "up" },
      { topicId: "topic-1", round: 1, voterId: "a", choice: "down" },
      { topicId: "topic-2", round: 0, voterId: "a", choice: "down" },
    ];
    expect(tallyRoman(ballots, "topic-1", 0)).toEqual({ up: 2, sideways: 1, down: 1 });
    expect(tallyRoman(ballots, "topic-1", 1)).toEqual({ up: 0, sideways: 0, down: 1 });
    expect(tallyRoman([], "topic-1", 0)).toEqual({ up: 0, sideways: 0, down: 0 });
  });
});

describe("what the room decides", () => {
  it("more thumbs up than down extends by the next extension", () => {
    expect(decideContinuation({ up: 3, sideways: 5, down: 2 }, running, s)).toEqual({ decision: "extend", minutes: 4 });
    const once = extendTimebox(running, timeUp, s);
    expect(decideContinuation({ up: 1, sideways: 0, down: 0 }, once, s)).toEqual({ decision: "extend", minutes: 2 });
  });

  it("a tie, or more thumbs down, moves on", () => {
    expect(decideContinuation({ up: 2, sideways: 0, down: 2 }, running, s)).toEqual({ decision: "moveOn", reason: "majority" });
    expect(decideContinuation({ up: 1, sideways: 0, down: 3 }, running, s)).toEqual({ decision: "moveOn", reason: "majority" });
  });

  it("nobody voting, or only sideways thumbs, moves on", () => {
    expect(decideContinuation({ up: 0, sideways: 0, down: 0 }, running, s).decision).toBe("moveOn");
    expect(decideContinuation({ up: 0, sideways: 6, down: 0 }, running, s).decision).toBe("moveOn");
  });

  it("with no extension left, moves on even if everyone wants to continue", () => {
    const twice = extendTimebox(extendTimebox(running, timeUp, s), timeUp + 4 * MINUTE, s);
    expect(decideContinuation({ up: 9, sideways: 0, down: 0 }, twice, s)).toEqual({ decision: "moveOn", reason: "no_extension_left" });
    expect(decideContinuation({ up: 9, sideways: 0, down: 0 }, IDLE, s)).toEqual({ decision: "moveOn", reason: "no_extension_left" });
  });

  const boardArb = fc
    .integer({ min: 2, max: 20 })
    .chain((timebox) =>
      fc
        .uniqueArray(fc.integer({ min: 1, max: timebox - 1 }), { maxLength: 5 })
        .map((exts) => updateSettings(DEFAULT_SETTINGS, { timeboxMinutes: timebox, extensionMinutes: [...exts].sort((a, b) => b - a) })),
    );

  it("for any thumbs, round and board: extend iff more up than down and an extension is left, by exactly that extension", () => {
    fc.assert(
      fc.property(
        boardArb,
        fc.integer({ min: 0, max: 6 }),
        fc.record({ up: fc.nat(30), sideways: fc.nat(30), down: fc.nat(30) }),
        fc.boolean(),
        (board, round, tally, paused) => {
          const durationMs = board.timeboxMinutes * MINUTE;
          const timer: Timer = paused
            ? { status: "paused", topicId: "x", round, durationMs, remainingMs: 0 }
            : { status: "running", topicId: "x", round, durationMs, endsAt: T0 };
          const left = board.extensionMinutes[round];
          const outcome = decideContinuation(tally, timer, board);
          if (tally.up > tally.down && left !== undefined) {
            expect(outcome).toEqual({ decision: "extend", minutes: left });
          } else {
            expect(outcome).toEqual({ decision: "moveOn", reason: left === undefined ? "no_extension_left" : "majority" });
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
