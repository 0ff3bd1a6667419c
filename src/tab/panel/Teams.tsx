import { lazy, Suspense, useState, type FormEvent } from "react";
import {
  Button,
  Caption1,
  Checkbox,
  Field,
  Input,
  makeStyles,
  mergeClasses,
  Menu,
  MenuItem,
  MenuList,
  MenuPopover,
  MenuTrigger,
  MessageBar,
  MessageBarBody,
  Subtitle2,
  Text,
  tokens,
} from "@fluentui/react-components";
import type { Team } from "../../domain";
import { AddRegular, MoreHorizontalRegular, PeopleTeamRegular, PersonAvailableRegular } from "../icons";
import type { BoardState } from "../state/api";
import { teamName, UNKNOWN_TEAM } from "../format";
import { useEnv, useWrites } from "../state/hooks";
import { dailyWrites } from "../state/writes/daily";
import { teamWrites } from "../state/writes/teams";
import { EmptyState } from "./common";
import { validate } from "./forms";
import { useSurfaceStyles } from "./surfaces";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  item: {
    display: "flex",
    flexWrap: "wrap",
    gap: tokens.spacingHorizontalS,
    alignItems: "start",
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    overflowWrap: "anywhere",
  },
  body: { display: "flex", flexDirection: "column", minWidth: 0, flexGrow: 1, flexBasis: 0 },
  muted: { color: tokens.colorNeutralForeground2 },
  form: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  formRow: { display: "flex", gap: tokens.spacingHorizontalS, alignItems: "end" },
  grow: { flexGrow: 1, minWidth: 0 },
  // Under the team's name, the whole width of the card: the team's name in it can be long.
  claim: { flexBasis: "100%", minWidth: 0, maxWidth: "100%" },
});

const TeamDialogs = lazy(() => import("./TeamDialogs"));

type Editing = { kind: "edit" | "remove"; team: Team } | null;

function TeamMenu({ team, onPick }: { team: Team; onPick: (e: Editing) => void }) {
  const { t } = useEnv();
  return (
    <Menu>
      <MenuTrigger disableButtonEnhancement>
        <Button size="small" appearance="subtle" icon={<MoreHorizontalRegular />} aria-label={t.teamMenu(team.name)} data-testid="team-menu" />
      </MenuTrigger>
      <MenuPopover>
        <MenuList>
          <MenuItem onClick={() => onPick({ kind: "edit", team })} data-testid="team-edit">
            {t.editTeam}
          </MenuItem>
          <MenuItem onClick={() => onPick({ kind: "remove", team })} data-testid="team-remove">
            {t.removeTeam}
          </MenuItem>
        </MenuList>
      </MenuPopover>
    </Menu>
  );
}

/** Who speaks for which team at this session, and the viewer's own check-in. */
function Attendance({ state }: { state: BoardState }) {
  const s = useStyles();
  const surface = useSurfaceStyles();
  const { t } = useEnv();
  const act = useWrites(dailyWrites);
  const myTeam = state.teams.find((x) => x.id === state.me.teamId);
  const checkedIn = myTeam ? state.attendance.some((a) => a.teamId === myTeam.id && a.person.id === state.me.id) : false;
  return (
    <section className={s.form} aria-labelledby="attendance-title" data-testid="attendance">
      <Subtitle2 as="h2" id="attendance-title">
        {t.attendance}
      </Subtitle2>
      {state.attendance.length === 0 ? (
        <Caption1 className={s.muted}>{t.noAttendance}</Caption1>
      ) : (
        <ul className={mergeClasses(surface.list, surface.tight)}>
          {state.attendance.map((a) => (
            <li key={`${a.teamId}:${a.person.id}`}>
              <Caption1>{t.attendedFor(a.person.name, teamName(state.teams, a.teamId) ?? UNKNOWN_TEAM)}</Caption1>
            </li>
          ))}
        </ul>
      )}
      {myTeam ? (
        checkedIn ? (
          <Caption1 data-testid="checked-in">{t.checkedIn(myTeam.name)}</Caption1>
        ) : (
          <Button icon={<PersonAvailableRegular />} onClick={() => void act.checkIn(myTeam.id, { id: state.me.id, name: state.me.name })} data-testid="check-in">
            {t.checkIn(myTeam.name)}
          </Button>
        )
      ) : null}
    </section>
  );
}

