import type { ActionStatus } from "../../../domain";
import { pendingId } from "../pending";
import type { PanelStore } from "../store";

/** Action items: creating one and moving it across the board. */
export function actionWrites(store: PanelStore) {
  return {
    createAction: (body: { text: string; ownerName?: string; ownerTeamId?: string | null; due?: string | null; originTopicId?: string | null }, me: { id: string }) =>
      store.mutate(
        (api) => api.send("POST", "/actions", body),
        (s) => ({
          ...s,
          actions: [
            ...s.actions,
            {
              id: pendingId(),
              text: body.text,
              ownerTeamId: body.ownerTeamId ?? null,
              ownerUserId: null,
              ownerName: body.ownerName ?? "",
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
        (api) => api.send("PUT", `/actions/${encodeURIComponent(id)}/status`, { status }),
        (s) => ({ ...s, actions: s.actions.map((a) => (a.id === id ? { ...a, status } : a)) }),
      ),
  };
}
