import type { Browser, BrowserContext } from "playwright-core";
import { connectBrowser, expectNoViolations, openReady, panelContext, screenshot, THEMES, type PanelOptions } from "../support/browser";
import { board, startStack, type Stack } from "../support/stack";

/**
 * Every view (side panel and each of its sections, stage, configuration page) in the Teams light,
 * dark and high-contrast themes: axe-core finds no violations, and the panel at 320 px is
 * photographed for a person to look at (.test-output/screenshots/, not committed). The daily's
 * views are in a11y-daily.test.ts, so that the two halves run side by side.
 */
const chat = `19:meeting_a11y_${Date.now()}@thread.v2`;
let offset = 0;
let stack: Stack;
let browser: Browser;

async function seed(): Promise<void> {
  await stack.joinCast(chat);
  await stack.join(chat, "dan");
  const b = board(chat);
  const call = async <T>(as: string, method: string, path: string, body?: unknown): Promise<T> => {
    const res = await stack.call<T>(as, method, `${b}/${path}`, body);
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${res.text}`);
    return res.body;
  };
  const platform = await call<{ id: string }>("alice", "POST", "teams", { name: "Platform", representative: { id: stack.userId("alice"), name: "Alice" } });
  const payments = await call<{ id: string }>("alice", "POST", "teams", { name: "Payments", representative: { id: stack.userId("bob"), name: "Bob" }, alternates: [{ id: stack.userId("dan"), name: "Dan" }] });
  await call("alice", "POST", "teams", { name: "Mobile" });
  const t1 = await call<{ id: string }>("bob", "POST", "topics", { title: "Shared staging environment is flaky", details: "Three teams lost a day last sprint.", teamId: payments.id });
  const t2 = await call<{ id: string }>("carol", "POST", "topics", { title: "API versioning policy" });
  const t3 = await call<{ id: string }>("bob", "POST", "topics", { title: "Who owns the design system?" });
  await call("alice", "POST", `topics/${t1.id}/votes`);
  await call("bob", "POST", `topics/${t1.id}/votes`);
  await call("carol", "POST", `topics/${t1.id}/votes`);
  await call("bob", "POST", `topics/${t2.id}/votes`);
  await call("alice", "POST", `topics/${t3.id}/votes`);
  await call("alice", "POST", "timer/next", { topicId: t1.id });
  await call("alice", "POST", "actions", { text: "Write the staging runbook", ownerName: "Alice", ownerTeamId: platform.id, due: "2020-01-31", originTopicId: t1.id });
  await call("bob", "POST", "actions", { text: "Nightly reset job", ownerName: "Bob", due: "2099-12-31", originTopicId: t1.id });
  const done = await call<{ id: string }>("bob", "POST", "actions", { text: "Announce in the channel", ownerName: "Bob" });
  await call("bob", "PUT", `actions/${done.id}/status`, { status: "done" });
  await call("alice", "POST", "timer/next", { topicId: t2.id });
  await call("alice", "PUT", `topics/${t1.id}/takeaways`, { takeaways: "Platform owns staging; nightly reset." });
}

const open = (context: BrowserContext, o: PanelOptions, ready: string) => openReady(context, stack.url, o, ready);

beforeAll(async () => {
  stack = await startStack({ now: () => Date.now() + offset });
  browser = await connectBrowser();
  await seed();
});

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

describe.each(THEMES)("theme %s", (theme) => {
  let context: BrowserContext;
  beforeAll(async () => {
    context = await panelContext(browser);
  });
  afterAll(() => context?.close());

  test("the side panel and each of its sections", async () => {
    const page = await open(context, { as: "alice", chat, theme }, "panel");
    await page.getByTestId("topic").first().waitFor();
    await expectNoViolations(page, `${theme} panel/queue`);
    await screenshot(page, `panel-${theme}-queue`);
    for (const section of ["discussed", "actions", "teams"] as const) {
      await page.getByTestId(`tab-${section}`).click();
      await page.waitForTimeout(200);
      await expectNoViolations(page, `${theme} panel/${section}`);
      await screenshot(page, `panel-${theme}-${section}`);
      if (section === "actions") {
        await page.getByTestId("new-action").click();
        await page.getByTestId("action-text").waitFor();
        await page.waitForTimeout(300);
        await expectNoViolations(page, `${theme} new action dialog`);
        await screenshot(page, `panel-${theme}-new-action`);
        await page.keyboard.press("Escape");
        await page.getByTestId("action-text").waitFor({ state: "detached" });
      }
    }
    await page.close();
  });

  test("the attendee's panel", async () => {
    const page = await open(context, { as: "bob", chat, theme }, "panel");
    await page.getByTestId("topic").first().waitFor();
    await expectNoViolations(page, `${theme} attendee panel`);
    await screenshot(page, `panel-${theme}-attendee`);
    await page.close();
  });

  test("the stage view", async () => {
    const wide = await panelContext(browser, { width: 1280, height: 800 });
    const page = await open(wide, { as: "alice", chat, theme, view: "stage" }, "stage");
    await expectNoViolations(page, `${theme} stage`);
    await screenshot(page, `stage-${theme}`);
    await wide.close();
  });

  test("the configuration page", async () => {
    const page = await open(context, { as: "alice", chat, theme, view: "config" }, "config");
    await expectNoViolations(page, `${theme} config`);
    await screenshot(page, `config-${theme}`);
    await page.close();
  });
});

test("the continue/stop prompt, in every theme", async () => {
  offset += 9 * 60_000;
  for (const theme of THEMES) {
    const context = await panelContext(browser);
    const page = await open(context, { as: "alice", chat, theme }, "panel");
    await page.getByTestId("roman-prompt").waitFor({ timeout: 5000 });
    await expectNoViolations(page, `${theme} continue/stop prompt`);
    await screenshot(page, `panel-${theme}-timeup`);
    await context.close();
  }
});

test("the panel in French", async () => {
  const context = await panelContext(browser);
  const page = await open(context, { as: "bob", chat, lang: "fr" }, "panel");
  expect(await page.getByTestId("tab-queue").textContent()).toBe("File");
  expect(await page.evaluate(() => document.documentElement.lang)).toBe("fr");
  await expectNoViolations(page, "french panel");
  await screenshot(page, "panel-default-fr");
  await context.close();
});
