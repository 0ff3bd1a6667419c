import { lazy, Suspense, useState, type FormEvent } from "react";
import { Body1, Button, Caption1, Field, Input, makeStyles, Textarea, tokens } from "@fluentui/react-components";
import type { TopicView } from "../../domain";
import { AddRegular, EditRegular } from "../icons";
import type { BoardState } from "../state/api";
import { combine, type FieldConflict } from "../state/conflicts";
import { useEnv, useWrites } from "../state/hooks";
import { topicWrites } from "../state/writes/topics";
import { ConflictChoice } from "./ConflictChoice";
import { validate } from "./forms";
import { statusLabel } from "../format";

// The action dialog (and its people picker) loads when someone opens it, not with the first paint.
const CreateActionDialog = lazy(() => import("./Kanban").then((m) => ({ default: m.CreateActionDialog })));

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS, minWidth: 0, overflowWrap: "anywhere" },
  takeaways: { whiteSpace: "pre-wrap" },
  muted: { color: tokens.colorNeutralForeground3 },
  add: { display: "flex", gap: tokens.spacingHorizontalS, alignItems: "flex-end" },
  grow: { flexGrow: 1, minWidth: 0 },
  actions: { margin: 0, paddingInlineStart: tokens.spacingHorizontalL },
  row: { display: "flex", gap: tokens.spacingHorizontalS, flexWrap: "wrap" },
  details: { color: tokens.colorNeutralForeground2, whiteSpace: "pre-wrap", overflowWrap: "anywhere" },
});

/** What the topic's author wrote about it, under its title while the room discusses it. */
export function TopicDetails({ topic }: { topic: TopicView }) {
  const s = useStyles();
  return topic.details ? (
    <Body1 as="p" className={s.details} data-testid="now-details">
      {topic.details}
    </Body1>
  ) : null;
}

interface Draft {
  text: string;
  /** The takeaways as they were when this editor started: the version a save says it started from. */
  was: string;
}

/** The facilitator's editor of the whole takeaways. */
function TakeawaysEditor({ draft, onChange, onSave, onCancel }: { draft: Draft; onChange: (text: string) => void; onSave: (text: string) => void; onCancel: () => void }) {
  const s = useStyles();
  const { t } = useEnv();
  const [error, setError] = useState<string | undefined>();
  const save = async () => {
    const parsed = await validate("Takeaways", { takeaways: draft.text });
    if (!parsed.ok) return setError(parsed.errors["takeaways"]);
    setError(undefined);
    onSave(parsed.data.takeaways);
  };
  return (
    <>
      <Field label={t.takeaways} validationMessage={error}>
        <Textarea value={draft.text} onChange={(_, d) => onChange(d.value)} resize="vertical" data-testid="takeaways-text" />
      </Field>
      <div className={s.row}>
        <Button appearance="primary" size="small" onClick={() => void save()} data-testid="takeaways-save">
          {t.save}
        </Button>
        <Button size="small" onClick={onCancel}>
          {t.cancel}
        </Button>
      </div>
    </>
  );
}

/** One line added by anyone in the meeting: it goes at the end, so it never overwrites anyone. */
function AddTakeaway({ topic }: { topic: TopicView }) {
  const s = useStyles();
  const { t } = useEnv();
  const act = useWrites(topicWrites);
  const [line, setLine] = useState("");
  const [error, setError] = useState<string | undefined>();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const parsed = await validate("AddTakeaway", { line });
    if (!parsed.ok) return setError(parsed.errors["line"]);
    setError(undefined);
    setLine("");
    void act.addTakeaway(topic.id, parsed.data.line);
  };
  return (
    <form className={s.add} onSubmit={(e) => void submit(e)}>
      <Field label={t.addTakeaway} validationMessage={error} className={s.grow}>
        <Input value={line} onChange={(_, d) => setLine(d.value)} data-testid="takeaway-line" />
      </Field>
      <Button type="submit" icon={<AddRegular />} aria-label={t.addTakeaway} data-testid="takeaway-add" />
    </form>
  );
}

/**
 * What a topic left: its takeaways and the actions it started. Anyone in the meeting adds a
 * takeaway or an action; the facilitator may also rewrite the takeaways. Shown under Now
 * discussing while the room talks, and in Discussed afterwards: the same notes, carried with the topic.
 */
export function TopicNotes({ topic, state }: { topic: TopicView; state: BoardState }) {
  const s = useStyles();
  const { t } = useEnv();
  const act = useWrites(topicWrites);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [conflicts, setConflicts] = useState<FieldConflict[] | null>(null);
  const actions = state.actions.filter((a) => a.originTopicId === topic.id);
  const send = (text: string, was: string) => {
    setDraft(null);
    void act.recordTakeaways(topic.id, text, was, setConflicts);
  };
  const conflict = conflicts?.[0];
  return (
    <div className={s.root} data-testid="topic-notes">
      <Caption1 className={s.muted}>{t.takeaways}</Caption1>
      {conflict && conflicts ? (
        <ConflictChoice
          conflicts={conflicts}
          labels={{ takeaways: t.takeaways }}
          onKeepMine={() => {
            setConflicts(null);
            send(conflict.yours, conflict.theirs);
          }}
          onKeepTheirs={() => setConflicts(null)}
          onCombine={() => {
            setConflicts(null);
            setDraft({ text: combine(conflict, true), was: conflict.theirs });
          }}
        />
      ) : draft ? (
        <TakeawaysEditor draft={draft} onChange={(text) => setDraft({ ...draft, text })} onSave={(text) => send(text, draft.was)} onCancel={() => setDraft(null)} />
      ) : (
        <Body1 className={topic.takeaways ? s.takeaways : s.muted} data-testid="takeaways">
          {topic.takeaways || (topic.state === "discussing" ? t.noTakeawaysYet : t.noTakeaways)}
        </Body1>
      )}
      {actions.length > 0 ? (
        <ul className={s.actions} aria-label={t.actionsFromTopic} data-testid="topic-actions">
          {actions.map((a) => (
            <li key={a.id}>
              <Caption1>
                {a.text} · {a.ownerName || t.noOwner} · {statusLabel(t, a.status)}
              </Caption1>
            </li>
          ))}
        </ul>
      ) : null}
      {draft || conflicts ? null : <AddTakeaway topic={topic} />}
      <div className={s.row}>
        {state.me.facilitator && !draft && !conflicts ? (
          <Button size="small" icon={<EditRegular />} onClick={() => setDraft({ text: topic.takeaways, was: topic.takeaways })} data-testid="takeaways-edit">
            {t.editTakeaways}
          </Button>
        ) : null}
        <Suspense fallback={null}>
          <CreateActionDialog state={state} originTopicId={topic.id} label={t.addActionShort} testId="topic-new-action" />
        </Suspense>
      </div>
    </div>
  );
}
