import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle } from "@fluentui/react-components";
import type { BoardSettings } from "../../domain";
import { useEnv } from "../state/hooks";
import { SettingsForm } from "./Config";

/** The board's settings from the panel, for the facilitator: the configuration page's form in a dialog. */
export function SettingsDialog({ settings, onClose }: { settings: BoardSettings; onClose: () => void }) {
  const { t } = useEnv();
  return (
    <Dialog open onOpenChange={(_, d) => !d.open && onClose()}>
      <DialogSurface data-testid="settings-dialog">
        <DialogBody>
          <DialogTitle>{t.boardSettings}</DialogTitle>
          <DialogContent>
            <SettingsForm settings={settings} heading={false} />
          </DialogContent>
          <DialogActions>
            <Button onClick={onClose} data-testid="settings-close">
              {t.close}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
