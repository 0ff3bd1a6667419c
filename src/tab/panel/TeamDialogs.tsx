import { useMemo, useState, type FormEvent } from "react";
import {
  Button,
  Caption1,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
  makeStyles,
  Select,
  Text,
  tokens,
} from "@fluentui/react-components";
import type { Person, Team } from "../../domain";
import { AddRegular, DeleteRegular } from "../icons";
import type { BoardState } from "../state/api";
import { useEnv, useWrites } from "../state/hooks";
import { teamWrites } from "../state/writes/teams";
import { validate } from "./forms";
import { combine, type FieldConflict } from "../state/conflicts";
import { ConflictChoice } from "./ConflictChoice";

/** The facilitator's dialogs for one team: edit its name and people, or remove it. Loaded when opened. */

const useStyles = makeStyles({
  content: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  person: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalXS,
    margin: 0,
    padding: tokens.spacingHorizontalS,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    minWidth: 0,
  },
  legend: { paddingInline: tokens.spacingHorizontalXXS, fontWeight: tokens.fontWeightSemibold },
  row: { display: "flex", gap: tokens.spacingHorizontalS, alignItems: "end", flexWrap: "wrap" },
  grow: { flexGrow: 1, minWidth: "8rem" },
  remove: { alignSelf: "flex-start" },
  error: { color: tokens.colorPaletteRedForeground1 },
});

/** Everyone the board has seen, by id: representatives, alternates, check-ins, authors, posters. */
function peopleOnBoard(state: BoardState): Person[] {
  const seen = new Map<string, Person>();
  const add = (p: Person | null | undefined) => {
    if (p?.id && p.name && !seen.has(p.id)) seen.set(p.id, { id: p.id, name: p.name });
  };
  add({ id: state.me.id, name: state.me.name });
  for (const team of state.teams) {
    add(team.representative);
    team.alternates.forEach(add);
  }
  state.attendance.forEach((a) => add(a.person));
  state.daily.updates.forEach((u) => add(u.postedBy));
  state.needs.forEach((n) => {
    add(n.raisedBy);
    add(n.answeredBy);
  });
  state.topics.forEach((t) => add(t.author));
  return [...seen.values()].sort((a, b) => a.name.localeCompare(b.name));
}

type Draft = { id: string; name: string };

