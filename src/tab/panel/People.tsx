import {
  Avatar,
  Button,
  Caption1,
  makeStyles,
  mergeClasses,
  Popover,
  PopoverSurface,
  PopoverTrigger,
  Subtitle2,
  Text,
  tokens,
} from "@fluentui/react-components";
import type { Team } from "../../domain";
import { PeopleRegular } from "../icons";
import type { BoardState } from "../state/api";
import { useEnv } from "../state/hooks";
import { rosterOf, type RosterPerson } from "../state/people";
import type { Strings } from "../strings";
import { useSurfaceStyles } from "./surfaces";

const useStyles = makeStyles({
  // The popover never overflows the 320-px side panel; a long roster scrolls inside it.
  surface: {
    width: "18rem",
    maxWidth: `calc(100vw - 2 * ${tokens.spacingHorizontalS})`,
    maxHeight: "70vh",
    overflowY: "auto",
    boxSizing: "border-box",
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingHorizontalM,
  },
  person: { display: "flex", gap: tokens.spacingHorizontalS, alignItems: "center", minWidth: 0 },
  body: { display: "flex", flexDirection: "column", minWidth: 0, flexGrow: 1, overflowWrap: "anywhere" },
  muted: { color: tokens.colorNeutralForeground2 },
  here: { color: tokens.colorPaletteGreenForeground1 },
  // The mark keeps to one line; a long name wraps instead.
  mark: { flexShrink: 0, whiteSpace: "nowrap" },
});

/** What the person does here: their meeting role and the teams they speak for. */
function describe(t: Strings, p: RosterPerson, teams: readonly Team[]): string {
  const parts: string[] = [];
  if (p.role === "organizer") parts.push(t.roleOrganizer);
  else if (p.role === "presenter") parts.push(t.rolePresenter);
  for (const id of p.teamIds) {
    const team = teams.find((x) => x.id === id);
    if (!team) continue;
    parts.push(team.representative?.id === p.id ? t.representsTeam(team.name) : t.alternateForTeam(team.name));
  }
  return parts.join(" · ");
}

/** The meeting's people by name, each marked here (recorded present this session) or not yet. */
export function PeopleList({ state }: { state: BoardState }) {
  const s = useStyles();
  const surface = useSurfaceStyles();
  const { t } = useEnv();
  const people = rosterOf(state);
  return (
    <ul className={mergeClasses(surface.list, surface.tight)} aria-label={t.peopleTitle} data-testid="people-list">
      {people.map((p) => {
        const about = describe(t, p, state.teams);
        return (
          <li key={p.id} className={s.person} data-testid="person" data-person={p.name} data-present={p.present}>
            <Avatar name={p.name} color="colorful" size={28} aria-hidden badge={{ status: p.present ? "available" : "offline" }} />
            <div className={s.body}>
              <Text size={300} weight={p.id === state.me.id ? "semibold" : "regular"}>
                {p.id === state.me.id ? `${p.name} (${t.you})` : p.name}
              </Text>
              {about ? <Caption1 className={s.muted}>{about}</Caption1> : null}
            </div>
            <Caption1 className={mergeClasses(s.mark, p.present ? s.here : s.muted)} data-testid="presence">
              {p.present ? t.presentNow : t.notHereYet}
            </Caption1>
          </li>
        );
      })}
    </ul>
  );
}

/** A header button showing how many of the meeting's people are here, opening the list of them. */
export function PeopleButton({ state }: { state: BoardState }) {
  const s = useStyles();
  const { t } = useEnv();
  const people = rosterOf(state);
  const here = people.filter((p) => p.present).length;
  return (
    <Popover withArrow positioning="below-end" trapFocus>
      <PopoverTrigger disableButtonEnhancement>
        <Button appearance="subtle" icon={<PeopleRegular />} aria-label={t.peopleButton(here, people.length)} title={t.peopleButton(here, people.length)} data-testid="open-people" />
      </PopoverTrigger>
      <PopoverSurface className={s.surface} aria-labelledby="people-title" data-testid="people">
        <Subtitle2 as="h2" id="people-title">
          {t.peopleTitle}
        </Subtitle2>
        <Caption1 className={s.muted} data-testid="people-count">
          {t.peopleHere(here, people.length)}
        </Caption1>
        <PeopleList state={state} />
      </PopoverSurface>
    </Popover>
  );
}
