import type { PersonView } from "../../domain";
import type { BoardState } from "./api";

/** A member of the meeting as the board's roster lists them: present this session or not, and the teams they speak for. */
export type RosterPerson = PersonView;

/** The board's roster, sorted by name. */
export function rosterOf(state: BoardState): RosterPerson[] {
  return state.people;
}

/** A roster member's name by id, or null for someone the roster does not hold. */
export function nameOf(people: readonly RosterPerson[], id: string | null | undefined): string | null {
  return (id && people.find((p) => p.id === id)?.name) || null;
}
