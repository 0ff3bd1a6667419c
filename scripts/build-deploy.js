#!/usr/bin/env node
/* eslint-disable @typescript-eslint/no-require-imports -- a plain CommonJS build script */
// Builds dist-deploy/: the folder zip-deployed to the Azure Functions app (teamsapp.yml).
// It holds host.json, a package.json whose main is the Functions entry, the compiled server
// code (no tab, no local host, no benchmarks) and production dependencies only.
// Run `npm run build:node` first (teamsapp.yml's deploy runs `npm run build`).
const { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } = require("node:fs");
const { execFileSync } = require("node:child_process");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const out = path.resolve(root, process.argv[2] ?? "dist-deploy");
const compiled = path.join(root, "dist");
if (!existsSync(path.join(compiled, "functions", "index.js"))) {
  console.error("dist/functions/index.js is missing: run `npm run build:node` first.");
  process.exit(1);
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const serverParts = ["auth", "bot", "domain", "functions", "reminders", "schemas", "service", "store"];
for (const part of serverParts) {
  const from = path.join(compiled, part);
  if (existsSync(from)) cpSync(from, path.join(out, "dist", part), { recursive: true, filter: (f) => !f.endsWith(".map") });
}
for (const file of ["config.js"]) cpSync(path.join(compiled, file), path.join(out, "dist", file));
cpSync(path.join(root, "host.json"), path.join(out, "host.json"));
cpSync(path.join(root, "package-lock.json"), path.join(out, "package-lock.json"));
cpSync(path.join(root, ".npmrc"), path.join(out, ".npmrc"));

const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));
const deployed = {
  name: pkg.name,
  version: pkg.version,
  private: true,
  main: "dist/functions/index.js",
  engines: pkg.engines,
  dependencies: pkg.dependencies,
  overrides: pkg.overrides,
};
writeFileSync(path.join(out, "package.json"), JSON.stringify(deployed, null, 2) + "\n");
execFileSync("npm", ["ci", "--omit=dev", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: out, stdio: "inherit" });
console.log(`wrote ${path.relative(root, out)}/`);
