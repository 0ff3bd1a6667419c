import { useEffect } from "react";
import { Link, Toast, ToastBody, Toaster, ToastTitle, ToastTrigger, useId, useToastController } from "@fluentui/react-components";
import { useEnv } from "./state/hooks";
import type { Strings } from "./strings";

/** Shows the store's notices (refusals, results) as Fluent toasts. */
export function Notices({ t }: { t: Strings }) {
  const { store } = useEnv();
  const toasterId = useId("toaster");
  const { dispatchToast } = useToastController(toasterId);
  useEffect(
    () =>
      store.onNotice((n) =>
        dispatchToast(
          <Toast>
            <ToastTitle
              action={
                n.action ? (
                  <ToastTrigger>
                    <Link onClick={n.action.run} data-testid="notice-action">
                      {n.action.label}
                    </Link>
                  </ToastTrigger>
                ) : undefined
              }
            >
              {n.title || (n.intent === "error" ? t.refused : t.saved)}
            </ToastTitle>
            {n.body ? <ToastBody>{n.body}</ToastBody> : null}
          </Toast>,
          { intent: n.intent, timeout: n.intent === "error" || n.action ? 8000 : 4000 },
        ),
      ),
    [store, dispatchToast, t],
  );
  return <Toaster toasterId={toasterId} position="top" />;
}
