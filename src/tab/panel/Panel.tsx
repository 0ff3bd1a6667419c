import { lazy, Suspense, useState } from "react";
import {
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
import { ArrowClockwiseRegular, MoreHorizontalRegular, ShareScreenStartRegular } from "../icons";
import { useBoard, useBoardActions, useEnv } from "../state/hooks";
import { PanelSkeleton } from "./common";
import { NowDiscussing } from "./NowDiscussing";
import { Queue } from "./Queue";

// The queue shows first; the other sections load when opened.
const Discussed = lazy(() => import("./Discussed").then((m) => ({ default: m.Discussed })));
const Kanban = lazy(() => import("./Kanban").then((m) => ({ default: m.Kanban })));
const Teams = lazy(() => import("./Teams").then((m) => ({ default: m.Teams })));

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

type Section = "queue" | "discussed" | "actions" | "teams";

export function OfflineBar() {
  const { t } = useEnv();
  const { offline } = useBoard();
  const act = useBoardActions();
  if (!offline) return null;
  return (
    <MessageBar intent="warning" data-testid="offline">
      <MessageBarBody>{t.offline}</MessageBarBody>
      <MessageBarActions>
        <Button size="small" icon={<ArrowClockwiseRegular />} onClick={() => void act.refresh()}>
          {t.retry}
        </Button>
      </MessageBarActions>
    </MessageBar>
  );
}

export function BoardError() {
  const { t } = useEnv();
  const { error } = useBoard();
  const act = useBoardActions();
  if (!error) return null;
  return (
    <MessageBar intent="error" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>{t.refused}</MessageBarTitle>
        {error.detail}
      </MessageBarBody>
      <MessageBarActions>
        <Button size="small" onClick={() => void act.refresh()}>
          {t.retry}
        </Button>
      </MessageBarActions>
    </MessageBar>
  );
}

export function Panel() {
  const s = useStyles();
  const { t, host } = useEnv();
  const { state, loading } = useBoard();
  const act = useBoardActions();
  const [section, setSection] = useState<Section>("queue");
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
  const panelId = `section-${section}`;
  return (
    <main className={s.root} data-testid="panel">
      <header className={s.header}>
        <Subtitle1 as="h1" className={s.title}>
          {t.appName}
        </Subtitle1>
        {host.shareToStage ? (
          <Button appearance="subtle" icon={<ShareScreenStartRegular />} aria-label={t.shareToStage} onClick={() => void host.shareToStage?.()} />
        ) : null}
        {state.me.facilitator ? (
          <Menu>
            <MenuTrigger disableButtonEnhancement>
              <Button appearance="subtle" icon={<MoreHorizontalRegular />} aria-label={t.sessionMenu} data-testid="session-menu" />
            </MenuTrigger>
            <MenuPopover>
              <MenuList>
                {!closed ? <MenuItem onClick={() => void act.closeSession()}>{t.closeSession}</MenuItem> : null}
                <MenuItem onClick={() => void act.startSession("weekly")}>{t.startWeekly}</MenuItem>
                <MenuItem onClick={() => void act.startSession("daily")}>{t.startDaily}</MenuItem>
              </MenuList>
            </MenuPopover>
          </Menu>
        ) : null}
      </header>
      <OfflineBar />
      <BoardError />
      {closed ? (
        <MessageBar intent="info">
          <MessageBarBody>{t.sessionClosed}</MessageBarBody>
        </MessageBar>
      ) : null}
      {!state.me.facilitator ? <Caption1>{t.readOnlyRole}</Caption1> : null}
      <NowDiscussing />
      <TabList
        className={s.tabs}
        size="small"
        selectedValue={section}
        onTabSelect={(_, d) => setSection(d.value as Section)}
        aria-label={t.sections}
      >
        <Tab value="queue" id="tab-queue" aria-controls={panelId} data-testid="tab-queue">
          {t.queue}
        </Tab>
        <Tab value="discussed" id="tab-discussed" aria-controls={panelId} data-testid="tab-discussed">
          {t.discussed}
        </Tab>
        <Tab value="actions" id="tab-actions" aria-controls={panelId} data-testid="tab-actions">
          {t.actions}
        </Tab>
        <Tab value="teams" id="tab-teams" aria-controls={panelId} data-testid="tab-teams">
          {t.teams}
        </Tab>
      </TabList>
      <div role="tabpanel" id={panelId} aria-labelledby={`tab-${section}`} className={s.panel}>
        <Suspense fallback={<PanelSkeleton label={t.loading} />}>
          {section === "queue" ? <Queue state={state} /> : null}
          {section === "discussed" ? <Discussed state={state} /> : null}
          {section === "actions" ? <Kanban state={state} /> : null}
          {section === "teams" ? <Teams state={state} /> : null}
        </Suspense>
      </div>
    </main>
  );
}
