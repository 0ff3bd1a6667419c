import { lazy, Suspense, useCallback, useEffect, useMemo, useState, type ReactNode } from "react";
import {
  Button,
  FluentProvider,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  makeStaticStyles,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { asTheme, detectHost, HostProblem, type Host, type HostProblemKind, type HostTheme } from "./host";
import { languageOf, stringsFor, type Strings } from "./strings";
import { ApiClient } from "./state/api";
import { PanelStore } from "./state/store";
import { BoardContext, type BoardEnv } from "./state/hooks";
import { Panel } from "./panel/Panel";
import { PanelSkeleton } from "./panel/common";
import { useFluentTheme } from "./theme";

// Not needed for the first paint: toasts appear only after someone acts.
const Notices = lazy(() => import("./Notices").then((m) => ({ default: m.Notices })));
const Stage = lazy(() => import("./panel/Stage").then((m) => ({ default: m.Stage })));
const Config = lazy(() => import("./panel/Config").then((m) => ({ default: m.Config })));

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
  const fluentTheme = useFluentTheme(theme);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  if (!fluentTheme) return null;
  return (
    <FluentProvider theme={fluentTheme} lang={lang}>
      <div className={styles.page}>{children}</div>
    </FluentProvider>
  );
}

/** Why the board cannot be shown yet, in the product's own words; Retry starts the host over. */
function HostProblemBar({ kind, t, onRetry }: { kind: HostProblemKind; t: Strings; onRetry: () => void }) {
  const words: Record<HostProblemKind, { title?: string; body: string; intent: "info" | "error" | "warning" }> = {
    connecting: { body: t.connectingTeams, intent: "info" },
    noAnswer: { body: t.teamsNoAnswer, intent: "error" },
    contextTimeout: { body: t.contextTimeout, intent: "error" },
    tokenTimeout: { title: t.signInFailed, body: t.tokenTimeout, intent: "error" },
    signIn: { title: t.signInFailed, body: t.signInHint, intent: "error" },
    noChat: { body: t.noChat, intent: "warning" },
  };
  const w = words[kind];
  return (
    <MessageBar intent={w.intent} layout="multiline" data-testid="host-problem" data-kind={kind}>
      <MessageBarBody>
        {w.title ? <MessageBarTitle>{w.title}</MessageBarTitle> : null}
        {w.body}
      </MessageBarBody>
      {kind === "noChat" ? null : (
        <MessageBarActions>
          <Button size="small" onClick={onRetry} data-testid="host-retry">
            {t.retry}
          </Button>
        </MessageBarActions>
      )}
    </MessageBar>
  );
}

/**
 * Connects to the host, then checks what the board needs before any API call: a meeting chat,
 * and a token (so a refused sign-in is said once, in the tab's language, not on every poll).
 */
function useHost(): { host: Host | null; problem: HostProblemKind | null; locale: string; retry: () => void } {
  const [host, setHost] = useState<Host | null>(null);
  const [problem, setProblem] = useState<HostProblemKind | null>(null);
  const [locale, setLocale] = useState(() => new URLSearchParams(window.location.search).get("lang") ?? navigator.language ?? "en");
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let live = true;
    const fail = (err: unknown) => {
      if (!live) return;
      if (err instanceof HostProblem) {
        if (err.detail) console.warn(`[scrum-of-scrums] ${err.kind}: ${err.detail}`);
        setProblem(err.kind);
      } else {
        console.warn("[scrum-of-scrums] host failed", err);
        setProblem("noAnswer");
      }
    };
    detectHost(() => live && setProblem("connecting"))
      .then(async (h) => {
        if (!live) return;
        setLocale(h.context.locale);
        if (!h.context.chatId) throw new HostProblem("noChat");
        await h.getToken();
        if (!live) return;
        setProblem(null);
        setHost(h);
      })
      .catch(fail);
    return () => {
      live = false;
    };
  }, [attempt]);
  const retry = useCallback(() => {
    // teams-js sends its initialize once per page: if Teams never answered it, only a reload asks again.
    if (problem === "connecting" || problem === "noAnswer") return window.location.reload();
    setProblem(null);
    setAttempt((n) => n + 1);
  }, [problem]);
  return { host, problem, locale, retry };
}

export function App() {
  const { host, problem, locale: hostLocale, retry } = useHost();
  // The host's theme at start, then whatever it switches to while the tab is open.
  const [liveTheme, setLiveTheme] = useState<HostTheme | null>(null);
  useEffect(() => host?.onThemeChange(setLiveTheme), [host]);
  const theme = liveTheme ?? host?.context.theme ?? asTheme(new URLSearchParams(window.location.search).get("theme"));

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
    // A cached tab hidden by Teams stops polling and picks up again when shown.
    env.host.onLifecycle?.({ suspend: () => env.store.stop(), resume: () => env.store.start() });
    return () => env.store.stop();
  }, [env, view]);

  const lang = languageOf(env ? env.locale : hostLocale);
  if (!env || !host) {
    const t = stringsFor(lang);
    return (
      <Shell theme={theme} lang={lang}>
        {problem ? <HostProblemBar kind={problem} t={t} onRetry={retry} /> : null}
        {problem && problem !== "connecting" ? null : <PanelSkeleton label={t.loading} />}
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
