import { makeStyles, Subtitle1, Title2, tokens } from "@fluentui/react-components";
import { useBoard, useEnv } from "../state/hooks";
import { PanelSkeleton } from "./common";
import { Kanban } from "./Kanban";
import { NowDiscussing } from "./NowDiscussing";
import { BoardError, OfflineBar } from "./Panel";
import { Queue } from "./Queue";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalL, padding: tokens.spacingHorizontalXXL },
  grid: {
    display: "grid",
    gridTemplateColumns: "repeat(auto-fit, minmax(320px, 1fr))",
    gap: tokens.spacingHorizontalXL,
    alignItems: "start",
  },
  column: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM, minWidth: 0 },
});

/** The wide board for the meeting stage: the timer large, the queue and the Kanban side by side. */
export function Stage() {
  const s = useStyles();
  const { t } = useEnv();
  const { state } = useBoard();
  return (
    <main className={s.root} data-testid="stage">
      <Title2 as="h1">{t.stageTitle}</Title2>
      <OfflineBar />
      <BoardError />
      {!state ? (
        <PanelSkeleton label={t.loading} />
      ) : (
        <div className={s.grid}>
          <div className={s.column}>
            <NowDiscussing large />
          </div>
          <section className={s.column} aria-labelledby="stage-queue">
            <Subtitle1 as="h2" id="stage-queue">
              {t.queue}
            </Subtitle1>
            <Queue state={state} showForm={false} />
          </section>
          <section className={s.column} aria-labelledby="stage-actions">
            <Subtitle1 as="h2" id="stage-actions">
              {t.actions}
            </Subtitle1>
            <Kanban state={state} />
          </section>
        </div>
      )}
    </main>
  );
}
