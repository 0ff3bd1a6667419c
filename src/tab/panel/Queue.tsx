import { Fragment, lazy, Suspense, useState, type FormEvent } from "react";
import {
  Badge,
  Button,
  Caption1,
  Field,
  Input,
  makeStyles,
  mergeClasses,
  Menu,
  MenuItem,
  MenuList,
  MenuPopover,
  MenuTrigger,
  ProgressBar,
  Text,
  Textarea,
  tokens,
} from "@fluentui/react-components";
import type { TopicView } from "../../domain";
import { AddRegular, DeleteRegular, EditRegular, MergeRegular, MoreHorizontalRegular, PlayRegular, SubtractRegular } from "../icons";
import type { BoardState } from "../state/api";
import { teamName } from "../format";
import { useEnv, useWrites } from "../state/hooks";
import { isPending } from "../state/pending";
import { facilitationWrites } from "../state/writes/facilitation";
import { topicWrites } from "../state/writes/topics";
import { voteWrites } from "../state/writes/votes";
import { CutLine, LastTopicNotice } from "./AgendaLine";
import { Dots, EmptyState, TeamSelect } from "./common";
import { loadSchemas, validate } from "./forms";
import { useSurfaceStyles } from "./surfaces";

const EditDialog = lazy(() => import("./TopicDialogs").then((m) => ({ default: m.EditDialog })));
const MergeDialog = lazy(() => import("./TopicDialogs").then((m) => ({ default: m.MergeDialog })));

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  form: { boxShadow: tokens.shadow2 },
  formRow: { display: "flex", gap: tokens.spacingHorizontalS, alignItems: "end" },
  grow: { flexGrow: 1, minWidth: 0 },
  item: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXS,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
  },
  head: { display: "flex", gap: tokens.spacingHorizontalXS, alignItems: "start" },
  title: { flexGrow: 1, minWidth: 0, overflowWrap: "anywhere" },
  number: { flexShrink: 0, color: tokens.colorNeutralForeground3 },
  rank: { flexShrink: 0, marginBlockStart: tokens.spacingVerticalXXS },
  meta: { display: "flex", gap: tokens.spacingHorizontalS, alignItems: "center", flexWrap: "wrap", color: tokens.colorNeutralForeground2 },
  voteRow: { display: "flex", gap: tokens.spacingHorizontalS, alignItems: "center" },
  bar: { flexGrow: 1, minWidth: 0 },
  votes: { whiteSpace: "nowrap", textAlign: "end", fontVariantNumeric: "tabular-nums" },
  dotsBar: { display: "flex", justifyContent: "space-between", alignItems: "center", gap: tokens.spacingHorizontalS },
  details: { color: tokens.colorNeutralForeground2, overflowWrap: "anywhere", whiteSpace: "pre-wrap" },
});

export function AddTopicForm({ state }: { state: BoardState }) {
  const s = useStyles();
  const surface = useSurfaceStyles();
  const { t } = useEnv();
  const act = useWrites(topicWrites);
  const [title, setTitle] = useState("");
  const [details, setDetails] = useState("");
  const [teamId, setTeamId] = useState<string>(state.me.teamId ?? "");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const parsed = await validate("AddTopic", { title, details: details || undefined, teamId: teamId || null });
    if (!parsed.ok) return setErrors(parsed.errors);
    setErrors({});
    setTitle("");
    setDetails("");
    void act.addTopic(parsed.data, { id: state.me.id, name: state.me.name });
  };
  return (
    <form className={mergeClasses(surface.raised, s.form)} onSubmit={(e) => void submit(e)} onFocus={() => void loadSchemas()} aria-label={t.addTopic} data-testid="add-topic">
      <Field label={t.title} validationMessage={errors["title"]} required>
        <Input value={title} onChange={(_, d) => setTitle(d.value)} data-testid="topic-title" />
      </Field>
      {title ? (
        <Field label={t.details} validationMessage={errors["details"]}>
          <Textarea value={details} onChange={(_, d) => setDetails(d.value)} resize="vertical" />
        </Field>
      ) : null}
      <div className={s.formRow}>
        {state.teams.length > 0 ? (
          <TeamSelect teams={state.teams} value={teamId} onChange={setTeamId} label={t.team} noneLabel={t.noTeam} className={s.grow} />
        ) : (
          <span className={s.grow} />
        )}
        <Button type="submit" appearance="primary" icon={<AddRegular />} data-testid="topic-add">
          {t.add}
        </Button>
      </div>
    </form>
  );
}

