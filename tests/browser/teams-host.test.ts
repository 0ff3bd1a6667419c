import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext, Frame } from "playwright-core";
import { connectBrowser, eventually, panelContext, SCREENSHOT_DIR } from "../support/browser";
import { startStack, type Stack } from "../support/stack";
import { openInTeams, TAB_ORIGIN, type TeamsHost, type TeamsHostOptions } from "../support/teams-host";

/**
 * The tab's Teams path, run inside a simulated Teams client that speaks teams-js 2.58's
 * postMessage protocol: the board comes from the chat Teams names, tokens from Teams SSO, and
 * each way Teams can be slow, silent or refusing shows the product's own message with Retry.
 */
let stack: Stack;
let browser: Browser;
let context: BrowserContext;
let apiCalls: string[];
let n = 0;
const newChat = () => `19:meeting_teams_${Date.now()}_${n++}@thread.v2`;

beforeAll(async () => {
  stack = await startStack();
  browser = await connectBrowser();
});

beforeEach(async () => {
  context = await panelContext(browser, { width: 380, height: 900 });
  apiCalls = [];
  context.on("request", (r) => {
    const url = r.url();
    if (url.startsWith(`${TAB_ORIGIN}/api/`)) apiCalls.push(url.slice(TAB_ORIGIN.length));
  });
});

afterEach(async () => {
  await context?.close();
});

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

async function open(options: Partial<TeamsHostOptions> & { as?: string }, ready = "panel"): Promise<TeamsHost> {
  const teams = await openInTeams(context, stack, { as: "alice", chat: newChat(), ...options });
  if (ready) await teams.tab.getByTestId(ready).waitFor({ timeout: 15000 });
  return teams;
}

