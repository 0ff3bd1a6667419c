import type { BrowserContext, Frame, Page, Route } from "playwright-core";
import type { Stack } from "./stack";

/**
 * A simulated Teams client for browser tests. The page opens at https://teams.microsoft.com (an
 * origin teams-js accepts as its parent), iframes the tab at an https origin that is proxied to
 * the test's local host, and answers teams-js 2.58's postMessage protocol the way Teams does:
 * `initialize`, `getContext`, `authentication.getAuthToken` (a token from the local issuer for
 * the person, validated by the API like any other), `settings.setSettings` and the save event,
 * `meeting.getAppContentStageSharingCapabilities` and `meeting.shareAppContentToStage`, and it can
 * push `themeChange`, `contextChange`, `beforeUnload` and `load`. Answers can be delayed or withheld.
 */
export const TEAMS_ORIGIN = "https://teams.microsoft.com";
export const TAB_ORIGIN = "https://scrum-tab.example.test";

export type TeamsFrame = "sidePanel" | "meetingStage" | "settings" | "content";
export type Role = "organizer" | "presenter" | "attendee";

export interface TeamsHostOptions {
  as: string;
  /** The meeting chat; null opens the tab where Teams gives no chat (e.g. a personal scope). */
  chat: string | null;
  frameContext?: TeamsFrame;
  theme?: "default" | "dark" | "contrast";
  locale?: string;
  /** Decides whether Teams lets this person share to the stage (attendees may not). */
  role?: Role;
  /** Messages (by `func`) the host holds back until `release(func)` is called. */
  hold?: string[];
  /** Refuse single sign-on with this reason (as Teams does, e.g. "resourceRequiresConsent"). */
  authFailure?: string;
  /** Refuse sharing to the stage with this error. */
  shareRefusal?: { errorCode: number; message: string };
}

export interface HostMessage {
  func: string;
  args: unknown[];
}

const CONTENT: Record<TeamsFrame, string> = { sidePanel: "/", content: "/", meetingStage: "/?view=stage", settings: "/?view=config" };

function parentPage(tabUrl: string): string {
  // The parent relays every message from the tab to the test (window.__teamsHost) and posts back what it answers.
  return `<!doctype html><html><head><title>Microsoft Teams (simulated)</title>
<style>body{margin:0;display:flex;height:100vh;font-family:sans-serif}aside{width:60px;background:#464775}iframe{border:0;flex:1}</style></head>
<body><aside></aside><iframe id="tab" title="Scrum of Scrums" src="${tabUrl}"></iframe>
<script>
const frame = document.getElementById("tab");
window.addEventListener("message", async (e) => {
  if (e.source !== frame.contentWindow || !e.data || typeof e.data.func !== "string") return;
  const reply = await window.__teamsHost({ func: e.data.func, args: e.data.args || [] });
  if (reply) frame.contentWindow.postMessage({ id: e.data.id, uuidAsString: e.data.uuidAsString, args: reply }, ${JSON.stringify(TAB_ORIGIN)});
});
window.__push = (func, args) => frame.contentWindow.postMessage({ func, args }, ${JSON.stringify(TAB_ORIGIN)});
</script></body></html>`;
}

/** Proxies the tab's https origin to the local host, so the tab (and its same-origin API calls) run on the real server. */
async function proxyTab(page: Page, stack: Stack): Promise<void> {
  await page.route(`${TAB_ORIGIN}/**`, async (route: Route) => {
    const url = new URL(route.request().url());
    try {
      const response = await route.fetch({ url: `${stack.url}${url.pathname}${url.search}` });
      await route.fulfill({ response });
    } catch {
      // The page closed while a request was in flight (end of a test): nobody is waiting for it.
      await route.abort().catch(() => undefined);
    }
  });
}

export class TeamsHost {
  /** Every message the tab sent, in order. */
  readonly messages: HostMessage[] = [];
  /** URLs the tab shared to the stage. */
  readonly shared: string[] = [];
  /** What the configuration page saved with `setSettings`. */
  readonly settings: Record<string, unknown>[] = [];
  /** Outcomes of save events the tab reported (`success` or the failure reason). */
  readonly saves: string[] = [];
  private readonly held = new Map<string, (() => void)[]>();
  private readonly holding: Set<string>;
  tokenError: string | undefined;

  constructor(
    readonly page: Page,
    private readonly stack: Stack,
    readonly options: TeamsHostOptions,
  ) {
    this.holding = new Set(options.hold ?? []);
    this.tokenError = options.authFailure;
  }

  /** The tab's frame inside the simulated Teams. */
  get tab(): Frame {
    const frame = this.page.frames().find((f) => f.url().startsWith(TAB_ORIGIN));
    if (!frame) throw new Error("the tab's frame has not loaded");
    return frame;
  }

  count(func: string): number {
    return this.messages.filter((m) => m.func === func).length;
  }

  /** Answers the held messages of this kind now, and stops holding them. */
  release(func: string): void {
    this.holding.delete(func);
    for (const go of this.held.get(func) ?? []) go();
    this.held.delete(func);
  }

