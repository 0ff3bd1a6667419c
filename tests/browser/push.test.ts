import type { Browser, BrowserContext, Page } from "playwright-core";
import { connectBrowser, openPanel, panelContext } from "../support/browser";
import { board, startStack, type Stack } from "../support/stack";

/** Changes reach other panels through the change stream; when the stream cannot be held, polling takes over and the stream comes back. */
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

async function panel(as: string, chat: string): Promise<Page> {
  const c = await panelContext(browser);
  contexts.push(c);
  const page = await openPanel(c, stack.url, { as, chat });
  await page.getByTestId("panel").waitFor({ timeout: 10000 });
  return page;
}

const syncIs = (page: Page, mode: "push" | "poll", timeout = 10000) => page.waitForFunction((m) => document.documentElement.dataset["sync"] === m, mode, { timeout });
const topicShown = (page: Page, title: string, timeout: number) => page.getByTestId("topic").filter({ hasText: title }).waitFor({ timeout });

test("a topic another person adds reaches a second panel through the stream, with one read and no polling", async () => {
  const chat = "19:meeting_push@thread.v2";
  await stack.joinCast(chat);
  await panel("alice", chat);
  const bob = await panel("bob", chat);
  await syncIs(bob, "push");
  const reads: string[] = [];
  bob.on("request", (r) => void (r.url().includes("/state") && reads.push(r.url())));

  await stack.call("alice", "POST", `${board(chat)}/topics`, { title: "Pushed to Bob" });
  // While the stream is held, polling waits a minute: seeing it within seconds means it was pushed.
  await topicShown(bob, "Pushed to Bob", 5000);
  expect(reads.length).toBeLessThanOrEqual(2);
});

test("when the stream is cut and cannot come back, the panel polls; when it can, it listens again", async () => {
  const chat = "19:meeting_push_fallback@thread.v2";
  await stack.joinCast(chat);
  const bob = await panel("bob", chat);
  await syncIs(bob, "push");

  await bob.route("**/changes", (route) => route.abort("connectionrefused"));
  stack.host.server.closeAllConnections();
  await syncIs(bob, "poll");
  await stack.call("alice", "POST", `${board(chat)}/topics`, { title: "Seen by polling" });
  await topicShown(bob, "Seen by polling", 5000);

  await bob.unroute("**/changes");
  await syncIs(bob, "push", 20000);
  await stack.call("alice", "POST", `${board(chat)}/topics`, { title: "Pushed again" });
  await topicShown(bob, "Pushed again", 5000);
});
