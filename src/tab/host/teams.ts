import { app, authentication, meeting, pages } from "@microsoft/teams-js";
import { asTheme, type FrameContext, type Host, type TabConfig } from "./types";

/** The only file that talks to Teams. Loaded on demand, only when the tab may be inside Teams. */
const FRAMES: Record<string, FrameContext> = {
  sidePanel: "sidePanel",
  meetingStage: "meetingStage",
  content: "content",
  settings: "settings",
};

export async function createTeamsHost(timeoutMs: number): Promise<Host | null> {
  const initialized = await Promise.race([
    app.initialize().then(
      () => true,
      () => false,
    ),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), timeoutMs)),
  ]);
  if (!initialized) return null;
  const ctx = await app.getContext();
  const chatId = ctx.chat?.id ?? ctx.meeting?.id ?? ctx.channel?.id ?? "";
  const listeners = new Set<(t: ReturnType<typeof asTheme>) => void>();
  app.registerOnThemeChangeHandler((theme) => listeners.forEach((cb) => cb(asTheme(theme))));
  const frameContext = FRAMES[ctx.page.frameContext ?? "content"] ?? "content";
  let pending: { config: TabConfig; valid: boolean } | null = null;
  let saveRegistered = false;
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
    getToken: () => authentication.getAuthToken(),
    onThemeChange(cb) {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
    setConfig(config, valid) {
      pending = { config, valid };
      if (!saveRegistered && pages.config.isSupported()) {
        saveRegistered = true;
        pages.config.registerOnSaveHandler((event) => {
          if (!pending) return event.notifyFailure("Nothing to save");
          pages.config.setConfig(pending.config).then(
            () => event.notifySuccess(),
            (err: unknown) => event.notifyFailure(String(err)),
          );
        });
      }
      if (pages.config.isSupported()) pages.config.setValidityState(valid);
    },
  };
  if (frameContext === "sidePanel") {
    host.shareToStage = () =>
      new Promise<void>((resolve, reject) => {
        const url = `${window.location.origin}/?view=stage`;
        meeting.shareAppContentToStage((err) => (err ? reject(new Error(err.message ?? String(err.errorCode))) : resolve()), url);
      });
  }
  app.notifySuccess();
  return host;
}
