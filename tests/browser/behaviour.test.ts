import type { Browser, BrowserContext, Page } from "playwright-core";
import { connectBrowser, eventually, openPanel, panelContext } from "../support/browser";
import { board, startStack, type Stack } from "../support/stack";

/** How the panel behaves when the server refuses, the network drops, or the board hides things. */
let stack: Stack;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  stack = await startStack();
  browser = await connectBrowser();
});

afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await stack?.close();
});

async function context(): Promise<BrowserContext> {
  const c = await panelContext(browser);
  contexts.push(c);
  return c;
}

test("a refused vote is rolled back and the server's reason is shown", async () => {
  const chat = "19:meeting_refusal@thread.v2";
  await stack.joinCast(chat);
  await stack.call("bob", "POST", `${board(chat)}/topics`, { title: "Cross-team on-call" });
  const ctx = await context();
  const page = await openPanel(ctx, stack.url, { as: "carol", chat });
  await page.getByTestId("topic").waitFor({ timeout: 10000 });
  await page.route("**/votes", (route) =>
    route.fulfill({
      status: 409,
      contentType: "application/problem+json",
      body: JSON.stringify({ type: "urn:test", title: "Conflict", status: 409, code: "conflict", detail: "Someone merged this topic a moment ago." }),
    }),
  );
  await page.getByTestId("cast").click();
  await page.locator(".fui-ToastBody", { hasText: "Someone merged this topic a moment ago." }).waitFor({ timeout: 5000 });
  await page.waitForFunction(() => document.querySelector('[data-testid="dots-left"]')?.textContent === "3 dots left", undefined, { timeout: 2000 });
  expect(await page.getByTestId("topic-votes").textContent()).toBe("0 votes");
});

test("when the board cannot be reached the panel says so, and recovers", async () => {
  const chat = "19:meeting_offline@thread.v2";
  const ctx = await context();
  // The network is down for this panel: its change stream never holds, so it polls, and the polls fail.
  await ctx.route("**/changes", (route) => route.abort("internetdisconnected"));
  const page = await openPanel(ctx, stack.url, { as: "carol", chat });
  await page.getByTestId("panel").waitFor({ timeout: 10000 });
  await ctx.route("**/state", (route) => route.abort("internetdisconnected"));
  await page.getByTestId("offline").waitFor({ timeout: 10000 });
  await ctx.unroute("**/state");
  await page.getByTestId("offline").getByRole("button").click();
  await page.getByTestId("offline").waitFor({ state: "detached", timeout: 5000 });
});

test("hidden totals and anonymous authors are respected, and the seven-team warning shows", async () => {
  const chat = "19:meeting_settings@thread.v2";
  await stack.joinCast(chat);
  const settings = await stack.call("alice", "PATCH", `${board(chat)}/settings`, { hideTotalsUntilDiscussion: true, anonymousAuthors: true, teamLimit: 8 });
  expect(settings.status).toBe(200);
  await stack.call("bob", "POST", `${board(chat)}/topics`, { title: "Shared test data" });
  const ctx = await context();
  const page = await openPanel(ctx, stack.url, { as: "carol", chat });
  const topic = page.getByTestId("topic");
  await topic.waitFor({ timeout: 10000 });
  expect(await topic.textContent()).toContain("Anonymous");
  expect(await topic.textContent()).not.toContain("Bob");
  expect(await topic.textContent()).toContain("Totals stay hidden");
  expect(await page.getByTestId("topic-votes").count()).toBe(0);
  await page.getByTestId("tab-teams").click();
  expect(await page.getByTestId("team-count").textContent()).toBe("0 of 8 teams");
  await page.getByTestId("team-warning").waitFor({ timeout: 5000 });
  expect(await page.getByTestId("team-warning").textContent()).toContain("7");
});

