import type { Member, MeetingRole } from "../domain";
import type { BoardRef } from "../store/keys";

/** What the bot can ask Teams about a person in the board's meeting chat. */
export interface ParticipantLookup {
  /** Their meeting role (meeting participant API), or null when Teams cannot say. */
  meetingRole(board: BoardRef, userId: string): Promise<MeetingRole | null>;
  /** Their name and Teams id when they are a member of the chat (conversation member API); null when they are not. */
  chatMember(board: BoardRef, userId: string): Promise<{ name: string; teamsId: string } | null>;
}

/**
 * Who a person not yet on a board's roster is, asked of Teams once (the roster then keeps the
 * answer): a member of the meeting's chat, with their role in the meeting (attendee when Teams
 * cannot say: safe, nobody facilitates by accident). Ids that are not Entra object ids (the bot
 * itself) are nobody.
 */
export function teamsLookup(lookup: () => Promise<ParticipantLookup>): (board: BoardRef, userId: string) => Promise<(Member & { teamsId: string }) | null> {
  return async (board, userId) => {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(userId)) return null;
    const teams = await lookup();
    const member = await teams.chatMember(board, userId);
    if (!member) return null;
    const role = await teams.meetingRole(board, userId).catch(() => null);
    return { id: userId, name: member.name, role: role ?? "attendee", teamsId: member.teamsId };
  };
}
