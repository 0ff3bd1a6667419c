import type { Member } from "../domain";
import { keys, partitionFilter, type BoardRef } from "./keys";
import type { Rows } from "./table";

/**
 * A board's roster rows: one per member, in the board's own roster partition. The same rows in
 * Teams (written by the bot from Teams' events, or on a first lookup) and locally (written by
 * the local participants route), so membership is checked by the same code everywhere.
 */
export interface RosterRow extends Member {
  /** The person's Teams id (29:…) when Teams told it: how the bot starts a personal chat and reads a mention. */
  teamsId: string | null;
  updatedAt: number;
}

export class RosterStore {
  constructor(readonly rows: Rows) {}

  async get(board: BoardRef, userId: string): Promise<RosterRow | null> {
    return (await this.rows.get<RosterRow>(keys.roster(board), keys.rosterRow(userId)))?.value ?? null;
  }

  async list(board: BoardRef): Promise<RosterRow[]> {
    return (await this.rows.query<RosterRow>(partitionFilter(keys.roster(board)))).map((r) => r.value);
  }

  /** Adds or refreshes a member; a row that would not change is not written. */
  async put(board: BoardRef, member: Member & { teamsId?: string | null }, now: number): Promise<void> {
    const before = await this.get(board, member.id);
    const teamsId = member.teamsId ?? before?.teamsId ?? null;
    if (before && before.name === member.name && before.role === member.role && before.teamsId === teamsId) return;
    await this.rows.upsert<RosterRow>(keys.roster(board), keys.rosterRow(member.id), { id: member.id, name: member.name, role: member.role, teamsId, updatedAt: now });
  }

  /** Removes a member; true when they were there. */
  remove(board: BoardRef, userId: string): Promise<boolean> {
    return this.rows.remove(keys.roster(board), keys.rosterRow(userId));
  }
}
