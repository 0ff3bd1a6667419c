import { lazy, Suspense, useState } from "react";
import {
  Badge,
  Button,
  Caption1,
  makeStyles,
  Menu,
  MenuItem,
  MenuList,
  MenuPopover,
  MenuTrigger,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Tab,
  TabList,
  Subtitle1,
  tokens,
} from "@fluentui/react-components";
import { ArrowClockwiseRegular, DocumentTextRegular, MoreHorizontalRegular, ShareScreenStartRegular } from "../icons";
import { useBoard, useEnv, useWrites } from "../state/hooks";
import { useNeedAnswers } from "../state/needAnswers";
import { usePresence } from "../state/presence";
import { facilitationWrites } from "../state/writes/facilitation";
import { PanelSkeleton } from "./common";
import { PeopleButton } from "./People";
import { MergedNotice } from "./MergedNotice";
import { NowDiscussing } from "./NowDiscussing";
import { Queue } from "./Queue";

// The queue shows first; the other sections load when opened.
const Discussed = lazy(() => import("./Discussed").then((m) => ({ default: m.Discussed })));
const Kanban = lazy(() => import("./Kanban").then((m) => ({ default: m.Kanban })));
const Teams = lazy(() => import("./Teams").then((m) => ({ default: m.Teams })));
const Daily = lazy(() => import("./Daily").then((m) => ({ default: m.Daily })));
const StartSessionDialog = lazy(() => import("./SessionDialogs").then((m) => ({ default: m.StartSessionDialog })));
const SummaryDialog = lazy(() => import("./SessionDialogs").then((m) => ({ default: m.SummaryDialog })));
const SettingsDialog = lazy(() => import("./SettingsDialog").then((m) => ({ default: m.SettingsDialog })));
const MeetingEndDialog = lazy(() => import("./MeetingEndDialog").then((m) => ({ default: m.MeetingEndDialog })));

const useStyles = makeStyles({
  root: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalM,
    padding: tokens.spacingHorizontalS,
    maxWidth: "100%",
    boxSizing: "border-box",
  },
  header: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalXS },
  title: { flexGrow: 1, minWidth: 0 },
  tabs: { marginInline: `calc(-1 * ${tokens.spacingHorizontalS})` },
  panel: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
});

type Section = "queue" | "discussed" | "round" | "actions" | "teams";

const WEEKLY_SECTIONS: Section[] = ["queue", "discussed", "actions", "teams"];
// At a daily the panel opens on the board's actions, for the review, then goes round the teams.
const DAILY_SECTIONS: Section[] = ["round", "actions", "teams"];

export function OfflineBar() {
  const { t, store } = useEnv();
  const { offline } = useBoard();
  if (!offline) return null;
  return (
    <MessageBar intent="warning" data-testid="offline">
      <MessageBarBody>{t.offline}</MessageBarBody>
      <MessageBarActions>
        <Button size="small" icon={<ArrowClockwiseRegular />} onClick={() => void store.refresh(true)}>
          {t.retry}
        </Button>
      </MessageBarActions>
    </MessageBar>
  );
}

export function BoardError() {
  const { t, store } = useEnv();
  const { error } = useBoard();
  if (!error) return null;
  return (
    <MessageBar intent="error" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>{t.refused}</MessageBarTitle>
        {error.detail}
      </MessageBarBody>
      <MessageBarActions>
        <Button size="small" onClick={() => void store.refresh(true)}>
          {t.retry}
        </Button>
      </MessageBarActions>
    </MessageBar>
  );
}

