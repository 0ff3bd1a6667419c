import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { routes } from "../../src/functions/routes";

const root = path.resolve(__dirname, "..", "..");
const recorder = path.join(root, "tests", "support", "record-functions.js");

/** Settings as infra/azure.bicep sets them; nothing here is reached (no request is served). */
const productionEnv = {
  TABLE_ENDPOINT: "https://example.table.core.windows.net",
  AZURE_CLIENT_ID: "22222222-2222-4222-8222-222222222222",
  AUTH_CLIENT_ID: "33333333-3333-4333-8333-333333333333",
  AUTH_TENANT_ID: "44444444-4444-4444-8444-444444444444",
  BOT_ID: "22222222-2222-4222-8222-222222222222",
  BOT_TENANT_ID: "44444444-4444-4444-8444-444444444444",
  BOT_TYPE: "UserAssignedMSI",
  PUBLIC_URL: "https://tab.example.com",
};

function bareEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { PATH: process.env["PATH"], HOME: process.env["HOME"], ...extra };
}

let deployDir: string;
beforeAll(() => {
  deployDir = path.join(mkdtempSync(path.join(tmpdir(), "deploy-")), "dist-deploy");
  execFileSync(process.execPath, [path.join(root, "scripts", "build-deploy.js"), deployDir], { cwd: root, stdio: "pipe" });
}, 180_000);
afterAll(() => rmSync(path.dirname(deployDir), { recursive: true, force: true }));

test("the deploy folder holds host.json, a package.json whose main is the Functions entry, compiled code and production dependencies only", () => {
  expect(existsSync(path.join(deployDir, "host.json"))).toBe(true);
  const pkg = JSON.parse(readFileSync(path.join(deployDir, "package.json"), "utf8")) as { main: string; devDependencies?: unknown };
  expect(pkg.main).toBe("dist/functions/index.js");
  expect(pkg.devDependencies).toBeUndefined();
  expect(existsSync(path.join(deployDir, pkg.main))).toBe(true);
  expect(existsSync(path.join(deployDir, "node_modules", "@azure", "data-tables"))).toBe(true);
  // Build-time and test tools stay out of the artefact.
  for (const dev of ["jest", "typescript", "vite", "azurite", "@fluentui/react-components", "playwright-core"]) {
    expect([dev, existsSync(path.join(deployDir, "node_modules", dev))]).toEqual([dev, false]);
  }
  expect(existsSync(path.join(deployDir, "dist", "local"))).toBe(false);
  expect(existsSync(path.join(deployDir, "dist", "tab"))).toBe(false);
});

test("the deployed entry loads in a fresh Node process without the local host and registers every route, the bot endpoint included", () => {
  const run = spawnSync(process.execPath, ["-r", recorder, "-e", "require('./dist/functions/index.js')"], { cwd: deployDir, env: bareEnv(productionEnv), encoding: "utf8", timeout: 60_000 });
  expect(run.status).toBe(0);
  const line = run.stdout.split("\n").find((l) => l.startsWith("REGISTRATIONS "));
  const registered = JSON.parse(line?.slice("REGISTRATIONS ".length) ?? "[]") as { kind: string; name: string; route?: string; methods?: string[] }[];
  const http = registered.filter((r) => r.kind === "http").map((r) => `${r.methods?.join(",")} ${r.route} ${r.name}`);
  expect(http.sort()).toEqual(routes.map((r) => `${r.method} ${r.route} ${r.name}`).sort());
  expect(http.some((r) => r.startsWith("POST messages "))).toBe(true);
});

test("the production entry without its settings exits non-zero naming each missing setting", () => {
  const run = spawnSync(process.execPath, ["-e", "require('./dist/functions/index.js')"], { cwd: deployDir, env: bareEnv(), encoding: "utf8", timeout: 60_000 });
  expect(run.status).not.toBe(0);
  for (const name of ["TABLE_ENDPOINT", "AUTH_CLIENT_ID", "AUTH_TENANT_ID", "BOT_ID", "BOT_TENANT_ID", "PUBLIC_URL"]) expect(run.stderr).toContain(name);
});

test("the production entry refuses to start with the local token issuer enabled", () => {
  const run = spawnSync(process.execPath, ["-e", "require('./dist/functions/index.js')"], { cwd: deployDir, env: bareEnv({ ...productionEnv, LOCAL_AUTH: "1" }), encoding: "utf8", timeout: 60_000 });
  expect(run.status).not.toBe(0);
  expect(run.stderr).toMatch(/local token issuer/);
});

test("a single-tenant bot without its password is refused by name", () => {
  const run = spawnSync(process.execPath, ["-e", "require('./dist/functions/index.js')"], { cwd: deployDir, env: bareEnv({ ...productionEnv, BOT_TYPE: "SingleTenant" }), encoding: "utf8", timeout: 60_000 });
  expect(run.status).not.toBe(0);
  expect(run.stderr).toContain("BOT_PASSWORD");
});
