import { useEffect, useState, type FormEvent } from "react";
import { Body1, Button, Field, Input, makeStyles, MessageBar, MessageBarBody, Subtitle1, Switch, Title2, tokens } from "@fluentui/react-components";
import type { BoardSettings } from "../../domain";
import { useBoard, useEnv, useWrites } from "../state/hooks";
import { teamWrites } from "../state/writes/teams";
import { PanelSkeleton } from "./common";
import { validate } from "./forms";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM, padding: tokens.spacingHorizontalXL, maxWidth: "640px" },
  form: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  actions: { display: "flex", gap: tokens.spacingHorizontalS },
});

function SettingsForm({ settings }: { settings: BoardSettings }) {
  const s = useStyles();
  const { t } = useEnv();
  const act = useWrites(teamWrites);
  const [timebox, setTimebox] = useState(String(settings.timeboxMinutes));
  const [extensions, setExtensions] = useState(settings.extensionMinutes.join(", "));
  const [votes, setVotes] = useState(String(settings.votesPerPerson));
  const [stacking, setStacking] = useState(settings.allowStacking);
  const [hide, setHide] = useState(settings.hideTotalsUntilDiscussion);
  const [anonymous, setAnonymous] = useState(settings.anonymousAuthors);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const parsed = await validate("UpdateSettings", {
      timeboxMinutes: Number(timebox),
      extensionMinutes: extensions
        .split(/[,\s]+/)
        .filter(Boolean)
        .map(Number),
      votesPerPerson: Number(votes),
      allowStacking: stacking,
      hideTotalsUntilDiscussion: hide,
      anonymousAuthors: anonymous,
    });
    if (!parsed.ok) return setErrors(parsed.errors);
    setErrors({});
    void act.updateSettings(parsed.data as Record<string, unknown>);
  };
  return (
    <form className={s.form} onSubmit={(e) => void submit(e)} aria-labelledby="settings-title" data-testid="settings">
      <Subtitle1 as="h2" id="settings-title">
        {t.boardSettings}
      </Subtitle1>
      <Field label={t.timeboxMinutes} validationMessage={errors["timeboxMinutes"]}>
        <Input type="number" value={timebox} onChange={(_, d) => setTimebox(d.value)} />
      </Field>
      <Field label={t.extensionMinutes} hint={t.extensionHint} validationMessage={errors["extensionMinutes"] ?? errors["extensionMinutes.0"]}>
        <Input value={extensions} onChange={(_, d) => setExtensions(d.value)} />
      </Field>
      <Field label={t.votesPerPerson} validationMessage={errors["votesPerPerson"]}>
        <Input type="number" value={votes} onChange={(_, d) => setVotes(d.value)} />
      </Field>
      <Switch checked={stacking} onChange={(_, d) => setStacking(d.checked)} label={t.allowStacking} />
      <Switch checked={hide} onChange={(_, d) => setHide(d.checked)} label={t.hideTotals} />
      <Switch checked={anonymous} onChange={(_, d) => setAnonymous(d.checked)} label={t.anonymousAuthors} />
      <div className={s.actions}>
        <Button type="submit" appearance="primary">
          {t.saveSettings}
        </Button>
      </div>
    </form>
  );
}

/**
 * The configuration page a configurable meeting tab requires: it names the tab and saves it; a
 * facilitator can also set the board's timebox, dots and privacy here before the meeting.
 */
export function Config() {
  const s = useStyles();
  const { t, host, store } = useEnv();
  const { state, loading } = useBoard();
  const [name, setName] = useState(t.appName);
  const valid = name.trim().length > 0;
  useEffect(() => {
    void store.refresh(true);
  }, [store]);
  useEffect(() => {
    const origin = window.location.origin;
    host.setConfig?.({ contentUrl: `${origin}/`, websiteUrl: `${origin}/`, entityId: "scrum-of-scrums", suggestedDisplayName: name.trim() || t.appName }, valid);
  }, [host, name, valid, t]);
  const panelUrl = `/${window.location.search.replace(/([?&])view=config&?/, "$1").replace(/[?&]$/, "")}`;
  return (
    <main className={s.root} data-testid="config">
      <Title2 as="h1">{t.configTitle}</Title2>
      <Body1>{t.configBody}</Body1>
      <Field label={t.configName} required validationState={valid ? "none" : "error"}>
        <Input value={name} onChange={(_, d) => setName(d.value)} />
      </Field>
      <MessageBar intent="info">
        <MessageBarBody>{host.setConfig ? t.configReady : t.configBrowser}</MessageBarBody>
      </MessageBar>
      {host.setConfig ? null : (
        <div>
          <Button as="a" href={panelUrl} appearance="primary">
            {t.openPanel}
          </Button>
        </div>
      )}
      {state ? (
        state.me.facilitator ? (
          <SettingsForm key={JSON.stringify(state.settings)} settings={state.settings} />
        ) : (
          <Body1>{t.settingsFacilitatorOnly}</Body1>
        )
      ) : loading ? (
        <PanelSkeleton label={t.loading} />
      ) : null}
    </main>
  );
}
