import { refuse } from "./errors";

export type MeetingRole = "organizer" | "presenter" | "attendee";

/**
 * The meeting's people: everyone on a board's roster, as Teams (or, locally, the developer) says.
 * A person is their Entra object id; its letters' case means nothing, so one id is one person
 * however a token, a body or a mention spells it.
 */
export interface Member {
  id: string;
  name: string;
  role: MeetingRole;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The one spelling of a person id (lower-case GUID); anything else is refused, naming `field`. */
export function personId(value: string, field: string): string {
  const id = value.trim().toLowerCase();
  if (!GUID.test(id)) refuse("invalid", "That is not a person of this meeting: pick them from the meeting's people.", field);
  return id;
}

/** Whether a text is a person id at all (any case), without refusing. */
export function isPersonId(value: string): boolean {
  return GUID.test(value.trim().toLowerCase());
}

/** The roster in the order people read it: by name, then id (stable). */
export function byName(members: readonly Member[]): Member[] {
  return [...members].sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: "base" }) || a.id.localeCompare(b.id));
}

/** What a named person must be: on the roster. The refusal names the field and never echoes the id back as a person. */
export function requireMember(member: Member | null, field: string): Member {
  if (!member) return refuse("invalid", "That person is not in this meeting: pick someone from the meeting's people.", field);
  return member;
}

/** A person as shown next to a team or an action (what `Person` holds). */
export interface PersonView {
  id: string;
  name: string;
  role: MeetingRole;
  present: boolean;
  teamIds: string[];
}
