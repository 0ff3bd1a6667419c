import { useState, type FormEvent } from "react";
import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Field, Input } from "@fluentui/react-components";
import { clockValue, nextClockTime } from "../format";
import { useEnv, useWrites } from "../state/hooks";
import { facilitationWrites } from "../state/writes/facilitation";

/**
 * The facilitator sets when the meeting ends (locally, or to correct Teams' schedule): a clock
 * time, the next one to come. A refusal stays at the field, with what was typed.
 */
export function MeetingEndDialog({ endsAt, onClose }: { endsAt: number | null; onClose: () => void }) {
  const { t, store } = useEnv();
  const act = useWrites(facilitationWrites);
  const [value, setValue] = useState(endsAt === null ? "" : clockValue(endsAt));
  const [error, setError] = useState<string | undefined>();
  const save = async (at: number | null) => {
    let refusal: string | undefined;
    const done = await act.setMeetingEnd(at, (e) => {
      refusal = e.detail;
      return true;
    });
    if (refusal !== undefined || done === undefined) return setError(refusal ?? t.refused);
    onClose();
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const at = nextClockTime(value, store.serverNow());
    if (at === null) return setError(t.meetingEndHint);
    void save(at);
  };
  return (
    <Dialog open onOpenChange={(_, d) => !d.open && onClose()}>
      <DialogSurface data-testid="meeting-end-dialog">
        <form onSubmit={submit}>
          <DialogBody>
            <DialogTitle>{t.meetingEndTitle}</DialogTitle>
            <DialogContent>
              <Field label={t.meetingEndLabel} hint={t.meetingEndHint} validationMessage={error}>
                <Input type="time" value={value} onChange={(_, d) => setValue(d.value)} required data-testid="meeting-end-time" />
              </Field>
            </DialogContent>
            <DialogActions>
              {endsAt !== null ? (
                <Button onClick={() => void save(null)} data-testid="meeting-end-clear">
                  {t.meetingEndClear}
                </Button>
              ) : null}
              <Button onClick={onClose}>{t.close}</Button>
              <Button type="submit" appearance="primary" data-testid="meeting-end-save">
                {t.meetingEndSave}
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
