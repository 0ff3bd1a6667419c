import { remainingMs, type Continuation } from "../../../domain";
import type { ApiError } from "../api";
import { domainTimer, type PanelStore } from "../store";

/** The facilitator's controls: the timebox, the vote's close, and opening and closing sessions. */
export function facilitationWrites(store: PanelStore) {
  return {
    /**
     * Closes the time's-up vote; when the room moved on and `thenNext`, the next topic starts at
     * once, so "next topic" follows the result instead of being a second control beside it.
     */
    concludeVote: async (thenNext = false) => {
      const result = await store.mutate((api) => api.send<{ continuation?: Continuation }>("POST", "/timer/conclude"));
      if (thenNext && result?.continuation?.decision === "moveOn") await store.mutate((api) => api.send("POST", "/timer/next", {}));
    },
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
    /** Sets (or with null forgets) the meeting's end; `refused` sees a refusal first, to show it at the field. */
    setMeetingEnd: (endsAt: number | null, refused?: (e: ApiError) => boolean) =>
      store.mutate((api) => api.send("PUT", "/session/meeting-end", { endsAt }), undefined, refused),
  };
}
