import { lazy, Suspense, useEffect, useMemo, useState, type ReactNode } from "react";
import {
  FluentProvider,
  makeStaticStyles,
  makeStyles,
  teamsDarkTheme,
  teamsHighContrastTheme,
  teamsLightTheme,
  tokens,
  type Theme,
} from "@fluentui/react-components";
import { detectHost, type Host, type HostTheme } from "./host";
import { languageOf, stringsFor } from "./strings";
import { ApiClient } from "./state/api";
import { PanelStore } from "./state/store";
import { BoardContext, type BoardEnv } from "./state/hooks";
import { Panel } from "./panel/Panel";
import { PanelSkeleton } from "./panel/common";

// Not needed for the first paint: toasts appear only after someone acts.
const Notices = lazy(() => import("./Notices").then((m) => ({ default: m.Notices })));
const Stage = lazy(() => import("./panel/Stage").then((m) => ({ default: m.Stage })));
const Config = lazy(() => import("./panel/Config").then((m) => ({ default: m.Config })));

const THEMES: Record<HostTheme, Theme> = { default: teamsLightTheme, dark: teamsDarkTheme, contrast: teamsHighContrastTheme };

/** Page-level resets: the Teams iframe has no margin of its own to spare, and headings use Fluent's type ramp. */
const useGlobalStyles = makeStaticStyles({
  body: { margin: 0 },
  "h1, h2, h3, p": { margin: 0 },
});

/*
 * Fluent copies the provider's root class onto every portal's mount node (an absolutely placed
 * layer over the page), so the page's full-height background lives on an inner element: on the
 * provider's root it would blank the board whenever a menu, popover, dialog or toast opens.
 * Portals still receive the theme's tokens, text colour and font from the provider.
 */
const useStyles = makeStyles({
  page: {
    minHeight: "100vh",
    backgroundColor: tokens.colorNeutralBackground2,
    color: tokens.colorNeutralForeground1,
  },
});

export type View = "panel" | "stage" | "config";

export function viewOf(host: Host, search: string): View {
  const v = new URLSearchParams(search).get("view");
  if (v === "config" || host.context.frameContext === "settings") return "config";
  if (v === "stage" || host.context.frameContext === "meetingStage") return "stage";
  return "panel";
}

function Shell({ theme, lang, children }: { theme: HostTheme; lang: string; children: ReactNode }) {
  const styles = useStyles();
  useGlobalStyles();
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  return (
    <FluentProvider theme={THEMES[theme]} lang={lang}>
      <div className={styles.page}>{children}</div>
    </FluentProvider>
  );
}

export function App() {
  const [host, setHost] = useState<Host | null>(null);
  const [theme, setTheme] = useState<HostTheme>(() => (new URLSearchParams(window.location.search).get("theme") as HostTheme | null) ?? "default");
  useEffect(() => {
    let off: (() => void) | undefined;
    void detectHost().then((h) => {
      setHost(h);
      setTheme(h.context.theme);
      off = h.onThemeChange(setTheme);
    });
    return () => off?.();
  }, []);

  const env = useMemo<BoardEnv | null>(() => {
    if (!host) return null;
    const api = new ApiClient(host.context.chatId, () => host.getToken());
    const locale = host.context.locale;
    return { host, store: new PanelStore(api), t: stringsFor(languageOf(locale)), locale };
  }, [host]);

  const view = host ? viewOf(host, window.location.search) : "panel";
  useEffect(() => {
    // The configuration page shows no board; it does not poll.
    if (!env || view === "config") return;
    env.store.start();
    return () => env.store.stop();
  }, [env, view]);

  const lang = env ? languageOf(env.locale) : "en";
  if (!env || !host) {
    return (
      <Shell theme={theme} lang={lang}>
        <PanelSkeleton label={stringsFor(lang).loading} />
      </Shell>
    );
  }
  return (
    <Shell theme={theme} lang={lang}>
      <BoardContext.Provider value={env}>
        <Suspense fallback={null}>
          <Notices t={env.t} />
        </Suspense>
        <Suspense fallback={<PanelSkeleton label={env.t.loading} />}>{view === "config" ? <Config /> : view === "stage" ? <Stage /> : <Panel />}</Suspense>
      </BoardContext.Provider>
    </Shell>
  );
}
