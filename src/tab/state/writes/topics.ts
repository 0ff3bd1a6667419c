import { canVoteOn, type Topic, type TopicView } from "../../../domain";
import type { BoardState } from "../api";
import { onConflict, type FieldConflict } from "../conflicts";
import { pendingId } from "../pending";
import type { PanelStore } from "../store";

/** Adding, editing, dropping and merging topics, and recording what a discussion decided. */

export function mapTopic(s: BoardState, id: string, fn: (t: TopicView) => TopicView): BoardState {
  return { ...s, topics: s.topics.map((t) => (t.id === id ? fn(t) : t)) };
}

export const topicPath = (id: string) => `/topics/${encodeURIComponent(id)}`;

export function topicWrites(store: PanelStore) {
  return {
    addTopic: (body: { title: string; details?: string; teamId?: string | null }, author: { id: string; name: string }) =>
      store.mutate(
        (api) => api.send("POST", "/topics", body),
        (s) => ({
          ...s,
          topics: [
            ...s.topics.filter((t) => t.state === "queued"),
            {
              id: pendingId(),
              title: body.title,
              details: body.details ?? "",
              author,
              mine: true,
              teamId: body.teamId ?? null,
              state: "queued" as const,
              createdAt: Date.now(),
              dots: s.totalsHidden ? null : 0,
              myDots: 0,
              canVote: canVoteOn({ state: "queued", myDots: 0 }, s.me.dotsLeft, s.settings),
              takeaways: "",
              discussedAt: null,
              carriedFrom: null,
            },
            ...s.topics.filter((t) => t.state !== "queued"),
          ],
        }),
      ),
    /** `was`: the title and details as the author started editing them; a stale edit comes back to `conflict`. */
    editTopic: (
      id: string,
      body: { title?: string; details?: string; teamId?: string | null },
      was?: { title?: string; details?: string },
      conflict?: (c: FieldConflict[]) => void,
    ) =>
      store.mutate(
        (api) => api.send("PATCH", topicPath(id), { ...body, ...(was ? { was } : {}) }),
        (s) => mapTopic(s, id, (t) => ({ ...t, ...(body.title !== undefined ? { title: body.title } : {}), ...(body.details !== undefined ? { details: body.details } : {}) })),
        conflict ? onConflict(conflict) : undefined,
      ),
    /** Drops at once; the answer is the dropped topic, which `restoreTopic` can bring back. */
    dropTopic: (id: string) => store.mutate((api) => api.send<Topic>("DELETE", topicPath(id)), (s) => ({ ...s, topics: s.topics.filter((t) => t.id !== id) })),
    /** Undo of a drop: the same topic (number, author, carried dots) back in the queue. */
    restoreTopic: (id: string) => store.mutate((api) => api.send<Topic>("POST", `${topicPath(id)}/restore`)),
    mergeTopic: (id: string, intoTopicId: string) =>
      store.mutate((api) => api.send("POST", `${topicPath(id)}/merge`, { intoTopicId }), (s) => ({ ...s, topics: s.topics.filter((t) => t.id !== id) })),
    /** A facilitator's rewrite, from the text they started with (`was`); a stale one comes back to `conflict`. */
    recordTakeaways: (id: string, takeaways: string, was: string, conflict: (c: FieldConflict[]) => void) =>
      store.mutate(
        (api) => api.send("PUT", `${topicPath(id)}/takeaways`, { takeaways, was }),
        (s) => mapTopic(s, id, (t) => ({ ...t, takeaways })),
        onConflict(conflict),
      ),
    /** Anyone adds a takeaway line: it goes at the end, whatever others add at the same moment. */
    addTakeaway: (id: string, line: string) =>
      store.mutate(
        (api) => api.send("POST", `${topicPath(id)}/takeaways`, { line }),
        (s) => mapTopic(s, id, (t) => ({ ...t, takeaways: t.takeaways ? `${t.takeaways}\n${line}` : line })),
      ),
  };
}
