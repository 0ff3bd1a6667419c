import { freePort, connectionStringFor } from "../../src/local/azurite";
import { startLocalHost } from "../../src/local/host";
import { startFaultProxy } from "../support/fault-proxy";
import { azuriteConnectionString, uniqueTable } from "../support/stack";

test("a request arriving while the local host starts is answered at once with 503, Retry-After and a problem body, and served once it is ready", async () => {
  const azuritePort = Number(/TableEndpoint=http:\/\/127\.0\.0\.1:(\d+)/.exec(azuriteConnectionString())?.[1]);
  const storage = await startFaultProxy(azuritePort);
  // Storage holds start-up (creating the table) until we let it go: the host listens but is not ready.
  storage.mode = "freeze";
  const port = await freePort();
  const starting = startLocalHost({ port, connectionString: connectionStringFor(storage.port), tableName: uniqueTable() });
  try {
    let early: Response | null = null;
    while (!early) early = await fetch(`http://127.0.0.1:${port}/api/health`).catch(() => null);
    expect(early.status).toBe(503);
    expect(early.headers.get("content-type")).toMatch(/problem\+json/);
    expect(Number(early.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(((await early.json()) as { detail: string }).detail).toMatch(/starting/);
    await storage.thaw();
    const host = await starting;
    try {
      expect((await fetch(`http://127.0.0.1:${port}/api/health`)).status).toBe(200);
    } finally {
      await host.close();
    }
  } finally {
    await storage.close();
  }
});
