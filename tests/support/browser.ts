import { mkdirSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";

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
