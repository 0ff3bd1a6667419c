import { settleEdit } from "./edits";
import { refuse, requireText } from "./errors";
import { RECOMMENDED_TEAM_LIMIT, type BoardSettings } from "./settings";

export const TEAM_NAME_MAX = 60;
export const TEAM_COLORS = ["blue", "green", "orange", "purple", "red", "teal", "yellow", "pink", "brown", "gray"] as const;
export type TeamColor = (typeof TEAM_COLORS)[number];

export interface Person {
  /** Entra object id. */
  id: string;
  name: string;
}

export interface Team {
  id: string;
  /**
   * A team occupies one of the board's `teamLimit` slots. The store inserts the slot's row, so
   * two people adding the eighth team at the same moment cannot both succeed.
   */
  slot: number;
  name: string;
  color: TeamColor;
  representative: Person | null;
  alternates: Person[];
}

export interface TeamInput {
  name: string;
  color?: TeamColor;
  representative?: Person | null;
  alternates?: Person[];
}

function sevenTeamRefusal(limit: number): string {
  return (
    `This board already has ${limit} teams, its limit. A scrum of scrums stays useful with at most ${RECOMMENDED_TEAM_LIMIT} teams; ` +
    "beyond that, split it by product area: one board per area, each sending a representative to an area-level scrum of scrums. " +
    "A facilitator can raise the limit in the settings if this board really needs more."
  );
}

/** Lowest free slot under the limit, or a refusal that explains the seven-team rule. */
export function freeTeamSlot(teams: readonly Team[], settings: BoardSettings): number {
  // After the limit was lowered, the board may already hold more teams than it allows.
  if (teams.length >= settings.teamLimit) return refuse("team_limit", sevenTeamRefusal(settings.teamLimit), "name");
  const taken = new Set(teams.map((t) => t.slot));
  for (let slot = 0; slot < settings.teamLimit; slot++) if (!taken.has(slot)) return slot;
  return refuse("team_limit", sevenTeamRefusal(settings.teamLimit), "name");
}

function checkName(teams: readonly Team[], name: string, exceptId?: string): string {
  const clean = requireText(name, "name", "The team name", TEAM_NAME_MAX);
  const clash = teams.find((t) => t.id !== exceptId && t.name.toLocaleLowerCase() === clean.toLocaleLowerCase());
  if (clash) refuse("conflict", `There is already a team called "${clash.name}".`, "name");
  return clean;
}

function checkPeople(representative: Person | null, alternates: Person[]): void {
  const ids = [representative?.id, ...alternates.map((a) => a.id)].filter(Boolean);
  if (new Set(ids).size !== ids.length) refuse("invalid", "A person can be the representative or an alternate, not both or twice.", "alternates");
  if (alternates.length > 5) refuse("invalid", "Name at most 5 alternates.", "alternates");
}

export function addTeam(teams: readonly Team[], settings: BoardSettings, input: TeamInput, id: string): Team {
  const name = checkName(teams, input.name);
  const slot = freeTeamSlot(teams, settings);
  const representative = input.representative ?? null;
  const alternates = input.alternates ?? [];
  checkPeople(representative, alternates);
  const color = input.color ?? TEAM_COLORS[slot % TEAM_COLORS.length] ?? "blue";
  return { id, slot, name, color, representative, alternates };
}

/** `was`: the team's name as the editor's panel showed it (see edits.ts). */
export function editTeam(teams: readonly Team[], team: Team, patch: Partial<TeamInput>, was: { name?: string } = {}): Team {
  const typed = patch.name === undefined ? team.name : checkName(teams, patch.name, team.id);
  const name = settleEdit({ field: "name", current: team.name, yours: typed, was: was.name }, `the team "${team.name}"`);
  const representative = patch.representative === undefined ? team.representative : patch.representative;
  const alternates = patch.alternates ?? team.alternates;
  checkPeople(representative, alternates);
  return { ...team, name, color: patch.color ?? team.color, representative, alternates };
}

/** Whether this person may speak for the team: its representative or one of its alternates. */
export function represents(team: Pick<Team, "representative" | "alternates">, personId: string): boolean {
  return team.representative?.id === personId || team.alternates.some((a) => a.id === personId);
}

export function teamOf(teams: readonly Team[], personId: string): Team | undefined {
  return teams.find((t) => represents(t, personId));
}
