import path from "node:path";
import { startAzurite } from "./azurite";
import { startLocalHost } from "./host";

/**
 * `npm start`: Azurite persisted under .azurite/, the local host on http://localhost:3978 serving
 * the API, the bot endpoint and the built tab.
 */
async function main(): Promise<void> {
  const root = path.resolve(__dirname, "..", "..");
  const port = Number(process.env["PORT"] ?? 3978);
  const azurite = await startAzurite({ location: path.join(root, ".azurite"), port: Number(process.env["AZURITE_PORT"] ?? 0) || undefined });
  const host = await startLocalHost({
    port,
    host: process.env["HOST"] ?? "127.0.0.1",
    connectionString: azurite.connectionString,
    tableName: process.env["TABLE_NAME"] ?? "scrumofscrums",
    tabDir: path.join(root, "dist", "tab"),
    sweepIntervalMs: 60_000,
  });
  const base = `http://localhost:${host.port}`;
  console.log(
    [
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

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
