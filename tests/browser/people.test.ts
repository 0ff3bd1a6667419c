import type { Browser, BrowserContext, Frame } from "playwright-core";
import { connectBrowser, openTab, panelContext, screenshot } from "../support/browser";
import { boardCaller, startStack, type Stack } from "../support/stack";

/**
 * The meeting's people in the panel, in three browser contexts on one chat: Alice organizes,
 * Bob and Carol attend, Dave is in the meeting but never opens the panel. Every person is picked
 * from the roster by name; nobody types an id. Opening the panel is what records a person present.
 * The server's clock is the test's to move (`offset`), so a timebox runs out without waiting.
 */
let offset = 0;
let stack: Stack;
let browser: Browser;
const contexts: BrowserContext[] = [];
let alice: Frame;
let bob: Frame;
let carol: Frame;
const chat = `19:meeting_people_${Date.now()}@thread.v2`;
let call: ReturnType<typeof boardCaller>;

type Team = { id: string; name: string; representative: { id: string; name: string } | null };
type State = { session: { id: string }; teams: Team[]; actions: { text: string; ownerUserId: string | null; ownerName: string }[] };

const team = (page: Frame, name: string) => page.locator(`[data-testid="team"][data-team="${name}"]`);
const dailyCard = (page: Frame, name: string) => page.locator(`[data-testid="daily-team"][data-team="${name}"]`);

async function open(as: string): Promise<Frame> {
  const context = await panelContext(browser);
  contexts.push(context);
  const { tab } = await openTab(context, stack, { as, chat }, "browser");
  await tab.getByTestId("panel").waitFor({ timeout: 15000 });
  return tab;
}

/** Picks `name` in a people picker by typing the start of it and choosing it from the list. */
async function pick(page: Frame, picker: string, name: string): Promise<void> {
  const input = page.getByTestId(picker);
  await input.click();
  await input.fill(name.slice(0, 3).toLowerCase());
  await page.locator(`[data-testid="person-option"][data-person="${name}"]`).click();
}

async function teamId(name: string): Promise<string> {
  const state = await call<State>("alice", "GET", "state");
  const found = state.teams.find((t) => t.name === name);
  if (!found) throw new Error(`no team ${name}`);
  return found.id;
}

beforeAll(async () => {
  stack = await startStack({ now: () => Date.now() + offset });
  browser = await connectBrowser();
  call = boardCaller(stack, chat);
  await stack.join(chat, "alice", "organizer");
  for (const name of ["bob", "carol", "dave"]) await stack.join(chat, name);
  await call("alice", "POST", "teams", { name: "Payments" });
  await call("alice", "POST", "teams", { name: "Search" });
  await call("alice", "POST", "teams", { name: "Catalog", representative: { id: stack.userId("carol") } });
  await call("alice", "POST", "teams", { name: "Checkout", representative: { id: stack.userId("dave") } });
  await call("alice", "POST", "sessions", { kind: "daily" });
  await call("carol", "POST", "needs", { fromTeamId: await teamId("Catalog"), toTeamId: await teamId("Payments"), text: "A refund hook for returns" });
  [alice, bob, carol] = await Promise.all([open("alice"), open("bob"), open("carol")]);
});

afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await stack?.close();
});

test("the facilitator picks Bob from the people picker as Payments' representative; nobody types an id", async () => {
  await alice.getByTestId("tab-teams").click();
  await team(alice, "Payments").getByTestId("team-menu").click();
  await alice.getByTestId("team-edit").click();
  const dialog = alice.getByRole("dialog");
  // There is no id field anywhere in the dialog: people are picked by name.
  expect(await dialog.getByLabel(/id/i).count()).toBe(0);
  await pick(alice, "representative-picker", "Bob");
  expect(await dialog.getByTestId("picked-person").count()).toBe(1);
  expect(await dialog.getByTestId("picked-person").getByText("Bob", { exact: true }).count()).toBe(1);
  await alice.getByTestId("team-save").click();

  await bob.getByTestId("tab-teams").click();
  await team(bob, "Payments").getByText("Representative: Bob").waitFor({ timeout: 3000 });
  const state = await call<State>("alice", "GET", "state");
  expect(state.teams.find((t) => t.name === "Payments")?.representative?.id).toBe(stack.userId("bob"));
});

test("Bob then posts Payments' daily update and answers the need addressed to Payments from his own panel", async () => {
  await bob.getByTestId("tab-round").click();
  await carol.getByTestId("tab-round").click();
  const payments = dailyCard(bob, "Payments");
  await payments.getByTestId("edit-next-steps").click();
  await bob.getByTestId("next-steps-input").fill("Refunds go live on Thursday");
  await bob.getByTestId("next-steps-save").click();
  await dailyCard(carol, "Payments").getByText("Refunds go live on Thursday").waitFor({ timeout: 3000 });

  const need = payments.locator('[data-testid="need"][data-side="of"]');
  await need.getByTestId("need-accept").click();
  // Carol, who asked for Catalog, sees the answer where the need shows: on Payments' card.
  const answered = dailyCard(carol, "Payments").locator('[data-testid="need"][data-side="of"][data-need-state="accepted"]');
  await answered.waitFor({ timeout: 3000 });
  expect(await answered.getByTestId("need-answer").textContent()).toBe("Accepted by Bob");
});

