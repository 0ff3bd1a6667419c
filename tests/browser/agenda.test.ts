import type { Browser, BrowserContext, Page } from "playwright-core";
import { connectBrowser, expectNoViolations, openReady, panelContext, screenshot } from "../support/browser";
import { boardCaller, startStack, type Stack } from "../support/stack";

/**
 * The agenda knows when the meeting ends: the facilitator sets the end from the session menu, and
 * every queue (side panel and stage) draws the cut line where the time runs out, moving as the
 * discussion is extended; starting the last topic that fits says so.
 */
const chat = `19:meeting_agenda_${Date.now()}@thread.v2`;
const MINUTE = 60_000;
let stack: Stack;
let browser: Browser;
let context: BrowserContext;
let alice: Page;
let bob: Page;

const call = <T>(as: string, method: string, path: string, body?: unknown): Promise<T> => boardCaller(stack, chat)<T>(as, method, path, body);

beforeAll(async () => {
  stack = await startStack();
  browser = await connectBrowser();
  await stack.joinCast(chat);
  for (const title of ["One", "Two", "Three", "Four", "Five"]) await call("bob", "POST", "topics", { title });
  context = await panelContext(browser);
  alice = await openReady(context, stack.url, { as: "alice", chat }, "dots-left");
  bob = await openReady(context, stack.url, { as: "bob", chat }, "dots-left");
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await stack?.close();
});

/** The queue's items from the top, the cut line as "---". */
function queueOf(page: Page): Promise<string[]> {
  return page
    .getByTestId("queue")
    .locator("ol > li")
    .evaluateAll((items) => items.map((li) => (li.getAttribute("data-testid") === "cut-line" ? "---" : (li.getAttribute("data-topic-title") ?? "?"))));
}

async function queueBecomes(page: Page, expected: string[]): Promise<void> {
  await page.waitForFunction(
    (want) => {
      const items = Array.from(document.querySelectorAll('[data-testid="queue"] ol > li'));
      return items.map((li) => (li.getAttribute("data-testid") === "cut-line" ? "---" : li.getAttribute("data-topic-title"))).join("|") === want.join("|");
    },
    expected,
    { timeout: 8000 },
  );
}

test("the facilitator sets the meeting's end; the line falls after the third topic, moves up after an extension, and the stage shows it", async () => {
  // About 30 minutes from now, on the minute: three topics of 8 fit, a fourth does not.
  const end = new Date(Math.ceil((Date.now() + 30 * MINUTE) / MINUTE) * MINUTE);
  const hhmm = `${String(end.getHours()).padStart(2, "0")}:${String(end.getMinutes()).padStart(2, "0")}`;
  await alice.getByTestId("session-menu").click();
  await alice.getByTestId("open-meeting-end").click();
  await alice.getByTestId("meeting-end-time").fill(hhmm);
  await alice.getByTestId("meeting-end-save").click();
  await alice.getByTestId("meeting-end-dialog").waitFor({ state: "detached", timeout: 5000 });

  for (const page of [alice, bob]) await queueBecomes(page, ["One", "Two", "Three", "---", "Four", "Five"]);
  const line = bob.getByTestId("cut-line");
  expect(await line.textContent()).toMatch(/^Topics below this line won't fit before the meeting ends \(\d{1,2}:\d{2}( [AP]M)?\)$/);
  // The line stays inside the narrow panel.
  const box = await line.boundingBox();
  expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(320);
  await screenshot(bob, "agenda-cut-line");
  await expectNoViolations(bob, "queue with the cut line");

  // "One" starts and is extended by 4 minutes: each coming topic is now expected to take 12.
  await call("alice", "POST", "timer/next", {});
  await call("alice", "POST", "timer/extend");
  await queueBecomes(bob, ["Two", "---", "Three", "Four", "Five"]);

  const stage = await openReady(context, stack.url, { as: "bob", chat, view: "stage" }, "stage");
  await queueBecomes(stage, ["Two", "---", "Three", "Four", "Five"]);
  await stage.close();
  expect(await queueOf(alice)).toEqual(["Two", "---", "Three", "Four", "Five"]);
});

test("starting the last topic that fits, the panel says so", async () => {
  // Move the end in so that only the topic about to start fits.
  const end = Date.now() + 10 * MINUTE;
  await call("alice", "PUT", "session/meeting-end", { endsAt: end });
  await call("alice", "POST", "timer/next", {});
  const notice = alice.getByTestId("last-topic");
  await notice.waitFor({ timeout: 8000 });
  expect(await notice.textContent()).toMatch(/This is the last topic that fits before the meeting ends/);
  await queueBecomes(alice, ["---", "Three", "Four", "Five"]);
});
