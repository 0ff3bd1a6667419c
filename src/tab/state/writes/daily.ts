import type { NeedAnswer, NeedState, Person } from "../../../domain";
import { onConflict, type FieldConflict } from "../conflicts";
import { pendingId } from "../pending";
import type { PanelStore } from "../store";

/** The daily: check-in, each team's next steps and turn, and needs raised and answered between teams. */

const NEED_STATE_OF: Record<NeedAnswer, NeedState> = { accept: "accepted", decline: "declined", done: "done" };

export function dailyWrites(store: PanelStore) {
  return {
    checkIn: (teamId: string, me: Person) =>
      store.mutate(
        (api) => api.send("POST", "/attendance", { teamId }),
        (s) => ({ ...s, attendance: [...s.attendance.filter((a) => !(a.teamId === teamId && a.person.id === me.id)), { teamId, person: me, at: store.serverNow() }] }),
      ),
    /** `was`: the next steps as the poster started from them; a stale rewrite comes back to `conflict`. */
    postNextSteps: (teamId: string, nextSteps: string, me: Person, was: string, conflict: (c: FieldConflict[]) => void) =>
      store.mutate(
        (api) => api.send("PUT", `/daily/${encodeURIComponent(teamId)}`, { nextSteps, was }),
        (s) => ({
          ...s,
          daily: { ...s.daily, updates: [...s.daily.updates.filter((u) => u.teamId !== teamId), { teamId, nextSteps, postedBy: me, postedAt: store.serverNow() }] },
        }),
        onConflict(conflict),
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
              id: pendingId(),
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
  };
}
