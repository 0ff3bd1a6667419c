import {
  Badge,
  Body1,
  Button,
  Caption1,
  makeStyles,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  mergeClasses,
  Subtitle1,
  Subtitle2,
  Text,
  ToggleButton,
  Toolbar,
  tokens,
} from "@fluentui/react-components";
import type { ReactElement } from "react";
import type { GrantedBy, RomanChoice, RomanView } from "../../domain";
import { DismissRegular, NextRegular, PauseRegular, PlayRegular, StopRegular, ThumbDislikeRegular, ThumbLikeRegular, TimerRegular, AddRegular } from "../icons";
import { romanShown, useCountdown, type Countdown } from "../state/countdown";
import { useBoard, useEnv, useWrites } from "../state/hooks";
import { facilitationWrites } from "../state/writes/facilitation";
import { voteWrites } from "../state/writes/votes";
import type { Strings } from "../strings";
import { useSurfaceStyles } from "./surfaces";
import { TopicDetails, TopicNotes } from "./TopicNotes";
import { VotedCount } from "./VotedCount";

const useStyles = makeStyles({
  root: { boxShadow: tokens.shadow4 },
  heading: { color: tokens.colorNeutralForeground2 },
  topic: { overflowWrap: "anywhere" },
  ringWrap: { display: "flex", justifyContent: "center", paddingBlock: tokens.spacingVerticalS },
  ring: { position: "relative", width: "160px", height: "160px" },
  ringLarge: { width: "320px", height: "320px" },
  svg: { width: "100%", height: "100%", transform: "rotate(-90deg)" },
  track: { stroke: tokens.colorNeutralStroke2, fill: "none" },
  progress: { stroke: tokens.colorBrandForeground1, fill: "none", strokeLinecap: "round", transitionProperty: "stroke-dashoffset", transitionDuration: tokens.durationNormal },
  progressPaused: { stroke: tokens.colorNeutralForeground3 },
  progressLow: { stroke: tokens.colorPaletteDarkOrangeForeground1 },
  progressExpired: { stroke: tokens.colorPaletteRedForeground1 },
  center: {
    position: "absolute",
    inset: 0,
    display: "flex",
    flexDirection: "column",
    alignItems: "center",
    justifyContent: "center",
  },
  time: { fontSize: tokens.fontSizeHero800, lineHeight: tokens.lineHeightHero800, fontWeight: tokens.fontWeightSemibold, fontVariantNumeric: "tabular-nums" },
  timeLarge: { fontSize: tokens.fontSizeHero1000, lineHeight: tokens.lineHeightHero1000 },
  controls: { display: "grid", gridTemplateColumns: "repeat(2, minmax(0, 1fr))", gap: tokens.spacingHorizontalS, padding: 0 },
  wide: { gridColumn: "1 / -1" },
  prompt: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingHorizontalM,
    borderRadius: tokens.borderRadiusLarge,
    border: `${tokens.strokeWidthThickest} solid ${tokens.colorStatusWarningBorder2}`,
    backgroundColor: tokens.colorStatusWarningBackground1,
    color: tokens.colorNeutralForeground1,
  },
  choices: { display: "grid", gridTemplateColumns: "repeat(3, 1fr)", gap: tokens.spacingHorizontalS },
  choice: { display: "flex", flexDirection: "column", height: "auto", paddingBlock: tokens.spacingVerticalS, paddingInline: tokens.spacingHorizontalXS, minWidth: 0 },
  count: { fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightBold },
  sideways: { transform: "rotate(-90deg)" },
  decision: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalS,
    paddingBlockStart: tokens.spacingVerticalS,
    borderTop: `${tokens.strokeWidthThin} solid ${tokens.colorStatusWarningBorder2}`,
  },
  meta: { display: "flex", gap: tokens.spacingHorizontalS, alignItems: "center", flexWrap: "wrap" },
});

/** What an extension added and who granted it: "Alice added 1 min", or the room's vote. */
function extensionText(t: Strings, minutes: number, by: GrantedBy | null): string {
  if (by?.kind === "facilitator") return t.addedMinutes(by.name, minutes);
  if (by?.kind === "room") return t.roomContinued(minutes);
  return t.extendedBy(minutes);
}

const R = 70;
const C = 2 * Math.PI * R;

