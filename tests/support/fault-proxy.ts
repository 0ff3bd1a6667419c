import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from "node:http";

/**
 * An HTTP proxy on loopback that stands between the app and a real service (Azurite, or the local
 * host) and misbehaves on demand: answer 503 itself, hang, forward the request and then lose the
 * response, or freeze (hold requests and deliver them late, as a paused storage does when it wakes
 * up). It fakes no service: every request it lets through reaches the real one.
 */
export type FaultMode = "pass" | "unavailable" | "hang" | "lose-response" | "freeze";

export interface FaultProxy {
  port: number;
  mode: FaultMode;
  /** Requests that reached the real service. */
  forwarded: number;
  /** Switches to `mode` the moment the `count`-th request has reached the real service (no race with the app's next call). */
  switchAfter(count: number, mode: FaultMode): void;
  /** Ends a freeze: the held requests reach the real service now (their callers gave up long ago); resolves when all were answered. */
  thaw(): Promise<void>;
  close(): Promise<void>;
}

export async function startFaultProxy(targetPort: number): Promise<FaultProxy> {
  const hanging = new Set<() => void>();
  const frozen: { body: Buffer; req: IncomingMessage; res: ServerResponse }[] = [];
  let pending: { count: number; mode: FaultMode } | null = null;
  const forward = (req: IncomingMessage, body: Buffer | null, res: ServerResponse, lose: boolean, done?: () => void) => {
    const upstream = request({ host: "127.0.0.1", port: targetPort, method: req.method, path: req.url, headers: req.headers }, (up) => {
      proxy.forwarded++;
      if (pending && proxy.forwarded >= pending.count) {
        proxy.mode = pending.mode;
        pending = null;
      }
      if (lose) {
        up.resume();
        up.on("end", () => {
          res.destroy();
          done?.();
        });
        return;
      }
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
      up.on("end", () => done?.());
    });
    upstream.on("error", () => {
      res.destroy();
      done?.();
    });
    if (body) upstream.end(body);
    else req.pipe(upstream);
  };
  const proxy: FaultProxy = {
    port: 0,
    mode: "pass",
    forwarded: 0,
    switchAfter: (count, mode) => (pending = { count, mode }),
    thaw: async () => {
      proxy.mode = "pass";
      const held = frozen.splice(0);
      // In arrival order, one after another, as a storage that wakes up works through its queue.
      for (const h of held) await new Promise<void>((resolve) => forward(h.req, h.body, h.res, true, resolve));
    },
    close: async () => undefined,
  };
  const server: Server = createServer((req, res) => {
    const mode = proxy.mode;
    if (mode === "unavailable") {
      req.resume();
      res.writeHead(503, { "Content-Type": "application/xml", "Retry-After": "1" });
      res.end("<?xml version=\"1.0\"?><Error><Code>ServerBusy</Code><Message>injected</Message></Error>");
      return;
    }
    if (mode === "hang") {
      req.resume();
      hanging.add(() => res.destroy());
      return;
    }
    if (mode === "freeze") {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => frozen.push({ body: Buffer.concat(chunks), req, res }));
      return;
    }
    forward(req, null, res, mode === "lose-response");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  proxy.port = typeof address === "object" && address ? address.port : 0;
  proxy.close = () =>
    new Promise<void>((resolve) => {
      for (const release of hanging) release();
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return proxy;
}
