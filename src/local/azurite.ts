import { spawn, type ChildProcess } from "node:child_process";
import { createServer, connect } from "node:net";
import { mkdirSync } from "node:fs";
import path from "node:path";

/** Azurite's well-known development account (public, documented, not a secret). */
export const DEV_ACCOUNT = "devstoreaccount1";
export const DEV_KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

export interface Azurite {
  port: number;
  connectionString: string;
  stop(): Promise<void>;
}

export function connectionStringFor(port: number): string {
  return `DefaultEndpointsProtocol=http;AccountName=${DEV_ACCOUNT};AccountKey=${DEV_KEY};TableEndpoint=http://127.0.0.1:${port}/${DEV_ACCOUNT};`;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function waitForPort(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const attempt = () => {
      if (child.exitCode !== null) return reject(new Error(`Azurite exited with code ${child.exitCode}`));
      const socket = connect(port, "127.0.0.1");
      socket.once("connect", () => {
        socket.destroy();
        resolve();
      });
      socket.once("error", () => {
        socket.destroy();
        if (Date.now() - started > timeoutMs) reject(new Error(`Azurite did not listen on ${port} within ${timeoutMs} ms`));
        else setTimeout(attempt, 100);
      });
    };
    attempt();
  });
}

/**
 * Starts Azurite's Table service on loopback: in memory (tests) or persisted under `location`
 * (`npm start`). It is the project's embedded default, so nothing needs installing by hand.
 */
export async function startAzurite(options: { port?: number; location?: string } = {}): Promise<Azurite> {
  const port = options.port ?? (await freePort());
  const bin = path.join(path.dirname(require.resolve("azurite/package.json")), "dist/src/table/main.js");
  const args = [bin, "--tableHost", "127.0.0.1", "--tablePort", String(port), "--silent", "--disableTelemetry", "--skipApiVersionCheck"];
  if (options.location) {
    mkdirSync(options.location, { recursive: true });
    args.push("--location", path.resolve(options.location));
  } else args.push("--inMemoryPersistence");
  const child = spawn(process.execPath, args, { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  try {
    await waitForPort(port, child, 20_000);
  } catch (err) {
    child.kill();
    throw new Error(`${(err as Error).message}\n${stderr}`);
  }
  return {
    port,
    connectionString: connectionStringFor(port),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
        setTimeout(() => child.kill("SIGKILL"), 3000).unref();
      }),
  };
}
