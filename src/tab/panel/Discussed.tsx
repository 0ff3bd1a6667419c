import { useState } from "react";
import { Body1, Button, Caption1, Field, makeStyles, mergeClasses, Text, Textarea, tokens } from "@fluentui/react-components";
import { EditRegular } from "../icons";
import type { BoardState } from "../state/api";
import { useEnv, useWrites } from "../state/hooks";
import { topicWrites } from "../state/writes/topics";
import { EmptyState } from "./common";
import { validate } from "./forms";
import { useSurfaceStyles } from "./surfaces";
import { CreateActionDialog, statusLabel } from "./Kanban";
import type { TopicView } from "../../domain";

const useStyles = makeStyles({
  item: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXS,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    overflowWrap: "anywhere",
  },
  takeaways: { whiteSpace: "pre-wrap" },
  muted: { color: tokens.colorNeutralForeground3 },
  actions: { margin: 0, paddingInlineStart: tokens.spacingHorizontalL },
  row: { display: "flex", gap: tokens.spacingHorizontalS, flexWrap: "wrap" },
});

function DiscussedTopic({ topic, state }: { topic: TopicView; state: BoardState }) {
  const s = useStyles();
  const surface = useSurfaceStyles();
  const { t } = useEnv();
  const act = useWrites(topicWrites);
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(topic.takeaways);
  const [error, setError] = useState<string | undefined>();
  const actions = state.actions.filter((a) => a.originTopicId === topic.id);
  const save = async () => {
    const parsed = await validate("Takeaways", { takeaways: text });
    if (!parsed.ok) return setError(parsed.errors["takeaways"]);
    setError(undefined);
    setEditing(false);
    void act.recordTakeaways(topic.id, parsed.data.takeaways);
  };
  return (
    <li className={mergeClasses(surface.card, s.item)} data-testid="discussed-topic">
      <Text weight="semibold">{topic.title}</Text>
      <Caption1 className={s.muted}>{t.takeaways}</Caption1>
      {editing ? (
        <>
          <Field label={t.takeaways} validationMessage={error}>
            <Textarea value={text} onChange={(_, d) => setText(d.value)} resize="vertical" />
          </Field>
          <div className={s.row}>
            <Button appearance="primary" size="small" onClick={() => void save()}>
              {t.save}
            </Button>
            <Button size="small" onClick={() => setEditing(false)}>
              {t.cancel}
            </Button>
          </div>
        </>
      ) : (
        <Body1 className={topic.takeaways ? s.takeaways : s.muted}>{topic.takeaways || t.noTakeaways}</Body1>
      )}
      {actions.length > 0 ? (
        <ul className={s.actions} aria-label={t.actions}>
          {actions.map((a) => (
            <li key={a.id}>
              <Caption1>
                {a.text} · {a.ownerName || t.noOwner} · {statusLabel(t, a.status)}
              </Caption1>
            </li>
          ))}
        </ul>
      ) : null}
      <div className={s.row}>
        {!editing ? (
          <Button
            size="small"
            icon={<EditRegular />}
            onClick={() => {
              setText(topic.takeaways);
              setEditing(true);
            }}
          >
            {t.recordTakeaways}
          </Button>
        ) : null}
        <CreateActionDialog state={state} originTopicId={topic.id} label={t.actionFromTopic} />
      </div>
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
