import type { Browser, BrowserContext, Page } from "playwright-core";
import { connectBrowser, eventually, openReady, panelContext, screenshot, THEMES } from "../support/browser";
import { board, boardCaller, startStack, type Stack } from "../support/stack";

/**
 * The side panel at 320 px: the Kanban as one list grouped by status with a status control per
 * card, "My actions", edit and delete with undo, a warning for a date already past; and no element
 * wider than the viewport in any section, menu or dialog, in English and French.
 */
const chat = `19:meeting_narrow_${Date.now()}@thread.v2`;
let stack: Stack;
let browser: Browser;

const call = <T>(as: string, method: string, path: string, body?: unknown): Promise<T> => boardCaller(stack, chat)<T>(as, method, path, body);

beforeAll(async () => {
  stack = await startStack();
  browser = await connectBrowser();
  await stack.joinCast(chat);
  const platform = await call<{ id: string }>("alice", "POST", "teams", { name: "Platform", representative: { id: stack.userId("alice"), name: "Alice" } });
  await call("alice", "POST", "teams", { name: "Payments engineering and onboarding", representative: { id: stack.userId("bob"), name: "Bob" } });
  const t1 = await call<{ id: string }>("bob", "POST", "topics", { title: "Shared staging environment is flaky", details: "Three teams lost a day last sprint." });
  await call("bob", "POST", "topics", { title: "Who owns the design system?" });
  await call("alice", "POST", "topics", { title: "API versioning policy for every public endpoint of the platform" });
  await call("alice", "POST", "timer/next", { topicId: t1.id });
  await call("alice", "PUT", `topics/${t1.id}/takeaways`, { takeaways: "Platform owns staging; nightly reset." });
  await call("alice", "POST", "actions", { text: "Write the staging runbook", ownerName: "Alice", ownerTeamId: platform.id, due: "2020-01-31" });
  await call("bob", "POST", "actions", { text: "Nightly reset job", ownerName: "Bob", due: "2099-12-31" });
  const done = await call<{ id: string }>("bob", "POST", "actions", { text: "Announce in the channel", ownerName: "Carol" });
  await call("bob", "PUT", `actions/${done.id}/status`, { status: "done" });
});

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

/** Elements reaching past the viewport's left or right edge (each named once), empty when nothing overflows. */
async function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const out = new Set<string>();
    if (document.documentElement.scrollWidth > width + 1) out.add(`page scrolls sideways: ${document.documentElement.scrollWidth} > ${width}`);
    for (const el of Array.from(document.querySelectorAll("body *"))) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0 || el.closest("[data-tabster-dummy]")) continue;
      const style = getComputedStyle(el);
      if (style.visibility === "hidden") continue;
      if (r.right > width + 1 || r.left < -1) {
        const label = `${el.tagName.toLowerCase()}${el.getAttribute("data-testid") ? `[${el.getAttribute("data-testid")}]` : ""} "${(el.textContent ?? "").trim().slice(0, 30)}" ${Math.round(r.left)}..${Math.round(r.right)}`;
        out.add(label);
      }
    }
    return [...out];
  });
}

async function settle(page: Page): Promise<void> {
  await page.waitForTimeout(300);
}

