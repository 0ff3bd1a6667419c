import { Body1, Button, Caption1, makeStyles, MessageBar, MessageBarBody, MessageBarTitle, tokens } from "@fluentui/react-components";
import type { FieldConflict } from "../state/conflicts";
import { useEnv } from "../state/hooks";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  texts: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXS, minWidth: 0 },
  text: {
    whiteSpace: "pre-wrap",
    overflowWrap: "anywhere",
    padding: tokens.spacingHorizontalS,
    borderRadius: tokens.borderRadiusMedium,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground1,
  },
  choices: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalS },
});

/**
 * Someone else saved the same text while this person was editing: their text next to yours, and
 * the three ways on. Nothing was saved and nothing is lost until the person chooses.
 */
export function ConflictChoice({
  conflicts,
  labels,
  onKeepMine,
  onKeepTheirs,
  onCombine,
}: {
  conflicts: FieldConflict[];
  /** How each field is called in the panel ("Takeaways", "Action"). */
  labels: Record<string, string>;
  onKeepMine: () => void;
  onKeepTheirs: () => void;
  onCombine: () => void;
}) {
  const s = useStyles();
  const { t } = useEnv();
  return (
    <div className={s.root} data-testid="conflict">
      <MessageBar intent="warning" layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>{t.conflictTitle}</MessageBarTitle> {t.conflictBody}
        </MessageBarBody>
      </MessageBar>
      {conflicts.map((c) => (
        <div key={c.field} className={s.root}>
          <div className={s.texts}>
            <Caption1>
              {t.theirText}
              {conflicts.length > 1 ? ` · ${labels[c.field] ?? c.field}` : ""}
            </Caption1>
            <Body1 className={s.text} data-testid="conflict-theirs">
              {c.theirs}
            </Body1>
          </div>
          <div className={s.texts}>
            <Caption1>
              {t.yourText}
              {conflicts.length > 1 ? ` · ${labels[c.field] ?? c.field}` : ""}
            </Caption1>
            <Body1 className={s.text} data-testid="conflict-yours">
              {c.yours}
            </Body1>
          </div>
        </div>
      ))}
      <div className={s.choices}>
        <Button appearance="primary" size="small" onClick={onKeepMine} data-testid="keep-mine">
          {t.keepMine}
        </Button>
        <Button size="small" onClick={onKeepTheirs} data-testid="keep-theirs">
          {t.keepTheirs}
        </Button>
        <Button size="small" onClick={onCombine} data-testid="combine">
          {t.combine}
        </Button>
      </div>
    </div>
  );
}
