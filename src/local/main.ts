import path from "node:path";
import { startAzurite } from "./azurite";
import { readTeamsDebugConfig } from "../config";
import { assertSafeBind, startLocalHost, type LocalHost } from "./host";

/**
 * `npm start`: Azurite persisted under .azurite/, the local host on http://localhost:3978 serving
 * the API, the bot endpoint and the built tab. PORT, AZURITE_PORT and AZURITE_LOCATION (the data
 * folder) choose others, e.g. to run a second copy or a test.
 */
async function main(): Promise<void> {
  const root = path.resolve(__dirname, "..", "..");
  const port = Number(process.env["PORT"] ?? 3978);
  // Read before anything starts: a half-configured Teams debug setup stops here, naming what is missing.
  const teams = readTeamsDebugConfig(process.env);
  const bind = process.env["HOST"] ?? "127.0.0.1";
  assertSafeBind(bind, teams);
  const location = process.env["AZURITE_LOCATION"] ?? path.join(root, ".azurite");
  const azurite = await startAzurite({ location, port: Number(process.env["AZURITE_PORT"] ?? 0) || undefined });
  stopOnSignals(async () => {
    await host?.close();
    await azurite.stop();
  });
  host = await startLocalHost({
    port,
    host: bind,
    connectionString: azurite.connectionString,
    tableName: process.env["TABLE_NAME"] ?? "scrumofscrums",
    tabDir: path.join(root, "dist", "tab"),
    sweepIntervalMs: 60_000,
    teams,
  });
  const base = `http://localhost:${host.port}`;
  console.log(
    teams ? teamsBanner(host.port, teams.publicUrl) : [
      "",
      `Scrum of Scrums is running on ${base}`,
      `  side panel as Alice (organizer):  ${base}/?as=alice&chat=demo`,
      `  side panel as Bob (attendee):     ${base}/?as=bob&chat=demo`,
      `  stage view:                       ${base}/?as=alice&chat=demo&view=stage`,
      `  health:                           ${base}/api/health`,
      `  bot endpoint:                     ${base}/api/messages`,
      `  storage: Azurite on 127.0.0.1:${azurite.port}, data in ${path.relative(root, location) || location}`,
      "Press Ctrl+C to stop.",
      "",
    ].join("\n"),
  );
}

let host: LocalHost | null = null;

/**
 * Ctrl+C (SIGINT) and a service manager's SIGTERM both stop the app cleanly: the host stops
 * taking requests, then Azurite is stopped the way it saves its data, and only then the app exits.
 * Installed as soon as Azurite runs, so a signal during start-up does not orphan it either.
 */
function stopOnSignals(stop: () => Promise<void>): void {
  let stopping = false;
  const onSignal = () => {
    if (stopping) return;
    stopping = true;
    stop()
      .catch((err: unknown) => console.error(err))
      .finally(() => process.exit(0));
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
}

/** Debugging in Teams there are no `?as=` links: people come from Teams, through the tunnel. */
function teamsBanner(port: number, publicUrl: string): string {
  return [
    "",
    `Scrum of Scrums is running on http://localhost:${port} for Teams (bot and SSO settings loaded)`,
    `  public URL (dev tunnel):  ${publicUrl}`,
    "  the bot authenticates every activity; the API accepts only Teams SSO tokens; /api/local/* is off",
    "  open the app in a Teams meeting. Press Ctrl+C to stop.",
    "",
  ].join("\n");
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
