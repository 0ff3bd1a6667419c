import { board, startTwoInstances, type Stack } from "../support/stack";

/**
 * The change stream (`GET …/changes`, Server-Sent Events): a panel that listens learns of another
 * person's change without polling, from this instance or from another one sharing the table, and
 * is admitted exactly as the state read admits it.
 */

interface SseEvent {
  event: string;
  data: Record<string, unknown>;
}

class Listener {
  private buffer = "";
  private readonly events: SseEvent[] = [];
  private waiting: (() => void) | null = null;
  constructor(
    readonly response: Response,
    private readonly abort: AbortController,
  ) {
    void this.pump();
  }
  private async pump(): Promise<void> {
    const reader = this.response.body!.getReader();
    const decoder = new TextDecoder();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        this.buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = this.buffer.indexOf("\n\n")) >= 0) {
          const block = this.buffer.slice(0, end);
          this.buffer = this.buffer.slice(end + 2);
          const name = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (name && data) this.events.push({ event: name, data: JSON.parse(data) as Record<string, unknown> });
          this.waiting?.();
        }
      }
    } catch {
      /* aborted */
    }
  }
  /** The next event named `name` after the first `skip` of them. */
  async next(name: string, skip = 0): Promise<SseEvent> {
    for (;;) {
      const found = this.events.filter((e) => e.event === name)[skip];
      if (found) return found;
      await new Promise<void>((resolve) => (this.waiting = resolve));
    }
  }
  count(name: string): number {
    return this.events.filter((e) => e.event === name).length;
  }
  close(): void {
    this.abort.abort();
  }
}

async function listen(stack: Stack, as: string | null, chat: string, etag?: string): Promise<Listener> {
  const abort = new AbortController();
  const headers: Record<string, string> = {};
  if (as) headers["authorization"] = `Bearer ${await stack.token(as)}`;
  if (etag) headers["if-none-match"] = etag;
  const response = await fetch(`${stack.url}/api/${board(chat)}/changes`, { headers, signal: abort.signal });
  return new Listener(response, abort);
}

let one: Stack;
let two: Stack;
beforeAll(async () => void ([one, two] = await startTwoInstances()));
afterAll(async () => {
  await one.close();
  await two.close();
});

test("a panel listening on the stream is told of another person's change, and one read then shows it", async () => {
  const chat = "19:meeting_stream@thread.v2";
  await one.joinCast(chat);
  // The board exists (a facilitator set it up): reads never create one.
  await one.call("alice", "PATCH", `${board(chat)}/settings`, { anonymousAuthors: false });
  const first = await one.call<{ session: { id: string }; topics: unknown[] }>("bob", "GET", `${board(chat)}/state`);
  const etag = first.headers.get("etag") ?? "";
  const bob = await listen(one, "bob", chat, etag);
  expect(bob.response.status).toBe(200);
  expect(bob.response.headers.get("content-type")).toContain("text/event-stream");
  const ready = await bob.next("ready");
  expect(ready.data["sessionId"]).toBe(first.body.session.id);

  expect((await one.call("alice", "POST", `${board(chat)}/topics`, { title: "Release train" })).status).toBe(201);
  const changed = await bob.next("changed");
  expect(changed.data["sessionId"]).toBe(first.body.session.id);
  expect(etag).not.toContain(String(changed.data["marker"]));
  const after = await one.call<{ topics: { title: string }[] }>("bob", "GET", `${board(chat)}/state`, undefined, { "if-none-match": etag });
  expect(after.status).toBe(200);
  expect(after.body.topics.map((t) => t.title)).toEqual(["Release train"]);
  bob.close();
});

test("a change written through another instance reaches a panel listening on this one", async () => {
  const chat = "19:meeting_stream_scaled@thread.v2";
  await one.joinCast(chat);
  // The board exists (a facilitator set it up): reads never create one.
  await one.call("alice", "PATCH", `${board(chat)}/settings`, { anonymousAuthors: false });
  const first = await one.call("bob", "GET", `${board(chat)}/state`);
  const bob = await listen(one, "bob", chat, first.headers.get("etag") ?? "");
  await bob.next("ready");
  expect((await two.call("alice", "POST", `${board(chat)}/topics`, { title: "Shared staging" })).status).toBe(201);
  const changed = await bob.next("changed");
  const now = await one.call("bob", "GET", `${board(chat)}/state`);
  expect(now.headers.get("etag")).toContain(String(changed.data["marker"]));
  bob.close();
});

test("a panel that listens with an old ETag is told at once that it missed a change", async () => {
  const chat = "19:meeting_stream_missed@thread.v2";
  await one.joinCast(chat);
  // The board exists (a facilitator set it up): reads never create one.
  await one.call("alice", "PATCH", `${board(chat)}/settings`, { anonymousAuthors: false });
  const old = (await one.call("bob", "GET", `${board(chat)}/state`)).headers.get("etag") ?? "";
  await one.call("alice", "POST", `${board(chat)}/topics`, { title: "Missed while away" });
  const bob = await listen(one, "bob", chat, old);
  const ready = await bob.next("ready");
  expect(old).not.toContain(String(ready.data["marker"]));
  bob.close();
});

test("the stream needs a valid token and a valid chat id, like every board route", async () => {
  const anonymous = await fetch(`${one.url}/api/${board("19:x@thread.v2")}/changes`);
  expect(anonymous.status).toBe(401);
  expect(anonymous.headers.get("content-type")).toContain("application/problem+json");
  const forged = await fetch(`${one.url}/api/${board("19:x@thread.v2")}/changes`, { headers: { authorization: "Bearer not-a-token" } });
  expect(forged.status).toBe(401);
  const bad = await fetch(`${one.url}/api/${board("x".repeat(600))}/changes`, { headers: { authorization: `Bearer ${await one.token("bob")}` } });
  expect(bad.status).toBe(400);
  expect(((await bad.json()) as { field: string }).field).toBe("chatId");
});

test("closing the stream stops the watch: a board nobody listens to costs no reads", async () => {
  const chat = "19:meeting_stream_closed@thread.v2";
  await one.joinCast(chat);
  // The board exists (a facilitator set it up): reads never create one.
  await one.call("alice", "PATCH", `${board(chat)}/settings`, { anonymousAuthors: false });
  const bob = await listen(one, "bob", chat);
  await bob.next("ready");
  expect(one.host.deps.changes?.watched).toBeGreaterThan(0);
  bob.close();
  for (let i = 0; i < 50 && (one.host.deps.changes?.watched ?? 0) > 0; i++) await new Promise((r) => setTimeout(r, 20));
  expect(one.host.deps.changes?.watched).toBe(0);
  const before = one.host.deps.services.store.rows.metrics.operations;
  await new Promise((r) => setTimeout(r, 600));
  expect(one.host.deps.services.store.rows.metrics.operations).toBe(before);
});
