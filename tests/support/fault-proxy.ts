import { createServer, request, type Server } from "node:http";

/**
 * An HTTP proxy on loopback that stands between the app and a real service (Azurite, or the local
 * host) and misbehaves on demand: answer 503 itself, hang, or forward the request and then lose
 * the response. It fakes no service: every request it lets through reaches the real one.
 */
export type FaultMode = "pass" | "unavailable" | "hang" | "lose-response";

export interface FaultProxy {
  port: number;
  mode: FaultMode;
  /** Requests that reached the real service. */
  forwarded: number;
  close(): Promise<void>;
}

export async function startFaultProxy(targetPort: number): Promise<FaultProxy> {
  const hanging = new Set<() => void>();
  const proxy: FaultProxy = { port: 0, mode: "pass", forwarded: 0, close: async () => undefined };
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
    const upstream = request({ host: "127.0.0.1", port: targetPort, method: req.method, path: req.url, headers: req.headers }, (up) => {
      proxy.forwarded++;
      if (mode === "lose-response") {
        up.resume();
        up.on("end", () => res.destroy());
        return;
      }
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on("error", () => res.destroy());
    req.pipe(upstream);
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
