import type { MeetingRole } from "../../src/domain";
import type { Roster } from "../../src/service/context";

/** For tests that build the services by hand over the store: everyone is in the meeting, in the role `roleOf` says. */
export function everyoneIn(roleOf: (userId: string) => MeetingRole = () => "attendee"): Roster {
  return {
    member: async (_board, userId, name) => ({ id: userId, name: name ?? userId, role: roleOf(userId) }),
    members: async () => [],
  };
}