test("the queue is operable from the keyboard alone", async () => {
  const chat = "19:meeting_keyboard@thread.v2";
  const ctx = await context();
  const page = await openPanel(ctx, stack.url, { as: "carol", chat });
  await page.getByTestId("topic-title").waitFor({ timeout: 10000 });
  await page.getByTestId("topic-title").focus();
  await page.keyboard.type("Keyboard topic");
  await page.keyboard.press("Enter");
  const cast = page.locator('[data-testid="topic"][data-topic-title="Keyboard topic"]').getByTestId("cast");
  await cast.and(page.locator(":enabled")).waitFor({ timeout: 5000 });
  await cast.focus();
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.querySelector('[data-testid="topic-votes"]')?.textContent === "1 vote", undefined, { timeout: 2000 });
  // Focus is visible: Fluent draws its focus outline only for keyboard focus.
  expect(await cast.evaluate((el) => el.matches(":focus-visible") || el.hasAttribute("data-fui-focus-visible"))).toBe(true);
});

test("the panel follows a live theme change from its host", async () => {
  const ctx = await context();
  const page = await openPanel(ctx, stack.url, { as: "carol", chat: "19:meeting_theme@thread.v2" });
  await page.getByTestId("panel").waitFor({ timeout: 10000 });
  const background = () => page.evaluate(() => getComputedStyle(document.querySelector(".fui-FluentProvider") as Element).backgroundColor);
  const light = await background();
  await page.evaluate(() => window.postMessage({ type: "scrum-of-scrums:theme", theme: "dark" }, window.location.origin));
  await page.waitForFunction((before) => getComputedStyle(document.querySelector(".fui-FluentProvider") as Element).backgroundColor !== before, light, { timeout: 2000 });
  expect(await background()).not.toBe(light);
});

/** A page of the local host's own origin (the only non-Microsoft framer its CSP allows) that frames the tab. */
async function framedBy(page: Page, at: string, src: string): Promise<void> {
  await page.route(at, (route) => route.fulfill({ contentType: "text/html", body: `<!doctype html><title>Frame</title><iframe title="tab" src="${src}" width="320" height="800"></iframe>` }));
  await page.goto(at);
}

test("inside a frame the tab waits for Teams with 'Connecting to Teams…' and never signs in as the browser host", async () => {
  const ctx = await context();
  const page = await ctx.newPage();
  const local: string[] = [];
  page.on("request", (r) => r.url().includes("/api/local/") && local.push(r.url()));
  const src = `${stack.url}/?as=carol&chat=${encodeURIComponent("19:meeting_frame@thread.v2")}`;
  await framedBy(page, `${stack.url}/not-teams.html`, src);
  const frame = page.frameLocator("iframe");
  await frame.getByText("Connecting to Teams…").waitFor({ timeout: 10000 });
  expect(await frame.getByTestId("host-retry").count()).toBe(1);
  expect(await frame.getByTestId("panel").count()).toBe(0);
  expect(local).toEqual([]);
});

test("a developer can embed the tab in a frame of their own with ?host=browser", async () => {
  const ctx = await context();
  const page = await ctx.newPage();
  const src = `${stack.url}/?host=browser&as=carol&chat=${encodeURIComponent("19:meeting_frame@thread.v2")}`;
  await framedBy(page, `${stack.url}/dev-frame.html`, src);
  await page.frameLocator("iframe").getByTestId("panel").waitFor({ timeout: 10000 });
});

