import { Caption1, makeStyles, MessageBar, MessageBarBody, tokens } from "@fluentui/react-components";
import type { AgendaForecast } from "../../domain";
import { formatClock } from "../format";
import { useEnv } from "../state/hooks";

/** The agenda forecast in the queue: where the meeting's remaining time runs out. The server decides where; this only draws it. */

const dashed = { borderTopWidth: tokens.strokeWidthThick, borderTopStyle: "dashed", borderTopColor: tokens.colorPaletteRedBorder2 } as const;

const useStyles = makeStyles({
  line: {
    listStyleType: "none",
    display: "flex",
    alignItems: "center",
    gap: tokens.spacingHorizontalS,
    color: tokens.colorPaletteRedForeground1,
    "::before": { content: '""', flexShrink: 0, width: tokens.spacingHorizontalL, ...dashed },
    "::after": { content: '""', flexGrow: 1, minWidth: tokens.spacingHorizontalL, ...dashed },
  },
  text: { minWidth: 0, overflowWrap: "anywhere", color: "inherit" },
});

/** The cut line, as an item of the queue's list so it sits between the topics. */
export function CutLine({ agenda }: { agenda: AgendaForecast }) {
  const s = useStyles();
  const { t, locale } = useEnv();
  return (
    <li className={s.line} data-testid="cut-line">
      <Caption1 className={s.text}>{t.cutLine(formatClock(agenda.meetingEndsAt, locale))}</Caption1>
    </li>
  );
}

/** The topic under discussion is the last one the meeting has time for. */
export function LastTopicNotice({ agenda }: { agenda: AgendaForecast }) {
  const { t, locale } = useEnv();
  return (
    <MessageBar intent="warning" data-testid="last-topic">
      <MessageBarBody>{t.lastThatFits(formatClock(agenda.meetingEndsAt, locale))}</MessageBarBody>
    </MessageBar>
  );
}
