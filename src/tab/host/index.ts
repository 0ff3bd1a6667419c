import { createBrowserHost } from "./browser";
import type { Host } from "./types";

export { asTheme, HostProblem } from "./types";
export type { Host, HostContext, HostTheme, FrameContext, TabConfig, HostProblemKind } from "./types";

/**
 * Picks the host without hanging: a top-level window that nobody opened cannot be inside Teams
 * (teams-js would only fail), so it gets the browser host. Anywhere else the tab is Teams' and
 * stays so: a slow Teams is waited for (`onSlow` lets the page say so), never swapped for the
 * browser host and its development sign-in.
 */
export async function detectHost(onSlow: () => void, win: Window = window): Promise<Host> {
  const topLevel = win.parent === win && !win.opener;
  const forced = new URLSearchParams(win.location.search).get("host");
  if (topLevel || forced === "browser") return createBrowserHost(win.location);
  const { createTeamsHost } = await import("./teams");
  return createTeamsHost({ onSlow });
}
