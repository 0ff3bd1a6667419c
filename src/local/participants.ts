import type { MeetingRole } from "../domain";
import type { StoredRoster } from "../service/roster";
import type { BoardRef } from "../store/keys";
import type { RosterStore } from "../store/roster";
import { LOCAL_TENANT, displayName, localUserId } from "../auth/local-issuer";

/** The chat `npm start` prints, seeded so both of the README's links work at once. */
export const DEMO_CHAT = "demo";
const DEMO_PEOPLE: [string, MeetingRole][] = [
  ["alice", "organizer"],
  ["bob", "attendee"],
  ["carol", "attendee"],
  ["dave", "attendee"],
];

/**
 * The meeting's people in local development: what Teams would tell the bot, written into the same
 * roster rows by the local-only participants route. Changes made here clear this instance's copy
 * of the roster at once.
 */
export class LocalParticipants {
  constructor(
    private readonly store: RosterStore,
    private readonly roster: StoredRoster,
    private readonly now: () => number,
  ) {}

  async add(board: BoardRef, name: string, role: MeetingRole): Promise<void> {
    await this.store.put(board, { id: localUserId(name, board.tenantId), name: displayName(name), role }, this.now());
    this.roster.forget(board);
  }

  async remove(board: BoardRef, name: string): Promise<boolean> {
    const removed = await this.store.remove(board, localUserId(name, board.tenantId));
    this.roster.forget(board);
    return removed;
  }

  /** alice (organizer), bob, carol and dave in the `demo` chat. */
  async seedDemo(tenantId = LOCAL_TENANT): Promise<void> {
    for (const [name, role] of DEMO_PEOPLE) await this.add({ tenantId, chatId: DEMO_CHAT }, name, role);
  }
}
