import type { BoardState } from "./api";

/** A member of the meeting as the board's roster lists them (the view's `people`, sorted by name). */
export interface RosterPerson {
  id: string;
  name: string;
  role: "organizer" | "presenter" | "attendee";
  /** Recorded present in the current session. */
  present: boolean;
  /** Teams this person represents or is an alternate of. */
  teamIds: string[];
}

/** The board's roster; empty until the server sends one. */
export function rosterOf(state: BoardState): RosterPerson[] {
  return (state as BoardState & { people?: RosterPerson[] }).people ?? [];
}

/** A roster member's name by id, or null for someone the roster does not hold. */
export function nameOf(people: readonly RosterPerson[], id: string | null | undefined): string | null {
  return (id && people.find((p) => p.id === id)?.name) || null;
}

/** Whether an action's owner is someone outside this meeting: a name given with no roster member behind it. */
export function ownerOutside(action: { ownerUserId: string | null; ownerName: string; ownerOutside?: boolean }): boolean {
  return action.ownerOutside ?? (!action.ownerUserId && action.ownerName !== "");
}
