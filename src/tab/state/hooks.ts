import { createContext, useContext, useEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import {
  decideContinuation,
  remainingMs,
  type ActionStatus,
  type NeedAnswer,
  type NeedState,
  type Person,
  type RomanChoice,
  type RomanView,
  type TopicView,
} from "../../domain";
import type { Host } from "../host";
import type { Strings } from "../strings";
import type { BoardState } from "./api";
import { domainTimer, type BoardSnapshot, type BoardStore } from "./store";

export interface BoardEnv {
  store: BoardStore;
  host: Host;
  t: Strings;
  locale: string;
}

export const BoardContext = createContext<BoardEnv | null>(null);

export function useEnv(): BoardEnv {
  const env = useContext(BoardContext);
  if (!env) throw new Error("BoardContext is missing");
  return env;
}

export function useStrings(): Strings {
  return useEnv().t;
}

/** The shared board: the server's view plus this panel's pending changes. */
export function useBoard(): BoardSnapshot {
  const { store } = useEnv();
  return useSyncExternalStore(store.subscribe, store.getSnapshot);
}

/** Server time, read fresh on every render and re-rendering every `intervalMs` while `active`. */
export function useServerNow(active: boolean, intervalMs = 250): number {
  const { store } = useEnv();
  const [, setTick] = useState(0);
  useEffect(() => {
    if (!active) return;
    const id = setInterval(() => setTick((n) => n + 1), intervalMs);
    return () => clearInterval(id);
  }, [active, intervalMs]);
  return store.serverNow();
}

/**
 * Tells the team that asked when another team answers one of its needs (accepted, declined with
 * its reason, or done), once per answer, wherever the panel is open.
 */
export function useNeedAnswers(state: BoardState | null): void {
  const { store, t } = useEnv();
  const seen = useRef<Map<string, string> | null>(null);
  useEffect(() => {
    if (!state) return;
    const now = new Map(state.needs.map((n) => [n.id, n.state]));
    const before = seen.current;
    seen.current = now;
    if (!before || !state.me.teamId) return;
    for (const n of state.needs) {
      const was = before.get(n.id);
      if (n.fromTeamId !== state.me.teamId || !was || was === n.state || !n.answeredBy || n.answeredBy.id === state.me.id) continue;
      const team = state.teams.find((x) => x.id === n.toTeamId)?.name ?? "";
      const label = n.state === "accepted" ? t.needAccepted : n.state === "declined" ? t.needDeclined : n.state === "done" ? t.needDone : t.needOpen;
      store.notify({
        intent: n.state === "declined" ? "error" : "success",
        title: t.needAnsweredNotice(team, label),
        body: n.state === "declined" && n.declineReason ? `${n.text}. ${t.declineReasonShown(n.declineReason)}` : n.text,
      });
    }
  }, [state, store, t]);
}

export function formatMmss(ms: number): string {
  const total = Math.ceil(Math.max(0, ms) / 1000);
  const m = Math.floor(total / 60);
  const s = total % 60;
  return `${String(m).padStart(2, "0")}:${String(s).padStart(2, "0")}`;
}

export interface Countdown {
  remainingMs: number;
  fraction: number;
  mmss: string;
  expired: boolean;
  status: "idle" | "running" | "paused";
}

/** The shared countdown: the domain's remaining time at the server's clock, ticking locally. */
export function useCountdown(state: BoardState | null): Countdown {
  const timer = state?.timer;
  const running = timer?.status === "running";
  const now = useServerNow(running);
  if (!timer) return { remainingMs: 0, fraction: 0, mmss: "00:00", expired: false, status: "idle" };
  const dt = domainTimer(timer);
  const left = remainingMs(dt, now);
  const expired = dt.status === "running" && left <= 0;
  return {
    remainingMs: left,
    fraction: timer.durationMs > 0 ? Math.min(1, left / timer.durationMs) : 0,
    mmss: formatMmss(left),
    expired,
    status: timer.status,
  };
}

/** The continue/stop vote as this panel shows it, even before the server's first ballot arrives. */
export function useRoman(state: BoardState | null, expired: boolean): RomanView | null {
  return useMemo(() => {
    if (!state || !expired) return null;
    const t = state.timer;
    if (!t.topicId) return null;
    if (state.roman && state.roman.topicId === t.topicId && state.roman.round === t.round) return state.roman;
    const tally = { up: 0, sideways: 0, down: 0 };
    return { topicId: t.topicId, round: t.round, tally, myChoice: null, outcome: decideContinuation(tally, domainTimer(t), state.settings) };
  }, [state, expired]);
}

function mapTopic(s: BoardState, id: string, fn: (t: TopicView) => TopicView): BoardState {
  return { ...s, topics: s.topics.map((t) => (t.id === id ? fn(t) : t)) };
}

const NEED_STATE_OF: Record<NeedAnswer, NeedState> = { accept: "accepted", decline: "declined", done: "done" };

const p = (id: string) => `/topics/${encodeURIComponent(id)}`;

/** Every write the panel makes, each with its optimistic change. */
export function useBoardActions() {
  const { store } = useEnv();
  return useMemo(
    () => ({
      refresh: () => store.refresh(true),
      addTopic: (body: { title: string; details?: string; teamId?: string | null }, author: { id: string; name: string }) =>
        store.mutate(
          (api) => api.send("POST", "/topics", body),
          (s) => ({
            ...s,
            topics: [
              ...s.topics.filter((t) => t.state === "queued"),
              {
                id: `pending-${Date.now()}`,
                title: body.title,
                details: body.details ?? "",
                author,
                mine: true,
                teamId: body.teamId ?? null,
                state: "queued" as const,
                createdAt: Date.now(),
                dots: s.settings.hideTotalsUntilDiscussion && s.session.phase === "collecting" ? null : 0,
                myDots: 0,
                takeaways: "",
                discussedAt: null,
                carriedFrom: null,
              },
              ...s.topics.filter((t) => t.state !== "queued"),
            ],
          }),
        ),
      editTopic: (id: string, body: { title?: string; details?: string; teamId?: string | null }) =>
        store.mutate(
          (api) => api.send("PATCH", p(id), body),
          (s) => mapTopic(s, id, (t) => ({ ...t, ...(body.title !== undefined ? { title: body.title } : {}), ...(body.details !== undefined ? { details: body.details } : {}) })),
        ),
      dropTopic: (id: string) => store.mutate((api) => api.send("DELETE", p(id)), (s) => ({ ...s, topics: s.topics.filter((t) => t.id !== id) })),
      mergeTopic: (id: string, intoTopicId: string) =>
        store.mutate((api) => api.send("POST", `${p(id)}/merge`, { intoTopicId }), (s) => ({ ...s, topics: s.topics.filter((t) => t.id !== id) })),
      castVote: (id: string) =>
        store.mutate(
          (api) => api.send("POST", `${p(id)}/votes`),
          (s) => ({
            ...mapTopic(s, id, (t) => ({ ...t, myDots: t.myDots + 1, dots: t.dots === null ? null : t.dots + 1 })),
            me: { ...s.me, dotsLeft: Math.max(0, s.me.dotsLeft - 1) },
          }),
        ),
      withdrawVote: (id: string) =>
        store.mutate(
          (api) => api.send("DELETE", `${p(id)}/votes`),
          (s) => ({
            ...mapTopic(s, id, (t) => ({ ...t, myDots: Math.max(0, t.myDots - 1), dots: t.dots === null ? null : Math.max(0, t.dots - 1) })),
            me: { ...s.me, dotsLeft: s.me.dotsLeft + 1 },
          }),
        ),
      recordTakeaways: (id: string, takeaways: string) =>
        store.mutate((api) => api.send("PUT", `${p(id)}/takeaways`, { takeaways }), (s) => mapTopic(s, id, (t) => ({ ...t, takeaways }))),
      castRoman: (topicId: string, choice: RomanChoice, current: RomanView) =>
        store.mutate(
          (api) => api.send("PUT", `${p(topicId)}/roman`, { choice }),
          (s) => {
            const tally = { ...current.tally };
            if (current.myChoice) tally[current.myChoice] = Math.max(0, tally[current.myChoice] - 1);
            tally[choice] += 1;
            return { ...s, roman: { ...current, tally, myChoice: choice } };
          },
        ),
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
      createAction: (body: { text: string; ownerName?: string; ownerTeamId?: string | null; due?: string | null; originTopicId?: string | null }, me: { id: string }) =>
        store.mutate(
          (api) => api.send("POST", "/actions", body),
          (s) => ({
            ...s,
            actions: [
              ...s.actions,
              {
                id: `pending-${Date.now()}`,
                text: body.text,
                ownerTeamId: body.ownerTeamId ?? null,
                ownerUserId: null,
                ownerName: body.ownerName ?? "",
                due: body.due ?? null,
                status: "todo" as const,
                originTopicId: body.originTopicId ?? null,
                originSessionId: s.session.id,
                createdAt: Date.now(),
                createdBy: me.id,
                updatedAt: Date.now(),
                doneAt: null,
                overdue: false,
              },
            ],
          }),
        ),
      moveAction: (id: string, status: ActionStatus) =>
        store.mutate(
          (api) => api.send("PUT", `/actions/${encodeURIComponent(id)}/status`, { status }),
          (s) => ({ ...s, actions: s.actions.map((a) => (a.id === id ? { ...a, status } : a)) }),
        ),
      updateSettings: (body: Record<string, unknown>) =>
        store.mutate(
          (api) => api.send("PATCH", "/settings", body),
          (s) => ({ ...s, settings: { ...s.settings, ...body } }),
        ),
      addTeam: (body: { name: string; representative?: { id: string; name: string } | null }) => store.mutate((api) => api.send("POST", "/teams", body)),
      editTeam: (teamId: string, body: { name?: string; representative?: Person | null; alternates?: Person[] }) =>
        store.mutate(
          (api) => api.send("PATCH", `/teams/${encodeURIComponent(teamId)}`, body),
          (s) => ({ ...s, teams: s.teams.map((t) => (t.id === teamId ? { ...t, ...body } : t)) }),
        ),
      removeTeam: (teamId: string) =>
        store.mutate(
          (api) => api.send("DELETE", `/teams/${encodeURIComponent(teamId)}`),
          (s) => ({ ...s, teams: s.teams.filter((t) => t.id !== teamId), daily: { ...s.daily, order: s.daily.order.filter((id) => id !== teamId) } }),
        ),
      checkIn: (teamId: string, me: Person) =>
        store.mutate(
          (api) => api.send("POST", "/attendance", { teamId }),
          (s) => ({ ...s, attendance: [...s.attendance.filter((a) => !(a.teamId === teamId && a.person.id === me.id)), { teamId, person: me, at: store.serverNow() }] }),
        ),
      postNextSteps: (teamId: string, nextSteps: string, me: Person) =>
        store.mutate(
          (api) => api.send("PUT", `/daily/${encodeURIComponent(teamId)}`, { nextSteps }),
          (s) => ({
            ...s,
            daily: { ...s.daily, updates: [...s.daily.updates.filter((u) => u.teamId !== teamId), { teamId, nextSteps, postedBy: me, postedAt: store.serverNow() }] },
          }),
        ),
      nextTurn: (teamId?: string) => store.mutate((api) => api.send("POST", "/daily/turn", teamId ? { teamId } : {})),
      raiseNeed: (body: { fromTeamId: string; toTeamId: string; text: string; by?: string | null }, me: Person) =>
        store.mutate(
          (api) => api.send("POST", "/needs", body),
          (s) => ({
            ...s,
            needs: [
              ...s.needs,
              {
                id: `pending-${Date.now()}`,
                fromTeamId: body.fromTeamId,
                toTeamId: body.toTeamId,
                text: body.text,
                by: body.by ?? null,
                state: "open" as const,
                declineReason: "",
                raisedBy: me,
                raisedAt: store.serverNow(),
                raisedInSession: s.session.id,
                answeredBy: null,
                answeredAt: null,
                escalatedTopicId: null,
                overdue: false,
              },
            ],
          }),
        ),
      answerNeed: (needId: string, answer: NeedAnswer, me: Person, reason?: string) =>
        store.mutate(
          (api) => api.send("PUT", `/needs/${encodeURIComponent(needId)}/answer`, { answer, ...(reason ? { reason } : {}) }),
          (s) => ({
            ...s,
            needs: s.needs.map((n) =>
              n.id === needId
                ? { ...n, state: NEED_STATE_OF[answer], declineReason: answer === "decline" ? (reason ?? "") : n.declineReason, answeredBy: me, answeredAt: store.serverNow(), overdue: false }
                : n,
            ),
          }),
        ),
    }),
    [store],
  );
}
