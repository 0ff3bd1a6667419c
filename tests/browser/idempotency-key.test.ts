import type { Browser, BrowserContext, Request } from "playwright-core";
import { connectBrowser, openReady, panelContext } from "../support/browser";
import { board, startStack, type Stack } from "../support/stack";

/**
 * The tab sends every write with an Idempotency-Key and retries it with the same key: when its
 * first try is answered 503 "the change may or may not have been saved" after the server did save
 * it, the retry finishes that write and the board holds one topic, not two.
 */
const chat = `19:meeting_idempotency_tab_${Date.now()}@thread.v2`;
let stack: Stack;
let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  stack = await startStack();
  browser = await connectBrowser();
  context = await panelContext(browser);
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await stack?.close();
});

test("a topic added while the answer is lost is retried with the same Idempotency-Key and lands once", async () => {
  const page = await openReady(context, stack.url, { as: "bob", chat }, "panel");
  const keys: (string | null)[] = [];
  let tries = 0;
  await page.route(/\/api\/boards\/[^/]+\/topics$/, async (route, request: Request) => {
    if (request.method() !== "POST") return route.continue();
    keys.push(request.headers()["idempotency-key"] ?? null);
    // The first try reaches the server and is saved, but its answer is lost: the tab sees a 503.
    const response = await route.fetch();
    if (++tries === 1) {
      return route.fulfill({
        status: 503,
        headers: { "content-type": "application/problem+json", "retry-after": "1" },
        body: JSON.stringify({ status: 503, code: "outcome_unknown", detail: "The change may or may not have been saved — retry with the same Idempotency-Key." }),
      });
    }
    return route.fulfill({ response });
  });
  await page.getByTestId("topic-title").fill("Release train dependencies");
  await page.getByTestId("topic-add").click();
  // The topic shows at once (optimistically); the retry follows the 503's Retry-After.
  for (const started = Date.now(); tries < 2 && Date.now() - started < 15000; ) await page.waitForTimeout(100);
  expect(tries).toBe(2);
  expect(keys[0]).toMatch(/^[\x21-\x7E]{1,100}$/);
  expect(keys[1]).toBe(keys[0]);
  const state = await stack.call<{ topics: { title: string }[] }>("bob", "GET", `${board(chat)}/state`);
  expect(state.body.topics.map((t) => t.title)).toEqual(["Release train dependencies"]);
}, 60_000);
