import type { BoardStore } from "../store/boards";
import type { BoardRef } from "../store/keys";
import { NO_SESSION } from "./board-step";

/**
 * Tells listening panels that a board changed, so they read once instead of polling every second.
 * One watcher per instance: each board with at least one listener on this instance costs one point
 * read of its session's head every `intervalMs`, however many panels listen (not one per panel).
 * A write made on this instance is announced at once (`notify`, wired to `Services.onChanged`); a
 * write made on another instance is seen at the next tick. When the marker moved, the board's meta row is
 * read once more, because the change may have started a new session whose head is the one to watch.
 * A timebox that runs out changes what panels show without any write: its end is announced too.
 */

export interface Change {
  sessionId: string;
  marker: string;
  /** The running timebox just ran out (nothing was written; the view changed with the clock). */
  expired?: true;
}

export type ChangeListener = (change: Change) => void;

export interface Watching {
  sessionId: string;
  marker: string | null;
}

interface Watched {
  ref: BoardRef;
  sessionId: string;
  marker: string | null;
  endsAt: number;
  /** The `endsAt` whose running out was announced already. */
  expiredAt: number;
  listeners: Set<ChangeListener>;
  checking: boolean;
  again: boolean;
  fresh: boolean;
  /** A write to another session was announced here: read the meta at the next look. */
  recheckSession: boolean;
}

export interface ChangeFeedOptions {
  now: () => number;
  intervalMs?: number;
  log?: (message: string, err?: unknown) => void;
}

const boardKey = (ref: BoardRef) => `${ref.tenantId}\n${ref.chatId}`;

export class ChangeFeed {
  private readonly boards = new Map<string, Watched>();
  private timer: ReturnType<typeof setInterval> | null = null;
  private readonly intervalMs: number;

  constructor(
    private readonly store: BoardStore,
    private readonly options: ChangeFeedOptions,
  ) {
    this.intervalMs = options.intervalMs ?? 200;
  }

  /** Boards watched on this instance right now (each costs one read per tick). */
  get watched(): number {
    return this.boards.size;
  }

  /** Starts telling `listener` about changes after `from` (the session and marker the panel has). Returns the way to stop. */
  listen(ref: BoardRef, from: Watching, listener: ChangeListener): () => void {
    const key = boardKey(ref);
    let w = this.boards.get(key);
    if (!w) {
      w = { ref, sessionId: from.sessionId, marker: from.marker, endsAt: 0, expiredAt: 0, listeners: new Set(), checking: false, again: false, fresh: true, recheckSession: false };
      this.boards.set(key, w);
    }
    w.listeners.add(listener);
    // A listener that joined with an older marker than the watcher's learns of it at once.
    if (w.marker !== null && (w.sessionId !== from.sessionId || w.marker !== from.marker)) listener({ sessionId: w.sessionId, marker: w.marker });
    this.timer ??= setInterval(() => this.tick(), this.intervalMs);
    this.timer.unref?.();
    void this.check(w);
    return () => {
      w.listeners.delete(listener);
      if (w.listeners.size === 0) this.boards.delete(key);
      if (this.boards.size === 0) this.stop();
    };
  }

  /**
   * A write on this instance moved the board's head to `marker`: its listeners hear of it at once,
   * without a read; the head is then read too, for a timebox's end and a new session.
   */
  notify(ref: BoardRef, sessionId: string, marker: string): void {
    const w = this.boards.get(boardKey(ref));
    if (!w) return;
    if (w.sessionId === sessionId && w.marker !== null && w.marker !== marker) {
      w.marker = marker;
      this.emit(w, { sessionId, marker });
    }
    // A write to another session (a new one just started) means the current session may have
    // changed: the next look reads the meta even though the watched head looks unchanged.
    if (w.sessionId !== sessionId) w.recheckSession = true;
    void this.check(w);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private tick(): void {
    for (const w of this.boards.values()) void this.check(w);
  }

  private async check(w: Watched): Promise<void> {
    if (w.checking) {
      w.again = true;
      return;
    }
    w.checking = true;
    try {
      do {
        w.again = false;
        await this.look(w);
      } while (w.again);
    } catch (err) {
      // Storage not answering: the next tick tries again; panels keep what they have meanwhile.
      this.options.log?.("change feed: head read failed", err);
    } finally {
      w.checking = false;
    }
  }

  private async look(w: Watched): Promise<void> {
    if (w.sessionId === NO_SESSION) return this.lookForBoard(w);
    const head = await this.store.readMarker(w.ref, w.sessionId);
    if (head && w.fresh) {
      // A timebox that ran out before anyone listened here is in the panels' ETags already.
      w.fresh = false;
      if (head.endsAt > 0 && this.options.now() >= head.endsAt) w.expiredAt = head.endsAt;
    }
    if (head && head.marker === w.marker && !w.recheckSession) w.endsAt = head.endsAt;
    else if (head) {
      w.recheckSession = false;
      const first = w.marker === null;
      w.marker = head.marker;
      w.endsAt = head.endsAt;
      const meta = first ? null : await this.store.getMeta(w.ref);
      if (meta && meta.value.currentSessionId !== w.sessionId) {
        w.sessionId = meta.value.currentSessionId;
        const next = await this.store.readMarker(w.ref, w.sessionId);
        w.marker = next?.marker ?? w.marker;
        w.endsAt = next?.endsAt ?? 0;
      }
      if (!first) this.emit(w, { sessionId: w.sessionId, marker: w.marker });
    }
    if (w.endsAt > 0 && w.expiredAt !== w.endsAt && this.options.now() >= w.endsAt) {
      w.expiredAt = w.endsAt;
      if (w.marker !== null) this.emit(w, { sessionId: w.sessionId, marker: w.marker, expired: true });
    }
  }

  /** A panel watches a board nobody created yet (reads do not create one): it is told when the first write creates it. */
  private async lookForBoard(w: Watched): Promise<void> {
    const meta = await this.store.getMeta(w.ref);
    if (!meta) return;
    w.sessionId = meta.value.currentSessionId;
    const head = await this.store.readMarker(w.ref, w.sessionId);
    w.marker = head?.marker ?? "0";
    w.endsAt = head?.endsAt ?? 0;
    w.fresh = false;
    this.emit(w, { sessionId: w.sessionId, marker: w.marker });
  }

  private emit(w: Watched, change: Change): void {
    for (const listener of w.listeners) listener(change);
  }
}
