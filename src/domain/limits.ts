import { refuse } from "./errors";

/**
 * What one tenant or board may create, so a runaway script or a mistake cannot fill the storage
 * account (and everyone's panels) with boards or actions. Generous for any real scrum of scrums.
 */
export const MAX_BOARDS_PER_TENANT_PER_DAY = 200;
export const MAX_ACTIONS_PER_BOARD = 500;

/** A new board is refused once the tenant created this many today (UTC day). */
export function requireRoomForBoard(createdToday: number): void {
  if (createdToday >= MAX_BOARDS_PER_TENANT_PER_DAY) {
    refuse("limit", `Your organization started ${MAX_BOARDS_PER_TENANT_PER_DAY} new boards today, the most one day allows; try again tomorrow or use an existing meeting's board.`);
  }
}

/** A new action is refused once the board holds this many (done ones count until they are deleted). */
export function requireRoomForAction(actionsOnBoard: number): void {
  if (actionsOnBoard >= MAX_ACTIONS_PER_BOARD) {
    refuse("limit", `This board already holds ${MAX_ACTIONS_PER_BOARD} action items, the most it keeps; delete the done ones you no longer need.`, "text");
  }
}
