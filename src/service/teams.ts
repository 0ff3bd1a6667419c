import * as domain from "../domain";
import { refuse, type BoardSettings, type Team, type TeamInput } from "../domain";
import type { BoardRef } from "../store/keys";
import { WriteConflict } from "../store/table";
import { newId, orConflict, retryStale, type Caller, type Services } from "./context";
import { FACILITATE, inBoard } from "./board-step";

/**
 * Adds a team in the lowest free slot. The slot row's insert is the guard: two facilitators
 * adding the last allowed team at once get one team and one clear refusal.
 */
export function addTeam(svc: Services, caller: Caller, chatId: string, input: TeamInput): Promise<Team> {
  return inBoard(svc, caller, chatId, FACILITATE, async ({ ref, meta }) => {
    for (let attempt = 0; attempt < 5; attempt++) {
      const teams = (await svc.store.listTeams(ref)).map((t) => t.value);
      const team = domain.addTeam(teams, meta.value.settings, input, newId(svc.now()));
      try {
        await svc.store.insertTeam(ref, team);
      } catch (err) {
        if (err instanceof WriteConflict && err.reason === "exists") continue;
        throw err;
      }
      return team;
    }
    return refuse("conflict", "Several teams were added at once; try again.");
  });
}

async function teamOrRefuse(svc: Services, ref: BoardRef, teamId: string) {
  const team = (await svc.store.listTeams(ref)).find((t) => t.value.id === teamId);
  if (!team) refuse("not_found", "There is no such team on this board.", "teamId");
  return team;
}

export function editTeam(svc: Services, caller: Caller, chatId: string, teamId: string, patch: Partial<TeamInput>, was: { name?: string } = {}): Promise<Team> {
  return inBoard(svc, caller, chatId, FACILITATE, ({ ref }) =>
    retryStale(async () => {
      const teams = await svc.store.listTeams(ref);
      const stored = await teamOrRefuse(svc, ref, teamId);
      const next = domain.editTeam(teams.map((t) => t.value), stored.value, patch, was);
      await svc.store.replaceTeam(ref, next, stored.etag);
      return next;
    }),
  );
}

export function removeTeam(svc: Services, caller: Caller, chatId: string, teamId: string): Promise<void> {
  return inBoard(svc, caller, chatId, FACILITATE, async ({ ref }) => {
    const stored = await teamOrRefuse(svc, ref, teamId);
    await orConflict(() => svc.store.removeTeam(ref, stored.value, stored.etag), "The team changed at the same moment; look again.");
  });
}

export function updateSettings(svc: Services, caller: Caller, chatId: string, patch: Partial<BoardSettings>): Promise<BoardSettings> {
  return inBoard(svc, caller, chatId, FACILITATE, ({ ref }) =>
    retryStale(async () => {
      const meta = await svc.store.getMeta(ref);
      if (!meta) throw new Error("board vanished");
      const next = domain.updateSettings(meta.value.settings, patch);
      await svc.store.replaceMeta(ref, { ...meta.value, settings: next }, meta.etag);
      return next;
    }),
  );
}
