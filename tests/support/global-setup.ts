import { existsSync } from "node:fs";
import { startAzurite, type Azurite } from "../../src/local/azurite";

/**
 * One Azurite and one Chromium for the whole run, shared by every suite through environment
 * variables that the jest workers inherit.
 */
declare global {
  var __AZURITE__: Azurite | undefined;
  var __BROWSER_SERVER__: { close(): Promise<void> } | undefined;
}

export const CHROMIUM = process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
  "--disable-dev-shm-usage",
];

export default async function globalSetup(): Promise<void> {
  const azurite = await startAzurite();
  globalThis.__AZURITE__ = azurite;
  process.env["TEST_AZURITE_CONNECTION_STRING"] = azurite.connectionString;
  if (existsSync(CHROMIUM)) {
    const { chromium } = await import("playwright-core");
    const server = await chromium.launchServer({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    globalThis.__BROWSER_SERVER__ = server;
    process.env["TEST_BROWSER_WS"] = server.wsEndpoint();
  }
}
