import { ActivityTypes, TeamsInfo, type TurnContext } from "botbuilder";
import type { MeetingRole } from "../domain";
import type { BoardRef } from "../store/keys";
import { RosterStore } from "../store/roster";
import type { BotDeps } from "./deps";
import { addToRoster } from "./roster-sync";

/**
 * Who may talk to the bot about a board: the meeting's people. A message or a card click from
 * anyone else is refused before the bot writes anything for it. Someone the roster has not heard
 * of yet is asked of Teams in the turn itself (the conversation's member API, then the meeting
 * participant API for their role), so a member's very first message works even before the bot
 * stored the chat's conversation reference.
 */

/** The bot's answer to someone outside the meeting: what it is for, without revealing the board. */
export const OUTSIDER =
  "I only take part in this meeting's scrum of scrums for the people in the meeting, so I did not do anything with your message. If you should be part of it, ask the meeting's organizer to add you to the meeting.";

/** Whether this activity comes from a person who is not on the board's roster (false for anything that is not a person's message or click in a group chat). */
export async function isOutsider(deps: BotDeps, context: TurnContext, board: BoardRef, now: number): Promise<boolean> {
  const a = context.activity;
  if (a.type !== ActivityTypes.Message && a.type !== ActivityTypes.Invoke) return false;
  // A personal chat is the person's own, not a board's (it only lists their actions).
  if (a.conversation?.conversationType === "personal") return false;
  const userId = a.from?.aadObjectId?.trim().toLowerCase();
  if (!userId) return false;
  if (await new RosterStore(deps.store.rows).get(board, userId)) return false;
  let member: { id: string; name: string; aadObjectId?: string } | null = null;
  try {
    member = await TeamsInfo.getMember(context, a.from.id);
  } catch {
    member = null;
  }
  if (!member || (member.aadObjectId ?? "").toLowerCase() !== userId) return true;
  const meetingId = (a.channelData as { meeting?: { id?: string } } | undefined)?.meeting?.id;
  const roleOf = async (id: string): Promise<MeetingRole | null> => {
    if (!meetingId) return null;
    const role = (await TeamsInfo.getMeetingParticipant(context, meetingId, id, board.tenantId)).meeting?.role;
    return role === "Organizer" ? "organizer" : role === "Presenter" ? "presenter" : role ? "attendee" : null;
  };
  await addToRoster(deps, board, [{ id: member.id, name: member.name || a.from.name || "", aadObjectId: userId }], now, { roleOf });
  return false;
}
