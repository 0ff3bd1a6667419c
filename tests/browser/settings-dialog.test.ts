import type { Browser, BrowserContext, Page } from "playwright-core";
import { connectBrowser, eventually, openReady, panelContext, PANEL_WIDTH, screenshot } from "../support/browser";
import { board, boardCaller, startStack, type Stack } from "../support/stack";

/**
 * The facilitator changes the board's settings from the side panel: the configuration page's form
 * in a dialog. A refused save keeps what was typed and says why next to the field; a save that
 * lands says so; no toast is left over from either.
 */
const chat = `19:meeting_settingsdialog_${Date.now()}@thread.v2`;
let stack: Stack;
let browser: Browser;
let context: BrowserContext;
let alice: Page;

interface Settings {
  timeboxMinutes: number;
  extensionMinutes: number[];
  votesPerPerson: number;
  teamLimit: number;
  hideTotalsUntilDiscussion: boolean;
}
const settingsNow = async () => (await stack.call<{ settings: Settings }>("alice", "GET", `${board(chat)}/state`)).body.settings;

beforeAll(async () => {
  stack = await startStack();
  browser = await connectBrowser();
  await stack.joinCast(chat);
  await boardCaller(stack, chat)("bob", "POST", "topics", { title: "Release train" });
  context = await panelContext(browser);
  alice = await openReady(context, stack.url, { as: "alice", chat }, "now");
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await stack?.close();
});

test("a refused value keeps the typed text with the reason at its field; a good save says so; nothing lingers", async () => {
  await alice.getByTestId("session-menu").click();
  await alice.getByTestId("open-settings").click();
  const dialog = alice.getByTestId("settings-dialog");
  await dialog.waitFor({ timeout: 5000 });
  expect(await dialog.getByTestId("settings-timebox").inputValue()).toBe("8");
  // The dialog fits the side panel.
  const box = await dialog.boundingBox();
  expect(box && box.x >= 0 && box.x + box.width <= PANEL_WIDTH).toBe(true);

  // Only the server knows the rule: an extension shorter than the timebox before it.
  await dialog.getByTestId("settings-extensions").fill("9, 2");
  await dialog.getByTestId("settings-team-limit").fill("5");
  await dialog.getByTestId("settings-save").click();
  const reason = dialog.getByTestId("field-extensionMinutes").getByText("Each extension must be shorter than the timebox or extension before it.");
  await reason.waitFor({ timeout: 5000 });
  expect(await dialog.getByTestId("settings-extensions").inputValue()).toBe("9, 2");
  expect(await dialog.getByTestId("settings-team-limit").inputValue()).toBe("5");
  expect(await alice.locator(".fui-Toast").count()).toBe(0);
  expect((await settingsNow()).extensionMinutes).toEqual([4, 2]);
  await screenshot(alice, "settings-dialog-refused");

  await dialog.getByTestId("settings-extensions").fill("3, 1");
  await dialog.getByRole("switch", { name: "Hide totals until the discussion starts" }).check();
  await dialog.getByTestId("settings-save").click();
  await dialog.getByTestId("settings-saved").waitFor({ timeout: 5000 });
  // The old reason is gone with the refusal it belonged to.
  expect(await reason.count()).toBe(0);
  expect(await alice.locator(".fui-Toast").count()).toBe(0);
  const saved = await eventually(settingsNow, (s) => s.teamLimit === 5);
  expect(saved).toEqual(expect.objectContaining({ timeboxMinutes: 8, extensionMinutes: [3, 1], teamLimit: 5, hideTotalsUntilDiscussion: true }));
  // The form shows what was saved, not what it opened with.
  expect(await dialog.getByTestId("settings-extensions").inputValue()).toBe("3, 1");

  await dialog.getByTestId("settings-close").click();
  await dialog.waitFor({ state: "detached", timeout: 3000 });
  // The panel follows the new settings: totals are hidden while topics are collected.
  await alice.getByText("Totals stay hidden until the discussion starts.").waitFor({ timeout: 5000 });
});

test("an attendee has no way to the settings", async () => {
  const bob = await openReady(context, stack.url, { as: "bob", chat }, "now");
  expect(await bob.getByTestId("session-menu").count()).toBe(0);
  expect(await bob.getByTestId("open-settings").count()).toBe(0);
  await bob.close();
});
