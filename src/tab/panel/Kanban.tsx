import { useState, type FormEvent, type KeyboardEvent } from "react";
import {
  Badge,
  Button,
  Caption1,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  DialogTrigger,
  Field,
  Input,
  makeStyles,
  mergeClasses,
  Subtitle2,
  Text,
  tokens,
} from "@fluentui/react-components";
import { ACTION_STATUSES, type ActionStatus, type ActionView } from "../../domain";
import { AddRegular, ArrowLeftRegular, ArrowRightRegular, CalendarRegular, PersonRegular } from "../icons";
import type { BoardState } from "../state/api";
import { formatDate, teamName } from "../format";
import { useEnv, useWrites } from "../state/hooks";
import { isPending } from "../state/pending";
import { actionWrites } from "../state/writes/actions";
import type { Strings } from "../strings";
import { EmptyState, TeamSelect } from "./common";
import { validate } from "./forms";
import { useSurfaceStyles } from "./surfaces";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  toolbar: { display: "flex", justifyContent: "flex-end" },
  board: { display: "grid", gridTemplateColumns: "repeat(3, minmax(0, 1fr))", gap: tokens.spacingHorizontalXS },
  column: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXS,
    padding: tokens.spacingHorizontalXS,
    backgroundColor: tokens.colorNeutralBackground3,
    borderRadius: tokens.borderRadiusMedium,
    minWidth: 0,
  },
  columnHead: { display: "flex", justifyContent: "space-between", alignItems: "center", paddingInline: tokens.spacingHorizontalXXS },
  card: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXXS,
    padding: tokens.spacingHorizontalXS,
    overflowWrap: "anywhere",
    minWidth: 0,
    ":focus-visible": { outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}`, outlineOffset: tokens.strokeWidthThin },
  },
  line: { display: "flex", gap: tokens.spacingHorizontalXXS, alignItems: "center", color: tokens.colorNeutralForeground2 },
  moves: { display: "flex", justifyContent: "space-between" },
  empty: { color: tokens.colorNeutralForeground3, paddingInline: tokens.spacingHorizontalXXS },
  form: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
});

export function statusLabel(t: Strings, s: ActionStatus): string {
  return s === "todo" ? t.todo : s === "doing" ? t.doing : t.done;
}

function ActionCard({ action, state }: { action: ActionView; state: BoardState }) {
  const s = useStyles();
  const surface = useSurfaceStyles();
  const { t, locale } = useEnv();
  const act = useWrites(actionWrites);
  const i = ACTION_STATUSES.indexOf(action.status);
  const left = ACTION_STATUSES[i - 1];
  const right = ACTION_STATUSES[i + 1];
  const pending = isPending(action.id);
  const team = teamName(state.teams, action.ownerTeamId);
  const owner = action.ownerName || team || t.noOwner;
  const onKey = (e: KeyboardEvent) => {
    if (pending || e.target !== e.currentTarget) return;
    if (e.key === "ArrowLeft" && left) void act.moveAction(action.id, left);
    else if (e.key === "ArrowRight" && right) void act.moveAction(action.id, right);
    else return;
    e.preventDefault();
  };
  return (
    <li
      className={mergeClasses(surface.card, s.card, action.overdue && action.status !== "done" && surface.overdue)}
      tabIndex={0}
      aria-label={`${action.text}. ${statusLabel(t, action.status)}. ${t.owner}: ${owner}.${action.due ? ` ${t.dueOn(formatDate(action.due, locale))}.` : ""}${action.overdue ? ` ${t.overdue}.` : ""} ${t.cardHint}`}
      onKeyDown={onKey}
      data-testid="action"
      data-action-text={action.text}
      data-status={action.status}
    >
      <Text size={200} weight="semibold">
        {action.text}
      </Text>
      <Caption1 className={s.line}>
        <PersonRegular aria-hidden="true" /> {owner}
      </Caption1>
      {action.due ? (
        <Caption1 className={s.line}>
          <CalendarRegular aria-hidden="true" /> {formatDate(action.due, locale)}
        </Caption1>
      ) : null}
      {action.overdue && action.status !== "done" ? (
        <Badge color="danger" size="small">
          {t.overdue}
        </Badge>
      ) : null}
      <div className={s.moves}>
        {left ? (
          <Button size="small" appearance="subtle" icon={<ArrowLeftRegular />} disabled={pending} aria-label={t.moveLeft(action.text, statusLabel(t, left))} onClick={() => void act.moveAction(action.id, left)} />
        ) : (
          <span />
        )}
        {right ? (
          <Button size="small" appearance="subtle" icon={<ArrowRightRegular />} disabled={pending} aria-label={t.moveRight(action.text, statusLabel(t, right))} onClick={() => void act.moveAction(action.id, right)} data-testid="move-right" />
        ) : null}
      </div>
    </li>
  );
}

/** A form for a new action, optionally coming from a discussed topic. */
export function CreateActionDialog({ state, originTopicId, label }: { state: BoardState; originTopicId?: string; label: string }) {
  const origin = originTopicId ? state.topics.find((x) => x.id === originTopicId) : undefined;
  const s = useStyles();
  const { t } = useEnv();
  const act = useWrites(actionWrites);
  const [open, setOpen] = useState(false);
  const [text, setText] = useState("");
  const [ownerName, setOwnerName] = useState("");
  const [ownerTeamId, setOwnerTeamId] = useState("");
  const [due, setDue] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const parsed = await validate("CreateAction", {
      text,
      ...(ownerName ? { ownerName } : {}),
      ownerTeamId: ownerTeamId || null,
      due: due || null,
      originTopicId: originTopicId ?? null,
    });
    if (!parsed.ok) return setErrors(parsed.errors);
    setErrors({});
    setOpen(false);
    setText("");
    setOwnerName("");
    setDue("");
    void act.createAction(parsed.data, { id: state.me.id });
  };
  return (
    <Dialog open={open} onOpenChange={(_, d) => setOpen(d.open)}>
      <DialogTrigger disableButtonEnhancement>
        <Button size="small" icon={<AddRegular />} data-testid="new-action">
          {label}
        </Button>
      </DialogTrigger>
      <DialogSurface>
        <form onSubmit={(e) => void submit(e)}>
          <DialogBody>
            <DialogTitle>{t.newAction}</DialogTitle>
            <DialogContent className={s.form}>
              {origin ? <Caption1>{t.fromTopic(origin.title)}</Caption1> : null}
              <Field label={t.actionText} validationMessage={errors["text"]} required>
                <Input value={text} onChange={(_, d) => setText(d.value)} data-testid="action-text" />
              </Field>
              <Field label={t.ownerName} validationMessage={errors["ownerName"]}>
                <Input value={ownerName} onChange={(_, d) => setOwnerName(d.value)} data-testid="action-owner" />
              </Field>
              <TeamSelect teams={state.teams} value={ownerTeamId} onChange={setOwnerTeamId} label={t.team} noneLabel={t.noTeam} />
              <Field label={t.due} validationMessage={errors["due"]}>
                <Input type="date" value={due} onChange={(_, d) => setDue(d.value)} />
              </Field>
            </DialogContent>
            <DialogActions>
              <DialogTrigger disableButtonEnhancement>
                <Button>{t.cancel}</Button>
              </DialogTrigger>
              <Button type="submit" appearance="primary" data-testid="action-create">
                {t.create}
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}

/** The Kanban; at a daily (`review`) it says what to do and lists overdue actions first. */
export function Kanban({ state, review = false }: { state: BoardState; review?: boolean }) {
  const s = useStyles();
  const surface = useSurfaceStyles();
  const { t } = useEnv();
  const actions = review ? [...state.actions].sort((a, b) => Number(b.overdue) - Number(a.overdue)) : state.actions;
  return (
    <div className={s.root} data-testid="kanban">
      {review ? (
        <>
          <Subtitle2 as="h2">{t.actionsReviewTitle}</Subtitle2>
          {state.actions.length > 0 ? <Caption1 data-testid="actions-review">{t.actionsReview}</Caption1> : null}
        </>
      ) : null}
      <div className={s.toolbar}>
        <CreateActionDialog state={state} label={t.newAction} />
      </div>
      {state.actions.length === 0 ? (
        <EmptyState title={t.emptyActionsTitle}>{t.emptyActionsBody}</EmptyState>
      ) : (
        <div className={s.board}>
          {ACTION_STATUSES.map((status) => {
            const items = actions.filter((a) => a.status === status);
            const id = `col-${status}`;
            return (
              <section key={status} className={s.column} aria-labelledby={id} data-testid={`column-${status}`}>
                <div className={s.columnHead}>
                  <Subtitle2 as="h3" id={id}>
                    {statusLabel(t, status)}
                  </Subtitle2>
                  <Caption1>{items.length}</Caption1>
                </div>
                {items.length === 0 ? (
                  <Caption1 className={s.empty}>{t.emptyColumn}</Caption1>
                ) : (
                  <ul className={mergeClasses(surface.list, surface.tight)}>
                    {items.map((a) => (
                      <ActionCard key={a.id} action={a} state={state} />
                    ))}
                  </ul>
                )}
              </section>
            );
          })}
        </div>
      )}
    </div>
  );
}
