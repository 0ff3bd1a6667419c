import type { ReactNode } from "react";
import { Body1, Field, makeStyles, mergeClasses, Select, Skeleton, SkeletonItem, Subtitle2, tokens } from "@fluentui/react-components";
import type { Team } from "../../domain";
import { useSurfaceStyles } from "./surfaces";

const useStyles = makeStyles({
  skeleton: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalM,
    padding: tokens.spacingHorizontalM,
  },
  ring: { alignSelf: "center" },
  empty: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXS,
    padding: tokens.spacingVerticalM,
    border: `${tokens.strokeWidthThin} dashed ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
    color: tokens.colorNeutralForeground2,
  },
});

/** The board's shape while it loads, so nothing jumps when it arrives. */
export function PanelSkeleton({ label }: { label: string }) {
  const styles = useStyles();
  return (
    <Skeleton aria-label={label} className={styles.skeleton}>
      <SkeletonItem size={24} />
      <SkeletonItem shape="circle" size={96} className={styles.ring} />
      <SkeletonItem size={32} />
      <SkeletonItem size={48} />
      <SkeletonItem size={48} />
      <SkeletonItem size={48} />
    </Skeleton>
  );
}

export function EmptyState({ title, children, action }: { title: string; children: ReactNode; action?: ReactNode }) {
  const styles = useStyles();
  return (
    <div className={styles.empty}>
      <Subtitle2 as="h3">{title}</Subtitle2>
      <Body1>{children}</Body1>
      {action}
    </div>
  );
}

/** Whole dots for the person's remaining votes, hollow ones for the dots already placed. */
export function Dots({ filled, total, label }: { filled: number; total: number; label: string }) {
  const s = useDotStyles();
  return (
    <span role="img" aria-label={label} className={s.row}>
      {Array.from({ length: total }, (_, i) => (
        <Dot key={i} filled={i < filled} />
      ))}
    </span>
  );
}

const useDotStyles = makeStyles({
  row: { display: "inline-flex", alignItems: "center", gap: tokens.spacingHorizontalXXS },
  dot: {
    display: "inline-block",
    width: tokens.spacingHorizontalS,
    height: tokens.spacingHorizontalS,
    borderRadius: tokens.borderRadiusCircular,
    border: `${tokens.strokeWidthThick} solid ${tokens.colorBrandForeground1}`,
    boxSizing: "border-box",
  },
  filled: { backgroundColor: tokens.colorBrandForeground1 },
});

function Dot({ filled }: { filled: boolean }) {
  const s = useDotStyles();
  return <span className={mergeClasses(s.dot, filled && s.filled)} />;
}

/** Picks one of the board's teams, or none; nothing at all while the board has no teams. */
export function TeamSelect({ teams, value, onChange, label, noneLabel, className }: { teams: readonly Team[]; value: string; onChange: (teamId: string) => void; label: string; noneLabel: string; className?: string }) {
  const s = useSurfaceStyles();
  if (teams.length === 0) return null;
  return (
    <Field label={label} className={mergeClasses(s.shrink, className)}>
      <Select value={value} onChange={(_, d) => onChange(d.value)} className={s.shrink} select={{ className: s.selectText }}>
        <option value="">{noneLabel}</option>
        {teams.map((team) => (
          <option key={team.id} value={team.id}>
            {team.name}
          </option>
        ))}
      </Select>
    </Field>
  );
}
