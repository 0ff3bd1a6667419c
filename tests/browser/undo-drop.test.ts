import type { Browser, BrowserContext, Page } from "playwright-core";
import { connectBrowser, eventually, openReady, panelContext } from "../support/browser";
import { board, boardCaller, startStack, type Stack } from "../support/stack";

/**
 * Dropping a topic takes effect at once, with a way back: "Topic dropped · Undo" for a few seconds
 * instead of a confirmation dialog. Undo brings the same topic (its number too) back for everyone.
 */
const chat = `19:meeting_undodrop_${Date.now()}@thread.v2`;
let stack: Stack;
let browser: Browser;
let context: BrowserContext;
let bob: Page;
let carol: Page;

const call = <T>(as: string, method: string, path: string, body?: unknown): Promise<T> => boardCaller(stack, chat)<T>(as, method, path, body);

beforeAll(async () => {
  stack = await startStack();
  browser = await connectBrowser();
  await stack.joinCast(chat);
  await call("bob", "POST", "topics", { title: "Release train" });
  await call("carol", "POST", "topics", { title: "Flaky tests" });
  context = await panelContext(browser);
  bob = await openReady(context, stack.url, { as: "bob", chat }, "dots-left");
  carol = await openReady(context, stack.url, { as: "carol", chat }, "dots-left");
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await stack?.close();
});

test("the author drops a topic, everyone sees it go, and Undo on the notice brings it back with its number", async () => {
  const topic = (page: Page) => page.locator('[data-testid="topic"][data-topic-title="Release train"]');
  await topic(bob).getByRole("button", { name: 'More for "Release train"' }).click();
  await bob.getByTestId("topic-drop").click();
  await topic(bob).waitFor({ state: "detached", timeout: 3000 });
  await topic(carol).waitFor({ state: "detached", timeout: 5000 });
  const titles = () => stack.call<{ topics: { title: string }[] }>("carol", "GET", `${board(chat)}/state`).then((r) => r.body.topics.map((t) => t.title));
  expect(await eventually(titles, (t) => !t.includes("Release train"))).toEqual(["Flaky tests"]);

  const notice = bob.locator(".fui-Toast").filter({ hasText: 'Topic dropped: "Release train"' });
  await notice.waitFor({ timeout: 3000 });
  expect(await notice.getByTestId("notice-action").textContent()).toBe("Undo");
  await notice.getByTestId("notice-action").click();
  for (const page of [bob, carol]) {
    await topic(page).waitFor({ timeout: 5000 });
    expect(await topic(page).getByTestId("topic-number").textContent()).toBe("#1");
  }
  // Nobody else gets the way back: it was Bob's drop.
  expect(await carol.locator(".fui-Toast").filter({ hasText: "Topic dropped" }).count()).toBe(0);
});
