import { canVoteOn, type RomanChoice, type RomanView } from "../../../domain";
import type { BoardState } from "../api";
import type { PanelStore } from "../store";
import { mapTopic, topicPath } from "./topics";

/** Dots on topics and thumbs in the continue/stop vote. */

/** After an optimistic change to dots or settings, which topics take another dot, by the domain's rule. */
export function recountVoting(s: BoardState): BoardState {
  return { ...s, topics: s.topics.map((t) => ({ ...t, canVote: canVoteOn(t, s.me.dotsLeft, s.settings) })) };
}

export function voteWrites(store: PanelStore) {
  return {
    castVote: (id: string) =>
      store.mutate(
        (api) => api.send("POST", `${topicPath(id)}/votes`),
        (s) =>
          recountVoting({
            ...mapTopic(s, id, (t) => ({ ...t, myDots: t.myDots + 1, dots: t.dots === null ? null : t.dots + 1 })),
            me: { ...s.me, dotsLeft: Math.max(0, s.me.dotsLeft - 1) },
          }),
      ),
    withdrawVote: (id: string) =>
      store.mutate(
        (api) => api.send("DELETE", `${topicPath(id)}/votes`),
        (s) =>
          recountVoting({
            ...mapTopic(s, id, (t) => ({ ...t, myDots: Math.max(0, t.myDots - 1), dots: t.dots === null ? null : Math.max(0, t.dots - 1) })),
            me: { ...s.me, dotsLeft: s.me.dotsLeft + 1 },
          }),
      ),
    castRoman: (topicId: string, choice: RomanChoice, current: RomanView) =>
      store.mutate(
        (api) => api.send("PUT", `${topicPath(topicId)}/roman`, { choice }),
        (s) => {
          const tally = { ...current.tally };
          if (current.myChoice) tally[current.myChoice] = Math.max(0, tally[current.myChoice] - 1);
          tally[choice] += 1;
          return { ...s, roman: { ...current, tally, myChoice: choice } };
        },
      ),
  };
}