  /** Teams' theme changes while the tab is open. */
  async setTheme(theme: "default" | "dark" | "contrast"): Promise<void> {
    await this.page.evaluate((t) => (window as unknown as { __push(f: string, a: unknown[]): void }).__push("themeChange", [t]), theme);
  }

  /** The person selects Save on the configuration dialog. */
  async save(): Promise<void> {
    await this.page.evaluate(() => (window as unknown as { __push(f: string, a: unknown[]): void }).__push("settings.save", [{}]));
  }

  /** Teams hides a cached tab (`beforeUnload`) or shows it again (`load`). */
  async push(func: "beforeUnload" | "load", args: unknown[] = []): Promise<void> {
    await this.page.evaluate(([f, a]) => (window as unknown as { __push(f: string, a: unknown[]): void }).__push(f as string, a as unknown[]), [func, args] as const);
  }

  context(): Record<string, unknown> {
    const o = this.options;
    return {
      ...(o.chat ? { chatId: o.chat, meetingId: `meeting-${o.chat}` } : {}),
      frameContext: o.frameContext ?? "sidePanel",
      theme: o.theme ?? "default",
      locale: o.locale ?? "en-us",
      userObjectId: this.stack.userId(o.as),
      userDisplayName: o.as.charAt(0).toUpperCase() + o.as.slice(1),
      userPrincipalName: `${o.as}@local.test`,
      tid: "00000000-0000-4000-8000-000000000001",
      hostClientType: "web",
      entityId: "scrum-of-scrums",
      appSessionId: "session-1",
    };
  }

  /** The answer Teams gives to one message, or null for a message it does not answer. */
  async answer(m: HostMessage): Promise<unknown[] | null> {
    this.messages.push(m);
    if (this.holding.has(m.func)) {
      await new Promise<void>((go) => this.held.set(m.func, [...(this.held.get(m.func) ?? []), go]));
    }
    const frameContext = this.options.frameContext ?? "sidePanel";
    switch (m.func) {
      case "initialize":
        return [frameContext, "web", JSON.stringify(RUNTIME), "2.58.0"];
      case "getContext":
        return [this.context()];
      case "authentication.getAuthToken":
        return this.tokenError ? [false, this.tokenError] : [true, await this.stack.token(this.options.as)];
      case "meeting.getAppContentStageSharingCapabilities":
        return [null, { doesAppHaveSharePermission: (this.options.role ?? "organizer") !== "attendee" }];
      case "meeting.shareAppContentToStage":
        if (this.options.shareRefusal) return [this.options.shareRefusal, null];
        this.shared.push(String(m.args[0]));
        return [null, true];
      case "settings.setSettings":
        this.settings.push(m.args[0] as Record<string, unknown>);
        return [true];
      case "settings.save.success":
        this.saves.push("success");
        return null;
      case "settings.save.failure":
        this.saves.push(`failure: ${String(m.args[0])}`);
        return null;
      default:
        return null;
    }
  }
}

/** What this simulated Teams supports: what the tab uses, as a Teams web client declares it. */
const RUNTIME = {
  apiVersion: 4,
  hostVersionsInfo: { adaptiveCardSchemaVersion: { majorVersion: 1, minorVersion: 5 } },
  isLegacyTeams: false,
  supports: {
    app: { lifecycle: { caching: {} } },
    appEntity: {},
    authentication: {},
    meeting: {},
    pages: { appButton: {}, backStack: {}, config: {}, currentApp: {}, tabs: {} },
    teamsCore: {},
    dialog: { card: {}, url: {}, update: {} },
  },
};

/**
 * Opens the tab inside the simulated Teams client on a new page of `context` (made with
 * `panelContext`). The tab's frame is `host.tab`.
 */
export async function openInTeams(context: BrowserContext, stack: Stack, options: TeamsHostOptions): Promise<TeamsHost> {
  const page = await context.newPage();
  page.on("pageerror", (err) => console.error(`[${options.as} in Teams] page error:`, err));
  const host = new TeamsHost(page, stack, options);
  await page.exposeFunction("__teamsHost", (m: HostMessage) => host.answer(m));
  // teams-js fetches its list of valid parent origins from a CDN; answer with Teams' own origins.
  await page.route(/validDomains|res\.cdn\.office\.net|statics\.teams\.cdn\.office\.net/, (route) =>
    route.fulfill({ status: 200, contentType: "application/json", body: JSON.stringify({ validOrigins: ["teams.microsoft.com", "*.teams.microsoft.com", "teams.cloud.microsoft"] }) }),
  );
  await proxyTab(page, stack);
  const tabUrl = `${TAB_ORIGIN}${CONTENT[options.frameContext ?? "sidePanel"]}`;
  await page.route(`${TEAMS_ORIGIN}/**`, (route) => route.fulfill({ status: 200, contentType: "text/html", body: parentPage(tabUrl) }));
  await page.goto(`${TEAMS_ORIGIN}/v2/`);
  return host;
}
