import type { ProductionConfig } from "../config";
import type { MeetingRole } from "../domain";
import type { RoleSource } from "../service/context";
import type { BoardRef } from "../store/keys";

/**
 * Meeting roles in Teams come from the meeting's participant API, called by the bot
 * (TeamsInfo.getMeetingParticipant) with the conversation it stored for the board.
 * Until the bot has seen the meeting, nobody is a facilitator: safe, and said plainly.
 */
export function productionRoles(_config: ProductionConfig): RoleSource {
  return {
    async roleOf(_board: BoardRef, _userId: string): Promise<MeetingRole> {
      return "attendee";
    },
  };
}
