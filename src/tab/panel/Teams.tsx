import { useState, type FormEvent } from "react";
import { Button, Caption1, Checkbox, Field, Input, makeStyles, MessageBar, MessageBarBody, Text, tokens } from "@fluentui/react-components";
import { AddRegular, PeopleTeamRegular } from "../icons";
import type { BoardState } from "../state/api";
import { useBoardActions, useEnv } from "../state/hooks";
import { EmptyState } from "./common";
import { validate } from "./forms";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  list: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXS, listStyleType: "none", margin: 0, padding: 0 },
  item: {
    display: "flex",
    gap: tokens.spacingHorizontalS,
    alignItems: "start",
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    backgroundColor: tokens.colorNeutralBackground1,
    borderRadius: tokens.borderRadiusMedium,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    overflowWrap: "anywhere",
  },
  body: { display: "flex", flexDirection: "column", minWidth: 0 },
  muted: { color: tokens.colorNeutralForeground2 },
  form: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  formRow: { display: "flex", gap: tokens.spacingHorizontalS, alignItems: "end" },
  grow: { flexGrow: 1, minWidth: 0 },
});

function AddTeamForm({ state }: { state: BoardState }) {
  const s = useStyles();
  const { t } = useEnv();
  const act = useBoardActions();
  const [name, setName] = useState("");
  const [mine, setMine] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const parsed = await validate("AddTeam", { name, ...(mine ? { representative: { id: state.me.id, name: state.me.name } } : {}) });
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
  const { t } = useEnv();
  return (
    <div className={s.root} data-testid="teams">
      <Text weight="semibold" data-testid="team-count">
        {t.teamsCount(state.teams.length, state.teamLimit)}
      </Text>
      {state.warnings.map((w) => (
        <MessageBar key={w} intent="warning" data-testid="team-warning">
          <MessageBarBody>{w}</MessageBarBody>
        </MessageBar>
      ))}
      {state.teams.length === 0 ? (
        <EmptyState title={t.emptyTeamsTitle}>
          {t.emptyTeamsBody} {state.me.facilitator ? "" : t.emptyTeamsAttendee}
        </EmptyState>
      ) : (
        <ul className={s.list} aria-label={t.teams}>
          {state.teams.map((team) => (
            <li key={team.id} className={s.item}>
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
            </li>
          ))}
        </ul>
      )}
      {state.me.facilitator && state.teams.length < state.teamLimit ? <AddTeamForm state={state} /> : null}
    </div>
  );
}
