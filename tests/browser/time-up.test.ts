import type { Browser, BrowserContext, Page } from "playwright-core";
import { connectBrowser, openReady, panelContext, screenshot } from "../support/browser";
import { boardCaller, startStack, type Stack } from "../support/stack";

/**
 * The facilitator's time: "+N min" says who added how much, and at time's up the facilitator has
 * one set of controls — the room's vote, then "close vote" (which says what it does, and starts
 * the next topic when the room moves on) or one override the other way. The server's clock is the
 * test's to move (`offset`), so a timebox runs out without waiting.
 */
const chat = `19:meeting_timeup_${Date.now()}@thread.v2`;
let offset = 0;
let stack: Stack;
let browser: Browser;
let context: BrowserContext;
let alice: Page;
let bob: Page;
const MINUTE = 60_000;

const call = <T>(as: string, method: string, path: string, body?: unknown): Promise<T> => boardCaller(stack, chat)<T>(as, method, path, body);

beforeAll(async () => {
  stack = await startStack({ now: () => Date.now() + offset });
  browser = await connectBrowser();
  await stack.joinCast(chat);
  await call("alice", "PATCH", "settings", { extensionMinutes: [2, 1] });
  const first = await call<{ id: string }>("bob", "POST", "topics", { title: "Release train" });
  const second = await call<{ id: string }>("bob", "POST", "topics", { title: "Flaky tests" });
  await call("bob", "POST", "topics", { title: "Lunch" });
  await call("carol", "POST", `topics/${second.id}/votes`);
  await call("alice", "POST", "timer/next", { topicId: first.id });
  context = await panelContext(browser);
  alice = await openReady(context, stack.url, { as: "alice", chat }, "now-topic");
  bob = await openReady(context, stack.url, { as: "bob", chat }, "now-topic");
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await stack?.close();
});

async function nowTopic(page: Page, title: string): Promise<void> {
  await page.getByTestId("now-topic").filter({ hasText: title }).waitFor({ timeout: 5000 });
}

/** The controls that steer the discussion in Now discussing (the vote's decision and the timer's buttons), by test id and label; notes and thumbs aside. */
async function timeUpButtons(page: Page): Promise<string[]> {
  return page.getByTestId("now").evaluate((now) => {
    const timer = new Set(["start", "pause", "resume", "extend", "stop", "next"]);
    return Array.from(now.querySelectorAll("button"))
      .filter((b) => b.closest('[data-testid="time-up-controls"]') || timer.has(b.dataset["testid"] ?? ""))
      .map((b) => `${b.dataset["testid"]}: ${b.textContent}`);
  });
}

test('"+2 min" tells everyone the facilitator added two minutes', async () => {
  await alice.getByTestId("extend").click();
  for (const page of [alice, bob]) {
    await page.getByTestId("round").filter({ hasText: "Alice added 2 min" }).waitFor({ timeout: 5000 });
    expect(await page.getByTestId("round").textContent()).toBe("Extension 1 · Alice added 2 min");
    expect(await page.getByTestId("outcome").textContent()).toBe("Alice added 2 min.");
  }
});

test("at time's up the facilitator sees the vote and one decision; the close button follows the votes", async () => {
  offset += 10 * MINUTE + 1000;
  await Promise.all([alice.getByTestId("time-up-controls").waitFor({ timeout: 5000 }), bob.getByTestId("roman-prompt").waitFor({ timeout: 5000 })]);
  // No second "Move on", no "Next topic" beside the vote: the toolbar steps aside.
  expect(await alice.getByTestId("facilitator-controls").count()).toBe(0);
  expect(await timeUpButtons(alice)).toEqual(["close-vote: Close vote: next topic", "override: Continue +1 min instead"]);
  // An attendee votes and reads what closing would do; the decision is not theirs.
  expect(await bob.getByTestId("time-up-controls").count()).toBe(0);
  expect(await bob.getByTestId("roman-outcome").textContent()).toBe("If closed now: move on");
  await screenshot(alice, "time-up-facilitator");

  await bob.getByTestId("roman-up").click();
  await alice.getByTestId("close-vote").filter({ hasText: "Close vote: continue +1 min" }).waitFor({ timeout: 5000 });
  expect(await timeUpButtons(alice)).toEqual(["close-vote: Close vote: continue +1 min", "override: Next topic instead"]);
  await alice.getByTestId("close-vote").click();
  for (const page of [alice, bob]) {
    await page.getByTestId("round").filter({ hasText: "Extension 2" }).waitFor({ timeout: 5000 });
    expect(await page.getByTestId("round").textContent()).toBe("Extension 2 · The room voted +1 min");
    await page.getByTestId("roman-prompt").waitFor({ state: "detached", timeout: 5000 });
  }
  await alice.getByTestId("facilitator-controls").waitFor({ timeout: 5000 });
});

test("with no extension left the only decision is the next topic, which starts when the vote closes", async () => {
  offset += MINUTE + 1000;
  await alice.getByTestId("time-up-controls").waitFor({ timeout: 5000 });
  expect(await timeUpButtons(alice)).toEqual(["close-vote: Close vote: next topic"]);
  await alice.getByTestId("close-vote").click();
  for (const page of [alice, bob]) await nowTopic(page, "Flaky tests");
  expect(await alice.getByTestId("round").textContent()).toBe("Timebox");
});

test("the facilitator overrides a room that wants more: the next topic starts", async () => {
  offset += 8 * MINUTE + 1000;
  await alice.getByTestId("time-up-controls").waitFor({ timeout: 5000 });
  await bob.getByTestId("roman-up").click();
  await alice.getByTestId("override").filter({ hasText: "Next topic instead" }).waitFor({ timeout: 5000 });
  await alice.getByTestId("override").click();
  for (const page of [alice, bob]) await nowTopic(page, "Lunch");
  await alice.getByTestId("tab-discussed").click();
  await alice.getByTestId("discussed-topic").filter({ hasText: "Flaky tests" }).waitFor({ timeout: 5000 });
});
