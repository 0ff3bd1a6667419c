import { createBrowserHost } from "./browser";
import type { Host } from "./types";

export type { Host, HostContext, HostTheme, FrameContext, TabConfig } from "./types";

/**
 * Picks the host without hanging: a top-level window that nobody opened cannot be inside Teams
 * (teams-js would only fail); otherwise teams-js is loaded and its initialize raced against a
 * short timeout, falling back to the browser host.
 */
export async function detectHost(win: Window = window): Promise<Host> {
  const topLevel = win.parent === win && !win.opener;
  const forced = new URLSearchParams(win.location.search).get("host");
  if (topLevel || forced === "browser") return createBrowserHost(win.location);
  const { createTeamsHost } = await import("./teams");
  const teams = await createTeamsHost(3000).catch(() => null);
  return teams ?? createBrowserHost(win.location);
}
