import { app, authentication, meeting, pages } from "@microsoft/teams-js";
import { cachedToken } from "./token-cache";
import { asTheme, HostProblem, within, type FrameContext, type Host, type HostTheme, type TabConfig } from "./types";

/** The only file that talks to Teams. Loaded on demand, only when the tab may be inside Teams. */
const FRAMES: Record<string, FrameContext> = {
  sidePanel: "sidePanel",
  meetingStage: "meetingStage",
  content: "content",
  settings: "settings",
};

/** How long the tab waits for each answer before it says so (Teams normally answers in well under a second). */
export const TEAMS_WAITS = { slowInitializeMs: 3000, contextMs: 5000, tokenMs: 8000, capabilityMs: 3000 };

/**
 * Connects to Teams. Inside an iframe there is no falling back to the browser host: after
 * `slowInitializeMs` the caller is told (so it can say "Connecting to Teams…") and the wait goes
 * on until teams-js itself gives up (60 s), which ends in a `noAnswer` problem.
 */
async function connect(onSlow: () => void): Promise<void> {
  const slow = setTimeout(onSlow, TEAMS_WAITS.slowInitializeMs);
  try {
    await app.initialize();
  } catch (err) {
    throw new HostProblem("noAnswer", err instanceof Error ? err.message : String(err));
  } finally {
    clearTimeout(slow);
  }
}

/** Whether Teams lets this person share to the stage here: the host's own answer, or no when it does not give one. */
function maySharetoStage(frameContext: FrameContext): Promise<boolean> {
  if (frameContext !== "sidePanel") return Promise.resolve(false);
  const asked = new Promise<boolean>((resolve) => {
    try {
      meeting.getAppContentStageSharingCapabilities((err, caps) => resolve(!err && caps?.doesAppHaveSharePermission === true));
    } catch {
      resolve(false);
    }
  });
  return within(asked, TEAMS_WAITS.capabilityMs, () => new HostProblem("contextTimeout")).catch(() => false);
}

function shareToStage(): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const url = `${window.location.origin}/?view=stage`;
    try {
      meeting.shareAppContentToStage((err) => (err ? reject(new Error(err.message ?? `Teams refused (${err.errorCode})`)) : resolve()), url);
    } catch (err) {
      reject(err instanceof Error ? err : new Error(String(err)));
    }
  });
}

function configSaver(): NonNullable<Host["setConfig"]> {
  let pending: { config: TabConfig; valid: boolean } | null = null;
  let saveRegistered = false;
  return (config, valid) => {
    pending = { config, valid };
    if (!pages.config.isSupported()) return;
    if (!saveRegistered) {
      saveRegistered = true;
      pages.config.registerOnSaveHandler((event) => {
        if (!pending) return event.notifyFailure("Nothing to save");
        pages.config.setConfig(pending.config).then(
          () => event.notifySuccess(),
          (err: unknown) => event.notifyFailure(String(err)),
        );
      });
    }
    void pages.config.setValidityState(valid);
  };
}

export async function createTeamsHost(options: { onSlow: () => void }): Promise<Host> {
  await connect(options.onSlow);
  const ctx = await within(app.getContext(), TEAMS_WAITS.contextMs, () => new HostProblem("contextTimeout"));
  const chatId = ctx.chat?.id ?? ctx.meeting?.id ?? ctx.channel?.id ?? "";
  const frameContext = FRAMES[ctx.page.frameContext ?? "content"] ?? "content";
  const themeListeners = new Set<(t: HostTheme) => void>();
  app.registerOnThemeChangeHandler((theme) => themeListeners.forEach((cb) => cb(asTheme(theme))));
  app.registerOnContextChangeHandler((next) => {
    // Another chat or frame is another board: start afresh; otherwise only the theme may have moved.
    const nextChat = next.chat?.id ?? next.meeting?.id ?? next.channel?.id ?? "";
    if (nextChat !== chatId || (next.page.frameContext && next.page.frameContext !== ctx.page.frameContext)) window.location.reload();
    else themeListeners.forEach((cb) => cb(asTheme(next.app.theme)));
  });
  const token = cachedToken(() =>
    within(authentication.getAuthToken(), TEAMS_WAITS.tokenMs, () => new HostProblem("tokenTimeout")).catch((err: unknown) => {
      throw err instanceof HostProblem ? err : new HostProblem("signIn", err instanceof Error ? err.message : String(err));
    }),
  );
  const host: Host = {
    kind: "teams",
    context: {
      chatId,
      ...(ctx.meeting?.id ? { meetingId: ctx.meeting.id } : {}),
      frameContext,
      theme: asTheme(ctx.app.theme),
      locale: ctx.app.locale,
      ...(ctx.user?.displayName ? { userName: ctx.user.displayName } : {}),
    },
    getToken: token,
    onThemeChange(cb) {
      themeListeners.add(cb);
      return () => themeListeners.delete(cb);
    },
    onLifecycle(handlers) {
      // Registering these tells Teams the tab may be cached while hidden; on resume it is shown again.
      app.lifecycle.registerBeforeSuspendOrTerminateHandler(() => {
        handlers.suspend();
        return Promise.resolve();
      });
      app.lifecycle.registerOnResumeHandler(() => {
        handlers.resume();
        void app.notifySuccess();
      });
    },
  };
  if (frameContext === "settings") host.setConfig = configSaver();
  if (await maySharetoStage(frameContext)) host.shareToStage = shareToStage;
  void app.notifySuccess();
  return host;
}