function PersonFields({ legend, value, people, onChange, onRemove }: { legend: string; value: Draft; people: Person[]; onChange: (d: Draft) => void; onRemove?: () => void }) {
  const s = useStyles();
  const { t } = useEnv();
  return (
    <fieldset className={s.person}>
      <legend className={s.legend}>{legend}</legend>
      <Field label={t.pickPerson}>
        <Select
          value={people.some((p) => p.id === value.id) ? value.id : ""}
          onChange={(_, d) => {
            const p = people.find((x) => x.id === d.value);
            onChange(p ? { id: p.id, name: p.name } : { id: "", name: "" });
          }}
        >
          <option value="">{t.pickPersonNone}</option>
          {people.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </Select>
      </Field>
      <div className={s.row}>
        <Field label={t.personName} className={s.grow}>
          <Input value={value.name} onChange={(_, d) => onChange({ ...value, name: d.value })} />
        </Field>
        <Field label={t.personId} className={s.grow}>
          <Input value={value.id} onChange={(_, d) => onChange({ ...value, id: d.value })} />
        </Field>
      </div>
      {onRemove ? (
        <Button size="small" appearance="subtle" icon={<DeleteRegular />} onClick={onRemove} className={s.remove}>
          {t.removeAlternate(value.name || legend)}
        </Button>
      ) : null}
    </fieldset>
  );
}

function EditTeamDialog({ state, team, onClose }: { state: BoardState; team: Team; onClose: () => void }) {
  const s = useStyles();
  const { t } = useEnv();
  const act = useWrites(teamWrites);
  const people = useMemo(() => peopleOnBoard(state), [state]);
  const [name, setName] = useState(team.name);
  // The name as the dialog opened: the version a rename says it started from.
  const [was, setWas] = useState(team.name);
  const [conflict, setConflict] = useState<FieldConflict | null>(null);
  const [rep, setRep] = useState<Draft>(team.representative ?? { id: "", name: "" });
  const [alternates, setAlternates] = useState<Draft[]>(team.alternates);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const body = {
      name,
      representative: rep.id.trim() ? { id: rep.id.trim(), name: rep.name.trim() } : null,
      alternates: alternates.filter((a) => a.id.trim()).map((a) => ({ id: a.id.trim(), name: a.name.trim() })),
    };
    const parsed = await validate("EditTeam", body);
    if (!parsed.ok) return setErrors(parsed.errors);
    await save(body, was);
  };
  const save = async (body: { name: string; representative: Person | null; alternates: Person[] }, from: string) => {
    const seen: { conflict: FieldConflict | null } = { conflict: null };
    await act.editTeam(team.id, body, { name: from }, (c) => (seen.conflict = c[0] ?? null));
    if (seen.conflict) setConflict(seen.conflict);
    else onClose();
  };
  if (conflict) {
    return (
      <Dialog open onOpenChange={(_, d) => !d.open && onClose()}>
        <DialogSurface>
          <DialogBody>
            <DialogTitle>{t.editTeamTitle(team.name)}</DialogTitle>
            <DialogContent>
              <ConflictChoice
                conflicts={[conflict]}
                labels={{ name: t.teamName }}
                onKeepMine={() => {
                  setConflict(null);
                  void save(
                    { name, representative: rep.id.trim() ? { id: rep.id.trim(), name: rep.name.trim() } : null, alternates: alternates.filter((a) => a.id.trim()).map((a) => ({ id: a.id.trim(), name: a.name.trim() })) },
                    conflict.theirs,
                  );
                }}
                onKeepTheirs={onClose}
                onCombine={() => {
                  setName(combine(conflict, false));
                  setWas(conflict.theirs);
                  setConflict(null);
                }}
              />
            </DialogContent>
          </DialogBody>
        </DialogSurface>
      </Dialog>
    );
  }
  return (
    <Dialog open onOpenChange={(_, d) => !d.open && onClose()}>
      <DialogSurface>
        <form onSubmit={(e) => void submit(e)}>
          <DialogBody>
            <DialogTitle>{t.editTeamTitle(team.name)}</DialogTitle>
            <DialogContent className={s.content}>
              <Field label={t.teamName} validationMessage={errors["name"]} required>
                <Input value={name} onChange={(_, d) => setName(d.value)} data-testid="team-name-input" />
              </Field>
              <PersonFields legend={t.representative} value={rep} people={people} onChange={setRep} />
              {alternates.map((a, i) => (
                <PersonFields
                  key={i}
                  legend={t.alternateN(i + 1)}
                  value={a}
                  people={people}
                  onChange={(d) => setAlternates(alternates.map((x, j) => (j === i ? d : x)))}
                  onRemove={() => setAlternates(alternates.filter((_, j) => j !== i))}
                />
              ))}
              {alternates.length < 5 ? (
                <div>
                  <Button size="small" icon={<AddRegular />} onClick={() => setAlternates([...alternates, { id: "", name: "" }])}>
                    {t.addAlternate}
                  </Button>
                </div>
              ) : null}
              {Object.entries(errors)
                .filter(([k]) => k !== "name")
                .map(([k, v]) => (
                  <Caption1 key={k} className={s.error} role="alert">
                    {v}
                  </Caption1>
                ))}
            </DialogContent>
            <DialogActions>
              <Button onClick={onClose}>{t.cancel}</Button>
              <Button type="submit" appearance="primary" data-testid="team-save">
                {t.save}
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}

function RemoveTeamDialog({ team, onClose }: { team: Team; onClose: () => void }) {
  const { t } = useEnv();
  const act = useWrites(teamWrites);
  return (
    <Dialog open onOpenChange={(_, d) => !d.open && onClose()}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{t.removeTeamTitle(team.name)}</DialogTitle>
          <DialogContent>
            <Text>{t.removeTeamBody}</Text>
          </DialogContent>
          <DialogActions>
            <Button onClick={onClose}>{t.cancel}</Button>
            <Button
              appearance="primary"
              data-testid="team-remove-confirm"
              onClick={() => {
                onClose();
                void act.removeTeam(team.id);
              }}
            >
              {t.remove}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

export default function TeamDialogs({ state, kind, team, onClose }: { state: BoardState; kind: "edit" | "remove"; team: Team; onClose: () => void }) {
  return kind === "edit" ? <EditTeamDialog state={state} team={team} onClose={onClose} /> : <RemoveTeamDialog team={team} onClose={onClose} />;
}
