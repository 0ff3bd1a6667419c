import { useState, type FormEvent } from "react";
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
  Field,
  Input,
  makeStyles,
  mergeClasses,
  Select,
  Subtitle2,
  Text,
  Textarea,
  tokens,
} from "@fluentui/react-components";
import type { NeedState, NeedView, Person, Team } from "../../domain";
import { CheckmarkRegular, DismissRegular, EditRegular, NextRegular, PlayRegular, SendRegular, TimerRegular } from "../icons";
import type { BoardState } from "../state/api";
import { formatDate, formatMmss, teamName, UNKNOWN_TEAM } from "../format";
import { useEnv, useServerNow, useWrites } from "../state/hooks";
import { isPending } from "../state/pending";
import { dailyWrites } from "../state/writes/daily";
import type { Strings } from "../strings";
import { validate } from "./forms";
import { ConflictChoice } from "./ConflictChoice";
import { combine, type FieldConflict } from "../state/conflicts";
import { useSurfaceStyles } from "./surfaces";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  head: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalS, flexWrap: "wrap" },
  grow: { flexGrow: 1, minWidth: 0 },
  muted: { color: tokens.colorNeutralForeground2 },
  card: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXS,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalS}`,
    overflowWrap: "anywhere",
    minWidth: 0,
  },
  current: {
    border: `${tokens.strokeWidthThick} solid ${tokens.colorBrandStroke1}`,
    backgroundColor: tokens.colorBrandBackground2,
  },
  cardHead: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalXS, flexWrap: "wrap" },
  countdown: {
    display: "inline-flex",
    alignItems: "center",
    gap: tokens.spacingHorizontalXXS,
    fontVariantNumeric: "tabular-nums",
    fontWeight: tokens.fontWeightSemibold,
    color: tokens.colorNeutralForeground1,
  },
  expired: { color: tokens.colorPaletteRedForeground1 },
  steps: { whiteSpace: "pre-wrap" },
  row: { display: "flex", gap: tokens.spacingHorizontalXS, alignItems: "center", flexWrap: "wrap" },
  need: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXXS,
    padding: tokens.spacingHorizontalXS,
    borderRadius: tokens.borderRadiusSmall,
    backgroundColor: tokens.colorNeutralBackground3,
  },
  form: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingHorizontalS,
  },
  actions: { display: "flex", gap: tokens.spacingHorizontalXS, justifyContent: "flex-end", flexWrap: "wrap" },
  answers: { display: "flex", gap: tokens.spacingHorizontalXS, flexWrap: "wrap", paddingBlockStart: tokens.spacingVerticalXXS },
});

const STATE_COLOR: Record<NeedState, "informative" | "brand" | "danger" | "success"> = { open: "informative", accepted: "brand", declined: "danger", done: "success" };

function stateLabel(t: Strings, s: NeedState): string {
  return s === "open" ? t.needOpen : s === "accepted" ? t.needAccepted : s === "declined" ? t.needDeclined : t.needDone;
}

/** The facilitator's round controls: start, then the next team, then finish. */
function RoundControls({ state }: { state: BoardState }) {
  const { t } = useEnv();
  const act = useWrites(dailyWrites);
  const turn = state.daily.turn;
  if (!turn) {
    return (
      <Button appearance="primary" size="small" icon={<PlayRegular />} onClick={() => void act.nextTurn()} data-testid="start-round">
        {t.startRound}
      </Button>
    );
  }
  const last = state.daily.order.indexOf(turn.teamId) === state.daily.order.length - 1;
  return (
    <Button appearance="primary" size="small" icon={<NextRegular />} onClick={() => void act.nextTurn()} data-testid="next-team">
      {last ? t.finishRound : t.nextTeam}
    </Button>
  );
}

/** A team's turn, counted down by the server's clock like the discussion timer. */
function TurnCountdown({ endsAt, team }: { endsAt: number; team: string }) {
  const s = useStyles();
  const { t } = useEnv();
  const now = useServerNow(true, 500);
  const left = endsAt - now;
  const mmss = formatMmss(left);
  return (
    <span role="timer" aria-label={t.turnLabel(team, mmss)} className={mergeClasses(s.countdown, left <= 0 && s.expired)} data-testid="turn-countdown">
      <TimerRegular aria-hidden="true" />
      {left <= 0 ? t.turnOver : mmss}
    </span>
  );
}

function NextSteps({ state, team, mine }: { state: BoardState; team: Team; mine: boolean }) {
  const s = useStyles();
  const { t } = useEnv();
  const act = useWrites(dailyWrites);
  const update = state.daily.updates.find((u) => u.teamId === team.id);
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState("");
  // The next steps as they were when editing started: the version the save says it started from.
  const [was, setWas] = useState("");
  const [conflicts, setConflicts] = useState<FieldConflict[] | null>(null);
  const [error, setError] = useState<string | undefined>();
  const post = (nextSteps: string, from: string) => {
    setEditing(false);
    void act.postNextSteps(team.id, nextSteps, { id: state.me.id, name: state.me.name }, from, setConflicts);
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const parsed = await validate("DailyUpdateMessage", { nextSteps: text });
    if (!parsed.ok) return setError(parsed.errors["nextSteps"]);
    setError(undefined);
    post(parsed.data.nextSteps, was);
  };
  const conflict = conflicts?.[0];
  if (conflict && conflicts) {
    return (
      <ConflictChoice
        conflicts={conflicts}
        labels={{ nextSteps: t.nextStepsFor(team.name) }}
        onKeepMine={() => {
          setConflicts(null);
          post(conflict.yours, conflict.theirs);
        }}
        onKeepTheirs={() => setConflicts(null)}
        onCombine={() => {
          setConflicts(null);
          setText(combine(conflict, true));
          setWas(conflict.theirs);
          setEditing(true);
        }}
      />
    );
  }
  if (editing) {
    return (
      <form className={s.root} onSubmit={(e) => void submit(e)}>
        <Field label={t.nextStepsFor(team.name)} validationMessage={error}>
          <Textarea value={text} onChange={(_, d) => setText(d.value)} resize="vertical" data-testid="next-steps-input" />
        </Field>
        <div className={s.actions}>
          <Button size="small" onClick={() => setEditing(false)}>
            {t.cancel}
          </Button>
          <Button size="small" appearance="primary" type="submit" data-testid="next-steps-save">
            {t.save}
          </Button>
        </div>
      </form>
    );
  }
  return (
    <div className={s.root}>
      {update ? (
        <>
          <Text size={300} className={s.steps} data-testid="next-steps">
            {update.nextSteps}
          </Text>
          <Caption1 className={s.muted}>{t.postedBy(update.postedBy.name)}</Caption1>
        </>
      ) : (
        <Caption1 className={s.muted}>{t.noNextSteps}</Caption1>
      )}
      {mine ? (
        <div className={s.row}>
          <Button
            size="small"
            icon={<EditRegular />}
            onClick={() => {
              setText(update?.nextSteps ?? "");
              setWas(update?.nextSteps ?? "");
              setEditing(true);
            }}
            data-testid="edit-next-steps"
          >
            {update ? t.editNextSteps : t.postNextSteps}
          </Button>
        </div>
      ) : null}
    </div>
  );
}

function DeclineDialog({ need, me, onClose }: { need: NeedView; me: Person; onClose: () => void }) {
  const { t } = useEnv();
  const act = useWrites(dailyWrites);
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | undefined>();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const parsed = await validate("AnswerNeed", { answer: "decline", reason });
    if (!parsed.ok) return setError(parsed.errors["reason"] ?? parsed.errors["_"]);
    onClose();
    void act.answerNeed(need.id, "decline", me, reason);
  };
  return (
    <Dialog open onOpenChange={(_, d) => !d.open && onClose()}>
      <DialogSurface>
        <form onSubmit={(e) => void submit(e)}>
          <DialogBody>
            <DialogTitle>{t.declineTitle}</DialogTitle>
            <DialogContent>
              <Text block weight="semibold">
                {need.text}
              </Text>
              <Field label={t.declineReason} hint={t.declineHelp} validationMessage={error} required>
                <Textarea value={reason} onChange={(_, d) => setReason(d.value)} data-testid="decline-reason" />
              </Field>
            </DialogContent>
            <DialogActions>
              <Button onClick={onClose}>{t.cancel}</Button>
              <Button type="submit" appearance="primary" data-testid="decline-confirm">
                {t.decline}
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}

function NeedItem({ state, need, side }: { state: BoardState; need: NeedView; side: "of" | "by" }) {
  const s = useStyles();
  const surface = useSurfaceStyles();
  const { t, locale } = useEnv();
  const act = useWrites(dailyWrites);
  const [declining, setDeclining] = useState(false);
  const from = teamName(state.teams, need.fromTeamId) ?? UNKNOWN_TEAM;
  const to = teamName(state.teams, need.toTeamId) ?? UNKNOWN_TEAM;
  const me = { id: state.me.id, name: state.me.name };
  const answerable = side === "of" && state.me.teamId === need.toTeamId && (need.state === "open" || need.state === "accepted") && !isPending(need.id);
  return (
    <li className={mergeClasses(s.need, need.overdue && surface.overdue)} data-testid="need" data-need-state={need.state} data-side={side}>
      <Caption1 className={s.muted}>{side === "of" ? t.askedBy(from) : t.askedOf(to)}</Caption1>
      <Text size={200} weight="semibold" data-testid="need-text">
        {need.text}
      </Text>
      <div className={s.row}>
        <Badge size="small" appearance="tint" color={STATE_COLOR[need.state]} data-testid="need-state">
          {stateLabel(t, need.state)}
        </Badge>
        {need.overdue ? (
          <Badge size="small" color="danger" data-testid="need-overdue">
            {t.overdue}
          </Badge>
        ) : null}
        {need.by ? <Caption1 className={s.muted}>{t.needBy(formatDate(need.by, locale))}</Caption1> : null}
        {need.escalatedTopicId ? <Caption1 className={s.muted}>{t.escalated}</Caption1> : null}
      </div>
      {need.answeredBy ? (
        <Caption1 className={s.muted} data-testid="need-answer">
          {t.answeredBy(stateLabel(t, need.state), need.answeredBy.name)}
        </Caption1>
      ) : null}
      {need.state === "declined" && need.declineReason ? <Caption1 data-testid="need-reason">{t.declineReasonShown(need.declineReason)}</Caption1> : null}
      {answerable ? (
        <div className={s.answers} role="group" aria-label={t.needActions(need.text)}>
          {need.state === "open" ? (
            <Button size="small" appearance="primary" icon={<CheckmarkRegular />} onClick={() => void act.answerNeed(need.id, "accept", me)} data-testid="need-accept">
              {t.accept}
            </Button>
          ) : null}
          <Button size="small" icon={<DismissRegular />} onClick={() => setDeclining(true)} data-testid="need-decline">
            {t.decline}
          </Button>
          <Button size="small" icon={<CheckmarkRegular />} onClick={() => void act.answerNeed(need.id, "done", me)} data-testid="need-done">
            {t.markDone}
          </Button>
        </div>
      ) : null}
      {declining ? <DeclineDialog need={need} me={me} onClose={() => setDeclining(false)} /> : null}
    </li>
  );
}

function TeamCard({ state, team }: { state: BoardState; team: Team }) {
  const s = useStyles();
  const surface = useSurfaceStyles();
  const { t } = useEnv();
  const turn = state.daily.turn;
  const current = turn?.teamId === team.id;
  const mine = state.me.teamId === team.id;
  // Each need shows once, with the team that must answer it.
  const askedOf = state.needs.filter((n) => n.toTeamId === team.id);
  const headingId = `daily-team-${team.id}`;
  return (
    <li
      className={mergeClasses(surface.card, s.card, current && s.current)}
      aria-labelledby={headingId}
      aria-current={current ? "step" : undefined}
      data-testid="daily-team"
      data-team={team.name}
      data-current={current ? "true" : "false"}
    >
      <div className={s.cardHead}>
        <Subtitle2 as="h3" id={headingId} className={s.grow}>
          {team.name}
        </Subtitle2>
        {current ? (
          <Badge appearance="filled" color="brand" data-testid="your-turn">
            {mine ? t.yourTurn : t.speakingNow}
          </Badge>
        ) : null}
        {current && turn ? <TurnCountdown endsAt={turn.endsAt} team={team.name} /> : null}
      </div>
      <NextSteps state={state} team={team} mine={mine} />
      {askedOf.length > 0 ? (
        <ul className={mergeClasses(surface.list, surface.tight)} aria-label={t.needsOfTeam(team.name)}>
          {askedOf.map((n) => (
            <NeedItem key={`of-${n.id}`} state={state} need={n} side="of" />
          ))}
        </ul>
      ) : null}
    </li>
  );
}

function RaiseNeedForm({ state, team }: { state: BoardState; team: Team }) {
  const s = useStyles();
  const surface = useSurfaceStyles();
  const { t } = useEnv();
  const act = useWrites(dailyWrites);
  const others = state.teams.filter((x) => x.id !== team.id);
  const [toTeamId, setTo] = useState(others[0]?.id ?? "");
  const [text, setText] = useState("");
  const [by, setBy] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  if (others.length === 0) return null;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const parsed = await validate("RaiseNeed", { fromTeamId: team.id, toTeamId: toTeamId || others[0]?.id, text, by: by || null });
    if (!parsed.ok) return setErrors(parsed.errors);
    setErrors({});
    setText("");
    setBy("");
    void act.raiseNeed(parsed.data, { id: state.me.id, name: state.me.name });
  };
  const titleId = "raise-need-title";
  return (
    <form className={mergeClasses(surface.card, s.form)} onSubmit={(e) => void submit(e)} aria-labelledby={titleId} data-testid="raise-need">
      <Subtitle2 as="h3" id={titleId}>
        {t.raiseNeed}
      </Subtitle2>
      <Caption1 className={s.muted}>{t.raiseNeedFor(team.name)}</Caption1>
      <Field label={t.needToTeam} validationMessage={errors["toTeamId"]}>
        <Select value={toTeamId} onChange={(_, d) => setTo(d.value)} data-testid="need-to">
          {others.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </Select>
      </Field>
      <Field label={t.needText} validationMessage={errors["text"]} required>
        <Textarea value={text} onChange={(_, d) => setText(d.value)} data-testid="need-text-input" />
      </Field>
      <Field label={t.needByDate} validationMessage={errors["by"]}>
        <Input type="date" value={by} onChange={(_, d) => setBy(d.value)} data-testid="need-by" />
      </Field>
      <div className={s.actions}>
        <Button type="submit" appearance="primary" icon={<SendRegular />} data-testid="need-submit">
          {t.raiseNeed}
        </Button>
      </div>
    </form>
  );
}

/** The daily: one card per team in the round's order, whose turn it is, next steps and needs. */
export function Daily({ state }: { state: BoardState }) {
  const s = useStyles();
  const surface = useSurfaceStyles();
  const { t } = useEnv();
  const teams = state.daily.order.map((id) => state.teams.find((x) => x.id === id)).filter((x): x is Team => Boolean(x));
  const myTeam = state.teams.find((x) => x.id === state.me.teamId);
  return (
    <section className={s.root} aria-labelledby="daily-title" data-testid="daily">
      <div className={s.head}>
        <Subtitle2 as="h2" id="daily-title" className={s.grow}>
          {t.dailyRound}
        </Subtitle2>
        {state.me.facilitator && teams.length > 0 && state.session.phase !== "closed" ? <RoundControls state={state} /> : null}
      </div>
      <Caption1 className={s.muted}>{teams.length === 0 ? t.roundNoTeams : !state.daily.turn && !state.me.facilitator ? t.roundWaiting : t.dailyIntro}</Caption1>
      {/* Near the top: a need is raised while the others talk, not after scrolling past every team. */}
      {myTeam ? <RaiseNeedForm state={state} team={myTeam} /> : teams.length > 0 ? <Caption1 className={s.muted}>{t.notRepresenting}</Caption1> : null}
      {teams.length > 0 ? (
        <ul className={surface.list} aria-label={t.dailyRound}>
          {teams.map((team) => (
            <TeamCard key={team.id} state={state} team={team} />
          ))}
        </ul>
      ) : null}
    </section>
  );
}
