import type { Browser, BrowserContext, Page } from "playwright-core";
import { connectBrowser, openPanel, panelContext } from "../support/browser";
import { board, startStack, type Stack } from "../support/stack";

/**
 * A daily round in three browser contexts: Alice organizes (facilitator), Bob represents Search,
 * Carol represents Catalog (Dan represents Checkout and stays away). Bob asks Catalog for
 * something; Carol accepts it from her own panel; Bob sees the answer. A need whose date has
 * passed becomes a topic of the next weekly, which Alice starts from her panel.
 */
let stack: Stack;
let browser: Browser;
const contexts: BrowserContext[] = [];
let alice: Page;
let bob: Page;
let carol: Page;
const chat = `19:meeting_daily_${Date.now()}@thread.v2`;

const card = (page: Page, team: string) => page.locator(`[data-testid="daily-team"][data-team="${team}"]`);

async function call<T>(as: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await stack.call<T>(as, method, `${board(chat)}/${path}`, body);
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${res.text}`);
  return res.body;
}

async function open(as: string): Promise<Page> {
  const context = await panelContext(browser);
  contexts.push(context);
  const page = await openPanel(context, stack.url, { as, chat });
  await page.getByTestId("panel").waitFor({ timeout: 15000 });
  return page;
}

beforeAll(async () => {
  stack = await startStack();
  browser = await connectBrowser();
  const person = (name: string) => ({ id: stack.userId(name), name: name[0]?.toUpperCase() + name.slice(1) });
  // Everyone named is in the meeting: people are picked from its roster.
  await stack.join(chat, "alice", "organizer");
  await stack.joinAll(chat, ["bob", "carol", "dan", "erin"]);
  await call("alice", "POST", "teams", { name: "Search", representative: person("bob") });
  await call("alice", "POST", "teams", { name: "Catalog", representative: person("carol") });
  await call("alice", "POST", "teams", { name: "Checkout", representative: person("dan") });
  await call("alice", "POST", "actions", { text: "Fix the flaky import", ownerName: "Bob", due: "2020-01-31" });
  await call("alice", "POST", "sessions", { kind: "daily" });
  [alice, bob, carol] = await Promise.all([open("alice"), open("bob"), open("carol")]);
});

afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await stack?.close();
});

test("the panel at a daily opens on the round; its actions, overdue first, each movable in one click", async () => {
  await bob.getByTestId("daily").waitFor();
  expect(await bob.getByTestId("panel").getAttribute("data-session-kind")).toBe("daily");
  expect(await bob.getByTestId("tab-round").getAttribute("aria-selected")).toBe("true");
  // The raise-a-need form comes before the teams' cards.
  expect(await bob.evaluate(() => {
    const form = document.querySelector('[data-testid="raise-need"]');
    const firstTeam = document.querySelector('[data-testid="daily-team"]');
    return Boolean(form && firstTeam && form.compareDocumentPosition(firstTeam) & Node.DOCUMENT_POSITION_FOLLOWING);
  })).toBe(true);
  await bob.getByTestId("tab-actions").click();
  await bob.getByTestId("kanban").waitFor();
  expect(await bob.getByTestId("actions-review").count()).toBe(1);
  const action = bob.locator('[data-testid="action"][data-action-text="Fix the flaky import"]');
  expect(await action.getByText("Overdue").count()).toBe(1);
  await action.getByTestId("action-status").selectOption("doing");
  await alice.getByTestId("tab-actions").click();
  await alice.locator('[data-testid="action"][data-action-text="Fix the flaky import"][data-status="doing"]').waitFor({ timeout: 3000 });
  // No timer or queue at a daily: the round replaces them.
  expect(await bob.getByTestId("tab-queue").count()).toBe(0);
});

test("the facilitator goes round the teams; the team speaking sees its turn and countdown", async () => {
  for (const p of [alice, bob, carol]) await p.getByTestId("tab-round").click();
  await alice.getByTestId("daily").waitFor();
  expect(await alice.getByTestId("daily-team").evaluateAll((els) => els.map((e) => e.getAttribute("data-team")))).toEqual(["Search", "Catalog", "Checkout"]);
  expect(await bob.getByTestId("start-round").count()).toBe(0);
  await alice.getByTestId("start-round").click();
  await card(bob, "Search").getByTestId("your-turn").waitFor({ timeout: 3000 });
  expect(await card(bob, "Search").getByTestId("your-turn").textContent()).toBe("Your turn");
  expect(await card(carol, "Search").getByTestId("your-turn").textContent()).toBe("Speaking now");
  const countdown = (await card(bob, "Search").getByTestId("turn-countdown").textContent()) ?? "";
  expect(countdown).toMatch(/^0[01]:\d\d$/);

  // Bob posts Search's next steps; only his team's card offers him the editor.
  expect(await card(bob, "Catalog").getByTestId("edit-next-steps").count()).toBe(0);
  await card(bob, "Search").getByTestId("edit-next-steps").click();
  await bob.getByTestId("next-steps-input").fill("Advancing with search optimisation");
  await bob.getByTestId("next-steps-save").click();
  await card(carol, "Search").getByText("Advancing with search optimisation").waitFor({ timeout: 3000 });
});

test("Search asks Catalog for something; Catalog's representative accepts it from her own panel; Search sees it accepted", async () => {
  await bob.getByTestId("need-to").selectOption({ label: "Catalog" });
  await bob.getByTestId("need-text-input").fill("Product data for the search index");
  await bob.getByTestId("need-submit").click();

  const carolNeed = card(carol, "Catalog").locator('[data-testid="need"][data-side="of"]');
  await carolNeed.waitFor({ timeout: 3000 });
  expect(await carolNeed.getByTestId("need-state").textContent()).toBe("Open");
  // Only the addressed team answers: Bob sees the need once, with the team that must answer it, but no answer buttons.
  await card(bob, "Catalog").getByTestId("need").waitFor();
  expect(await bob.getByTestId("need").count()).toBe(1);
  expect(await bob.getByTestId("need-accept").count()).toBe(0);

  await carolNeed.getByTestId("need-accept").click();
  const bobNeed = card(bob, "Catalog").locator('[data-testid="need"]');
  await card(bob, "Catalog").locator('[data-testid="need"][data-need-state="accepted"]').waitFor({ timeout: 3000 });
  expect(await bobNeed.getByTestId("need-state").textContent()).toBe("Accepted");
  expect(await bobNeed.getByTestId("need-answer").textContent()).toBe("Accepted by Carol");
  // Bob is told, wherever his panel is.
  await bob.getByText("Catalog: accepted", { exact: true }).waitFor({ timeout: 3000 });

  await alice.getByTestId("next-team").click();
  await card(carol, "Catalog").getByTestId("your-turn").waitFor({ timeout: 3000 });
  await card(bob, "Search").getByTestId("your-turn").waitFor({ state: "detached", timeout: 3000 });
  await card(bob, "Catalog").getByTestId("your-turn").waitFor({ timeout: 3000 });
});

test("a need past its date is flagged, and escalates into the next weekly's queue", async () => {
  await bob.getByTestId("need-to").selectOption({ label: "Checkout" });
  await bob.getByTestId("need-text-input").fill("A payment sandbox");
  await bob.getByTestId("need-by").fill("2020-01-15");
  await bob.getByTestId("need-submit").click();
  const overdue = card(alice, "Checkout").locator('[data-testid="need"][data-side="of"]');
  await overdue.getByTestId("need-overdue").waitFor({ timeout: 3000 });

  await alice.getByTestId("session-menu").click();
  await alice.getByTestId("start-weekly").click();
  await alice.getByTestId("confirm-start-session").click();

  await bob.locator('[data-testid="panel"][data-session-kind="weekly"]').waitFor({ timeout: 5000 });
  const topic = bob.locator('[data-testid="topic"][data-topic-title="Search needs from Checkout: A payment sandbox (asked for Jan 15, unanswered)"]');
  await topic.waitFor({ timeout: 3000 });
  expect(await bob.getByTestId("tab-queue").getAttribute("aria-selected")).toBe("true");
  // The answered need did not escalate.
  expect(await bob.locator('[data-testid="topic"][data-topic-title*="Product data"]').count()).toBe(0);
});

test("representatives check in, and the facilitator edits and removes a team", async () => {
  await bob.getByTestId("tab-teams").click();
  // Opening the panel recorded Bob present for Search: nobody checks in by hand.
  expect(await bob.getByTestId("check-in").count()).toBe(0);
  await alice.getByTestId("tab-teams").click();
  await alice.getByTestId("attendance").getByText("Bob for Search").waitFor({ timeout: 3000 });
  await bob.getByTestId("checked-in").waitFor();
  expect(await alice.getByTestId("team-count").textContent()).toBe("3 of 7 teams");
  // Only facilitators edit teams.
  expect(await bob.getByTestId("team-menu").count()).toBe(0);

  const checkout = alice.locator('[data-testid="team"][data-team="Checkout"]');
  await checkout.getByTestId("team-menu").click();
  await alice.getByTestId("team-edit").click();
  await alice.getByTestId("team-name-input").fill("Payments");
  // An alternate is picked from the meeting's roster by name (Erin is in the meeting, though she never opens the panel).
  await alice.getByTestId("alternates-picker").click();
  await alice.getByTestId("alternates-picker").fill("er");
  await alice.locator('[data-testid="person-option"][data-person="Erin"]').click();
  await alice.getByTestId("team-save").click();
  const payments = bob.locator('[data-testid="team"][data-team="Payments"]');
  await payments.getByText("Alternates: Erin").waitFor({ timeout: 3000 });
  const state = await call<{ teams: { name: string; alternates: { id: string }[] }[] }>("erin", "GET", "state");
  expect(state.teams.find((t) => t.name === "Payments")?.alternates.map((a) => a.id)).toEqual([stack.userId("erin")]);

  await alice.locator('[data-testid="team"][data-team="Payments"]').getByTestId("team-menu").click();
  await alice.getByTestId("team-remove").click();
  await alice.getByTestId("team-remove-confirm").click();
  await payments.waitFor({ state: "detached", timeout: 3000 });
  expect(await bob.getByTestId("team-count").textContent()).toBe("2 of 7 teams");
});

test("anyone reads the session summary and downloads it as CSV", async () => {
  await bob.getByTestId("open-summary").click();
  const summary = bob.getByTestId("summary");
  await summary.getByRole("heading", { name: "Action items" }).waitFor({ timeout: 3000 });
  expect(await summary.getByRole("cell", { name: "Fix the flaky import" }).count()).toBe(1);
  const download = bob.waitForEvent("download");
  await bob.getByTestId("summary-csv").click();
  const file = await download;
  expect(file.suggestedFilename()).toBe("summary.csv");
  await bob.keyboard.press("Escape");
  await summary.waitFor({ state: "detached" });
});
