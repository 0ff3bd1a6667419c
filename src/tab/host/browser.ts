import { apiBase } from "../state/api";
import { cachedToken } from "./token-cache";
import { asTheme, type FrameContext, type Host, type HostTheme } from "./types";

/** Message a developer tool or test may post to the page to switch themes live, as Teams does. */
export const THEME_MESSAGE = "scrum-of-scrums:theme";

/**
 * The tab outside Teams (local development, browser tests): the person comes from `?as=`, the
 * meeting chat from `?chat=`, the theme from `?theme=` and the language from `?lang=`; the token
 * from the local host's development issuer, fetched again shortly before it expires.
 */
export function createBrowserHost(location: Location = window.location): Host {
  const q = new URLSearchParams(location.search);
  const as = q.get("as") ?? "alice";
  const view = q.get("view");
  const frameContext: FrameContext = view === "config" ? "settings" : view === "stage" ? "meetingStage" : "sidePanel";
  const getToken = cachedToken(async () => {
    const res = await fetch(`${apiBase()}/local/token?as=${encodeURIComponent(as)}`);
    if (!res.ok) throw new Error(`local token: HTTP ${res.status}`);
    return ((await res.json()) as { token: string }).token;
  });
  return {
    kind: "browser",
    context: {
      chatId: q.get("chat") ?? "demo",
      frameContext,
      theme: asTheme(q.get("theme")),
      locale: q.get("lang") ?? navigator.language ?? "en",
      userName: as,
    },
    getToken,
    onThemeChange(cb) {
      const listener = (e: MessageEvent) => {
        const data = e.data as { type?: string; theme?: HostTheme } | null;
        if (e.origin === window.location.origin && data?.type === THEME_MESSAGE) cb(asTheme(data.theme));
      };
      window.addEventListener("message", listener);
      return () => window.removeEventListener("message", listener);
    },
  };
}
