import { useEffect } from "react";
import { useEnv } from "./hooks";
import type { PanelStore } from "./store";

/** The longest wait between two quiet retries of a failed presence call. */
const MAX_RETRY_MS = 30_000;

/**
 * "I am here": once per session, when the panel opens and whenever the board moves on to a new
 * session, the panel records its viewer present (and so their team's attendance). The panel never
 * waits for it and never shows its failure: a failed call is retried quietly, later.
 */
export class PresenceReporter {
  private recorded: string | null = null;
  private sending = false;
  private retry: ReturnType<typeof setTimeout> | null = null;
  private failures = 0;
  private unsubscribe: (() => void) | null = null;

  constructor(private readonly store: PanelStore) {}

  start(): void {
    this.unsubscribe ??= this.store.subscribe(this.check);
    this.check();
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
  }

  private readonly check = (): void => {
    const sessionId = this.store.getSnapshot().state?.session.id;
    if (!sessionId || sessionId === this.recorded || this.sending || this.retry) return;
    void this.send(sessionId);
  };

  private async send(sessionId: string): Promise<void> {
    this.sending = true;
    try {
      await this.store.api.send("POST", "/presence");
      this.recorded = sessionId;
      this.failures = 0;
      // The view now lists this person present; read it rather than wait for the next change.
      void this.store.refresh().catch(() => undefined);
    } catch (err) {
      this.failures++;
      const status = (err as { status?: number }).status ?? 0;
      // A refusal that a retry cannot change (not a member, no such board) is not retried.
      const hopeless = status >= 400 && status < 500 && status !== 408 && status !== 409 && status !== 429;
      if (hopeless) this.recorded = sessionId;
      else if (this.unsubscribe) {
        this.retry = setTimeout(() => {
          this.retry = null;
          this.check();
        }, Math.min(MAX_RETRY_MS, 1000 * 2 ** this.failures));
      }
    } finally {
      this.sending = false;
    }
  }
}

/** Records the viewer present while the side panel is open (see `PresenceReporter`). */
export function usePresence(): void {
  const { store } = useEnv();
  useEffect(() => {
    const reporter = new PresenceReporter(store);
    reporter.start();
    return () => reporter.stop();
  }, [store]);
}