function TopicItem({ topic, state, max, rank }: { topic: TopicView; state: BoardState; max: number; rank: number }) {
  const s = useStyles();
  const surface = useSurfaceStyles();
  const { t, store } = useEnv();
  const topics = useWrites(topicWrites);
  const votes = useWrites(voteWrites);
  const act = useWrites(facilitationWrites);
  const [dialog, setDialog] = useState<"edit" | "merge" | null>(null);
  const facilitator = state.me.facilitator;
  const pending = isPending(topic.id);
  const others = state.topics.filter((o) => o.state === "queued" && o.id !== topic.id && !isPending(o.id));
  const team = teamName(state.teams, topic.teamId);
  const menu = topic.mine || facilitator;
  // Dropped at once, with a way back for a few seconds instead of a confirmation.
  const drop = async () => {
    const gone = await topics.dropTopic(topic.id);
    if (!gone) return;
    store.notify({ intent: "info", title: t.topicDropped(gone.title), action: { label: t.undo, run: () => void topics.restoreTopic(gone.id) } });
  };
  return (
    <li className={mergeClasses(surface.card, s.item)} data-testid="topic" data-topic-title={topic.title}>
      <div className={s.head}>
        {/* The place in the queue (what comes up next), beside the topic's own stable number. */}
        <Badge appearance="tint" color="informative" shape="circular" size="small" className={s.rank} role="img" aria-label={t.rank(rank)} data-testid="topic-rank">
          {rank}
        </Badge>
        {topic.number !== undefined ? (
          // The stable number people type in the chat (`vote 4`); the list's order is the rank.
          <Text weight="semibold" className={s.number} data-testid="topic-number">
            #{topic.number}
          </Text>
        ) : null}
        <Text weight="semibold" className={s.title}>
          {topic.title}
        </Text>
        {menu && !pending ? (
          <Menu>
            <MenuTrigger disableButtonEnhancement>
              <Button appearance="subtle" size="small" icon={<MoreHorizontalRegular />} aria-label={t.topicMenu(topic.title)} />
            </MenuTrigger>
            <MenuPopover>
              <MenuList>
                {facilitator ? (
                  <MenuItem icon={<PlayRegular />} onClick={() => void act.discussNext(topic.id)}>
                    {t.discussThis}
                  </MenuItem>
                ) : null}
                {topic.mine ? (
                  <MenuItem icon={<EditRegular />} onClick={() => setDialog("edit")}>
                    {t.edit}
                  </MenuItem>
                ) : null}
                {facilitator && others.length > 0 ? (
                  <MenuItem icon={<MergeRegular />} onClick={() => setDialog("merge")}>
                    {t.merge}
                  </MenuItem>
                ) : null}
                <MenuItem icon={<DeleteRegular />} onClick={() => void drop()} data-testid="topic-drop">
                  {t.drop}
                </MenuItem>
              </MenuList>
            </MenuPopover>
          </Menu>
        ) : null}
      </div>
      {topic.details ? <Caption1 className={s.details}>{topic.details}</Caption1> : null}
      <div className={s.meta}>
        <Caption1>{topic.author ? t.by(topic.mine ? `${topic.author.name} (${t.you})` : topic.author.name) : t.anonymous}</Caption1>
        {team ? (
          <Badge appearance="outline" color="informative" size="small">
            {team}
          </Badge>
        ) : null}
        {topic.carriedFrom ? (
          <Badge appearance="tint" color="subtle" size="small">
            {t.carried}
            {topic.carriedDots ? ` · ${t.votes(topic.carriedDots)}` : ""}
          </Badge>
        ) : null}
      </div>
      <div className={s.voteRow}>
        {topic.dots === null ? (
          <Caption1 className={s.bar}>{t.votesHidden}</Caption1>
        ) : (
          <>
            <ProgressBar className={s.bar} value={max > 0 ? topic.dots / max : 0} thickness="large" aria-label={t.votes(topic.dots)} />
            <Caption1 className={s.votes} data-testid="topic-votes">
              {t.votes(topic.dots)}
            </Caption1>
          </>
        )}
      </div>
      <div className={s.voteRow}>
        <span className={s.bar}>
          {topic.myDots > 0 ? <Dots filled={topic.myDots} total={topic.myDots} label={t.myDots(topic.myDots)} /> : null}
        </span>
        <Button size="small" icon={<SubtractRegular />} disabled={topic.myDots === 0 || pending} aria-label={t.withdrawVote(topic.title)} onClick={() => void votes.withdrawVote(topic.id)} data-testid="withdraw" />
        <Button size="small" appearance="primary" icon={<AddRegular />} disabled={!topic.canVote || pending} aria-label={t.castVote(topic.title)} onClick={() => void votes.castVote(topic.id)} data-testid="cast" />
      </div>
      <Suspense fallback={null}>
        {dialog === "edit" ? <EditDialog topic={topic} onClose={() => setDialog(null)} /> : null}
        {dialog === "merge" ? <MergeDialog topic={topic} others={others} onClose={() => setDialog(null)} /> : null}
      </Suspense>
    </li>
  );
}

export function Queue({ state, showForm = true }: { state: BoardState; showForm?: boolean }) {
  const s = useStyles();
  const surface = useSurfaceStyles();
  const { t } = useEnv();
  const queued = state.topics.filter((x) => x.state === "queued");
  const max = Math.max(1, ...queued.map((x) => x.dots ?? 0));
  const closed = state.session.phase === "closed";
  // The forecast's cut line: above the first topic that will not fit (after `fitting` of them).
  const agenda = state.agenda;
  const cutAt = agenda?.cut ? agenda.fitting : -1;
  return (
    <div className={s.root} data-testid="queue">
      {showForm && !closed ? <AddTopicForm state={state} /> : null}
      <div className={s.dotsBar}>
        <Dots filled={state.me.dotsLeft} total={state.settings.votesPerPerson} label={t.dotsLeft(state.me.dotsLeft)} />
        <Caption1 data-testid="dots-left">{t.dotsLeft(state.me.dotsLeft)}</Caption1>
      </div>
      {agenda?.lastThatFits ? <LastTopicNotice agenda={agenda} /> : null}
      {queued.length === 0 ? (
        <EmptyState title={t.emptyQueueTitle}>{t.emptyQueueBody}</EmptyState>
      ) : (
        <ol className={surface.list} aria-label={t.queue}>
          {queued.map((topic, i) => (
            <Fragment key={topic.id}>
              {i === cutAt && agenda ? <CutLine agenda={agenda} /> : null}
              <TopicItem topic={topic} state={state} max={max} rank={i + 1} />
            </Fragment>
          ))}
        </ol>
      )}
    </div>
  );
}
