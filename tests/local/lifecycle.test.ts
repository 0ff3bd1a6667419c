import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { alive, freePort, pidFileOf } from "../../src/local/azurite";

/**
 * `npm start` as a person runs it: the built app (node dist/local/main.js) with its own Azurite
 * persisting to a data folder, stopped by Ctrl+C, by a service manager's SIGTERM, or killed.
 * Needs `npm run build:node` first (the CI builds before jest).
 */
const MAIN = path.resolve(__dirname, "..", "..", "dist", "local", "main.js");
const CHAT = "19:meeting_lifecycle@thread.v2";

let dataDir: string;
let port: number;
let azuritePort: number;
beforeAll(async () => {
  if (!existsSync(MAIN)) throw new Error("Run npm run build:node first: this test starts the built app.");
  dataDir = mkdtempSync(path.join(tmpdir(), "sos-data-"));
  port = await freePort();
  azuritePort = await freePort();
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

interface App {
  child: ChildProcess;
  url: string;
  exited: Promise<number | null>;
}

async function startApp(): Promise<App> {
  const child = spawn(process.execPath, [MAIN], {
    env: { ...process.env, PORT: String(port), AZURITE_PORT: String(azuritePort), AZURITE_LOCATION: dataDir },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  let out = "";
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes("is running on")) resolve();
    });
    child.stderr?.on("data", (chunk: Buffer) => (out += chunk.toString()));
    void exited.then((code) => reject(new Error(`the app exited with ${code}:\n${out}`)));
  });
  return { child, url: `http://127.0.0.1:${port}`, exited };
}

async function call<T>(app: App, method: string, body?: unknown): Promise<{ status: number; body: T }> {
  const { token } = (await (await fetch(`${app.url}/api/local/token?as=bob`)).json()) as { token: string };
  const res = await fetch(`${app.url}/api/boards/${encodeURIComponent(CHAT)}/${method === "GET" ? "state" : "topics"}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { "content-type": "application/json" } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as T };
}

const titles = async (app: App) => (await call<{ topics: { title: string }[] }>(app, "GET")).body.topics.map((t) => t.title);

async function gone(pid: number): Promise<boolean> {
  for (let i = 0; i < 200 && alive(pid); i++) await new Promise((r) => setTimeout(r, 100));
  return !alive(pid);
}

const azuritePid = () => Number(readFileSync(pidFileOf(dataDir), "utf8"));

/**
 * One data folder through a day of starts and stops; each step restarts the app the previous one
 * stopped (starting the app is slow, so the steps share their starts).
 */
let running: App | null = null;
afterAll(async () => {
  running?.child.kill("SIGINT");
  await running?.exited;
});

const STOPS: [NodeJS.Signals, string][] = [
  ["SIGTERM", "a service manager stops it"],
  ["SIGINT", "Ctrl+C stops it"],
];
test.each(STOPS)("%s (%s) right after an acknowledged write: the app saves and waits for its Azurite, and the restarted app shows the write", async (signal) => {
  const app = running ?? (await startApp());
  running = null;
  const storage = azuritePid();
  expect((await call(app, "POST", { title: `Saved before ${signal}` })).status).toBe(201);
  app.child.kill(signal);
  expect(await app.exited).toBe(0);
  // The app waited for its Azurite to save and exit.
  expect(alive(storage)).toBe(false);
  running = await startApp();
  expect(await titles(running)).toContain(`Saved before ${signal}`);
}, 90_000);

test("killed with -9, the app leaves no Azurite running, and the next start works on the same data", async () => {
  const app = running ?? (await startApp());
  running = null;
  const storage = azuritePid();
  expect((await call(app, "POST", { title: "Saved before kill -9" })).status).toBe(201);
  app.child.kill("SIGKILL");
  await app.exited;
  // Its Azurite notices it was orphaned, saves and stops.
  expect(await gone(storage)).toBe(true);
  running = await startApp();
  expect(azuritePid()).not.toBe(storage);
  expect(await titles(running)).toEqual(expect.arrayContaining(["Saved before SIGTERM", "Saved before SIGINT", "Saved before kill -9"]));
  expect((await call(running, "POST", { title: "After the restart" })).status).toBe(201);
}, 90_000);
