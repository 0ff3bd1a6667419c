import type { Browser, BrowserContext, Frame } from "playwright-core";
import { connectBrowser, HOSTS, openTab, panelContext } from "../support/browser";
import { board, startStack, type Stack } from "../support/stack";

/**
 * Two people in two browser contexts on the same meeting chat: Alice organizes (facilitator),
 * Bob attends. The server's clock is the test's to move (`offset`), so a timebox can run out
 * without waiting eight minutes; the panels follow the server's X-Server-Time. The scenario runs
 * twice: in plain browser tabs, and inside the simulated Teams client (context, SSO token).
 */
describe.each(HOSTS)("two people on one board (%s host)", (hostKind) => {
  let offset = 0;
  let stack: Stack;
  let browser: Browser;
  let aliceCtx: BrowserContext;
  let bobCtx: BrowserContext;
  let alice: Frame;
  let bob: Frame;
  const chat = `19:meeting_panel_${hostKind}_${Date.now()}@thread.v2`;

  /** mm:ss on a panel's timer, in seconds. */
  async function secondsShown(page: Frame): Promise<number> {
    const text = (await page.getByTestId("timer-text").textContent()) ?? "";
    const m = /^(\d+):(\d{2})$/.exec(text.trim());
    if (!m) throw new Error(`timer shows "${text}"`);
    return Number(m[1]) * 60 + Number(m[2]);
  }

  beforeAll(async () => {
    stack = await startStack({ now: () => Date.now() + offset });
    browser = await connectBrowser();
    aliceCtx = await panelContext(browser);
    bobCtx = await panelContext(browser);
    alice = (await openTab(aliceCtx, stack, { as: "alice", chat }, hostKind)).tab;
    bob = (await openTab(bobCtx, stack, { as: "bob", chat }, hostKind)).tab;
    await Promise.all([alice.getByTestId("panel").waitFor({ timeout: 15000 }), bob.getByTestId("panel").waitFor({ timeout: 15000 })]);
  });

  afterAll(async () => {
    await aliceCtx?.close();
    await bobCtx?.close();
    await browser?.close();
    await stack?.close();
  });

  test("one adds a topic, both vote, and each sees the other's vote within two seconds", async () => {
    await alice.getByTestId("topic-title").fill("Release train dependencies");
    await alice.getByTestId("topic-add").click();
    const bobTopic = bob.locator('[data-testid="topic"][data-topic-title="Release train dependencies"]');
    await bobTopic.waitFor({ timeout: 2000 });
    const aliceTopic = alice.locator('[data-testid="topic"][data-topic-title="Release train dependencies"]');
    // The optimistic topic becomes the stored one once the server answers; vote on the stored one.
    await aliceTopic.getByTestId("cast").and(alice.locator(":enabled")).waitFor({ timeout: 5000 });

    // Under load a poll can show the stored topic while the optimistic one still waits for its answer.
    await aliceTopic.getByTestId("cast").and(alice.locator(":enabled")).first().click();
    await bob.waitForFunction(() => document.querySelector('[data-testid="topic-votes"]')?.textContent === "1 vote", undefined, { timeout: 2000 });
    await bobTopic.getByTestId("cast").click();
    await alice.waitForFunction(() => document.querySelector('[data-testid="topic-votes"]')?.textContent === "2 votes", undefined, { timeout: 2000 });
    await bob.waitForFunction(() => document.querySelector('[data-testid="topic-votes"]')?.textContent === "2 votes", undefined, { timeout: 2000 });
    // Each has spent one of three dots (a pushed read can briefly meet the cast's own optimistic dot).
    for (const page of [alice, bob]) {
      await page.waitForFunction(() => document.querySelector('[data-testid="dots-left"]')?.textContent === "2 dots left", undefined, { timeout: 5000 });
    }
    // The board's first topic carries the number people type in the chat (`vote 1`).
    expect(await bobTopic.getByTestId("topic-number").textContent()).toBe("#1");
  });

  test("an attendee sees no facilitator controls, and the API refuses them anyway", async () => {
    await alice.getByTestId("facilitator-controls").waitFor();
    expect(await bob.getByTestId("facilitator-controls").count()).toBe(0);
    expect(await bob.getByTestId("session-menu").count()).toBe(0);
    expect(await bob.getByTestId("start").count()).toBe(0);
    for (const path of ["timer/next", "timer/pause", "timer/extend", "timer/stop", "timer/conclude", "session/close"]) {
      const res = await stack.call<{ status: number; detail: string }>("bob", "POST", `${board(chat)}/${path}`, {});
      expect([path, res.status]).toEqual([path, 403]);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
    }
  });

  test("the facilitator starts the timer and both panels show the same remaining time within a second", async () => {
    await alice.getByTestId("start").click();
    await Promise.all([alice.getByTestId("timer-text").waitFor({ timeout: 2000 }), bob.getByTestId("timer-text").waitFor({ timeout: 2000 })]);
    expect(await bob.getByTestId("now-topic").textContent()).toBe("Release train dependencies");
    for (let i = 0; i < 3; i++) {
      const [a, b] = await Promise.all([secondsShown(alice), secondsShown(bob)]);
      expect(Math.abs(a - b)).toBeLessThanOrEqual(1);
      expect(a).toBeGreaterThan(7 * 60);
      await alice.waitForTimeout(700);
    }
    expect(await bob.getByTestId("facilitator-controls").count()).toBe(0);
  });

  test("at expiry both see the continue/stop prompt, vote, and see the extension", async () => {
    // The timebox is eight minutes: move the server's clock past its end.
    offset += 8 * 60_000 + 1000;
    await Promise.all([alice.getByTestId("roman-prompt").waitFor({ timeout: 5000 }), bob.getByTestId("roman-prompt").waitFor({ timeout: 5000 })]);
    expect(await bob.getByTestId("close-vote").count()).toBe(0);

    await alice.getByTestId("roman-up").click();
    await bob.getByTestId("roman-up").click();
    for (const page of [alice, bob]) {
      await page.waitForFunction(() => document.querySelector('[data-testid="roman-count-up"]')?.textContent === "2", undefined, { timeout: 2000 });
    }
    expect(await bob.getByTestId("roman-up").getAttribute("aria-pressed")).toBe("true");

    await alice.getByTestId("close-vote").click();
    for (const page of [alice, bob]) {
      await page.getByTestId("outcome").waitFor({ timeout: 2000 });
      expect(await page.getByTestId("outcome").textContent()).toContain("extended by 4 min");
      expect(await page.getByTestId("round").textContent()).toContain("Extension 1");
      await page.getByTestId("roman-prompt").waitFor({ state: "detached", timeout: 2000 });
    }
    const [a, b] = await Promise.all([secondsShown(alice), secondsShown(bob)]);
    expect(Math.abs(a - b)).toBeLessThanOrEqual(1);
    expect(a).toBeGreaterThan(3 * 60);
  });

  test("when the extension runs out and the room votes down, both see that it moved on", async () => {
    offset += 4 * 60_000 + 1000;
    await Promise.all([alice.getByTestId("roman-prompt").waitFor({ timeout: 5000 }), bob.getByTestId("roman-prompt").waitFor({ timeout: 5000 })]);
    await alice.getByTestId("roman-down").click();
    await bob.getByTestId("roman-down").click();
    await alice.waitForFunction(() => document.querySelector('[data-testid="roman-count-down"]')?.textContent === "2", undefined, { timeout: 2000 });
    await alice.getByTestId("close-vote").click();
    for (const page of [alice, bob]) {
      await page.getByTestId("outcome").filter({ hasText: 'moved on from "Release train dependencies"' }).waitFor({ timeout: 2000 });
      await page.getByTestId("tab-discussed").click();
      await page.getByTestId("discussed-topic").waitFor({ timeout: 2000 });
    }
  });

  test("an action created by one appears on the other's Kanban, and moves for both", async () => {
    await bob.getByTestId("tab-actions").click();
    await alice.getByTestId("tab-actions").click();
    await bob.getByTestId("new-action").click();
    await bob.getByTestId("action-text").fill("Publish the API changelog");
    await bob.getByTestId("action-owner").click();
    await bob.getByTestId("action-owner").fill("bo");
    await bob.locator('[data-testid="person-option"][data-person="Bob"]').click();
    await bob.getByTestId("action-create").click();

    const onAlice = alice.locator('[data-testid="action"][data-action-text="Publish the API changelog"]');
    await onAlice.waitFor({ timeout: 2000 });
    expect(await onAlice.getAttribute("data-status")).toBe("todo");

    // Move by keyboard on Alice's panel: focus the card, press the right arrow.
    await onAlice.focus();
    await alice.page().keyboard.press("ArrowRight");
    const onBob = bob.locator('[data-testid="action"][data-action-text="Publish the API changelog"]');
    await bob.waitForFunction(
      () => document.querySelector('[data-testid="action"][data-action-text="Publish the API changelog"]')?.getAttribute("data-status") === "doing",
      undefined,
      { timeout: 2000 },
    );
    expect(await onBob.getAttribute("data-status")).toBe("doing");
    // And with the card's status control on Bob's.
    await onBob.getByTestId("action-status").selectOption("done");
    await alice.waitForFunction(
      () => document.querySelector('[data-testid="action"][data-action-text="Publish the API changelog"]')?.getAttribute("data-status") === "done",
      undefined,
      { timeout: 2000 },
    );
  });
});