export function TimerRing({ countdown, large }: { countdown: Countdown; large?: boolean }) {
  const s = useStyles();
  const { t } = useEnv();
  const status = countdown.expired ? t.timeUp : countdown.status === "paused" ? t.paused : t.running;
  const low = countdown.remainingMs < 60_000;
  return (
    <div className={s.ringWrap}>
      <div className={mergeClasses(s.ring, large && s.ringLarge)} role="timer" aria-label={t.timerLabel(countdown.mmss, status)} data-testid="timer">
        <svg className={s.svg} viewBox="0 0 160 160" aria-hidden="true">
          {/* A thinner track than the arc, so the time gone shows even where both share one colour (high contrast). */}
          <circle className={s.track} cx="80" cy="80" r={R} strokeWidth="4" />
          <circle
            className={mergeClasses(s.progress, low && s.progressLow, countdown.status === "paused" && s.progressPaused, countdown.expired && s.progressExpired)}
            cx="80"
            cy="80"
            r={R}
            strokeWidth="10"
            strokeDasharray={C}
            strokeDashoffset={countdown.expired ? 0 : C * (1 - countdown.fraction)}
          />
        </svg>
        <div className={s.center} aria-hidden="true">
          <span className={mergeClasses(s.time, large && s.timeLarge)} data-testid="timer-text">
            {countdown.mmss}
          </span>
          <Caption1>{status}</Caption1>
        </div>
      </div>
    </div>
  );
}

/**
 * The facilitator's one decision at time's up: close the vote (the button says what the result
 * does; moving on starts the next topic), or override the room once, the other way.
 */
function TimeUpDecision({ roman, queued, ext }: { roman: RomanView; queued: number; ext: number | null }) {
  const s = useStyles();
  const { t } = useEnv();
  const act = useWrites(facilitationWrites);
  const { outcome } = roman;
  const close = outcome.decision === "extend" ? t.closeVoteContinue(outcome.minutes) : queued > 0 ? t.closeVoteNext : t.closeVoteMoveOn;
  const override =
    outcome.decision === "extend"
      ? queued > 0
        ? { label: t.overrideNext, run: () => act.discussNext() }
        : { label: t.overrideMoveOn, run: () => act.stop() }
      : ext !== null
        ? { label: t.overrideContinue(ext), run: () => act.extend() }
        : null;
  return (
    <div className={s.decision} role="group" aria-label={t.decideAs} data-testid="time-up-controls">
      <Button appearance="primary" size="large" onClick={() => void act.concludeVote(queued > 0)} data-testid="close-vote">
        {close}
      </Button>
      {override ? (
        <Button onClick={() => void override.run()} data-testid="override">
          {override.label}
        </Button>
      ) : null}
    </div>
  );
}

function RomanPrompt({ roman, facilitator, queued, ext }: { roman: RomanView; facilitator: boolean; queued: number; ext: number | null }) {
  const s = useStyles();
  const { t } = useEnv();
  const votes = useWrites(voteWrites);
  const choices: { choice: RomanChoice; label: string; icon: ReactElement }[] = [
    { choice: "up", label: t.voteUp, icon: <ThumbLikeRegular /> },
    { choice: "sideways", label: t.voteSideways, icon: <ThumbLikeRegular className={s.sideways} /> },
    { choice: "down", label: t.voteDown, icon: <ThumbDislikeRegular /> },
  ];
  const outcome =
    roman.outcome.decision === "extend"
      ? t.outcomeExtend(roman.outcome.minutes)
      : roman.outcome.reason === "no_extension_left"
        ? t.outcomeNoExtension
        : t.outcomeMoveOn;
  return (
    <section className={s.prompt} aria-labelledby="roman-title" data-testid="roman-prompt">
      <div role="alert">
        <Subtitle1 as="h2" id="roman-title">
          {t.timeUpTitle}
        </Subtitle1>
      </div>
      <Body1>{t.timeUpBody}</Body1>
      <div className={s.choices} role="group" aria-label={t.timeUpTitle}>
        {choices.map((c) => (
          <ToggleButton
            key={c.choice}
            className={s.choice}
            checked={roman.myChoice === c.choice}
            appearance={roman.myChoice === c.choice ? "primary" : "secondary"}
            icon={c.icon}
            size="large"
            aria-label={t.voteCount(c.label, roman.tally[c.choice], roman.myChoice === c.choice)}
            data-testid={`roman-${c.choice}`}
            onClick={() => void votes.castRoman(roman.topicId, c.choice, roman)}
          >
            <span className={s.count} data-testid={`roman-count-${c.choice}`}>
              {roman.tally[c.choice]}
            </span>
            <Caption1>{c.label}</Caption1>
          </ToggleButton>
        ))}
      </div>
      <VotedCount roman={roman} />
      {/* The facilitator's close button says the same, as what it does. */}
      {facilitator ? <TimeUpDecision roman={roman} queued={queued} ext={ext} /> : <Caption1 data-testid="roman-outcome">{outcome}</Caption1>}
    </section>
  );
}