test("on the configuration page a facilitator sets the board up, and an attendee cannot", async () => {
  const chat = "19:meeting_config@thread.v2";
  await stack.joinCast(chat);
  const ctx = await context();
  const page = await openPanel(ctx, stack.url, { as: "alice", chat, view: "config" });
  const form = page.getByTestId("settings");
  await form.waitFor({ timeout: 10000 });
  await form.getByLabel("Timebox (minutes)").fill("6");
  await form.getByLabel("Extensions (minutes, shorter each time)").fill("3, 1");
  await form.getByRole("switch", { name: "Keep topic authors anonymous" }).check();
  await form.getByRole("button", { name: "Save settings" }).click();
  const settings = await eventually(
    async () => (await stack.call<{ settings: { timeboxMinutes: number; extensionMinutes: number[]; anonymousAuthors: boolean } }>("alice", "GET", `${board(chat)}/state`)).body.settings,
    (s) => s.timeboxMinutes === 6,
  );
  expect(settings).toEqual(expect.objectContaining({ timeboxMinutes: 6, extensionMinutes: [3, 1], anonymousAuthors: true }));

  // A value the shared schema refuses is explained next to its field, and nothing is sent.
  await form.getByLabel("Timebox (minutes)").fill("6.5");
  await form.getByRole("button", { name: "Save settings" }).click();
  await page.locator(".fui-Field__validationMessage").first().waitFor({ timeout: 2000 });
  // One only the domain refuses comes back from the server as a problem, shown next to its field with the typed value kept.
  await form.getByLabel("Timebox (minutes)").fill("90");
  await form.getByRole("button", { name: "Save settings" }).click();
  await form.getByTestId("field-timeboxMinutes").getByText("The timebox must be a whole number from 1 to 60.").waitFor({ timeout: 5000 });
  expect(await form.getByLabel("Timebox (minutes)").inputValue()).toBe("90");

  const bob = await openPanel(ctx, stack.url, { as: "bob", chat, view: "config" });
  await bob.getByText("The meeting organizer or a presenter can change the board's settings.").waitFor({ timeout: 10000 });
  expect(await bob.getByTestId("settings").count()).toBe(0);
});

test("an author edits their topic, and a facilitator merges a duplicate into it", async () => {
  const chat = "19:meeting_merge@thread.v2";
  await stack.joinCast(chat);
  const b = board(chat);
  const keep = await stack.call<{ id: string }>("bob", "POST", `${b}/topics`, { title: "Flaky staging" });
  const dup = await stack.call<{ id: string }>("carol", "POST", `${b}/topics`, { title: "Staging keeps breaking" });
  await stack.call("carol", "POST", `${b}/topics/${dup.body.id}/votes`);
  await stack.call("bob", "POST", `${b}/topics/${keep.body.id}/votes`);

  const ctx = await context();
  const bob = await openPanel(ctx, stack.url, { as: "bob", chat });
  await bob.locator('[data-topic-title="Flaky staging"]').waitFor({ timeout: 10000 });
  await bob.getByRole("button", { name: 'More for "Flaky staging"' }).click();
  await bob.getByRole("menuitem", { name: "Edit" }).click();
  const dialog = bob.getByRole("dialog");
  await dialog.getByLabel("Title").fill("Flaky shared staging");
  await dialog.getByRole("button", { name: "Save" }).click();
  await bob.locator('[data-topic-title="Flaky shared staging"]').waitFor({ timeout: 2000 });
  // Bob may not merge: that is a facilitator's move.
  await bob.getByRole("button", { name: 'More for "Flaky shared staging"' }).click();
  expect(await bob.getByRole("menuitem", { name: "Merge into…" }).count()).toBe(0);
  await bob.keyboard.press("Escape");

  const alice = await openPanel(ctx, stack.url, { as: "alice", chat });
  await alice.locator('[data-topic-title="Staging keeps breaking"]').waitFor({ timeout: 10000 });
  await alice.getByRole("button", { name: 'More for "Staging keeps breaking"' }).click();
  await alice.getByRole("menuitem", { name: "Merge into…" }).click();
  const merge = alice.getByRole("dialog");
  await merge.getByLabel("Topic to keep").selectOption({ label: "Flaky shared staging" });
  await merge.getByRole("button", { name: "Merge into" }).click();
  for (const page of [alice, bob]) {
    await page.locator('[data-topic-title="Staging keeps breaking"]').waitFor({ state: "detached", timeout: 2000 });
    await page.waitForFunction(() => document.querySelector('[data-topic-title="Flaky shared staging"] [data-testid="topic-votes"]')?.textContent === "2 votes", undefined, { timeout: 2000 });
  }
});
