import { app } from "@azure/functions";
import { readProductionConfig } from "../config";
import { createVerifier, entraAuthConfig } from "../auth/tokens";
import { attachBot, createBotRuntime, type BotRuntime } from "../bot/runtime";
import { compose } from "./compose";
import { handlerFor, type ApiDeps } from "./http";
import { routes } from "./routes";
import { productionRoles } from "./roles";

/**
 * The Azure Functions entry (v4 programming model). It reads the production settings first and
 * refuses to load without them (bot credentials included: an empty bot app id would switch off
 * botbuilder's inbound authentication); then every route of the shared table is registered with
 * `app.http`, delegating to the same handlers the local host serves, and the bot's reminder sweep
 * runs every minute on a timer trigger.
 */
const config = readProductionConfig(process.env);

// Composed on the first request, not at load: a cold start that cannot reach storage yet
// answers 503 and the next request tries again, instead of crashing the worker.
let deps: Promise<ApiDeps> | undefined;
let bot: BotRuntime | undefined;
const log = (message: string, err?: unknown) => console.error(message, err);
const compose_ = async () => {
  const composed = await compose({
    table: config.table,
    verify: createVerifier(entraAuthConfig(config.auth)),
    // Roles are asked of Teams' meeting participant API through the bot, once it is composed.
    roles: productionRoles(
      config,
      async () => {
        await ready();
        if (!bot) throw new Error("the bot is not ready");
        return bot.messenger;
      },
      { log },
    ),
    log,
  });
  bot = createBotRuntime({
    deps: composed,
    rows: composed.rows,
    credentials: { appId: config.bot.appId, password: config.bot.password, tenantId: config.bot.tenantId, appType: config.bot.appType },
    publicUrl: config.publicUrl,
    log,
  });
  attachBot(composed, bot);
  return composed;
};

function ready(): Promise<ApiDeps> {
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
        return { status: 503, headers: { "Retry-After": "5", "Content-Type": "application/problem+json" }, body: JSON.stringify({ type: "urn:scrum-of-scrums:problem:unavailable", title: "Storage is not answering", status: 503, code: "unavailable", detail: "Storage is not answering right now; nothing was changed. Try again in a few seconds." }) };
      }
    },
  });
}

app.timer("reminderSweep", {
  schedule: "0 * * * * *",
  handler: async (_timer, context) => {
    await ready();
    const report = await bot?.sweep(Date.now());
    if (report && (report.sent || report.failed)) context.log("reminder sweep", JSON.stringify(report));
  },
});
