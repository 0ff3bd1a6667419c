import { isPersonId, type MeetingRole } from "../domain";
import type { BoardRef } from "../store/keys";
import { RosterStore, type RosterRow } from "../store/roster";
import type { BotDeps } from "./deps";

/**
 * The bot keeps the board's roster as Teams tells it: people added to or removed from the
 * meeting's chat, and everyone in the chat when the bot itself is added (one read of the paged
 * members API). In a turn it reads @mentions through the roster, so a message naming people
 * costs no call to Teams for anyone the roster knows.
 */

/** A chat member as a Teams event or the members API gives them. */
export interface ChatPerson {
  /** Their Teams id (29:…). */
  id: string;
  name?: string;
  aadObjectId?: string;
}

function rosterOf(deps: BotDeps): RosterStore {
  return new RosterStore(deps.store.rows);
}

/** Writes these people to the board's roster (role as known already, attendee otherwise); people without an Entra id (bots) are skipped. */
export interface Ask {
  /** Their name from Teams, for an event that carries only ids. */
  nameOf?: (teamsId: string) => Promise<string | null>;
  /** Their meeting role from Teams' participant API (null when Teams cannot say). */
  roleOf?: (userId: string) => Promise<MeetingRole | null>;
}

export async function addToRoster(deps: BotDeps, board: BoardRef, people: ChatPerson[], now: number, ask: Ask = {}): Promise<number> {
  const roster = rosterOf(deps);
  let added = 0;
  for (const person of people) {
    if (!person.aadObjectId || !isPersonId(person.aadObjectId)) continue;
    const id = person.aadObjectId.trim().toLowerCase();
    const before = await roster.get(board, id);
    // Someone new is asked about once (their meeting role; their name when the event has none);
    // attendee when Teams cannot say, so nobody facilitates by accident.
    const role: MeetingRole = before?.role ?? (ask.roleOf ? await ask.roleOf(id).catch(() => null) : null) ?? "attendee";
    const name = person.name || before?.name || (ask.nameOf ? await ask.nameOf(person.id).catch(() => null) : null) || "Someone";
    await roster.put(board, { id, name, role, teamsId: person.id }, now);
    added++;
  }
  deps.services.roster.forget?.(board);
  return added;
}

/** Removes these people from the board's roster (they left the chat). */
export async function removeFromRoster(deps: BotDeps, board: BoardRef, people: ChatPerson[]): Promise<void> {
  const roster = rosterOf(deps);
  for (const person of people) {
    if (person.aadObjectId && isPersonId(person.aadObjectId)) await roster.remove(board, person.aadObjectId.trim().toLowerCase());
  }
  deps.services.roster.forget?.(board);
}

/** The roster members by Teams id, read once for a turn that mentions people. */
export async function rosterByTeamsId(deps: BotDeps, board: BoardRef): Promise<Map<string, RosterRow>> {
  const rows = await rosterOf(deps).list(board);
  return new Map(rows.filter((r) => r.teamsId).map((r) => [r.teamsId as string, r]));
}
