import type { ActionItem, ActionStatus, ActionView } from "../../../domain";
import { onConflict, type FieldConflict } from "../conflicts";
import { pendingId } from "../pending";
import { nameOf, rosterOf, type RosterPerson } from "../people";
import type { PanelStore } from "../store";

/**
 * An action as the panel sends it. The owner is a roster member (`ownerUserId`, named by the
 * server) or, with `ownerName` alone, someone outside this meeting.
 */
export type ActionFields = { text: string; ownerUserId?: string | null; ownerName?: string; ownerTeamId?: string | null; due?: string | null; originTopicId?: string | null };

/** An edited action as the panel shows it before the server answers: a roster owner named from the roster. */
function edited(a: ActionView, body: Omit<ActionFields, "originTopicId">, people: readonly RosterPerson[]): ActionView {
  const next = { ...a, ...body };
  if (body.ownerUserId) return { ...next, ownerName: nameOf(people, body.ownerUserId) ?? a.ownerName, ownerOutside: false };
  if (body.ownerUserId === null) return { ...next, ownerName: body.ownerName ?? "", ownerOutside: !!body.ownerName };
  return { ...next, ownerName: body.ownerName ?? a.ownerName };
}

const actionPath = (id: string) => `/actions/${encodeURIComponent(id)}`;

/** Action items: creating, editing, moving across the board, deleting (and putting a deleted one back). */
export function actionWrites(store: PanelStore) {
  const writes = {
    createAction: (body: ActionFields, me: { id: string }) =>
      store.mutate(
        (api) => api.send<ActionItem>("POST", "/actions", body),
        (s) => ({
          ...s,
          actions: [
            ...s.actions,
            {
              id: pendingId(),
              text: body.text,
              ownerTeamId: body.ownerTeamId ?? null,
              ownerUserId: body.ownerUserId ?? null,
              ownerName: (body.ownerUserId ? nameOf(rosterOf(s), body.ownerUserId) : body.ownerName) ?? "",
              ownerOutside: !body.ownerUserId && !!body.ownerName,
              due: body.due ?? null,
              status: "todo" as const,
              originTopicId: body.originTopicId ?? null,
              originSessionId: s.session.id,
              createdAt: Date.now(),
              createdBy: me.id,
              updatedAt: Date.now(),
              doneAt: null,
              overdue: false,
            },
          ],
        }),
      ),
    moveAction: (id: string, status: ActionStatus) =>
      store.mutate(
        (api) => api.send("PUT", `${actionPath(id)}/status`, { status }),
        (s) => ({ ...s, actions: s.actions.map((a) => (a.id === id ? { ...a, status } : a)) }),
      ),
    /** `was`: the text and owner as the editor started from them; a stale edit comes back to `conflict` instead of a toast. */
    editAction: (id: string, body: Omit<ActionFields, "originTopicId">, was?: { text: string; ownerName: string }, conflict?: (c: FieldConflict[]) => void) =>
      store.mutate(
        (api) => api.send("PATCH", actionPath(id), { ...body, ...(was ? { was } : {}) }),
        (s) => ({ ...s, actions: s.actions.map((a) => (a.id === id ? edited(a, body, rosterOf(s)) : a)) }),
        conflict ? onConflict(conflict) : undefined,
      ),
    /** Deletes at once; the answer is the deleted item, which `restoreAction` can put back. */
    deleteAction: (id: string) =>
      store.mutate(
        (api) => api.send<ActionItem>("DELETE", actionPath(id)),
        (s) => ({ ...s, actions: s.actions.filter((a) => a.id !== id) }),
      ),
    /**
     * Puts a deleted action back (Undo): the same text, owner, due date and column, under a new id.
     * The origin topic is kept only while it is still in this session, where the API accepts it.
     */
    restoreAction: async (item: ActionItem, me: { id: string }) => {
      const inSession = store.getSnapshot().state?.topics.some((t) => t.id === item.originTopicId) ?? false;
      const back = await writes.createAction(
        {
          text: item.text,
          ...(item.ownerUserId ? { ownerUserId: item.ownerUserId } : item.ownerName ? { ownerName: item.ownerName } : {}),
          ownerTeamId: item.ownerTeamId,
          due: item.due,
          originTopicId: inSession ? item.originTopicId : null,
        },
        me,
      );
      if (back && item.status !== "todo") await writes.moveAction(back.id, item.status);
    },
  };
  return writes;
}