describe("the Kanban at 320 px", () => {
  let context: BrowserContext;
  let page: Page;
  beforeAll(async () => {
    context = await panelContext(browser);
    page = await openReady(context, stack.url, { as: "alice", chat }, "panel");
    await page.getByTestId("tab-actions").click();
    await page.getByTestId("action").first().waitFor();
  });
  afterAll(() => context?.close());

  test("is one list grouped by status, each heading clear of its count", async () => {
    const boxes = await Promise.all(["todo", "doing", "done"].map((s) => page.getByTestId(`column-${s}`).boundingBox()));
    const [todo, doing, done] = boxes.map((b) => b ?? { x: 0, y: 0, width: 0, height: 0 });
    // Stacked, each as wide as the panel allows, not three narrow columns.
    expect(doing!.y).toBeGreaterThan(todo!.y + todo!.height - 1);
    expect(done!.y).toBeGreaterThan(doing!.y + doing!.height - 1);
    expect(todo!.width).toBeGreaterThan(250);
    expect(await overflowing(page)).toEqual([]);
    await screenshot(page, "narrow-default-kanban");
  });

  test("a card's status control moves it to another group", async () => {
    const card = page.locator('[data-testid="action"][data-action-text="Nightly reset job"]');
    await card.getByTestId("action-status").selectOption("doing");
    await page.getByTestId("column-doing").locator('[data-action-text="Nightly reset job"]').waitFor({ timeout: 3000 });
    expect(await eventually(async () => (await stack.call<{ actions: { text: string; status: string }[] }>("bob", "GET", `${board(chat)}/state`)).body.actions.find((a) => a.text === "Nightly reset job")?.status, (s) => s === "doing")).toBe("doing");
  });

  test("My actions keeps the ones that name me or my team", async () => {
    await page.getByTestId("my-actions").click();
    await eventually(() => page.getByTestId("action").count(), (n) => n === 1);
    expect(await page.getByTestId("action").getAttribute("data-action-text")).toBe("Write the staging runbook");
    await screenshot(page, "narrow-default-my-actions");
    await page.getByTestId("my-actions").click();
    await eventually(() => page.getByTestId("action").count(), (n) => n === 3);
  });

  test("editing an action warns of a date already past and saves the change for everyone", async () => {
    const card = page.locator('[data-testid="action"][data-action-text="Nightly reset job"]');
    await card.getByTestId("action-menu").click();
    await page.getByTestId("action-edit").click();
    await page.getByTestId("action-text").fill("Nightly reset job for staging");
    await page.getByTestId("action-due").fill("2021-03-04");
    await page.getByText("This date is already past.").waitFor();
    expect(await overflowing(page)).toEqual([]);
    await screenshot(page, "narrow-default-edit-action");
    await page.getByTestId("action-create").click();
    await page.locator('[data-testid="action"][data-action-text="Nightly reset job for staging"]').waitFor({ timeout: 3000 });
    const dueOnServer = () => stack.call<{ actions: { text: string; due: string | null }[] }>("bob", "GET", `${board(chat)}/state`).then((r) => r.body.actions.find((a) => a.text === "Nightly reset job for staging")?.due);
    expect(await eventually(dueOnServer, (due) => due === "2021-03-04")).toBe("2021-03-04");
  });

  test("deleting an action can be undone from the notice, back in its group", async () => {
    const card = page.locator('[data-testid="action"][data-action-text="Nightly reset job for staging"]');
    await card.getByTestId("action-menu").click();
    await page.getByTestId("action-delete").click();
    await card.waitFor({ state: "detached", timeout: 3000 });
    await page.locator(".fui-Toast").filter({ hasText: 'Action deleted: "Nightly reset job for staging"' }).waitFor();
    const onServer = () => stack.call<{ actions: { text: string }[] }>("bob", "GET", `${board(chat)}/state`).then((r) => r.body.actions.map((a) => a.text));
    expect(await eventually(onServer, (texts) => !texts.includes("Nightly reset job for staging"))).not.toContain("Nightly reset job for staging");
    await page.locator(".fui-Toast").filter({ hasText: "Nightly reset job for staging" }).getByTestId("notice-action").click();
    await page.getByTestId("column-doing").locator('[data-action-text="Nightly reset job for staging"]').waitFor({ timeout: 5000 });
  });
});

