/**
 * The panel's push channel: `GET …/changes` (Server-Sent Events) read with `fetch` and a stream
 * reader, so it carries the bearer token like every other call (EventSource cannot send headers).
 * On `ready` or `changed` whose session and marker the panel's ETag does not already hold (or a
 * timebox that ran out), it asks the store to read the state once. It reconnects at once when
 * the server ends a stream (`bye`) and with backoff when the stream fails; while it is down the
 * store polls as before. `live` says whether a stream is being held right now.
 */

export interface ChangeStreamOptions {
  /** Opens the stream with the panel's token and current ETag. */
  open(etag: string | null, signal: AbortSignal): Promise<Response>;
  /** The ETag of the view the panel shows. */
  etag(): string | null;
  /** The board changed: read it once. */
  changed(): void;
  /** The stream went up or down (polling fills in while it is down). */
  live(up: boolean): void;
}

interface Change {
  sessionId?: string;
  marker?: string;
  expired?: boolean;
}

const MIN_BACKOFF_MS = 1000;
const MAX_BACKOFF_MS = 30_000;

export class ChangeStream {
  private abort: AbortController | null = null;
  private running = false;
  private failures = 0;
  private retry: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly o: ChangeStreamOptions) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    void this.connect();
  }

  stop(): void {
    this.running = false;
    if (this.retry) clearTimeout(this.retry);
    this.abort?.abort();
    this.abort = null;
  }

  private async connect(): Promise<void> {
    if (!this.running) return;
    const abort = new AbortController();
    this.abort = abort;
    let again = false;
    try {
      const res = await this.o.open(this.o.etag(), abort.signal);
      if (!res.ok || !res.body || !(res.headers.get("Content-Type") ?? "").includes("text/event-stream")) throw new Error(`HTTP ${res.status}`);
      again = await this.read(res.body);
    } catch {
      /* the stream failed or was stopped: polling fills in */
    }
    this.o.live(false);
    if (!this.running || abort.signal.aborted) return;
    if (again) {
      this.failures = 0;
      return void this.connect();
    }
    this.failures++;
    const delay = Math.min(MAX_BACKOFF_MS, MIN_BACKOFF_MS * 2 ** (this.failures - 1)) * (0.75 + Math.random() / 2);
    this.retry = setTimeout(() => void this.connect(), delay);
  }

  /** Reads events until the stream ends; true when the server ended it on purpose (`bye`). */
  private async read(body: ReadableStream<Uint8Array>): Promise<boolean> {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return false;
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const name = /^event: ?(.*)$/m.exec(block)?.[1];
        const data = /^data: ?(.*)$/m.exec(block)?.[1];
        if (name === "bye") return true;
        if (name === "ready") {
          this.failures = 0;
          this.o.live(true);
        }
        if ((name === "ready" || name === "changed") && data) this.seen(JSON.parse(data) as Change);
      }
    }
  }

  private seen(change: Change): void {
    const etag = this.o.etag();
    const known = etag !== null && change.sessionId !== undefined && etag.includes(`${change.sessionId}.${change.marker ?? ""}.`);
    if (!known || change.expired) this.o.changed();
  }
}
