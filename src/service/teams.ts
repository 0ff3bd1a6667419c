import * as domain from "../domain";
import { refuse, type BoardSettings, type Team, type TeamInput } from "../domain";
import type { BoardRef } from "../store/keys";
import { WriteConflict } from "../store/table";
import { newId, orConflict, retryStale, type Caller, type Services } from "./context";
import { CHANGE, FACILITATE, inBoard } from "./board-step";

/** A team's people as a request names them: by id only (a name sent along is ignored). */
export interface TeamPeopleInput {
  representative?: { id: string } | null;
  alternates?: { id: string }[];
}
export type TeamWrite = Omit<TeamInput, "representative" | "alternates"> & TeamPeopleInput;

/**
 * Every person a team names must be on the board's roster; the name stored is the roster's. An id
 * in the wrong shape or of someone outside the meeting is refused, naming the field.
 */
async function resolvePeople(svc: Services, ref: BoardRef, input: Partial<TeamWrite>): Promise<Partial<TeamInput>> {
  const one = async (p: { id: string }, field: string) => {
    const m = domain.requireMember(await svc.roster.member(ref, domain.personId(p.id, field)), field);
    return { id: m.id, name: m.name };
  };
  const { representative, alternates, ...rest } = input;
  const out: Partial<TeamInput> = { ...rest };
  if (representative !== undefined) out.representative = representative === null ? null : await one(representative, "representative");
  if (alternates !== undefined) out.alternates = await Promise.all(alternates.map((a) => one(a, "alternates")));
  return out;
}

/**
 * Adds a team in the lowest free slot. The slot row's insert is the guard: two facilitators
 * adding the last allowed team at once get one team and one clear refusal.
 */
export function addTeam(svc: Services, caller: Caller, chatId: string, write: TeamWrite): Promise<Team> {
  return inBoard(svc, caller, chatId, FACILITATE, async ({ ref, meta }) => {
    const input = { ...(await resolvePeople(svc, ref, write)), name: write.name } as TeamInput;
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

export function editTeam(svc: Services, caller: Caller, chatId: string, teamId: string, write: Partial<TeamWrite>): Promise<Team> {
  return inBoard(svc, caller, chatId, FACILITATE, async ({ ref }) => {
    const patch = await resolvePeople(svc, ref, write);
    return retryStale(async () => {
      const teams = await svc.store.listTeams(ref);
      const stored = await teamOrRefuse(svc, ref, teamId);
      const next = domain.editTeam(teams.map((t) => t.value), stored.value, patch);
      await svc.store.replaceTeam(ref, next, stored.etag);
      return next;
    });
  });
}

/**
 * "I represent Payments": a member takes an unclaimed team for themself. A team someone else
 * represents is refused (the facilitator changes it through the team's edit); claiming your own
 * team again answers it unchanged.
 */
export function claimTeam(svc: Services, caller: Caller, chatId: string, teamId: string): Promise<Team> {
  return inBoard(svc, caller, chatId, CHANGE, async ({ ref }) => {
    const me = domain.requireMember(await svc.roster.member(ref, caller.userId), "teamId");
    return retryStale(async () => {
      const teams = await svc.store.listTeams(ref);
      const stored = await teamOrRefuse(svc, ref, teamId);
      const rep = stored.value.representative;
      if (rep?.id === me.id) return stored.value;
      if (rep) refuse("conflict", `${rep.name} already represents ${stored.value.name}; ask the facilitator to change it.`, "teamId");
      const next = domain.editTeam(teams.map((t) => t.value), stored.value, { representative: { id: me.id, name: me.name }, alternates: stored.value.alternates.filter((a) => a.id !== me.id) });
      await svc.store.replaceTeam(ref, next, stored.etag);
      return next;
    });
  });
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