test("Bob claims Search, which nobody represents, from his own panel; the facilitator sees it", async () => {
  await bob.getByTestId("tab-teams").click();
  // A represented team offers no claim.
  expect(await team(bob, "Catalog").getByTestId("claim-team").count()).toBe(0);
  const claim = team(bob, "Search").getByTestId("claim-team");
  await screenshot(bob.page(), "people-claim");
  expect(await claim.textContent()).toBe("I represent Search");
  await claim.click();
  await alice.getByTestId("tab-teams").click();
  await team(alice, "Search").getByText("Representative: Bob").waitFor({ timeout: 3000 });
  await team(bob, "Search").getByTestId("claim-team").waitFor({ state: "detached", timeout: 3000 });
  // Someone else representing it now, Carol's claim is refused.
  const refused = await stack.call("carol", "POST", `boards/${encodeURIComponent(chat)}/teams/${await teamId("Search")}/claim`);
  expect(refused.status).toBe(409);
});

test("an action created in the panel with Carol picked as owner shows Carol, and an owner outside the meeting is shown as such", async () => {
  await alice.getByTestId("tab-actions").click();
  await bob.getByTestId("tab-actions").click();
  await alice.getByTestId("new-action").click();
  await alice.getByTestId("action-text").fill("Publish the refund API");
  await pick(alice, "action-owner", "Carol");
  await alice.getByTestId("action-create").click();
  const card = bob.locator('[data-testid="action"][data-action-text="Publish the refund API"]');
  await card.waitFor({ timeout: 3000 });
  expect(await card.getByTestId("action-owner-line").textContent()).toBe(" Carol");

  await alice.getByTestId("new-action").click();
  await alice.getByTestId("action-text").fill("Sign the vendor contract");
  await alice.getByTestId("action-owner").click();
  await alice.getByTestId("person-extra").click();
  await alice.getByTestId("action-owner-outside").fill("Zoé from Legal");
  await alice.getByTestId("action-create").click();
  const outside = bob.locator('[data-testid="action"][data-action-text="Sign the vendor contract"]');
  await outside.waitFor({ timeout: 3000 });
  expect(await outside.getByTestId("action-owner-line").textContent()).toBe(" Zoé from Legal (outside this meeting)");

  const state = await call<State>("alice", "GET", "state");
  const owners = state.actions.map((a) => [a.text, a.ownerUserId, a.ownerName]);
  expect(owners).toEqual(
    expect.arrayContaining([
      ["Publish the refund API", stack.userId("carol"), "Carol"],
      ["Sign the vendor contract", null, "Zoé from Legal"],
    ]),
  );
});

test("everyone who opened the panel is recorded present with no check-in: the People list and the summary's attendance say so", async () => {
  await bob.getByTestId("open-people").click();
  const people = bob.getByTestId("people");
  await people.waitFor();
  const marks = async () =>
    people.getByTestId("person").evaluateAll((els) => els.map((e) => `${e.getAttribute("data-person")}:${e.getAttribute("data-present")}`));
  expect(await marks()).toEqual(["Alice:true", "Bob:true", "Carol:true", "Dave:false"]);
  expect(await people.getByTestId("people-count").textContent()).toBe("3 of 4 here this session");
  await bob.page().keyboard.press("Escape");

  // Nobody checked in: Carol, who represents Catalog, attended for it; Dave, who never opened the panel, did not.
  await carol.getByTestId("tab-teams").click();
  await carol.getByTestId("checked-in").waitFor({ timeout: 3000 });
  expect(await carol.getByTestId("check-in").count()).toBe(0);
  await alice.getByTestId("open-summary").click();
  const summary = alice.getByTestId("summary");
  await summary.getByRole("heading", { name: "Who attended" }).waitFor({ timeout: 3000 });
  expect(await summary.getByText("Catalog: Carol").count()).toBe(1);
  expect(await summary.getByText(/Dave/).count()).toBe(0);
  await alice.page().keyboard.press("Escape");
  await summary.waitFor({ state: "detached" });
});

test("a new session records everyone present again; the time's-up prompt shows how many of them voted, live", async () => {
  await alice.getByTestId("session-menu").click();
  await alice.getByTestId("start-weekly").click();
  await alice.getByTestId("confirm-start-session").click();
  for (const page of [alice, bob, carol]) await page.locator('[data-testid="panel"][data-session-kind="weekly"]').waitFor({ timeout: 5000 });

  await call("alice", "POST", "topics", { title: "Refund fraud checks" });
  await alice.getByTestId("start").and(alice.locator(":enabled")).click({ timeout: 5000 });
  await bob.getByTestId("timer-text").waitFor({ timeout: 3000 });
  // The timebox is eight minutes: move the server's clock past its end.
  offset += 8 * 60_000 + 1000;
  const voted = (page: Frame) => page.getByTestId("roman-voted");
  await Promise.all([alice, bob, carol].map((p) => voted(p).waitFor({ timeout: 5000 })));
  expect(await voted(alice).textContent()).toBe("0 of 3 voted");

  await bob.getByTestId("roman-up").click();
  await voted(alice).filter({ hasText: "1 of 3 voted" }).waitFor({ timeout: 3000 });
  await carol.getByTestId("roman-down").click();
  await voted(bob).filter({ hasText: "2 of 3 voted" }).waitFor({ timeout: 3000 });
  await voted(alice).filter({ hasText: "2 of 3 voted" }).waitFor({ timeout: 3000 });
  await screenshot(alice.page(), "people-voted");

  // Bob's presence this weekly counts for the teams he represents: the summary says he attended.
  await alice.getByTestId("close-vote").click();
  await alice.getByTestId("open-summary").click();
  const summary = alice.getByTestId("summary");
  await summary.getByRole("heading", { name: "Who attended" }).waitFor({ timeout: 3000 });
  expect(await summary.getByText("Payments: Bob").count()).toBe(1);
});