describe.each(["en", "fr"])("nothing is wider than 320 px, in %s", (lang) => {
  let context: BrowserContext;
  let page: Page;
  beforeAll(async () => {
    context = await panelContext(browser);
    page = await openReady(context, stack.url, { as: "alice", chat, lang }, "panel");
    await page.getByTestId("topic").first().waitFor();
  });
  afterAll(() => context?.close());

  const closeDialog = async () => {
    await page.keyboard.press("Escape");
    await page.locator('[role="dialog"]').first().waitFor({ state: "detached" });
  };

  test("every section and the session menu", async () => {
    for (const section of ["queue", "discussed", "actions", "teams"]) {
      await page.getByTestId(`tab-${section}`).click();
      await settle(page);
      expect([section, await overflowing(page)]).toEqual([section, []]);
    }
    await page.getByTestId("session-menu").click();
    await page.locator('[role="menu"]').waitFor();
    expect(["session menu", await overflowing(page)]).toEqual(["session menu", []]);
    await page.keyboard.press("Escape");
  });

  test("every dialog", async () => {
    await page.getByTestId("tab-actions").click();
    await page.getByTestId("new-action").click();
    await page.getByTestId("action-text").waitFor();
    await settle(page);
    expect(["new action", await overflowing(page)]).toEqual(["new action", []]);
    if (lang === "fr") await screenshot(page, "narrow-fr-new-action");
    await closeDialog();

    await page.getByTestId("tab-queue").click();
    await page.getByTestId("topic").first().getByRole("button").first().click();
    const merge = page.getByRole("menuitem", { name: lang === "fr" ? "Fusionner dans…" : "Merge into…" });
    await merge.click();
    await page.locator('[role="dialog"]').waitFor();
    await settle(page);
    expect(["merge", await overflowing(page)]).toEqual(["merge", []]);
    if (lang === "fr") await screenshot(page, "narrow-fr-merge");
    await closeDialog();

    await page.getByTestId("open-summary").click();
    await page.getByTestId("summary").waitFor();
    await settle(page);
    expect(["summary", await overflowing(page)]).toEqual(["summary", []]);
    await closeDialog();

    await page.getByTestId("session-menu").click();
    await page.getByTestId("start-weekly").click();
    await page.locator('[role="dialog"]').waitFor();
    await settle(page);
    expect(["start weekly", await overflowing(page)]).toEqual(["start weekly", []]);
    await closeDialog();

    await page.getByTestId("session-menu").click();
    await page.getByTestId("open-settings").click();
    await page.getByTestId("settings-dialog").waitFor();
    await settle(page);
    expect(["board settings", await overflowing(page)]).toEqual(["board settings", []]);
    if (lang === "fr") await screenshot(page, "narrow-fr-settings");
    await closeDialog();
  });
});

test.each(THEMES)("the Kanban at 320 px in theme %s, and in French", async (theme) => {
  const context = await panelContext(browser);
  for (const lang of theme === "default" ? ["en", "fr"] : ["en"]) {
    const page = await openReady(context, stack.url, { as: "alice", chat, theme, lang }, "panel");
    await page.getByTestId("tab-actions").click();
    await page.getByTestId("action").first().waitFor();
    await settle(page);
    expect(await overflowing(page)).toEqual([]);
    await screenshot(page, `narrow-${theme}-${lang}-kanban`);
    await page.close();
  }
  await context.close();
});

test("the author of a merged topic is told in their panel which topic it now counts on", async () => {
  const read = await stack.call<{ topics: { id: string; title: string; state: string }[] }>("alice", "GET", `${board(chat)}/state`);
  const find = (title: string) => read.body.topics.find((t) => t.title === title)?.id ?? "";
  await call("alice", "POST", `topics/${find("Who owns the design system?")}/merge`, { intoTopicId: find("API versioning policy for every public endpoint of the platform") });
  const context = await panelContext(browser);
  for (const lang of ["en", "fr"]) {
    const page = await openReady(context, stack.url, { as: "bob", chat, lang }, "merged-notice");
    const text = await page.getByTestId("merged-notice").textContent();
    expect(text).toContain(lang === "fr" ? "« Who owns the design system? » dans « API versioning policy" : 'merged your topic "Who owns the design system?" into "API versioning policy');
    expect(await overflowing(page)).toEqual([]);
    await screenshot(page, `narrow-default-${lang}-merged-notice`);
    await page.close();
  }
  // Alice's panel says nothing: the topic was not hers.
  const alice = await openReady(context, stack.url, { as: "alice", chat }, "panel");
  expect(await alice.getByTestId("merged-notice").count()).toBe(0);
  await context.close();
});
