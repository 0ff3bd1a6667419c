import { useEffect, useState, type FormEvent, type KeyboardEvent, type ReactElement } from "react";
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
  Menu,
  MenuItem,
  MenuList,
  MenuPopover,
  MenuTrigger,
  mergeClasses,
  Select,
  Subtitle2,
  Switch,
  Text,
  tokens,
} from "@fluentui/react-components";
import { ACTION_STATUSES, isMyAction, ownerOutside, type ActionStatus, type ActionView } from "../../domain";
import { AddRegular, CalendarRegular, DeleteRegular, EditRegular, MoreHorizontalRegular, PersonRegular } from "../icons";
import type { BoardState } from "../state/api";
import { formatDate, statusLabel, teamName } from "../format";
import { useEnv, useWrites } from "../state/hooks";
import { isPending } from "../state/pending";
import { combine, type FieldConflict } from "../state/conflicts";
import { rosterOf } from "../state/people";
import { actionWrites, type ActionFields } from "../state/writes/actions";
import { EmptyState, TeamSelect } from "./common";
import { ConflictChoice } from "./ConflictChoice";
import { validate } from "./forms";
import { PeoplePicker } from "./PeoplePicker";
import { useSurfaceStyles } from "./surfaces";

/** Wide enough for three readable columns (the stage, a browser tab); narrower, one list grouped by status. */
const WIDE = "@media (min-width: 640px)";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  toolbar: { display: "flex", justifyContent: "space-between", alignItems: "center", flexWrap: "wrap", gap: tokens.spacingHorizontalS },
  board: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalM,
    [WIDE]: { display: "grid", gridTemplateColumns: "repeat(3, minmax(0, 1fr))", gap: tokens.spacingHorizontalXS },
  },
  column: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXS,
    minWidth: 0,
    [WIDE]: { padding: tokens.spacingHorizontalXS, backgroundColor: tokens.colorNeutralBackground3, borderRadius: tokens.borderRadiusMedium },
  },
  columnHead: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalS, paddingInline: tokens.spacingHorizontalXXS },
  card: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXXS,
    padding: tokens.spacingHorizontalS,
    overflowWrap: "anywhere",
    minWidth: 0,
    ":focus-visible": { outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}`, outlineOffset: tokens.strokeWidthThin },
  },
  cardHead: { display: "flex", alignItems: "start", gap: tokens.spacingHorizontalXS },
  grow: { flexGrow: 1, minWidth: 0 },
  line: { display: "flex", gap: tokens.spacingHorizontalXXS, alignItems: "center", color: tokens.colorNeutralForeground2 },
  statusRow: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalS, flexWrap: "wrap" },
  status: { minWidth: 0, maxWidth: "100%" },
  empty: { color: tokens.colorNeutralForeground3, paddingInline: tokens.spacingHorizontalXXS },
  form: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
});

/** Today as "YYYY-MM-DD" on this person's calendar, to warn about a due date already past. */
function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

function ActionMenu({ action, state, onEdit }: { action: ActionView; state: BoardState; onEdit: () => void }) {
  const { t, store } = useEnv();
  const act = useWrites(actionWrites);
  const remove = async () => {
    const gone = await act.deleteAction(action.id);
    if (!gone) return;
    store.notify({ intent: "info", title: t.actionDeleted(gone.text), action: { label: t.undo, run: () => void act.restoreAction(gone, { id: state.me.id }) } });
  };
  return (
    <Menu>
      <MenuTrigger disableButtonEnhancement>
        <Button size="small" appearance="subtle" icon={<MoreHorizontalRegular />} aria-label={t.actionMenu(action.text)} data-testid="action-menu" />
      </MenuTrigger>
      <MenuPopover>
        <MenuList>
          <MenuItem icon={<EditRegular />} onClick={onEdit} data-testid="action-edit">
            {t.edit}
          </MenuItem>
          <MenuItem icon={<DeleteRegular />} onClick={() => void remove()} data-testid="action-delete">
            {t.deleteAction}
          </MenuItem>
        </MenuList>
      </MenuPopover>
    </Menu>
  );
}

function ActionCard({ action, state }: { action: ActionView; state: BoardState }) {
  const s = useStyles();
  const surface = useSurfaceStyles();
  const { t, locale } = useEnv();
  const act = useWrites(actionWrites);
  const [editing, setEditing] = useState(false);
  const i = ACTION_STATUSES.indexOf(action.status);
  const left = ACTION_STATUSES[i - 1];
  const right = ACTION_STATUSES[i + 1];
  const pending = isPending(action.id);
  const team = teamName(state.teams, action.ownerTeamId);
  const person = action.ownerOutside ? t.ownerOutside(action.ownerName) : action.ownerName;
  const owner = [person, team].filter(Boolean).join(" · ") || t.noOwner;
  const late = action.overdue && action.status !== "done";
  const onKey = (e: KeyboardEvent) => {
    if (pending || e.target !== e.currentTarget) return;
    if (e.key === "ArrowLeft" && left) void act.moveAction(action.id, left);
    else if (e.key === "ArrowRight" && right) void act.moveAction(action.id, right);
    else return;
    e.preventDefault();
  };
  return (
    <li
      className={mergeClasses(surface.card, s.card, late && surface.overdue)}
      tabIndex={0}
      aria-label={`${action.text}. ${statusLabel(t, action.status)}. ${t.owner}: ${owner}.${action.due ? ` ${t.dueOn(formatDate(action.due, locale))}.` : ""}${late ? ` ${t.overdue}.` : ""} ${t.cardHint}`}
      onKeyDown={onKey}
      data-testid="action"
      data-action-text={action.text}
      data-status={action.status}
    >
      <div className={s.cardHead}>
        <Text size={200} weight="semibold" className={s.grow}>
          {action.text}
        </Text>
        {pending ? null : <ActionMenu action={action} state={state} onEdit={() => setEditing(true)} />}
      </div>
      <Caption1 className={s.line} data-testid="action-owner-line">
        <PersonRegular aria-hidden="true" /> {owner}
      </Caption1>
      {action.due ? (
        <Caption1 className={s.line}>
          <CalendarRegular aria-hidden="true" /> {formatDate(action.due, locale)}
          {late ? (
            <Badge color="danger" size="small">
              {t.overdue}
            </Badge>
          ) : null}
        </Caption1>
      ) : null}
      <Select
        size="small"
        className={s.status}
        value={action.status}
        disabled={pending}
        aria-label={`${t.status}: ${action.text}`}
        onChange={(_, d) => void act.moveAction(action.id, d.value as ActionStatus)}
        data-testid="action-status"
      >
        {ACTION_STATUSES.map((st) => (
          <option key={st} value={st}>
            {statusLabel(t, st)}
          </option>
        ))}
      </Select>
      {editing ? <ActionEditor action={action} state={state} onDone={() => setEditing(false)} /> : null}
    </li>
  );
}

type EditStep =
  | { kind: "form"; initial: Pick<ActionView, "text" | "ownerUserId" | "ownerName" | "ownerTeamId" | "due">; was: { text: string; ownerName: string } }
  | { kind: "saving" }
  /** The form was dismissed without saving. */
  | { kind: "closed" }
  | { kind: "conflict"; conflicts: FieldConflict[]; mine: Omit<ActionFields, "originTopicId">; was: { text: string; ownerName: string } };

/**
 * Editing an action: the form starts from the texts shown when it opened (the version a save says
 * it started from); when someone else saved meanwhile, their text shows next to yours with keep
 * mine / keep theirs / combine, on the card, instead of either overwriting the other.
 */
function ActionEditor({ action, state, onDone }: { action: ActionView; state: BoardState; onDone: () => void }) {
  const { t } = useEnv();
  const act = useWrites(actionWrites);
  const [step, setStep] = useState<EditStep>(() => ({ kind: "form", initial: action, was: { text: action.text, ownerName: action.ownerName } }));
  const save = async (mine: Omit<ActionFields, "originTopicId">, was: { text: string; ownerName: string }) => {
    setStep({ kind: "saving" });
    let conflicts: FieldConflict[] | null = null;
    await act.editAction(action.id, mine, was, (found) => (conflicts = found));
    if (conflicts) setStep({ kind: "conflict", conflicts, mine, was });
    else onDone();
  };
  // The form closes itself before it submits, so closing only ends the edit when no save followed it.
  useEffect(() => {
    if (step.kind === "closed") onDone();
  }, [step.kind, onDone]);
  if (step.kind === "saving" || step.kind === "closed") return null;
  if (step.kind === "form") {
    return (
      <ActionDialog
        state={state}
        title={t.editAction}
        submitLabel={t.save}
        initial={step.initial}
        open
        onOpenChange={(open) => (open ? undefined : setStep({ kind: "closed" }))}
        onSubmit={(fields) => void save(fields, step.was)}
      />
    );
  }
  const theirs = (field: "text" | "ownerName") => step.conflicts.find((c) => c.field === field)?.theirs ?? step.was[field];
  const now = { text: theirs("text"), ownerName: theirs("ownerName") };
  return (
    <ConflictChoice
      conflicts={step.conflicts}
      labels={{ text: t.actionText, ownerName: t.owner }}
      onKeepMine={() => void save(step.mine, now)}
      onKeepTheirs={onDone}
      onCombine={() => {
        const merged = (field: "text" | "ownerName", mine: string) => {
          const c = step.conflicts.find((x) => x.field === field);
          return c ? combine(c, false) : mine;
        };
        setStep({
          kind: "form",
          initial: { ...action, ...step.mine, text: merged("text", step.mine.text), ownerName: merged("ownerName", step.mine.ownerName ?? action.ownerName), ownerTeamId: step.mine.ownerTeamId ?? null, due: step.mine.due ?? null },
          was: now,
        });
      }}
    />
  );
}

interface ActionDialogProps {
  state: BoardState;
  title: string;
  submitLabel: string;
  initial?: Pick<ActionView, "text" | "ownerUserId" | "ownerName" | "ownerTeamId" | "due">;
  originTopicId?: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onSubmit: (fields: ActionFields) => void;
  trigger?: ReactElement;
}

/** The owner picker's choice standing for "someone outside this meeting" (never a user id: ids have no spaces). */
const OUTSIDE = "outside this meeting";

function initialOwner(initial: Pick<ActionView, "ownerUserId" | "ownerName"> | undefined): string[] {
  if (!initial) return [];
  if (initial.ownerUserId) return [initial.ownerUserId];
  return ownerOutside(initial) ? [OUTSIDE] : [];
}

/** The one form for an action, new or edited: checked with the API's own schema, warning of a date already past. */
function ActionDialog({ state, title, submitLabel, initial, originTopicId, open, onOpenChange, onSubmit, trigger }: ActionDialogProps) {
  const origin = originTopicId ? state.topics.find((x) => x.id === originTopicId) : undefined;
  const s = useStyles();
  const { t } = useEnv();
  const [text, setText] = useState(initial?.text ?? "");
  const [owner, setOwner] = useState<string[]>(initialOwner(initial));
  const [outsideName, setOutsideName] = useState(initial && ownerOutside(initial) ? initial.ownerName : "");
  const [ownerTeamId, setOwnerTeamId] = useState(initial?.ownerTeamId ?? "");
  const [due, setDue] = useState(initial?.due ?? "");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const outside = owner[0] === OUTSIDE;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (outside && !outsideName.trim()) return setErrors({ ownerName: t.outsideNameMissing });
    // A roster member is sent by id (the server names them); someone outside by name alone.
    const who = outside ? { ownerUserId: null, ownerName: outsideName.trim() } : owner[0] ? { ownerUserId: owner[0] } : initial ? { ownerUserId: null, ownerName: "" } : {};
    const fields = { text, ...who, ownerTeamId: ownerTeamId || null, due: due || null };
    const parsed = await validate("CreateAction", { ...fields, originTopicId: originTopicId ?? null });
    if (!parsed.ok) return setErrors(parsed.errors);
    setErrors({});
    onOpenChange(false);
    if (!initial) {
      setText("");
      setOwner([]);
      setOutsideName("");
      setDue("");
    }
    onSubmit({ ...fields, ...(originTopicId ? { originTopicId } : {}) });
  };
  const past = due !== "" && due < today() && due !== initial?.due;
  const surface = (
        <DialogSurface>
          <form onSubmit={(e) => void submit(e)}>
            <DialogBody>
              <DialogTitle>{title}</DialogTitle>
              <DialogContent className={s.form}>
                {origin ? <Caption1>{t.fromTopic(origin.title)}</Caption1> : null}
                <Field label={t.actionText} validationMessage={errors["text"]} required>
                  <Input value={text} onChange={(_, d) => setText(d.value)} data-testid="action-text" />
                </Field>
                <PeoplePicker
                  label={t.owner}
                  people={rosterOf(state)}
                  selected={owner}
                  onChange={setOwner}
                  extras={[{ value: OUTSIDE, label: t.someoneOutside }]}
                  validationMessage={errors["ownerUserId"]}
                  testId="action-owner"
                />
                {outside ? (
                  <Field label={t.outsideName} validationMessage={errors["ownerName"]} required>
                    <Input value={outsideName} onChange={(_, d) => setOutsideName(d.value)} data-testid="action-owner-outside" />
                  </Field>
                ) : null}
                <TeamSelect teams={state.teams} value={ownerTeamId} onChange={setOwnerTeamId} label={t.team} noneLabel={t.noTeam} />
                <Field
                  label={t.due}
                  validationMessage={errors["due"] ?? (past ? t.dueInPast : undefined)}
                  validationState={errors["due"] ? "error" : past ? "warning" : "none"}
                >
                  <Input type="date" value={due} onChange={(_, d) => setDue(d.value)} data-testid="action-due" />
                </Field>
              </DialogContent>
              <DialogActions>
                <DialogTrigger disableButtonEnhancement>
                  <Button>{t.cancel}</Button>
                </DialogTrigger>
                <Button type="submit" appearance="primary" data-testid="action-create">
                  {submitLabel}
                </Button>
              </DialogActions>
            </DialogBody>
          </form>
        </DialogSurface>
  );
  const change = (_: unknown, d: { open: boolean }) => onOpenChange(d.open);
  return trigger ? (
    <Dialog open={open} onOpenChange={change}>
      <DialogTrigger disableButtonEnhancement>{trigger}</DialogTrigger>
      {surface}
    </Dialog>
  ) : (
    <Dialog open={open} onOpenChange={change}>
      {surface}
    </Dialog>
  );
}

/** A button opening the form for a new action, optionally coming from a discussed topic. */
export function CreateActionDialog({ state, originTopicId, label, testId = "new-action" }: { state: BoardState; originTopicId?: string; label: string; testId?: string }) {
  const { t } = useEnv();
  const act = useWrites(actionWrites);
  const [open, setOpen] = useState(false);
  return (
    <ActionDialog
      state={state}
      title={t.newAction}
      submitLabel={t.create}
      {...(originTopicId ? { originTopicId } : {})}
      open={open}
      onOpenChange={setOpen}
      onSubmit={(fields) => void act.createAction(fields, { id: state.me.id })}
      trigger={
        <Button size="small" icon={<AddRegular />} data-testid={testId}>
          {label}
        </Button>
      }
    />
  );
}

/**
 * The Kanban: three columns where there is room, one list grouped by status in the side panel;
 * "My actions" keeps the viewer's own. At a daily (`review`) it says what to do and lists overdue actions first.
 */
export function Kanban({ state, review = false }: { state: BoardState; review?: boolean }) {
  const s = useStyles();
  const surface = useSurfaceStyles();
  const { t } = useEnv();
  const [mineOnly, setMineOnly] = useState(false);
  const sorted = review ? [...state.actions].sort((a, b) => Number(b.overdue) - Number(a.overdue)) : state.actions;
  const actions = mineOnly ? sorted.filter((a) => isMyAction(a, state.me)) : sorted;
  return (
    <div className={s.root} data-testid="kanban">
      {review ? (
        <>
          <Subtitle2 as="h2">{t.actionsReviewTitle}</Subtitle2>
          {state.actions.length > 0 ? <Caption1 data-testid="actions-review">{t.actionsReview}</Caption1> : null}
        </>
      ) : null}
      <div className={s.toolbar}>
        {state.actions.length > 0 ? <Switch label={t.myActions} checked={mineOnly} onChange={(_, d) => setMineOnly(d.checked)} data-testid="my-actions" /> : <span />}
        <CreateActionDialog state={state} label={t.newAction} />
      </div>
      {state.actions.length === 0 ? (
        <EmptyState title={t.emptyActionsTitle}>{t.emptyActionsBody}</EmptyState>
      ) : mineOnly && actions.length === 0 ? (
        <Caption1 className={s.empty} data-testid="no-my-actions">
          {t.noMyActions}
        </Caption1>
      ) : (
        <div className={s.board}>
          {ACTION_STATUSES.map((status) => {
            const items = actions.filter((a) => a.status === status);
            const id = `col-${status}`;
            return (
              <section key={status} className={s.column} aria-labelledby={id} data-testid={`column-${status}`}>
                <div className={s.columnHead}>
                  <Subtitle2 as="h3" id={id} aria-label={t.statusCount(statusLabel(t, status), items.length)}>
                    {statusLabel(t, status)}
                  </Subtitle2>
                  <Badge appearance="tint" color="informative" size="small" aria-hidden="true" data-testid="column-count">
                    {items.length}
                  </Badge>
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