/** "I represent Payments": anyone in the meeting takes an unclaimed team for themself. */
function ClaimTeam({ team, state }: { team: Team; state: BoardState }) {
  const s = useStyles();
  const { t } = useEnv();
  const act = useWrites(teamWrites);
  return (
    <Button size="small" className={s.claim} icon={<PersonAvailableRegular />} onClick={() => void act.claimTeam(team.id, { id: state.me.id, name: state.me.name })} data-testid="claim-team">
      {t.claimTeam(team.name)}
    </Button>
  );
}

function AddTeamForm({ state }: { state: BoardState }) {
  const s = useStyles();
  const { t } = useEnv();
  const act = useWrites(teamWrites);
  const [name, setName] = useState("");
  const [mine, setMine] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const parsed = await validate("AddTeam", { name, ...(mine ? { representative: { id: state.me.id } } : {}) });
    if (!parsed.ok) return setError(parsed.errors["name"]);
    setError(undefined);
    setName("");
    void act.addTeam(parsed.data);
  };
  return (
    <form className={s.form} onSubmit={(e) => void submit(e)} aria-label={t.addTeam}>
      <div className={s.formRow}>
        <Field label={t.teamName} validationMessage={error} className={s.grow}>
          <Input value={name} onChange={(_, d) => setName(d.value)} />
        </Field>
        <Button type="submit" icon={<AddRegular />}>
          {t.add}
        </Button>
      </div>
      <Checkbox checked={mine} onChange={(_, d) => setMine(d.checked === true)} label={t.iRepresent} />
    </form>
  );
}

export function Teams({ state }: { state: BoardState }) {
  const s = useStyles();
  const surface = useSurfaceStyles();
  const { t } = useEnv();
  const [editing, setEditing] = useState<Editing>(null);
  const full = state.teams.length >= state.teamLimit;
  return (
    <div className={s.root} data-testid="teams">
      <Text weight="semibold" data-testid="team-count">
        {t.teamsCount(state.teams.length, state.teamLimit)}
      </Text>
      {state.warnings.map((w) => (
        <MessageBar key={w} intent="warning" data-testid="team-warning" layout="multiline">
          <MessageBarBody>{w}</MessageBarBody>
        </MessageBar>
      ))}
      {full ? (
        <MessageBar intent="info" data-testid="team-limit" layout="multiline">
          <MessageBarBody>{t.teamLimitReached(state.teamLimit)}</MessageBarBody>
        </MessageBar>
      ) : null}
      {state.teams.length === 0 ? (
        <EmptyState title={t.emptyTeamsTitle}>
          {t.emptyTeamsBody} {state.me.facilitator ? "" : t.emptyTeamsAttendee}
        </EmptyState>
      ) : (
        <ul className={mergeClasses(surface.list, surface.tight)} aria-label={t.teams}>
          {state.teams.map((team) => (
            <li key={team.id} className={mergeClasses(surface.card, s.item)} data-testid="team" data-team={team.name}>
              <PeopleTeamRegular aria-hidden="true" />
              <div className={s.body}>
                <Text weight="semibold">{team.name}</Text>
                <Caption1 className={s.muted}>
                  {t.representative}: {team.representative?.name ?? t.noRepresentative}
                </Caption1>
                {team.alternates.length > 0 ? (
                  <Caption1 className={s.muted}>
                    {t.alternates}: {team.alternates.map((a) => a.name).join(", ")}
                  </Caption1>
                ) : null}
              </div>
              {state.me.facilitator ? <TeamMenu team={team} onPick={setEditing} /> : null}
              {team.representative ? null : <ClaimTeam team={team} state={state} />}
            </li>
          ))}
        </ul>
      )}
      {state.teams.length > 0 ? <Attendance state={state} /> : null}
      {state.me.facilitator && !full ? <AddTeamForm state={state} /> : null}
      {editing ? (
        <Suspense fallback={null}>
          <TeamDialogs state={state} kind={editing.kind} team={editing.team} onClose={() => setEditing(null)} />
        </Suspense>
      ) : null}
    </div>
  );
}
