import type { MeetingRole } from "../domain";
import type { RoleSource } from "../service/context";
import type { BoardRef } from "../store/keys";
import { localUserId } from "../auth/local-issuer";

/**
 * Meeting roles for local development and tests: the participant list Teams would keep. By
 * default the named organizers (alice) run the meeting and everyone else attends; a local-only
 * route changes a person's role in one chat.
 */
export class LocalParticipants implements RoleSource {
  private readonly roles = new Map<string, MeetingRole>();
  private readonly organizers: Set<string>;

  constructor(organizerNames: string[] = ["alice"]) {
    this.organizers = new Set(organizerNames.map((n) => localUserId(n)));
  }

  private key(board: BoardRef, userId: string): string {
    return `${board.tenantId}\n${board.chatId}\n${userId}`;
  }

  set(board: BoardRef, userId: string, role: MeetingRole): void {
    this.roles.set(this.key(board, userId), role);
  }

  async roleOf(board: BoardRef, userId: string): Promise<MeetingRole> {
    return this.roles.get(this.key(board, userId)) ?? (this.organizers.has(userId) ? "organizer" : "attendee");
  }
}