export function Panel() {
  const s = useStyles();
  const { t, host, store } = useEnv();
  const { state, loading } = useBoard();
  const act = useWrites(facilitationWrites);
  // The section chosen, per session: a new session opens on its own first section.
  const [chosen, setChosen] = useState<{ sessionId: string; section: Section } | null>(null);
  const [confirm, setConfirm] = useState<"weekly" | "daily" | null>(null);
  const [summaryOpen, setSummaryOpen] = useState(false);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [endOpen, setEndOpen] = useState(false);
  useNeedAnswers(state);
  usePresence();
  if (!state) {
    return (
      <main className={s.root}>
        <BoardError />
        <OfflineBar />
        {loading || !state ? <PanelSkeleton label={t.loading} /> : null}
      </main>
    );
  }
  const closed = state.session.phase === "closed";
  const isDaily = state.session.kind === "daily";
  const sections = isDaily ? DAILY_SECTIONS : WEEKLY_SECTIONS;
  const section: Section =
    chosen && chosen.sessionId === state.session.id && sections.includes(chosen.section) ? chosen.section : isDaily ? "round" : "queue";
  const setSection = (v: Section) => setChosen({ sessionId: state.session.id, section: v });
  const label: Record<Section, string> = { queue: t.queue, discussed: t.discussed, round: t.roundTab, actions: t.actions, teams: t.teams };
  const panelId = `section-${section}`;
  return (
    <main className={s.root} data-testid="panel" data-session-kind={state.session.kind}>
      <header className={s.header}>
        <Subtitle1 as="h1" className={s.title}>
          {t.appName}
        </Subtitle1>
        <Badge appearance="tint" color={isDaily ? "informative" : "brand"} data-testid="session-kind">
          {isDaily ? t.daily : t.weekly}
        </Badge>
        <PeopleButton state={state} />
        <Button appearance="subtle" icon={<DocumentTextRegular />} aria-label={t.summaryTitle} title={t.summaryTitle} onClick={() => setSummaryOpen(true)} data-testid="open-summary" />
        {host.shareToStage && state.me.facilitator ? (
          <Button
            appearance="subtle"
            icon={<ShareScreenStartRegular />}
            aria-label={t.shareToStage}
            title={t.shareToStage}
            data-testid="share-to-stage"
            onClick={() => void host.shareToStage?.().catch((err: unknown) => store.notify({ intent: "error", title: t.shareFailed, body: err instanceof Error ? err.message : String(err) }))}
          />
        ) : null}
        {state.me.facilitator ? (
          <Menu>
            <MenuTrigger disableButtonEnhancement>
              <Button appearance="subtle" icon={<MoreHorizontalRegular />} aria-label={t.sessionMenu} data-testid="session-menu" />
            </MenuTrigger>
            <MenuPopover>
              <MenuList>
                {!closed ? <MenuItem onClick={() => void act.closeSession()}>{t.closeSession}</MenuItem> : null}
                <MenuItem onClick={() => setConfirm("weekly")} data-testid="start-weekly">
                  {t.startWeekly}
                </MenuItem>
                <MenuItem onClick={() => setConfirm("daily")} data-testid="start-daily">
                  {t.startDaily}
                </MenuItem>
                {!closed ? (
                  <MenuItem onClick={() => setEndOpen(true)} data-testid="open-meeting-end">
                    {t.setMeetingEnd}
                  </MenuItem>
                ) : null}
                <MenuItem onClick={() => setSettingsOpen(true)} data-testid="open-settings">
                  {t.openSettings}
                </MenuItem>
              </MenuList>
            </MenuPopover>
          </Menu>
        ) : null}
      </header>
      <Suspense fallback={null}>
        {confirm ? <StartSessionDialog kind={confirm} onClose={() => setConfirm(null)} /> : null}
        {summaryOpen ? <SummaryDialog onClose={() => setSummaryOpen(false)} /> : null}
        {settingsOpen && state.me.facilitator ? <SettingsDialog settings={state.settings} onClose={() => setSettingsOpen(false)} /> : null}
        {endOpen && state.me.facilitator ? <MeetingEndDialog endsAt={state.session.meetingEnd?.at ?? null} onClose={() => setEndOpen(false)} /> : null}
      </Suspense>
      <OfflineBar />
      <BoardError />
      {closed ? (
        <MessageBar intent="info" data-testid="session-closed">
          <MessageBarBody>{t.sessionClosed}</MessageBarBody>
          <MessageBarActions>
            <Button size="small" onClick={() => setSummaryOpen(true)} data-testid="closed-summary">
              {t.openSummary}
            </Button>
          </MessageBarActions>
        </MessageBar>
      ) : null}
      <MergedNotice state={state} />
      {!state.me.facilitator ? <Caption1>{isDaily ? t.readOnlyRoleDaily : t.readOnlyRole}</Caption1> : null}
      {isDaily ? null : <NowDiscussing />}
      <TabList
        className={s.tabs}
        size="small"
        selectedValue={section}
        onTabSelect={(_, d) => setSection(d.value as Section)}
        aria-label={t.sections}
      >
        {sections.map((v) => (
          <Tab key={v} value={v} id={`tab-${v}`} aria-controls={panelId} data-testid={`tab-${v}`}>
            {label[v]}
          </Tab>
        ))}
      </TabList>
      <div role="tabpanel" id={panelId} aria-labelledby={`tab-${section}`} className={s.panel}>
        <Suspense fallback={<PanelSkeleton label={t.loading} />}>
          {section === "queue" ? <Queue state={state} /> : null}
          {section === "discussed" ? <Discussed state={state} /> : null}
          {section === "round" ? <Daily state={state} /> : null}
          {section === "actions" ? <Kanban state={state} review={isDaily} /> : null}
          {section === "teams" ? <Teams state={state} /> : null}
        </Suspense>
      </div>
    </main>
  );
}
