import type { Browser, BrowserContext, Page } from "playwright-core";
import { connectBrowser, openReady, panelContext, screenshot, THEMES } from "../support/browser";
import { boardCaller, startStack, type Stack } from "../support/stack";

/**
 * Each notice belongs to its moment: "The room moved on from …" is gone once the session closes
 * or the next one starts, and the closed session says so with a way to its summary.
 */
const chat = `19:meeting_notices_${Date.now()}@thread.v2`;
let stack: Stack;
let browser: Browser;
let context: BrowserContext;
let page: Page;

const call = <T>(as: string, method: string, path: string, body?: unknown): Promise<T> => boardCaller(stack, chat)<T>(as, method, path, body);

beforeAll(async () => {
  stack = await startStack();
  browser = await connectBrowser();
  await stack.joinCast(chat);
  const topic = await call<{ id: string }>("bob", "POST", "topics", { title: "Release train dependencies" });
  await call("alice", "POST", "topics", { title: "Flaky tests" });
  await call("alice", "POST", "timer/next", { topicId: topic.id });
  context = await panelContext(browser);
  page = await openReady(context, stack.url, { as: "bob", chat }, "now-topic");
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await stack?.close();
});

test("the moved-on notice shows, then is gone once the session closes; the closed session offers its summary", async () => {
  await call("alice", "POST", "timer/stop");
  await page.getByTestId("outcome").filter({ hasText: 'moved on from "Release train dependencies"' }).waitFor({ timeout: 5000 });

  await call("alice", "POST", "session/close");
  await page.getByTestId("session-closed").waitFor({ timeout: 5000 });
  expect(await page.getByTestId("outcome").count()).toBe(0);
  expect(await page.getByTestId("session-closed").textContent()).toContain("Session closed — summary");
  expect(await page.getByTestId("now").textContent()).not.toContain("Nothing is being discussed yet");
  await page.getByTestId("closed-summary").click();
  await page.getByTestId("summary").getByText("Release train dependencies").first().waitFor({ timeout: 5000 });
  await page.keyboard.press("Escape");
});

test("the next session starts without the last one's notices", async () => {
  await call("alice", "POST", "sessions", { kind: "weekly" });
  await page.waitForFunction(() => !document.querySelector('[data-testid="session-closed"]'), undefined, { timeout: 5000 });
  expect(await page.getByTestId("outcome").count()).toBe(0);
  await call("alice", "POST", "session/close");
  await page.getByTestId("session-closed").waitFor({ timeout: 5000 });
});

test.each(THEMES)("the closed session in theme %s and in French", async (theme) => {
  for (const lang of theme === "default" ? ["en", "fr"] : ["en"]) {
    const p = await openReady(context, stack.url, { as: "alice", chat, theme, lang }, "session-closed");
    if (lang === "fr") expect(await p.getByTestId("session-closed").textContent()).toContain("Session close — résumé");
    await screenshot(p, `closed-${theme}-${lang}`);
    await p.close();
  }
});
