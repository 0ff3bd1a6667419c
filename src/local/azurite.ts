import { spawn, type ChildProcess } from "node:child_process";
import { createServer, connect } from "node:net";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

/** Azurite's well-known development account (public, documented, not a secret). */
export const DEV_ACCOUNT = "devstoreaccount1";
export const DEV_KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

export interface Azurite {
  port: number;
  connectionString: string;
  /** Azurite's process id (recorded in the data folder when it persists). */
  pid: number;
  /** Stops Azurite so that it saves (SIGINT) and resolves once it has exited. */
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
 * Runs Azurite's Table service in a child that also watches its parent: if the app dies without
 * stopping it (kill -9), the child's parent changes and it stops itself the way Azurite saves its
 * data (SIGINT), instead of running on, orphaned, holding the data folder.
 */
const WATCHED = `
const parent = process.ppid;
setInterval(() => { if (process.ppid !== parent) process.kill(process.pid, "SIGINT"); }, 500).unref();
require(process.argv[1]);
`;

/** Where the data folder records the Azurite that holds it, so a second one never runs on it. */
export function pidFileOf(location: string): string {
  return path.join(location, "azurite.pid");
}

/** Whether a process with this id is running (signal 0 checks without signalling). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Whether a live pid is still an Azurite (a recycled pid of another program is left alone). */
function isAzurite(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("azurite");
  } catch {
    // No /proc (not Linux): trust the pid file.
    return alive(pid);
  }
}

/** Stops a process the way Azurite saves (SIGINT) and waits for it to be gone; SIGKILL only if it hangs. */
async function stopPid(pid: number, graceMs = 15_000): Promise<void> {
  try {
    process.kill(pid, "SIGINT");
  } catch {
    return;
  }
  const started = Date.now();
  while (alive(pid)) {
    if (Date.now() - started > graceMs) {
      process.kill(pid, "SIGKILL");
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * A previous Azurite may still hold this data folder (the app was killed and its Azurite is still
 * saving, or predates the watchdog): stop it and wait, so one Azurite at a time writes the folder.
 */
async function takeOver(location: string): Promise<void> {
  const file = pidFileOf(location);
  if (!existsSync(file)) return;
  const pid = Number(readFileSync(file, "utf8").trim());
  if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAzurite(pid)) await stopPid(pid);
  rmSync(file, { force: true });
}

/**
 * Starts Azurite's Table service on loopback: in memory (tests) or persisted under `location`
 * (`npm start`). It is the project's embedded default, so nothing needs installing by hand.
 */
export async function startAzurite(options: { port?: number; location?: string } = {}): Promise<Azurite> {
  const port = options.port ?? (await freePort());
  const bin = path.join(path.dirname(require.resolve("azurite/package.json")), "dist/src/table/main.js");
  const args = [bin, "--tableHost", "127.0.0.1", "--tablePort", String(port), "--silent", "--disableTelemetry", "--skipApiVersionCheck"];
  const location = options.location ? path.resolve(options.location) : null;
  if (location) {
    mkdirSync(location, { recursive: true });
    await takeOver(location);
    args.push("--location", location);
  } else args.push("--inMemoryPersistence");
  // Its own process group: a Ctrl+C in the terminal reaches the app only, which then stops
  // Azurite once (a second SIGINT would kill it before it has saved).
  const child = spawn(process.execPath, ["-e", WATCHED, ...args], { stdio: ["ignore", "ignore", "pipe"], detached: true });
  if (location && child.pid) writeFileSync(pidFileOf(location), String(child.pid));
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  try {
    await waitForPort(port, child, 20_000);
  } catch (err) {
    child.kill("SIGKILL");
    throw new Error(`${(err as Error).message}\n${stderr}`);
  }
  return {
    port,
    connectionString: connectionStringFor(port),
    pid: child.pid ?? 0,
    // SIGINT is how Azurite saves its in-memory database to disk before it exits (SIGTERM would
    // lose what it has not saved yet); wait until it has.
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null && child.pid) await Promise.all([exited, stopPid(child.pid)]);
      if (location && existsSync(pidFileOf(location)) && readFileSync(pidFileOf(location), "utf8").trim() === String(child.pid)) rmSync(pidFileOf(location), { force: true });
    },
  };
}
