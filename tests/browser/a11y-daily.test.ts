import type { Browser, BrowserContext } from "playwright-core";
import { connectBrowser, expectNoViolations, openReady, panelContext, screenshot, THEMES, type PanelOptions } from "../support/browser";
import { board, startStack, type Stack } from "../support/stack";

/**
 * The daily's views (actions review, round, teams with check-ins, summary, and the dialogs to
 * decline a need, edit a team and start the next session) in the Teams light, dark and
 * high-contrast themes: axe-core finds no violations, and each is photographed at 320 px
 * (.test-output/screenshots/daily-*.png). The weekly's views are in a11y.test.ts.
 */
const chat = `19:meeting_a11y_daily_${Date.now()}@thread.v2`;
let stack: Stack;
let browser: Browser;

const open = (context: BrowserContext, o: PanelOptions, ready: string) => openReady(context, stack.url, o, ready);

/** A daily in full swing: the round at its second team, next steps, needs in every state, check-ins. */
async function seed(): Promise<void> {
  const b = board(chat);
  const call = async <T>(as: string, method: string, path: string, body?: unknown): Promise<T> => {
    const res = await stack.call<T>(as, method, `${b}/${path}`, body);
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${res.text}`);
    return res.body;
  };
  const person = (name: string) => ({ id: stack.userId(name), name: name[0]?.toUpperCase() + name.slice(1) });
  // Everyone named is in the meeting: people are picked from its roster.
  await stack.join(chat, "alice", "organizer");
  await stack.joinAll(chat, ["bob", "carol", "dan", "erin"]);
  const search = await call<{ id: string }>("alice", "POST", "teams", { name: "Search", representative: person("bob"), alternates: [person("erin")] });
  const catalog = await call<{ id: string }>("alice", "POST", "teams", { name: "Catalog", representative: person("carol") });
  const checkout = await call<{ id: string }>("alice", "POST", "teams", { name: "Checkout", representative: person("dan") });
  await call("alice", "POST", "actions", { text: "Write the staging runbook", ownerName: "Bob", ownerTeamId: search.id, due: "2020-01-31" });
  await call("alice", "POST", "actions", { text: "Share the catalogue schema", ownerName: "Carol", due: "2099-12-31" });
  await call("alice", "POST", "sessions", { kind: "daily" });
  await call("bob", "PUT", `daily/${search.id}`, { nextSteps: "Advancing with search optimisation; relevance tuning next." });
  await call("carol", "PUT", `daily/${catalog.id}`, { nextSteps: "Finishing the catalogue import." });
  const data = await call<{ id: string }>("bob", "POST", "needs", { fromTeamId: search.id, toTeamId: catalog.id, text: "Product data for the search index" });
  await call("carol", "PUT", `needs/${data.id}/answer`, { answer: "accept" });
  await call("bob", "POST", "needs", { fromTeamId: search.id, toTeamId: checkout.id, text: "A payment sandbox", by: "2020-01-15" });
  const late = await call<{ id: string }>("carol", "POST", "needs", { fromTeamId: catalog.id, toTeamId: search.id, text: "Search analytics export" });
  await call("bob", "PUT", `needs/${late.id}/answer`, { answer: "decline", reason: "Not this quarter: ask Data." });
  await call("carol", "POST", "needs", { fromTeamId: catalog.id, toTeamId: search.id, text: "Review the synonyms list", by: "2099-06-30" });
  await call("dan", "POST", "attendance", { teamId: checkout.id });
  await call("alice", "POST", "daily/turn", {});
  await call("alice", "POST", "daily/turn", {});
}

beforeAll(async () => {
  stack = await startStack();
  browser = await connectBrowser();
  await seed();
});

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

test.each(THEMES)("theme %s: the actions review, the round, the teams and the summary", async (theme) => {
  const context = await panelContext(browser);
  // Bob represents Search: his panel has answer buttons, the need form and the check-in.
  // The daily opens on the round; the actions review is one tab away.
  const page = await open(context, { as: "bob", chat, theme }, "daily");
  await page.getByTestId("tab-actions").click();
  await page.getByTestId("kanban").waitFor();
  await page.waitForTimeout(200);
  await expectNoViolations(page, `${theme} daily/actions review`);
  await screenshot(page, `daily-${theme}-actions`);
  await page.getByTestId("tab-round").click();
  await page.getByTestId("need-accept").first().waitFor();
  await page.waitForTimeout(200);
  await expectNoViolations(page, `${theme} daily/round`);
  await screenshot(page, `daily-${theme}-round`);
  await page.getByTestId("tab-teams").click();
  await page.getByTestId("attendance").waitFor();
  await page.waitForTimeout(200);
  await expectNoViolations(page, `${theme} daily/teams`);
  await screenshot(page, `daily-${theme}-teams`);
  await page.getByTestId("open-summary").click();
  await page.getByTestId("summary").getByRole("table").waitFor();
  await page.waitForTimeout(300);
  await expectNoViolations(page, `${theme} daily/summary`);
  await screenshot(page, `daily-${theme}-summary`);
  await context.close();
});

test("the daily's dialogs: decline a need, edit a team, start the next session", async () => {
  const context = await panelContext(browser);
  const bob = await open(context, { as: "bob", chat }, "daily");
  await bob.getByTestId("tab-round").click();
  await bob.getByTestId("need-decline").first().click();
  await bob.getByTestId("decline-reason").waitFor();
  await bob.waitForTimeout(300);
  await expectNoViolations(bob, "decline dialog");
  await screenshot(bob, "daily-default-decline");
  await bob.keyboard.press("Escape");
  const alice = await open(context, { as: "alice", chat }, "daily");
  await alice.getByTestId("tab-teams").click();
  await alice.getByTestId("team-menu").first().click();
  await alice.getByTestId("team-edit").click();
  await alice.getByTestId("team-name-input").waitFor();
  await alice.waitForTimeout(300);
  await expectNoViolations(alice, "edit team dialog");
  await screenshot(alice, "daily-default-edit-team");
  await alice.keyboard.press("Escape");
  await alice.getByTestId("team-name-input").waitFor({ state: "detached" });
  await alice.getByTestId("session-menu").click();
  await alice.getByTestId("start-weekly").click();
  await alice.getByTestId("confirm-start-session").waitFor();
  await alice.waitForTimeout(300);
  await expectNoViolations(alice, "start session dialog");
  await screenshot(alice, "daily-default-start-session");
  await context.close();
});

test("the daily in French", async () => {
  const context = await panelContext(browser);
  const page = await open(context, { as: "carol", chat, lang: "fr" }, "daily");
  await page.getByTestId("tab-round").click();
  await page.getByTestId("daily").waitFor();
  expect(await page.getByTestId("tab-round").textContent()).toBe("Tour");
  await expectNoViolations(page, "french daily");
  await screenshot(page, "daily-default-fr");
  await context.close();
});
