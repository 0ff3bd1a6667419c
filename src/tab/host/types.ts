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

export interface Host {
  kind: "teams" | "browser";
  context: HostContext;
  /** A bearer token for the API (Teams SSO, or the local development issuer). */
  getToken(): Promise<string>;
  /** Calls back when the host's theme changes; returns an unsubscribe function. */
  onThemeChange(cb: (theme: HostTheme) => void): () => void;
  /** Present when the host can share the app to the meeting stage. */
  shareToStage?(): Promise<void>;
  /** Present on a configuration page: what to save, and whether Save is enabled. */
  setConfig?(config: TabConfig, valid: boolean): void;
}

export function asTheme(value: string | null | undefined): HostTheme {
  return value === "dark" || value === "contrast" ? value : "default";
}
