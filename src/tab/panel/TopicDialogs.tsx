import { useState, type FormEvent } from "react";
import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Field, Input, Select, Textarea } from "@fluentui/react-components";
import type { TopicView } from "../../domain";
import { useEnv, useWrites } from "../state/hooks";
import { topicWrites } from "../state/writes/topics";
import { combine, type FieldConflict } from "../state/conflicts";
import { ConflictChoice } from "./ConflictChoice";
import { validate } from "./forms";
import { useSurfaceStyles } from "./surfaces";

/** Dialogs of a queued topic, loaded when first opened. */
export function EditDialog({ topic, onClose }: { topic: TopicView; onClose: () => void }) {
  const { t } = useEnv();
  const act = useWrites(topicWrites);
  const [title, setTitle] = useState(topic.title);
  const [details, setDetails] = useState(topic.details);
  // The texts as the dialog opened: the version a save says it started from.
  const [was, setWas] = useState({ title: topic.title, details: topic.details });
  const [conflicts, setConflicts] = useState<FieldConflict[] | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const save = async (body: { title: string; details: string }, from: { title: string; details: string }) => {
    const seen: { conflicts: FieldConflict[] | null } = { conflicts: null };
    await act.editTopic(topic.id, body, from, (c) => (seen.conflicts = c));
    if (seen.conflicts) setConflicts(seen.conflicts);
    else onClose();
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const parsed = await validate("EditTopic", { title, details });
    if (!parsed.ok) return setErrors(parsed.errors);
    await save({ title: parsed.data.title ?? title, details: parsed.data.details ?? "" }, was);
  };
  const theirs = (field: "title" | "details") => conflicts?.find((c) => c.field === field)?.theirs ?? was[field];
  if (conflicts) {
    return (
      <Dialog open onOpenChange={(_, d) => !d.open && onClose()}>
        <DialogSurface>
          <DialogBody>
            <DialogTitle>{t.editTopic}</DialogTitle>
            <DialogContent>
              <ConflictChoice
                conflicts={conflicts}
                labels={{ title: t.title, details: t.details }}
                onKeepMine={() => {
                  const now = { title: theirs("title"), details: theirs("details") };
                  setConflicts(null);
                  void save({ title, details }, now);
                }}
                onKeepTheirs={onClose}
                onCombine={() => {
                  const pick = (field: "title" | "details", mine: string) => {
                    const c = conflicts.find((x) => x.field === field);
                    return c ? combine(c, field === "details") : mine;
                  };
                  setTitle(pick("title", title));
                  setDetails(pick("details", details));
                  setWas({ title: theirs("title"), details: theirs("details") });
                  setConflicts(null);
                }}
              />
            </DialogContent>
          </DialogBody>
        </DialogSurface>
      </Dialog>
    );
  }
  return (
    <Dialog open onOpenChange={(_, d) => !d.open && onClose()}>
      <DialogSurface>
        <form onSubmit={(e) => void submit(e)}>
          <DialogBody>
            <DialogTitle>{t.editTopic}</DialogTitle>
            <DialogContent>
              <Field label={t.title} validationMessage={errors["title"]} required>
                <Input value={title} onChange={(_, d) => setTitle(d.value)} />
              </Field>
              <Field label={t.details} validationMessage={errors["details"]}>
                <Textarea value={details} onChange={(_, d) => setDetails(d.value)} />
              </Field>
            </DialogContent>
            <DialogActions>
              <Button onClick={onClose}>{t.cancel}</Button>
              <Button type="submit" appearance="primary">
                {t.save}
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}

export function MergeDialog({ topic, others, onClose }: { topic: TopicView; others: TopicView[]; onClose: () => void }) {
  const { t } = useEnv();
  const surface = useSurfaceStyles();
  const act = useWrites(topicWrites);
  const [into, setInto] = useState(others[0]?.id ?? "");
  return (
    <Dialog open onOpenChange={(_, d) => !d.open && onClose()}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{t.mergeTitle(topic.title)}</DialogTitle>
          <DialogContent>
            <Field label={t.mergeInto} hint={t.mergeHelp} className={surface.shrink}>
              <Select value={into} onChange={(_, d) => setInto(d.value)} className={surface.shrink} select={{ className: surface.selectText }} data-testid="merge-into">
                {others.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.title}
                  </option>
                ))}
              </Select>
            </Field>
          </DialogContent>
          <DialogActions>
            <Button onClick={onClose}>{t.cancel}</Button>
            <Button
              appearance="primary"
              disabled={!into}
              onClick={() => {
                onClose();
                void act.mergeTopic(topic.id, into);
              }}
            >
              {t.mergeConfirm}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

