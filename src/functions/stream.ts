import type { HttpRequest, HttpResponseInit } from "@azure/functions";
import { ReadableStream } from "node:stream/web";
import { ChatId } from "../schemas";
import type { Change } from "../service/changes";
import { readState, tagParts } from "../service/state";
import { callerOf, problem, toResponse, toResult, type ApiDeps } from "./http";

/**
 * `GET /api/boards/{chatId}/changes`: Server-Sent Events telling a panel that its board changed,
 * so it reads once (with If-None-Match) instead of polling every second. It is opened with `fetch`
 * and the same bearer token as every other route (EventSource cannot send headers), and admits
 * exactly whom `getState` admits, because it starts with that very read: the panel sends the ETag
 * it has, and an unchanged board costs one point read.
 *
 * Events: `ready` (the stream is live; `data` names the session and marker now current), then
 * `changed` (`data`: session, marker, and `expired` when a timebox ran out). A comment line every
 * 15 s keeps proxies from closing an idle stream, and the stream ends itself with `bye` after
 * `STREAM_LIFETIME_MS`, under the 230 s an Azure front end lets an HTTP response run; the panel
 * then reconnects at once.
 */

export const STREAM_LIFETIME_MS = 200_000;
const HEARTBEAT_MS = 15_000;

function event(name: string, data: unknown): string {
  return `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
}

export async function streamChanges(request: HttpRequest, deps: ApiDeps): Promise<HttpResponseInit> {
  const now = () => deps.services.now();
  try {
    const caller = await callerOf(request, deps, false);
    const chatId = ChatId.safeParse(request.params["chatId"]);
    if (!chatId.success) return toResponse(problem(400, "invalid", `chatId: ${chatId.error.issues[0]?.message ?? "not valid"}`, "chatId"), now());
    const feed = deps.changes;
    if (!feed) return toResponse({ ...problem(503, "unavailable", "Change notifications are off here; poll the state instead."), headers: { "Retry-After": "60" } }, now());
    const read = await readState(deps.services, caller, chatId.data, request.headers.get("if-none-match") ?? undefined);
    const from = tagParts(read.etag);
    if (!from) throw new Error("a state ETag without its session");
    const ref = { tenantId: caller.tenantId, chatId: chatId.data };

    const encoder = new TextEncoder();
    let stop = () => {};
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        const send = (text: string) => {
          try {
            controller.enqueue(encoder.encode(text));
          } catch {
            stop(); // the reader went away between two events
          }
        };
        send(`retry: 2000\n${event("ready", from)}`);
        const unlisten = feed.listen(ref, from, (change: Change) => send(event("changed", change)));
        const heartbeat = setInterval(() => send(": keep-alive\n\n"), HEARTBEAT_MS);
        const lifetime = setTimeout(() => {
          send(event("bye", { reconnect: true }));
          stop();
          controller.close();
        }, STREAM_LIFETIME_MS);
        stop = () => {
          unlisten();
          clearInterval(heartbeat);
          clearTimeout(lifetime);
          stop = () => {};
        };
      },
      cancel() {
        stop();
      },
    });
    const init = toResponse({ status: 200, headers: { "X-Accel-Buffering": "no" } }, now());
    return { ...init, headers: { ...(init.headers as Record<string, string>), "Content-Type": "text/event-stream; charset=utf-8" }, body };
  } catch (err) {
    return toResponse(toResult(err, deps, false), now());
  }
}
