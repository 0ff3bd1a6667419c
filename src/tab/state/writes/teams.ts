import { onConflict, type FieldConflict } from "../conflicts";
import { totalsHidden, type Person, type Team } from "../../../domain";
import { nameOf, type RosterPerson } from "../people";
import type { PanelStore } from "../store";
import { recountVoting } from "./votes";

type PersonRef = { id: string };

/** A team edit as the panel shows it before the server answers: each person named from the roster. */
function named(body: { name?: string; representative?: PersonRef | null; alternates?: PersonRef[] }, people: readonly RosterPerson[]): Partial<Team> {
  const person = (p: PersonRef): Person => ({ id: p.id, name: nameOf(people, p.id) ?? "" });
  return {
    ...(body.name !== undefined ? { name: body.name } : {}),
    ...(body.representative !== undefined ? { representative: body.representative ? person(body.representative) : null } : {}),
    ...(body.alternates ? { alternates: body.alternates.map(person) } : {}),
  };
}

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
    addTeam: (body: { name: string; representative?: PersonRef | null }) => store.mutate((api) => api.send("POST", "/teams", body)),
    /**
     * People are sent by id only: the server names them from the roster (`people` names them here meanwhile).
     * `was`: the name as the editor started from it; a stale rename comes back to `conflict`.
     */
    editTeam: (
      teamId: string,
      body: { name?: string; representative?: PersonRef | null; alternates?: PersonRef[] },
      people: readonly RosterPerson[],
      was?: { name: string },
      conflict?: (c: FieldConflict[]) => void,
    ) =>
      store.mutate(
        (api) => api.send("PATCH", `/teams/${encodeURIComponent(teamId)}`, { ...body, ...(was ? { was } : {}) }),
        (s) => ({ ...s, teams: s.teams.map((t) => (t.id === teamId ? { ...t, ...named(body, people) } : t)) }),
        conflict ? onConflict(conflict) : undefined,
      ),
    /** "I represent Payments": the viewer becomes the representative of a team nobody represents. */
    claimTeam: (teamId: string, me: Person) =>
      store.mutate(
        (api) => api.send<Team>("POST", `/teams/${encodeURIComponent(teamId)}/claim`),
        (s) => ({ ...s, teams: s.teams.map((t) => (t.id === teamId && !t.representative ? { ...t, representative: { id: me.id, name: me.name } } : t)) }),
      ),
    removeTeam: (teamId: string) =>
      store.mutate(
        (api) => api.send("DELETE", `/teams/${encodeURIComponent(teamId)}`),
        (s) => ({ ...s, teams: s.teams.filter((t) => t.id !== teamId), daily: { ...s.daily, order: s.daily.order.filter((id) => id !== teamId) } }),
      ),
  };
}