async function photograph(teams: TeamsHost, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await teams.page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`) });
}

const problem = (tab: Frame) => tab.getByTestId("host-problem");

test("the side panel shows the board of the chat Teams names, asks Teams for one token, and shares to the stage", async () => {
  const chat = newChat();
  const teams = await open({ chat });
  await photograph(teams, "teams-host-panel");
  // Several polls later the tab still holds the one token Teams gave it.
  const polls = await eventually(
    async () => apiCalls.filter((u) => u.startsWith(`/api/boards/${encodeURIComponent(chat)}/state`)).length,
    (count) => count >= 4,
    10_000,
  );
  expect(polls).toBeGreaterThanOrEqual(4);
  expect(teams.count("authentication.getAuthToken")).toBe(1);
  expect(apiCalls.filter((u) => u.startsWith("/api/local/"))).toEqual([]);
  expect(apiCalls.filter((u) => u.startsWith("/api/boards//"))).toEqual([]);

  await teams.tab.getByTestId("share-to-stage").click();
  await eventually(async () => teams.shared.length, (k) => k === 1);
  expect(teams.shared).toEqual([`${TAB_ORIGIN}/?view=stage`]);
});

test("a topic added by the organizer reaches the board under the person Teams signed in", async () => {
  const chat = newChat();
  const teams = await open({ chat });
  await teams.tab.getByTestId("topic-title").fill("Shared test environments");
  await teams.tab.getByTestId("topic-add").click();
  await teams.tab.locator('[data-testid="topic"][data-topic-title="Shared test environments"]').waitFor({ timeout: 5000 });
  // Bob, in the same meeting, reads the board.
  await stack.join(chat, "bob");
  const state = await eventually(
    () => stack.call<{ topics: { title: string; author: { name: string } | null }[] }>("bob", "GET", `boards/${encodeURIComponent(chat)}/state`),
    (r) => r.body.topics?.length === 1,
  );
  expect(state.body.topics.map((t) => [t.title, t.author?.name])).toEqual([["Shared test environments", "Alice"]]);
});

test("Teams switches the theme live and the tab follows", async () => {
  const teams = await open({});
  const background = () => teams.tab.evaluate(() => getComputedStyle(document.querySelector(".fui-FluentProvider") as Element).backgroundColor);
  const light = await background();
  await teams.setTheme("dark");
  const dark = await eventually(background, (c) => c !== light);
  expect(dark).not.toBe(light);
  await photograph(teams, "teams-host-dark");
});

test("a French Teams gets the tab in French", async () => {
  const teams = await open({ locale: "fr-fr" });
  expect(await teams.tab.evaluate(() => document.documentElement.lang)).toBe("fr");
  expect(await teams.tab.getByTestId("share-to-stage").getAttribute("aria-label")).toBe("Partager sur la scène");
});

test("the stage frame shows the meeting board", async () => {
  const teams = await open({ frameContext: "meetingStage" }, "stage");
  expect(await teams.tab.getByTestId("stage").isVisible()).toBe(true);
});

test("the configuration page saves a content URL on the tab's own origin and reports success", async () => {
  const teams = await open({ frameContext: "settings" }, "config");
  await eventually(async () => teams.count("setValidityState"), (k) => k > 0);
  await teams.save();
  await eventually(async () => teams.saves.length, (k) => k === 1);
  expect(teams.saves).toEqual(["success"]);
  expect(teams.settings.at(-1)).toMatchObject({ contentUrl: `${TAB_ORIGIN}/`, entityId: "scrum-of-scrums" });
});

test("an attendee is not offered share to stage, and a refusal by Teams is shown", async () => {
  const bob = await open({ as: "bob", role: "attendee" });
  await bob.tab.getByTestId("panel").waitFor();
  expect(await bob.tab.getByTestId("share-to-stage").count()).toBe(0);

  const alice = await open({ shareRefusal: { errorCode: 1000, message: "Sharing is turned off for this meeting." } });
  await alice.tab.getByTestId("share-to-stage").click();
  await alice.tab.getByText("Could not share to the stage").first().waitFor({ timeout: 5000 });
  await alice.tab.getByText("Sharing is turned off for this meeting.").first().waitFor();
  expect(alice.shared).toEqual([]);
});

test("a slow Teams keeps the tab in Teams mode with 'Connecting to Teams…', and it recovers when Teams answers", async () => {
  const teams = await open({ hold: ["initialize"] }, "");
  await teams.tab.getByText("Connecting to Teams…").waitFor({ timeout: 10_000 });
  expect(await teams.tab.getByTestId("host-retry").isVisible()).toBe(true);
  await photograph(teams, "teams-host-connecting");
  teams.release("initialize");
  await teams.tab.getByTestId("panel").waitFor({ timeout: 10_000 });
  expect(apiCalls.filter((u) => u.startsWith("/api/local/"))).toEqual([]);
  expect(teams.count("authentication.getAuthToken")).toBe(1);
});

test.each([
  ["the context", "getContext", "contextTimeout", "Teams did not say which meeting this is."],
  ["a token", "authentication.getAuthToken", "tokenTimeout", "Teams took too long to sign you in."],
])("Teams not giving %s says so with Retry, calls no API, and Retry recovers", async (_what, func, kind, words) => {
  const teams = await open({ hold: [func] }, "");
  await problem(teams.tab).and(teams.tab.locator(`[data-kind="${kind}"]`)).waitFor({ timeout: 15_000 });
  expect(await problem(teams.tab).textContent()).toContain(words);
  expect(apiCalls).toEqual([]);
  teams.release(func);
  await teams.tab.getByTestId("host-retry").click();
  await teams.tab.getByTestId("panel").waitFor({ timeout: 10_000 });
});

test("a refused sign-in is told in the person's language, without Teams' raw reason, and calls no API", async () => {
  const teams = await open({ locale: "fr-fr", authFailure: "resourceRequiresConsent" }, "");
  await problem(teams.tab).waitFor({ timeout: 10_000 });
  const text = (await problem(teams.tab).textContent()) ?? "";
  expect(text).toContain("Échec de la connexion.");
  expect(text).toContain("Teams n'a pas pu vous connecter");
  expect(text).not.toContain("resourceRequiresConsent");
  expect(await teams.tab.getByTestId("host-retry").textContent()).toBe("Réessayer");
  expect(apiCalls).toEqual([]);
  // Consent given: Retry signs in.
  teams.tokenError = undefined;
  await teams.tab.getByTestId("host-retry").click();
  await teams.tab.getByTestId("panel").waitFor({ timeout: 10_000 });
});

test("without a chat id the tab says where to open it and calls no API", async () => {
  const teams = await open({ chat: null, frameContext: "content" }, "");
  await problem(teams.tab).waitFor({ timeout: 10_000 });
  expect(await problem(teams.tab).textContent()).toContain("Open this app in a meeting");
  expect(apiCalls).toEqual([]);
});

test("a cached tab stops polling while Teams hides it and resumes when shown", async () => {
  const chat = newChat();
  const teams = await open({ chat });
  await eventually(async () => teams.count("registerHandler"), (k) => k >= 4);
  await teams.push("beforeUnload");
  await eventually(async () => teams.count("readyToUnload"), (k) => k === 1);
  const stateCalls = () => apiCalls.filter((u) => u.includes("/state")).length;
  const hidden = stateCalls();
  await teams.page.waitForTimeout(2500);
  expect(stateCalls()).toBe(hidden);
  await teams.push("load", [{ entityId: "scrum-of-scrums", contentUrl: `${TAB_ORIGIN}/` }]);
  await eventually(async () => stateCalls(), (k) => k > hidden);
  expect(stateCalls()).toBeGreaterThan(hidden);
});
