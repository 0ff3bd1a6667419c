#!/usr/bin/env node
/*
 * `npm run playground [-- alice|bob]`: Microsoft's M365 Agents Playground as the local chat
 * client for the bot, against the local host started by `npm start`. Each person has a folder
 * under playground/ (the Playground reads `.m365agentsplayground.yml` from its working folder)
 * and a port of their own, so Alice and Bob can chat side by side in two instances.
 */
"use strict";
/* eslint-disable @typescript-eslint/no-require-imports -- plain CommonJS, run by node with no build step */

const { spawn } = require("node:child_process");
const path = require("node:path");

const people = { alice: 56150, bob: 56151 };

function plan(argv, env) {
  const person = (argv[0] ?? "alice").toLowerCase();
  if (!(person in people)) {
    throw new Error(`Unknown person "${argv[0]}": use one of ${Object.keys(people).join(", ")} (npm run playground -- bob).`);
  }
  const endpoint = env.BOT_ENDPOINT ?? `http://127.0.0.1:${env.PORT ?? 3978}/api/messages`;
  const cli = require.resolve("@microsoft/m365agentsplayground/cli.js");
  return {
    person,
    cwd: path.resolve(__dirname, "..", "playground", person),
    command: process.execPath,
    port: Number(env.PLAYGROUND_PORT ?? people[person]),
    args: [cli, "start", "-e", endpoint, "-c", "msteams", "-p", String(env.PLAYGROUND_PORT ?? people[person]), "--dt"],
  };
}

module.exports = { plan, people };

if (require.main === module) {
  let p;
  try {
    p = plan(process.argv.slice(2), process.env);
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    process.exit(2);
  }
  console.log(`Agents Playground as ${p.person}: http://localhost:${p.port} → ${p.args[3]} (start the app with npm start first)`);
  const child = spawn(p.command, p.args, { cwd: p.cwd, stdio: "inherit", env: { ...process.env, TEAMSFX_TELEMETRY_DISABLED: "true" } });
  const stop = (signal) => child.kill(signal);
  process.once("SIGINT", () => stop("SIGINT"));
  process.once("SIGTERM", () => stop("SIGTERM"));
  child.on("exit", (code) => process.exit(code ?? 0));
}
