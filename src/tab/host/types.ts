/** What the tab needs from whatever hosts it (Teams, or a plain browser in development and tests). */
export type FrameContext = "sidePanel" | "meetingStage" | "content" | "settings";
export type HostTheme = "default" | "dark" | "contrast";

export interface HostContext {
  chatId: string;
  meetingId?: string;
  frameContext: FrameContext;
  theme: HostTheme;
  locale: string;
  userName?: string;
}

export interface TabConfig {
  contentUrl: string;
  websiteUrl?: string;
  entityId: string;
  suggestedDisplayName: string;
}

/** Calls the host makes when Teams keeps the tab cached while hidden, and shows it again. */
export interface LifecycleHandlers {
  suspend(): void;
  resume(): void;
}

export interface Host {
  kind: "teams" | "browser";
  context: HostContext;
  /** A bearer token for the API (Teams SSO, or the local development issuer), kept until shortly before it expires. */
  getToken(): Promise<string>;
  /** Calls back when the host's theme changes; returns an unsubscribe function. */
  onThemeChange(cb: (theme: HostTheme) => void): () => void;
  /** Present when the host can share the app to the meeting stage and lets this person share. */
  shareToStage?(): Promise<void>;
  /** Present on a configuration page: what to save, and whether Save is enabled. */
  setConfig?(config: TabConfig, valid: boolean): void;
  /** Present when the host may cache the tab while hidden (Teams): polling stops and resumes with it. */
  onLifecycle?(handlers: LifecycleHandlers): void;
}

/**
 * Why the tab cannot show the board yet: Teams has not answered (`connecting` while it may still,
 * `noAnswer` when it gave up), the context or token did not come in time, sign-in was refused, or
 * the tab is open outside a meeting chat. `detail` is the host's own words, for the console only.
 */
export type HostProblemKind = "connecting" | "noAnswer" | "contextTimeout" | "tokenTimeout" | "signIn" | "noChat";

export class HostProblem extends Error {
  constructor(
    readonly kind: HostProblemKind,
    readonly detail = "",
  ) {
    super(detail || kind);
    this.name = "HostProblem";
  }
}

/** Rejects with `problem` if `promise` has not settled within `ms`. */
export function within<T>(promise: Promise<T>, ms: number, problem: () => HostProblem): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(problem()), ms);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

export function asTheme(value: string | null | undefined): HostTheme {
  return value === "dark" || value === "contrast" ? value : "default";
}
