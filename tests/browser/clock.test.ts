import { ServerClock } from "../../src/tab/state/clock";

/** The panel's view of the server clock (pure logic, no browser needed). */
describe("ServerClock", () => {
  test("takes the offset from the midpoint of the round trip", () => {
    const clock = new ServerClock();
    clock.sample(1_000, 1_100, 61_050);
    const now = clock.now();
    expect(now - Date.now()).toBeGreaterThanOrEqual(59_999);
    expect(now - Date.now()).toBeLessThanOrEqual(60_001);
  });

  test("ignores a noisier sample that agrees within its uncertainty", () => {
    const clock = new ServerClock();
    clock.sample(0, 10, 5_005); // offset 5000 ± 5
    clock.sample(0, 400, 5_300); // offset 5100 ± 200: within its own uncertainty
    expect(Math.round((clock.now() - Date.now()) / 10) * 10).toBe(5_000);
  });

  test("follows a real jump of the server clock at once", () => {
    const clock = new ServerClock();
    clock.sample(0, 10, 5_005);
    clock.sample(0, 40, 8 * 60_000 + 5_020); // the server moved eight minutes ahead
    expect(Math.round((clock.now() - Date.now()) / 1000)).toBe(8 * 60 + 5);
  });

  test("ignores a sample without a server time", () => {
    const clock = new ServerClock();
    clock.sample(0, 10, Number.NaN);
    expect(Math.abs(clock.now() - Date.now())).toBeLessThan(5);
  });
});
