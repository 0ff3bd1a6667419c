import type { Browser, BrowserContext } from "playwright-core";
import { connectBrowser, panelContext, SCREENSHOT_DIR } from "../support/browser";
import { startStack, type Stack } from "../support/stack";
import { openInTeams, TAB_ORIGIN } from "../support/teams-host";
import path from "node:path";
import { mkdirSync } from "node:fs";

/** The tab's Teams path, run inside a simulated Teams client that speaks teams-js's protocol. */
let stack: Stack;
let browser: Browser;
let context: BrowserContext;
const chat = `19:meeting_teams_${Date.now()}@thread.v2`;
const apiCalls: string[] = [];

beforeAll(async () => {
  stack = await startStack({ organizers: [stack_user("alice")] });
  browser = await connectBrowser();
});

function stack_user(name: string): string {
  return name;
}

beforeEach(async () => {
  context = await panelContext(browser, { width: 380, height: 900 });
  apiCalls.length = 0;
  context.on("request", (r) => {
    if (r.url().startsWith(`${TAB_ORIGIN}/api/`)) apiCalls.push(r.url().slice(TAB_ORIGIN.length));
  });
});

afterEach(async () => {
  await context?.close();
});

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

test("the side panel shows the board of the chat Teams names, with a token from Teams", async () => {
  const teams = await openInTeams(context, stack, { as: "alice", chat });
  await teams.tab.getByTestId("panel").waitFor({ timeout: 15000 });
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await teams.page.screenshot({ path: path.join(SCREENSHOT_DIR, "teams-host-panel.png") });
  console.log(teams.messages.map((m) => m.func));
  expect(apiCalls.some((u) => u.startsWith(`/api/boards/${encodeURIComponent(chat)}/state`))).toBe(true);
  expect(teams.count("authentication.getAuthToken")).toBe(1);
});
