import * as domain from "../domain";
import { refuse, type ActionFilter, type ActionInput, type ActionItem, type ActionStatus } from "../domain";
import { newId, retryStale, type Caller, type Services } from "./context";
import { CHANGE_ACTIONS, READ, inBoard } from "./board-step";
import type { BoardRef } from "../store/keys";

async function checkTeam(svc: Services, ref: BoardRef, teamId: string | null | undefined): Promise<void> {
  if (!teamId) return;
  const teams = await svc.store.listTeams(ref);
  if (!teams.some((t) => t.value.id === teamId)) refuse("invalid", "That team is not on this board.", "ownerTeamId");
}

/**
 * An owner person must be on the roster (the name stored is the roster's, so reminders reach
 * them); a typed name without a person is someone outside the meeting, on purpose.
 */
async function resolveOwner<T extends Partial<ActionInput>>(svc: Services, ref: BoardRef, input: T): Promise<T> {
  if (!input.ownerUserId) return input;
  const owner = domain.requireMember(await svc.roster.member(ref, domain.personId(input.ownerUserId, "ownerUserId")), "ownerUserId");
  return { ...input, ownerUserId: owner.id, ownerName: owner.name };
}

export function createAction(svc: Services, caller: Caller, chatId: string, given: ActionInput): Promise<ActionItem> {
  return inBoard(svc, caller, chatId, CHANGE_ACTIONS, async ({ ref, sessionId }) => {
    const input = await resolveOwner(svc, ref, given);
    await checkTeam(svc, ref, input.ownerTeamId);
    if (input.originTopicId && !(await svc.store.getTopic(ref, sessionId, input.originTopicId))) {
      refuse("invalid", "That topic is not in this session.", "originTopicId");
    }
    domain.requireRoomForAction((await svc.store.listActions(ref)).length);
    const now = svc.now();
    const action = domain.createAction(input, caller.userId, now, newId(now), sessionId);
    await svc.store.insertAction(ref, action);
    return action;
  });
}

function changeAction(svc: Services, ref: BoardRef, actionId: string, change: (a: ActionItem, now: number) => ActionItem): Promise<ActionItem> {
  return retryStale(async () => {
    const stored = await svc.store.getAction(ref, actionId);
    if (!stored) refuse("not_found", "There is no such action on this board.", "actionId");
    const next = change(stored.value, svc.now());
    await svc.store.replaceAction(ref, next, stored.etag);
    return next;
  });
}

/** `was`: the texts as the editor's panel showed them; a stale one is refused with both texts (see the domain's edits). */
export function editAction(svc: Services, caller: Caller, chatId: string, actionId: string, given: Partial<ActionInput>, was: Partial<Record<"text" | "ownerName", string>> = {}): Promise<ActionItem> {
  return inBoard(svc, caller, chatId, CHANGE_ACTIONS, async ({ ref }) => {
    const patch = await resolveOwner(svc, ref, given);
    await checkTeam(svc, ref, patch.ownerTeamId);
    return changeAction(svc, ref, actionId, (a, now) => domain.editAction(a, patch, now, was));
  });
}

export function moveAction(svc: Services, caller: Caller, chatId: string, actionId: string, status: ActionStatus): Promise<ActionItem> {
  return inBoard(svc, caller, chatId, CHANGE_ACTIONS, ({ ref }) => changeAction(svc, ref, actionId, (a, now) => domain.moveAction(a, status, now)));
}

/** Deletes an action item (anyone in the meeting, as anyone may edit or move one); answers the deleted item so the panel can offer to put it back. */
export function deleteAction(svc: Services, caller: Caller, chatId: string, actionId: string): Promise<ActionItem> {
  return inBoard(svc, caller, chatId, CHANGE_ACTIONS, ({ ref }) =>
    retryStale(async () => {
      const stored = await svc.store.getAction(ref, actionId);
      if (!stored) refuse("not_found", "There is no such action on this board.", "actionId");
      await svc.store.removeAction(ref, actionId, stored.etag);
      return stored.value;
    }),
  );
}

export function listActions(svc: Services, caller: Caller, chatId: string, filter: ActionFilter): Promise<domain.ActionView[]> {
  return inBoard(svc, caller, chatId, READ, async ({ ref, meta }) => {
    const today = domain.calendarDate(svc.now(), meta.value.settings.timeZone);
    const actions = (await svc.store.listActions(ref)).map((a) => a.value);
    return domain.filterActions(actions, filter, today).map((a) => ({ ...a, overdue: domain.isOverdue(a, today), ownerOutside: domain.ownerOutside(a) }));
  });
}
