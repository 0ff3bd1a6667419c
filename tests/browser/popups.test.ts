import type { Browser, BrowserContext, Page } from "playwright-core";
import { connectBrowser, openReady, panelContext, screenshot, THEMES } from "../support/browser";
import { boardCaller, startStack, type Stack } from "../support/stack";

/**
 * A popup floats over a visible board: with any menu, dialog or toast open, the points of the
 * queue that the popup itself does not cover still show the queue (a dialog's translucent
 * backdrop counts as showing it), never a plain layer over the whole panel.
 */
const chat = `19:meeting_popups_${Date.now()}@thread.v2`;
let stack: Stack;
let browser: Browser;

beforeAll(async () => {
  stack = await startStack();
  browser = await connectBrowser();
  await stack.joinCast(chat);
  const call = boardCaller(stack, chat);
  await call("alice", "POST", "teams", { name: "Platform", representative: { id: stack.userId("alice"), name: "Alice" } });
  await call("alice", "POST", "topics", { title: "Shared staging environment is flaky" });
  await call("alice", "POST", "topics", { title: "API versioning policy" });
  await call("bob", "POST", "topics", { title: "Who owns the design system?" });
});

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

/** Where the board is hidden behind something that is not the popup: one line per point, empty when the board shows. */
async function hiddenPoints(page: Page, popup: string): Promise<string[]> {
  return page.evaluate((popupSelector) => {
    const popups = Array.from(document.querySelectorAll(popupSelector)).map((p) => p.getBoundingClientRect());
    const inside = (x: number, y: number) => popups.some((r) => x >= r.left && x <= r.right && y >= r.top && y <= r.bottom);
    const translucent = (el: Element) => {
      const m = /rgba?\(([^)]+)\)/.exec(getComputedStyle(el).backgroundColor);
      const parts = m?.[1]?.split(",").map((v) => Number(v.trim())) ?? [];
      return parts.length < 4 || (parts[3] ?? 1) < 1;
    };
    const problems: string[] = [];
    let checked = 0;
    const targets = Array.from(document.querySelectorAll('[data-testid="topic"], [data-testid="dots-left"], [data-testid="queue"] form, main h1'));
    for (const target of targets) {
      const r = target.getBoundingClientRect();
      for (const [x, y] of [
        [r.left + 4, r.top + 4],
        [r.left + r.width / 2, r.top + r.height / 2],
        [r.right - 4, r.bottom - 4],
      ] as const) {
        if (y < 0 || y > window.innerHeight || inside(x, y)) continue;
        checked++;
        const hit = document.elementFromPoint(x, y);
        if (!hit) continue;
        if (target.contains(hit) || hit.closest(popupSelector)) continue;
        const backdrop = hit.closest(".fui-DialogSurface__backdrop");
        if (backdrop && translucent(backdrop)) continue;
        problems.push(`${target.getAttribute("data-testid") ?? target.tagName} at ${Math.round(x)},${Math.round(y)} shows ${hit.tagName}.${hit.className}`);
      }
    }
    if (checked === 0) problems.push("no point of the queue outside the popup");
    return problems;
  }, popup);
}

describe.each(THEMES)("theme %s", (theme) => {
  let context: BrowserContext;
  let page: Page;
  beforeAll(async () => {
    context = await panelContext(browser);
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    page = await openReady(context, stack.url, { as: "alice", chat, theme }, "panel");
    await page.getByTestId("topic").first().waitFor();
  });
  afterAll(() => context?.close());

  const closeWith = async (popup: string) => {
    await page.keyboard.press("Escape");
    await page.locator(popup).first().waitFor({ state: "detached" });
  };

  test("the session menu and a topic's menu", async () => {
    await page.getByTestId("session-menu").click();
    await page.locator('[role="menu"]').waitFor();
    expect(await hiddenPoints(page, ".fui-MenuPopover")).toEqual([]);
    await screenshot(page, `popup-${theme}-session-menu`);
    await closeWith('[role="menu"]');

    await page.getByRole("button", { name: /More for "Who owns the design system\?"/ }).click();
    await page.locator('[role="menu"]').waitFor();
    expect(await hiddenPoints(page, ".fui-MenuPopover")).toEqual([]);
    await closeWith('[role="menu"]');
  });

  test("the dialogs: start a session, merge a topic, the summary, the board settings", async () => {
    await page.getByTestId("session-menu").click();
    await page.getByTestId("start-weekly").click();
    await page.locator('[role="dialog"]').waitFor();
    await page.waitForTimeout(300);
    expect(await hiddenPoints(page, '[role="dialog"]')).toEqual([]);
    await screenshot(page, `popup-${theme}-dialog`);
    await closeWith('[role="dialog"]');

    await page.getByRole("button", { name: /More for "Who owns the design system\?"/ }).click();
    await page.getByRole("menuitem", { name: "Merge into…" }).click();
    await page.locator('[role="dialog"]').waitFor();
    await page.waitForTimeout(300);
    expect(await hiddenPoints(page, '[role="dialog"]')).toEqual([]);
    await closeWith('[role="dialog"]');

    await page.getByTestId("open-summary").click();
    await page.getByTestId("summary").waitFor();
    await page.waitForTimeout(300);
    expect(await hiddenPoints(page, '[role="dialog"]')).toEqual([]);
    await closeWith('[role="dialog"]');

    await page.getByTestId("session-menu").click();
    await page.getByTestId("open-settings").click();
    await page.getByTestId("settings-dialog").waitFor();
    await page.waitForTimeout(300);
    expect(await hiddenPoints(page, '[role="dialog"]')).toEqual([]);
    await closeWith('[role="dialog"]');
  });

  test("a toast", async () => {
    await page.getByTestId("open-summary").click();
    await page.getByTestId("summary-copy").and(page.locator(":enabled")).click();
    await closeWith('[role="dialog"]');
    await page.locator(".fui-Toast").first().waitFor();
    expect(await hiddenPoints(page, ".fui-Toast")).toEqual([]);
    await screenshot(page, `popup-${theme}-toast`);
  });
});
