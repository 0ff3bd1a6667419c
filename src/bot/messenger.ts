import type { BoardRef } from "../store/keys";
import type { Card } from "./card-kit";

// What the bot sends and the interface it sends through, as its jobs see them: free of any bot SDK.

/** What the bot sends: text, a card, or both. */
export interface OutMessage {
  text?: string;
  card?: Card;
  /** People @mentioned in `text` (written there as `<at>name</at>`), by Entra object id. */
  mentions?: { id: string; name: string }[];
}

/**
 * Proactive messages, as the bot's logic and the reminder sweep see them. The Teams edge
 * implements it with botbuilder; everything behind it is SDK-free.
 */
export interface Messenger {
  /** Posts to the board's chat; null when the bot is not (or no longer) in it. */
  postToBoard(board: BoardRef, message: OutMessage): Promise<string | null>;
  /** Replaces a message the bot posted in the board's chat (a shared card after a vote). */
  updateOnBoard(board: BoardRef, activityId: string, message: OutMessage): Promise<void>;
  /**
   * Sends a person a personal message about a board; false when the bot cannot reach them (the
   * board's chat is then told, once, that they must open a chat with the bot).
   */
  postToUser(board: BoardRef, aadObjectId: string, message: OutMessage): Promise<boolean>;
  /** A targeted in-meeting notification to up to 50 participants; best effort. */
  notifyMeeting(board: BoardRef, recipients: string[], title: string): Promise<void>;
}
