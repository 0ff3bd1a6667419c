import { makeStyles, mergeClasses, Text, tokens } from "@fluentui/react-components";
import type { BoardState } from "../state/api";
import { useEnv } from "../state/hooks";
import { EmptyState } from "./common";
import { useSurfaceStyles } from "./surfaces";
import { TopicNotes } from "./TopicNotes";
import type { TopicView } from "../../domain";

const useStyles = makeStyles({
  item: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXS,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    overflowWrap: "anywhere",
  },
});

/** A discussed topic with the notes taken while it was discussed (and written up since). */
function DiscussedTopic({ topic, state }: { topic: TopicView; state: BoardState }) {
  const s = useStyles();
  const surface = useSurfaceStyles();
  return (
    <li className={mergeClasses(surface.card, s.item)} data-testid="discussed-topic" data-topic-title={topic.title}>
      <Text weight="semibold">{topic.title}</Text>
      <TopicNotes topic={topic} state={state} />
    </li>
  );
}

export function Discussed({ state }: { state: BoardState }) {
  const surface = useSurfaceStyles();
  const { t } = useEnv();
  const discussed = state.topics.filter((x) => x.state === "discussed");
  if (discussed.length === 0) return <EmptyState title={t.discussed}>{t.emptyDiscussed}</EmptyState>;
  return (
    <ul className={surface.list} aria-label={t.discussed}>
      {discussed.map((topic) => (
        <DiscussedTopic key={topic.id} topic={topic} state={state} />
      ))}
    </ul>
  );
}
