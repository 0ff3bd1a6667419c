import { remainingMs } from "../../../domain";
import { domainTimer, type PanelStore } from "../store";

/** The facilitator's controls: the timebox, the vote's close, and opening and closing sessions. */
export function facilitationWrites(store: PanelStore) {
  return {
    concludeVote: () => store.mutate((api) => api.send("POST", "/timer/conclude")),
    discussNext: (topicId?: string) => store.mutate((api) => api.send("POST", "/timer/next", topicId ? { topicId } : {})),
    pause: () =>
      store.mutate(
        (api) => api.send("POST", "/timer/pause"),
        (s) => ({ ...s, timer: { ...s.timer, status: "paused", remainingMs: remainingMs(domainTimer(s.timer), store.serverNow()), endsAt: null } }),
      ),
    resume: () =>
      store.mutate(
        (api) => api.send("POST", "/timer/resume"),
        (s) => ({ ...s, timer: { ...s.timer, status: "running", endsAt: store.serverNow() + s.timer.remainingMs } }),
      ),
    extend: () => store.mutate((api) => api.send("POST", "/timer/extend")),
    stop: () => store.mutate((api) => api.send("POST", "/timer/stop")),
    closeSession: () => store.mutate((api) => api.send("POST", "/session/close")),
    startSession: (kind: "weekly" | "daily") => store.mutate((api) => api.send("POST", "/sessions", { kind })),
  };
}
