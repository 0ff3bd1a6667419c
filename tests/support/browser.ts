import { mkdirSync } from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { chromium, type Browser, type BrowserContext, type Frame, type Page } from "playwright-core";
import type { Stack } from "./stack";
import { LOCAL_TENANT } from "../../src/auth/local-issuer";
import { openInTeams, type TeamsHost } from "./teams-host";

/**
 * The run's one Chromium (started by tests/support/global-setup.ts), reached over its WebSocket.
 * Suites never launch or download a browser.
 */
export async function connectBrowser(): Promise<Browser> {
  const ws = process.env["TEST_BROWSER_WS"];
  if (!ws) throw new Error("Chromium was not started: install Debian's chromium (/usr/bin/chromium) and run through jest's globalSetup");
  return chromium.connect(ws);
}

export const PANEL_WIDTH = 320;
export const SCREENSHOT_DIR = path.resolve(__dirname, "..", "..", ".test-output", "screenshots");

/** A fresh browser context sized like a Teams meeting side panel, with teams-js's CDN answered locally. */
export async function panelContext(browser: Browser, size = { width: PANEL_WIDTH, height: 900 }): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: size, locale: "en-US", reducedMotion: "reduce" });
  // teams-js looks up its valid domains on a Microsoft CDN at load; there is no network here.
  await context.route(/validDomains|res\.cdn\.office\.net|statics\.teams\.cdn\.office\.net/, (route) =>
    route.fulfill({ status: 200, contentType: "application/json", body: JSON.stringify({ validOrigins: [] }) }),
  );
  return context;
}

export interface PanelOptions {
  as: string;
  chat: string;
  theme?: "default" | "dark" | "contrast";
  view?: "config" | "stage";
  lang?: string;
}

export function panelUrl(base: string, o: PanelOptions): string {
  const q = new URLSearchParams({ as: o.as, chat: o.chat });
  if (o.theme) q.set("theme", o.theme);
  if (o.view) q.set("view", o.view);
  if (o.lang) q.set("lang", o.lang);
  return `${base}/?${q.toString()}`;
}

export async function openPanel(context: BrowserContext, base: string, o: PanelOptions): Promise<Page> {
  const page = await context.newPage();
  page.on("pageerror", (err) => console.error(`[${o.as}] page error:`, err));
  await page.goto(panelUrl(base, o));
  return page;
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Polls `read` until `ok` holds or `timeoutMs` passes; returns the last value read. */
export async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 5000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** The Teams themes every view is checked and photographed in. */
export const THEMES = ["default", "dark", "contrast"] as const;

/** axe-core finds no violations on the page as it stands (dialogs and menus included). */
export async function expectNoViolations(page: Page, what: string): Promise<void> {
  // Tabster (Fluent's focus manager) puts aria-hidden focus sentinels around focus groups; they
  // only hand focus on to the real controls, so axe's aria-hidden-focus does not apply to them.
  // Only violations are judged: collecting the details of passes too would double the time.
  const result = await new AxeBuilder({ page }).options({ resultTypes: ["violations"] }).exclude("[data-tabster-dummy]").analyze();
  const found = result.violations.map((v) => `${what}: ${v.id} (${v.impact}) ${v.help}\n  ${v.nodes.map((n) => n.target.join(" ")).join("\n  ")}`);
  expect(found).toEqual([]);
}

/** Opens the panel and waits for `ready`, the first poll and entrance animations, before judging or photographing. */
export async function openReady(context: BrowserContext, base: string, o: PanelOptions, ready: string): Promise<Page> {
  const page = await openPanel(context, base, o);
  await page.getByTestId(ready).waitFor({ timeout: 15000 });
  await page.waitForTimeout(300);
  return page;
}

/** Adds a person to the chat's roster unless they are on it (an organizer stays one); the first person on a new chat organizes it. */
async function ensureMember(stack: Stack, chat: string, name: string): Promise<void> {
  const board = { tenantId: LOCAL_TENANT, chatId: chat };
  const roster = stack.host.deps.services.roster;
  const members = await roster.members(board);
  if (members.some((m) => m.id === stack.userId(name))) return;
  await stack.join(chat, name, members.length === 0 ? "organizer" : "attendee");
}

/** Where a browser test runs the tab: a plain browser tab (`?as=` sign-in) or inside the simulated Teams client. */
export type HostKind = "browser" | "teams";
export const HOSTS: readonly HostKind[] = ["browser", "teams"];

export interface OpenTab {
  page: Page;
  /** The tab's own frame: the page itself in a browser, the iframe inside Teams. */
  tab: Frame;
  /** The simulated Teams client, when the tab runs inside it. */
  teams?: TeamsHost;
}

/**
 * Opens the tab as `o.as` on `o.chat` in the chosen host; the same options mean the same person, chat, theme, view and language.
 * The person is in the meeting: they are added to the chat's roster first (as Teams would have them), keeping the role they have.
 */
export async function openTab(context: BrowserContext, stack: Stack, o: PanelOptions, host: HostKind): Promise<OpenTab> {
  await ensureMember(stack, o.chat, o.as);
  if (host === "browser") {
    const page = await openPanel(context, stack.url, o);
    return { page, tab: page.mainFrame() };
  }
  const teams = await openInTeams(context, stack, {
    as: o.as,
    chat: o.chat,
    frameContext: o.view === "config" ? "settings" : o.view === "stage" ? "meetingStage" : "sidePanel",
    ...(o.theme ? { theme: o.theme } : {}),
    ...(o.lang ? { locale: o.lang } : {}),
  });
  return { page: teams.page, tab: teams.tab, teams };
}
