import path from "node:path";
import { startAzurite } from "./azurite";
import { readTeamsDebugConfig } from "../config";
import { assertSafeBind, startLocalHost } from "./host";

/**
 * `npm start`: Azurite persisted under .azurite/, the local host on http://localhost:3978 serving
 * the API, the bot endpoint and the built tab.
 */
async function main(): Promise<void> {
  const root = path.resolve(__dirname, "..", "..");
  const port = Number(process.env["PORT"] ?? 3978);
  // Read before anything starts: a half-configured Teams debug setup stops here, naming what is missing.
  const teams = readTeamsDebugConfig(process.env);
  const bind = process.env["HOST"] ?? "127.0.0.1";
  assertSafeBind(bind, teams);
  const azurite = await startAzurite({ location: path.join(root, ".azurite"), port: Number(process.env["AZURITE_PORT"] ?? 0) || undefined });
  const host = await startLocalHost({
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
      `  storage: Azurite on 127.0.0.1:${azurite.port}, data in .azurite/`,
      "Press Ctrl+C to stop.",
      "",
    ].join("\n"),
  );
  const stop = async () => {
    await host.close();
    await azurite.stop();
    process.exit(0);
  };
  process.once("SIGINT", () => void stop());
  process.once("SIGTERM", () => void stop());
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
