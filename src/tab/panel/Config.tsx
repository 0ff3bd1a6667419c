import { useEffect, useState, type FormEvent } from "react";
import { Body1, Button, Field, Input, makeStyles, MessageBar, MessageBarBody, Subtitle1, Switch, Title2, tokens } from "@fluentui/react-components";
import type { BoardSettings } from "../../domain";
import { ApiError } from "../state/api";
import { useBoard, useEnv } from "../state/hooks";
import { PanelSkeleton } from "./common";
import { validate } from "./forms";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM, padding: tokens.spacingHorizontalXL, maxWidth: "640px" },
  form: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  actions: { display: "flex", gap: tokens.spacingHorizontalS },
});

/** The settings this form edits, by the field names the API's refusals carry. */
const FIELDS = ["timeboxMinutes", "extensionMinutes", "votesPerPerson", "teamLimit"];

type SaveStatus = { kind: "idle" } | { kind: "saving" } | { kind: "saved" } | { kind: "refused"; message: string };

/**
 * The board's settings, on the configuration page and in the panel's settings dialog. A save the
 * server refuses keeps what was typed and puts the reason next to its field; a save that lands
 * says so here. Neither leaves a toast behind.
 */
export function SettingsForm({ settings, heading = true }: { settings: BoardSettings; heading?: boolean }) {
  const s = useStyles();
  const { t, store } = useEnv();
  const [timebox, setTimebox] = useState(String(settings.timeboxMinutes));
  const [extensions, setExtensions] = useState(settings.extensionMinutes.join(", "));
  const [votes, setVotes] = useState(String(settings.votesPerPerson));
  const [teamLimit, setTeamLimit] = useState(String(settings.teamLimit));
  const [stacking, setStacking] = useState(settings.allowStacking);
  const [hide, setHide] = useState(settings.hideTotalsUntilDiscussion);
  const [anonymous, setAnonymous] = useState(settings.anonymousAuthors);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [status, setStatus] = useState<SaveStatus>({ kind: "idle" });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setStatus({ kind: "saving" });
    const parsed = await validate("UpdateSettings", {
      timeboxMinutes: Number(timebox),
      extensionMinutes: extensions
        .split(/[,\s]+/)
        .filter(Boolean)
        .map(Number),
      votesPerPerson: Number(votes),
      teamLimit: Number(teamLimit),
      allowStacking: stacking,
      hideTotalsUntilDiscussion: hide,
      anonymousAuthors: anonymous,
    });
    if (!parsed.ok) {
      setErrors(parsed.errors);
      return setStatus({ kind: "idle" });
    }
    setErrors({});
    try {
      await store.api.send("PATCH", "/settings", parsed.data);
      setStatus({ kind: "saved" });
      void store.refresh();
    } catch (err) {
      const refusal = err instanceof ApiError ? err : new ApiError(0, String(err));
      // The rule broken sits next to its field; anything else (offline, forbidden) above the button.
      const field = refusal.field?.split(".")[0];
      if (field && FIELDS.includes(field)) {
        setErrors({ [field]: refusal.detail });
        setStatus({ kind: "idle" });
      } else setStatus({ kind: "refused", message: refusal.detail });
    }
  };
  return (
    <form className={s.form} onSubmit={(e) => void submit(e)} aria-labelledby={heading ? "settings-title" : undefined} aria-label={heading ? undefined : t.boardSettings} data-testid="settings">
      {heading ? (
        <Subtitle1 as="h2" id="settings-title">
          {t.boardSettings}
        </Subtitle1>
      ) : null}
      <Field label={t.timeboxMinutes} validationMessage={errors["timeboxMinutes"]} data-testid="field-timeboxMinutes">
        <Input type="number" value={timebox} onChange={(_, d) => setTimebox(d.value)} data-testid="settings-timebox" />
      </Field>
      <Field label={t.extensionMinutes} hint={t.extensionHint} validationMessage={errors["extensionMinutes"] ?? errors["extensionMinutes.0"]} data-testid="field-extensionMinutes">
        <Input value={extensions} onChange={(_, d) => setExtensions(d.value)} data-testid="settings-extensions" />
      </Field>
      <Field label={t.votesPerPerson} validationMessage={errors["votesPerPerson"]} data-testid="field-votesPerPerson">
        <Input type="number" value={votes} onChange={(_, d) => setVotes(d.value)} data-testid="settings-votes" />
      </Field>
      <Field label={t.teamLimitLabel} hint={t.teamLimitHint} validationMessage={errors["teamLimit"]} data-testid="field-teamLimit">
        <Input type="number" value={teamLimit} onChange={(_, d) => setTeamLimit(d.value)} data-testid="settings-team-limit" />
      </Field>
      <Switch checked={stacking} onChange={(_, d) => setStacking(d.checked)} label={t.allowStacking} />
      <Switch checked={hide} onChange={(_, d) => setHide(d.checked)} label={t.hideTotals} data-testid="settings-hide" />
      <Switch checked={anonymous} onChange={(_, d) => setAnonymous(d.checked)} label={t.anonymousAuthors} data-testid="settings-anonymous" />
      {status.kind === "saved" ? (
        <MessageBar intent="success" data-testid="settings-saved">
          <MessageBarBody>{t.settingsSaved}</MessageBarBody>
        </MessageBar>
      ) : status.kind === "refused" ? (
        <MessageBar intent="error" data-testid="settings-refused">
          <MessageBarBody>{status.message}</MessageBarBody>
        </MessageBar>
      ) : null}
      <div className={s.actions}>
        <Button type="submit" appearance="primary" disabled={status.kind === "saving"} data-testid="settings-save">
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
          <SettingsForm settings={state.settings} />
        ) : (
          <Body1>{t.settingsFacilitatorOnly}</Body1>
        )
      ) : loading ? (
        <PanelSkeleton label={t.loading} />
      ) : null}
    </main>
  );
}
