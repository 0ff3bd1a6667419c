import { useState } from "react";
import { Button, MessageBar, MessageBarActions, MessageBarBody } from "@fluentui/react-components";
import { DismissRegular } from "../icons";
import type { BoardState } from "../state/api";
import { useEnv } from "../state/hooks";

/**
 * Tells the author of a topic the facilitator merged into another one, from the view itself, so
 * whoever missed the moment still learns it (until they dismiss it or the session ends).
 */
export function MergedNotice({ state }: { state: BoardState }) {
  const { t } = useEnv();
  const [dismissed, setDismissed] = useState<ReadonlySet<string>>(new Set());
  const shown = state.mergedMine.filter((m) => !dismissed.has(m.id));
  return (
    <>
      {shown.map((m) => (
        <MessageBar key={m.id} intent="info" layout="multiline" data-testid="merged-notice">
          <MessageBarBody>{m.into ? t.mergedInto(m.title, m.into.title) : t.mergedAway(m.title)}</MessageBarBody>
          <MessageBarActions
            containerAction={<Button appearance="transparent" size="small" icon={<DismissRegular />} aria-label={t.dismiss} onClick={() => setDismissed(new Set([...dismissed, m.id]))} />}
          />
        </MessageBar>
      ))}
    </>
  );
}
