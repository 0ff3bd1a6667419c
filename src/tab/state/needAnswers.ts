import { useEffect, useRef } from "react";
import { teamName, UNKNOWN_TEAM } from "../format";
import type { BoardState } from "./api";
import { useEnv } from "./hooks";

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
      const team = teamName(state.teams, n.toTeamId) ?? UNKNOWN_TEAM;
      const label = n.state === "accepted" ? t.needAccepted : n.state === "declined" ? t.needDeclined : n.state === "done" ? t.needDone : t.needOpen;
      store.notify({
        intent: n.state === "declined" ? "error" : "success",
        title: t.needAnsweredNotice(team, label),
        body: n.state === "declined" && n.declineReason ? `${n.text}. ${t.declineReasonShown(n.declineReason)}` : n.text,
      });
    }
  }, [state, store, t]);
}
