import { app } from "@azure/functions";
import { readProductionConfig } from "../config";
import { createVerifier, entraAuthConfig } from "../auth/tokens";
import { compose, type Composed } from "./compose";
import { handlerFor, toResponse, unavailable } from "./http";
import { routes } from "./routes";
import { teamsLookup } from "./roles";

/**
 * The Azure Functions entry (v4 programming model). It reads the production settings first and
 * refuses to load without them (bot credentials included: an empty bot app id would switch off
 * botbuilder's inbound authentication); then every route of the shared table is registered with
 * `app.http`, delegating to the same handlers the local host serves, and the bot's reminder sweep
 * runs every minute on a timer trigger.
 */
const config = readProductionConfig(process.env);

// The change stream (`watchBoard`) answers with a ReadableStream body: Node v4 HTTP streaming.
app.setup({ enableHttpStream: true });

// Composed on the first request, not at load: a cold start that cannot reach storage yet
// answers 503 and the next request tries again, instead of crashing the worker.
let deps: Promise<Composed> | undefined;
const log = (message: string, err?: unknown) => console.error(message, err);
const compose_ = () =>
  compose({
    table: config.table,
    verify: createVerifier(entraAuthConfig(config.auth)),
    // The roster comes from Teams: the bot writes it from Teams' events, and a person not yet on
    // it is asked of Teams' conversation member and meeting participant APIs once.
    roster: (participants) => ({ lookup: teamsLookup(async () => participants) }),
    bot: {
      credentials: { appId: config.bot.appId, password: config.bot.password, tenantId: config.bot.tenantId, appType: config.bot.appType },
      publicUrl: config.publicUrl,
      allowedTenants: config.auth.allowedTenants,
    },
    log,
  });

function ready(): Promise<Composed> {
  deps ??= compose_().catch((err: unknown) => {
    deps = undefined;
    throw err;
  });
  return deps;
}

for (const route of routes) {
  app.http(route.name, {
    methods: [route.method],
    route: route.route,
    authLevel: "anonymous",
    handler: async (request, context) => {
      try {
        return await handlerFor(route, await ready())(request, context);
      } catch (err) {
        context.error("storage not reachable at start-up", err);
        return toResponse(unavailable(), Date.now());
      }
    },
  });
}

app.timer("reminderSweep", {
  schedule: "0 * * * * *",
  handler: async (_timer, context) => {
    const report = await (await ready()).bot.sweep(Date.now());
    if (report.sent || report.failed) context.log("reminder sweep", JSON.stringify(report));
  },
});
