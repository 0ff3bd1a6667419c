import { onConflict, type FieldConflict } from "../conflicts";
import { totalsHidden, type Person } from "../../../domain";
import type { PanelStore } from "../store";
import { recountVoting } from "./votes";

/** The board's teams and settings. */
export function teamWrites(store: PanelStore) {
  return {
    updateSettings: (body: Record<string, unknown>) =>
      store.mutate(
        (api) => api.send("PATCH", "/settings", body),
        (s) => {
          const settings = { ...s.settings, ...body };
          return recountVoting({ ...s, settings, totalsHidden: totalsHidden(settings, s.session) });
        },
      ),
    addTeam: (body: { name: string; representative?: { id: string; name?: string } | null }) => store.mutate((api) => api.send("POST", "/teams", body)),
    /** `was`: the name as the editor started from it; a stale rename comes back to `conflict`. */
    editTeam: (teamId: string, body: { name?: string; representative?: Person | null; alternates?: Person[] }, was?: { name: string }, conflict?: (c: FieldConflict[]) => void) =>
      store.mutate(
        (api) => api.send("PATCH", `/teams/${encodeURIComponent(teamId)}`, { ...body, ...(was ? { was } : {}) }),
        (s) => ({ ...s, teams: s.teams.map((t) => (t.id === teamId ? { ...t, ...body } : t)) }),
        conflict ? onConflict(conflict) : undefined,
      ),
    removeTeam: (teamId: string) =>
      store.mutate(
        (api) => api.send("DELETE", `/teams/${encodeURIComponent(teamId)}`),
        (s) => ({ ...s, teams: s.teams.filter((t) => t.id !== teamId), daily: { ...s.daily, order: s.daily.order.filter((id) => id !== teamId) } }),
      ),
  };
}