export function NowDiscussing({ large }: { large?: boolean }) {
  const s = useStyles();
  const surface = useSurfaceStyles();
  const { t, store } = useEnv();
  const { state, outcome } = useBoard();
  const act = useWrites(facilitationWrites);
  const countdown = useCountdown(state);
  const roman = romanShown(state, countdown.expired);
  if (!state) return null;
  const topic = state.timer.topicId ? state.topics.find((x) => x.id === state.timer.topicId) : undefined;
  const facilitator = state.me.facilitator;
  const closed = state.session.phase === "closed";
  const queued = state.topics.filter((x) => x.state === "queued").length;
  const ext = state.timer.nextExtensionMinutes;

  // A result belongs to its moment: this session while open, this round, or the topic last discussed with nothing started since.
  const current = outcome && outcome.sessionId === state.session.id && !closed ? outcome : null;
  const lastDiscussed = state.topics.find((x) => x.state === "discussed");
  const result =
    current?.kind === "extended" && current.topicId === state.timer.topicId && current.round === state.timer.round && !countdown.expired
      ? current.by?.kind === "facilitator"
        ? `${t.addedMinutes(current.by.name, current.minutes)}.`
        : t.resultExtended(current.minutes)
      : current?.kind === "movedOn" && state.timer.status === "idle" && lastDiscussed?.id === current.topicId
        ? t.resultMovedOn(current.title)
        : null;

  return (
    <section className={mergeClasses(surface.raised, s.root)} aria-labelledby="now-title" data-testid="now">
      <Subtitle2 as="h2" id="now-title" className={s.heading}>
        <TimerRegular aria-hidden="true" /> {t.nowDiscussing}
      </Subtitle2>
      {result ? (
        <MessageBar intent="success" data-testid="outcome">
          <MessageBarBody>{result}</MessageBarBody>
          <MessageBarActions containerAction={<Button appearance="transparent" aria-label={t.cancel} icon={<DismissRegular />} onClick={() => store.clearOutcome()} />} />
        </MessageBar>
      ) : null}
      {topic ? (
        <>
          <Text as="p" size={large ? 600 : 400} weight="semibold" className={s.topic} data-testid="now-topic">
            {topic.title}
          </Text>
          <TopicDetails topic={topic} />
          <div className={s.meta}>
            <Badge appearance="tint" color={state.timer.round > 0 ? "warning" : "brand"} data-testid="round">
              {state.timer.round > 0 && state.timer.extendedByMinutes !== null
                ? `${t.round(state.timer.round)} · ${extensionText(t, state.timer.extendedByMinutes, state.timer.grantedBy)}`
                : t.round(state.timer.round)}
            </Badge>
          </div>
          <TimerRing countdown={countdown} large={large ?? false} />
          {roman ? <RomanPrompt roman={roman} facilitator={facilitator} queued={queued} ext={ext} /> : null}
        </>
      ) : (
        <Body1>
          {closed ? t.closedNothingDiscussed : `${t.nothingDiscussed} ${facilitator ? t.nothingDiscussedFacilitator : t.nothingDiscussedAttendee}`}
        </Body1>
      )}
      {/* At time's up the vote's own controls are the facilitator's only ones (see TimeUpDecision). */}
      {facilitator && !closed && !roman ? (
        <Toolbar aria-label={t.facilitatorControls} className={s.controls} data-testid="facilitator-controls">
          {state.timer.status === "idle" ? (
            <Button appearance="primary" className={s.wide} icon={<PlayRegular />} disabled={queued === 0} onClick={() => void act.discussNext()} data-testid="start">
              {t.startNext}
            </Button>
          ) : (
            <>
              {state.timer.status === "running" && !countdown.expired ? (
                <Button icon={<PauseRegular />} onClick={() => void act.pause()} data-testid="pause">
                  {t.pause}
                </Button>
              ) : null}
              {state.timer.status === "paused" ? (
                <Button icon={<PlayRegular />} onClick={() => void act.resume()} data-testid="resume">
                  {t.resume}
                </Button>
              ) : null}
              {ext !== null && !countdown.expired ? (
                <Button icon={<AddRegular />} onClick={() => void act.extend()} data-testid="extend" aria-label={t.extend(ext)}>
                  {t.extendShort(ext)}
                </Button>
              ) : null}
              <Button icon={<StopRegular />} onClick={() => void act.stop()} data-testid="stop">
                {t.stop}
              </Button>
              <Button icon={<NextRegular />} disabled={queued === 0} onClick={() => void act.discussNext()} data-testid="next">
                {t.next}
              </Button>
            </>
          )}
        </Toolbar>
      ) : null}
      {/* Notes while talking: takeaways and actions go with the topic into Discussed. Not on the stage, where nobody types. */}
      {topic && !large ? <TopicNotes topic={topic} state={state} /> : null}
    </section>
  );
}
