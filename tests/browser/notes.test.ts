import type { Browser, BrowserContext, Page } from "playwright-core";
import { connectBrowser, openReady, panelContext, screenshot } from "../support/browser";
import { boardCaller, startStack, type Stack } from "../support/stack";

/**
 * Issue 15, items 5 and 2 in the side panel at 320 px: notes are taken while the room talks
 * (takeaways and "+ Action" under Now discussing) and go with the topic into Discussed; when two
 * people save the same text, the second sees the other's text next to theirs and chooses.
 */
const chat = `19:meeting_notes_${Date.now()}@thread.v2`;
let stack: Stack;
let browser: Browser;
let context: BrowserContext;
let alice: Page;
let bob: Page;
let topicId: string;

const call = <T>(as: string, method: string, path: string, body?: unknown): Promise<T> => boardCaller(stack, chat)<T>(as, method, path, body);
const takeawaysOf = async (id: string) => (await call<{ topics: { id: string; takeaways: string }[] }>("alice", "GET", "state")).topics.find((t) => t.id === id)?.takeaways;

beforeAll(async () => {
  stack = await startStack();
  stack.setRole(chat, "alice", "organizer");
  stack.setRole(chat, "carol", "presenter");
  stack.setRole(chat, "bob", "attendee");
  browser = await connectBrowser();
  topicId = (await call<{ id: string }>("bob", "POST", "topics", { title: "Shared staging", details: "Who resets it, and when?" })).id;
  await call("bob", "POST", "topics", { title: "Flaky tests" });
  await call("alice", "POST", "timer/next", { topicId });
  context = await panelContext(browser);
  [alice, bob] = await Promise.all([openReady(context, stack.url, { as: "alice", chat }, "now-topic"), openReady(context, stack.url, { as: "bob", chat }, "now-topic")]);
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await stack?.close();
});

test("the topic's details show under Now discussing; the queue shows each topic's rank", async () => {
  expect(await bob.getByTestId("now-details").textContent()).toBe("Who resets it, and when?");
  const next = bob.locator('[data-testid="topic"][data-topic-title="Flaky tests"]');
  expect([await next.getByTestId("topic-rank").textContent(), await next.getByTestId("topic-rank").getAttribute("aria-label")]).toEqual(["1", "Rank 1 in the queue"]);
});

test("takeaways and an action added during the discussion appear in Discussed with that topic after it moves on", async () => {
  const notes = bob.getByTestId("now").getByTestId("topic-notes");
  await notes.getByTestId("takeaway-line").fill("Platform owns staging");
  await notes.getByTestId("takeaway-add").click();
  await notes.getByTestId("topic-new-action").click();
  await bob.getByTestId("action-text").fill("Book staging for January");
  await bob.getByTestId("action-owner").fill("Bob");
  await bob.getByTestId("action-create").click();
  // The facilitator sees both while the room still talks.
  const onAlice = alice.getByTestId("now").getByTestId("topic-notes");
  await onAlice.getByTestId("takeaways").filter({ hasText: "Platform owns staging" }).waitFor({ timeout: 5000 });
  await onAlice.getByTestId("topic-actions").filter({ hasText: "Book staging for January" }).waitFor({ timeout: 5000 });
  await onAlice.getByTestId("takeaway-line").fill("Reset nightly at 2am");
  await onAlice.getByTestId("takeaway-add").click();
  await notes.getByTestId("takeaways").filter({ hasText: "Reset nightly at 2am" }).waitFor({ timeout: 5000 });
  await screenshot(bob, "notes-now-discussing");

  await call("alice", "POST", "timer/stop");
  for (const page of [alice, bob]) {
    await page.getByTestId("tab-discussed").click();
    const done = page.locator('[data-testid="discussed-topic"][data-topic-title="Shared staging"]');
    await done.waitFor({ timeout: 5000 });
    expect(await done.getByTestId("takeaways").textContent()).toBe("Platform owns staging\nReset nightly at 2am");
    expect(await done.getByTestId("topic-actions").textContent()).toContain("Book staging for January");
  }
  await screenshot(bob, "notes-discussed");
});

test("a facilitator saving takeaways someone else changed meanwhile sees both texts, and combining keeps both", async () => {
  const done = alice.locator('[data-testid="discussed-topic"][data-topic-title="Shared staging"]');
  await done.getByTestId("takeaways-edit").click();
  await done.getByTestId("takeaways-text").fill("Platform owns staging from January");
  // Carol, the other facilitator, rewrites them from the same version while Alice types.
  await call("carol", "PUT", `topics/${topicId}/takeaways`, { takeaways: "Mobile owns staging", was: "Platform owns staging\nReset nightly at 2am" });
  await done.getByTestId("takeaways-save").click();
  const conflict = done.getByTestId("conflict");
  await conflict.waitFor({ timeout: 5000 });
  expect(await conflict.getByTestId("conflict-theirs").textContent()).toBe("Mobile owns staging");
  expect(await conflict.getByTestId("conflict-yours").textContent()).toBe("Platform owns staging from January");
  // Nothing was overwritten while Alice decides.
  expect(await takeawaysOf(topicId)).toBe("Mobile owns staging");
  const overflow = await alice.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await screenshot(alice, "notes-conflict");

  await conflict.getByTestId("combine").click();
  expect(await done.getByTestId("takeaways-text").inputValue()).toBe("Mobile owns staging\nPlatform owns staging from January");
  await done.getByTestId("takeaways-save").click();
  await done.getByTestId("takeaways").filter({ hasText: "Platform owns staging from January" }).waitFor({ timeout: 5000 });
  expect(await takeawaysOf(topicId)).toBe("Mobile owns staging\nPlatform owns staging from January");
});

test("an action's text edited by two people: the second chooses keep mine, and the first's text was shown, not lost", async () => {
  await bob.getByTestId("tab-actions").click();
  const card = bob.locator('[data-testid="action"][data-action-text="Book staging for January"]');
  await card.waitFor({ timeout: 5000 });
  const actionId = (await call<{ id: string; text: string }[]>("bob", "GET", "actions")).find((a) => a.text === "Book staging for January")?.id ?? "";
  await card.getByTestId("action-menu").click();
  await bob.getByTestId("action-edit").click();
  await bob.getByTestId("action-text").fill("Book staging for the demo");
  await call("alice", "PATCH", `actions/${actionId}`, { text: "Book staging for January 6", was: { text: "Book staging for January" } });
  await bob.getByTestId("action-create").click();
  const conflict = bob.getByTestId("conflict");
  await conflict.waitFor({ timeout: 5000 });
  expect(await conflict.getByTestId("conflict-theirs").textContent()).toBe("Book staging for January 6");
  expect(await conflict.getByTestId("conflict-yours").textContent()).toBe("Book staging for the demo");
  await screenshot(bob, "notes-action-conflict");
  await conflict.getByTestId("keep-mine").click();
  await bob.locator('[data-testid="action"][data-action-text="Book staging for the demo"]').waitFor({ timeout: 5000 });
  expect(await bob.getByTestId("conflict").count()).toBe(0);
});
