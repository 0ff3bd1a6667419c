import { isExpired, type GrantedBy, type Timer, type TimerView } from "../../domain";
import { ApiError, type ApiClient, type BoardState } from "./api";
import { ChangeStream } from "./changes";

/** The timer as the domain knows it, rebuilt from the view so the domain's rules apply as-is. */
export function domainTimer(t: TimerView): Timer {
  if (t.status === "running" && t.topicId && t.endsAt !== null) {
    return { status: "running", topicId: t.topicId, round: t.round, durationMs: t.durationMs, endsAt: t.endsAt };
  }
  if (t.status === "paused" && t.topicId) {
    return { status: "paused", topicId: t.topicId, round: t.round, durationMs: t.durationMs, remainingMs: t.remainingMs };
  }
  return { status: "idle" };
}

/** What the room just decided, tied to the session it happened in so it never outlives that moment. */
export type Outcome = { sessionId: string } & ({ kind: "extended"; minutes: number; by: GrantedBy | null; topicId: string; round: number } | { kind: "movedOn"; title: string; topicId: string });

/** A message the panel shows its user as a toast: a refusal, a result, another team's answer. */
export interface PanelNotice {
  id: number;
  intent: "error" | "success" | "info";
  title: string;
  body?: string;
  /** A way back offered with the notice ("Undo"), for a few seconds. */
  action?: { label: string; run: () => void };
}

export interface BoardSnapshot {
  /** The server's view with this panel's pending optimistic changes applied. */
  state: BoardState | null;
  loading: boolean;
  offline: boolean;
  /** A refusal of the state read itself (e.g. 401/403): the board cannot be shown. */
  error: ApiError | null;
  outcome: Outcome | null;
}

interface Patch {
  id: number;
  apply: (s: BoardState) => BoardState;
  /** The server accepted the write: the next fresh view includes it, so the patch must not apply twice. */
  settledBefore?: number;
}

/** While the change stream is held, a slow poll only guards against a missed event. */
const PUSHED_MS = 60_000;
const VISIBLE_MS = 1000;
const HIDDEN_MS = 5000;
const MAX_BACKOFF_MS = 15000;

/**
 * The panel's shared state: the last server view, polled with If-None-Match (about once a second
 * while visible, every five seconds while hidden), plus optimistic patches that disappear when
 * the server answers — replaced by the fresh view on success, rolled back with a notice on refusal.
 */
export class PanelStore {
  private server: BoardState | null = null;
  private etag: string | null = null;
  private patches: Patch[] = [];
  private nextPatch = 1;
  private snapshot: BoardSnapshot = { state: null, loading: true, offline: false, error: null, outcome: null };
  private readonly listeners = new Set<() => void>();
  private readonly noticeListeners = new Set<(n: PanelNotice) => void>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private inflight: Promise<void> | null = null;
  private failures = 0;
  private running = false;
  private noticeId = 1;
  private lastExpiredKey: string | null = null;
  private pollSeq = 0;
  private push: ChangeStream | null = null;
  /** The change stream is held: changes are pushed, polling slows to a guard. */
  private pushed = false;

  constructor(readonly api: ApiClient) {}

  subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };

  getSnapshot = (): BoardSnapshot => this.snapshot;

  onNotice(fn: (n: PanelNotice) => void): () => void {
    this.noticeListeners.add(fn);
    return () => this.noticeListeners.delete(fn);
  }

  notify(n: Omit<PanelNotice, "id">): void {
    const notice = { ...n, id: this.noticeId++ };
    this.noticeListeners.forEach((fn) => fn(notice));
  }

  serverNow(): number {
    return this.api.clock.now();
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    document.addEventListener("visibilitychange", this.onVisibility);
    void this.refresh();
    if (pushWanted()) {
      this.push = new ChangeStream({
        open: (etag, signal) => this.api.openChanges(etag, signal),
        etag: () => this.etag,
        changed: () => void this.refresh(),
        live: (up) => {
          if (this.pushed === up) return;
          this.pushed = up;
          document.documentElement.dataset["sync"] = up ? "push" : "poll";
          this.schedule();
        },
      });
      this.push.start();
    }
  }

  stop(): void {
    this.push?.stop();
    this.push = null;
    this.running = false;
    document.removeEventListener("visibilitychange", this.onVisibility);
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private onVisibility = (): void => {
    if (!document.hidden) void this.refresh();
  };

  /** Polls now (after any poll in flight); `full` skips If-None-Match to get a fresh view. */
  async refresh(full = false): Promise<void> {
    if (this.inflight) await this.inflight.catch(() => undefined);
    this.inflight = this.poll(full);
    try {
      await this.inflight;
    } finally {
      this.inflight = null;
    }
  }

  private async poll(full: boolean): Promise<void> {
    const seq = ++this.pollSeq;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    try {
      const read = await this.api.readState(full ? null : this.etag);
      this.failures = 0;
      if (read.changed) {
        const before = this.server;
        this.server = read.state;
        // Only a read that started after the server accepted a write is sure to include it.
        this.patches = this.patches.filter((p) => p.settledBefore === undefined || p.settledBefore >= seq);
        this.etag = read.etag;
        this.publish({ offline: false, error: null, loading: false, outcome: this.outcomeOf(before, read.state) ?? this.snapshot.outcome });
      } else if (this.snapshot.offline || this.snapshot.loading) {
        this.publish({ offline: false, loading: false });
      }
      this.watchExpiry();
    } catch (err) {
      this.failures++;
      const e = err instanceof ApiError ? err : new ApiError(0, String(err));
      if (e.status === 0 || e.status >= 500 || e.status === 429) this.publish({ offline: true, loading: this.server === null && this.failures < 3 });
      else this.publish({ error: e, loading: false });
    } finally {
      this.schedule();
    }
  }

  private schedule(): void {
    if (!this.running) return;
    const base = this.pushed ? PUSHED_MS : typeof document !== "undefined" && document.hidden ? HIDDEN_MS : VISIBLE_MS;
    const delay = this.failures ? Math.min(MAX_BACKOFF_MS, base * 2 ** this.failures) : base;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), delay);
  }

  /**
   * The server's ETag does not change when a timebox runs out by itself, so when it does, this
   * panel reads the full view once to get the continue/stop vote.
   */
  private watchExpiry(): void {
    const t = this.server?.timer;
    if (!t || t.status !== "running" || t.endsAt === null || !t.topicId) return;
    const key = `${t.topicId}:${t.round}`;
    const wait = t.endsAt - this.serverNow();
    if (wait <= 0 && this.lastExpiredKey !== key && !this.server?.roman) {
      this.lastExpiredKey = key;
      queueMicrotask(() => void this.refresh(true));
    }
  }

  private outcomeOf(before: BoardState | null, after: BoardState): Outcome | null {
    if (!before) return null;
    const b = before.timer;
    const a = after.timer;
    if (!b.topicId) return null;
    if (a.topicId === b.topicId && a.round === b.round + 1) {
      // What the extension added (not the round's length, which includes the time that was left), and who granted it.
      const minutes = a.extendedByMinutes ?? Math.round(a.durationMs / 60000);
      return { sessionId: after.session.id, kind: "extended", minutes, by: a.grantedBy, topicId: a.topicId, round: a.round };
    }
    if (a.topicId !== b.topicId) {
      const topic = after.topics.find((t) => t.id === b.topicId);
      if (topic?.state === "discussed") return { sessionId: after.session.id, kind: "movedOn", title: topic.title, topicId: topic.id };
    }
    return null;
  }

  private publish(partial: Partial<BoardSnapshot>): void {
    const state = this.server ? this.patches.reduce((s, p) => p.apply(s), this.server) : null;
    this.snapshot = { ...this.snapshot, ...partial, state };
    this.listeners.forEach((fn) => fn());
  }

  /** Whether the board timer has run out by the server's clock. */
  expired(timer: TimerView): boolean {
    return isExpired(domainTimer(timer), this.serverNow());
  }

  /**
   * Applies `optimistic` at once, sends the write, then shows the server's answer. On refusal the
   * change is rolled back and the server's reason shown, unless `refused` takes it over (answers
   * true), as an editor does with a stale edit to offer keep mine / keep theirs / combine.
   */
  async mutate<T>(run: (api: ApiClient) => Promise<T>, optimistic?: (s: BoardState) => BoardState, refused?: (e: ApiError) => boolean): Promise<T | undefined> {
    const patch: Patch | null = optimistic ? { id: this.nextPatch++, apply: optimistic } : null;
    if (patch) {
      this.patches.push(patch);
      this.publish({});
    }
    try {
      const result = await run(this.api);
      if (patch) patch.settledBefore = this.pollSeq;
      await this.refresh().catch(() => undefined);
      return result;
    } catch (err) {
      const e = err instanceof ApiError ? err : new ApiError(0, String(err));
      if (!refused?.(e)) this.notify({ intent: "error", title: "", body: e.detail });
      return undefined;
    } finally {
      if (patch) {
        this.patches = this.patches.filter((p) => p !== patch);
        this.publish({});
      }
    }
  }

  clearOutcome(): void {
    this.publish({ outcome: null });
  }
}

/** Push is on unless the page asks for polling only (`?push=off`, used to measure the fallback). */
function pushWanted(): boolean {
  return typeof location === "undefined" || new URLSearchParams(location.search).get("push") !== "off";
}
