import { makeStyles, tokens } from "@fluentui/react-components";

/**
 * The surfaces every panel shares, in Fluent tokens only, so cards, lists and the overdue mark
 * look the same wherever they appear. Panels add their own layout with `mergeClasses`.
 */
export const useSurfaceStyles = makeStyles({
  /** A bare list laid out as a column of cards. */
  list: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS, listStyleType: "none", margin: 0, padding: 0 },
  /** With `list`: cards closer together, for narrow columns. */
  tight: { gap: tokens.spacingVerticalXS },
  /** One item on the board: a topic, an action, a team. */
  card: {
    backgroundColor: tokens.colorNeutralBackground1,
    borderRadius: tokens.borderRadiusMedium,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  /** A section lifted off the panel (the add-topic form, what is being discussed); the panel picks the shadow. */
  raised: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingHorizontalM,
    backgroundColor: tokens.colorNeutralBackground1,
    borderRadius: tokens.borderRadiusLarge,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorTransparentStroke}`,
  },
  /** A field or choice that shrinks to the panel: a long option (a team, a topic) must not widen a form past 320 px. */
  shrink: { minWidth: 0, maxWidth: "100%" },
  /** With `shrink`, on a Select's `select` slot: the chosen option's text is cut with an ellipsis. */
  selectText: { minWidth: 0, textOverflow: "ellipsis" },
  /** Marks an action or a need that is past its date. */
  overdue: { borderLeft: `${tokens.strokeWidthThickest} solid ${tokens.colorPaletteRedBorder2}` },
});
