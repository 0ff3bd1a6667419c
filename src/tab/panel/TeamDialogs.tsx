import { useState, type FormEvent } from "react";
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
  Text,
  tokens,
} from "@fluentui/react-components";
import type { Team } from "../../domain";
import type { BoardState } from "../state/api";
import { useEnv, useWrites } from "../state/hooks";
import { rosterOf } from "../state/people";
import { teamWrites } from "../state/writes/teams";
import { validate } from "./forms";
import { combine, type FieldConflict } from "../state/conflicts";
import { ConflictChoice } from "./ConflictChoice";
import { PeoplePicker } from "./PeoplePicker";

/** The facilitator's dialogs for one team: edit its name and people, or remove it. Loaded when opened. */

const useStyles = makeStyles({
  surface: { maxWidth: "100%", boxSizing: "border-box" },
  content: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM, minWidth: 0 },
  error: { color: tokens.colorPaletteRedForeground1 },
});

/** As many alternates as the API takes for one team. */
const MAX_ALTERNATES = 5;

function EditTeamDialog({ state, team, onClose }: { state: BoardState; team: Team; onClose: () => void }) {
  const s = useStyles();
  const { t } = useEnv();
  const act = useWrites(teamWrites);
  const people = rosterOf(state);
  const [name, setName] = useState(team.name);
  // The name as the dialog opened: the version a rename says it started from.
  const [was, setWas] = useState(team.name);
  const [conflict, setConflict] = useState<FieldConflict | null>(null);
  const [rep, setRep] = useState<string[]>(team.representative ? [team.representative.id] : []);
  const [alternates, setAlternates] = useState<string[]>(team.alternates.map((a) => a.id));
  const [errors, setErrors] = useState<Record<string, string>>({});
  // Names for picked people the roster no longer holds (someone who left the chat).
  const known = [...(team.representative ? [team.representative] : []), ...team.alternates];
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const body = { name, representative: rep[0] ? { id: rep[0] } : null, alternates: alternates.map((id) => ({ id })) };
    const parsed = await validate("EditTeam", body);
    if (!parsed.ok) return setErrors(parsed.errors);
    await save(body, was);
  };
  const save = async (body: { name: string; representative: { id: string } | null; alternates: { id: string }[] }, from: string) => {
    const seen: { conflict: FieldConflict | null } = { conflict: null };
    await act.editTeam(team.id, body, people, { name: from }, (c) => (seen.conflict = c[0] ?? null));
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
                  void save({ name, representative: rep[0] ? { id: rep[0] } : null, alternates: alternates.map((id) => ({ id })) }, conflict.theirs);
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
      <DialogSurface className={s.surface}>
        <form onSubmit={(e) => void submit(e)}>
          <DialogBody>
            <DialogTitle>{t.editTeamTitle(team.name)}</DialogTitle>
            <DialogContent className={s.content}>
              <Field label={t.teamName} validationMessage={errors["name"]} required>
                <Input value={name} onChange={(_, d) => setName(d.value)} data-testid="team-name-input" />
              </Field>
              {/* The representative is not also an alternate: each picker leaves out whom the other holds. */}
              <PeoplePicker
                label={t.representative}
                people={people.filter((p) => !alternates.includes(p.id))}
                selected={rep}
                known={known}
                onChange={setRep}
                validationMessage={errors["representative"] ?? errors["representative.id"]}
                testId="representative-picker"
              />
              <PeoplePicker
                label={t.alternates}
                people={people.filter((p) => !rep.includes(p.id))}
                selected={alternates}
                known={known}
                onChange={setAlternates}
                multiple
                max={MAX_ALTERNATES}
                validationMessage={Object.entries(errors).find(([k]) => k.startsWith("alternates"))?.[1]}
                testId="alternates-picker"
              />
              {Object.entries(errors)
                .filter(([k]) => k !== "name" && !k.startsWith("representative") && !k.startsWith("alternates"))
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
