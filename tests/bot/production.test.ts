import { spawnSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { HttpRequest } from "@azure/functions";
import { createBotRuntime } from "../../src/bot/runtime";
import { createAdapter } from "../../src/bot/adapter";
import { LOCAL_TENANT } from "../../src/auth/local-issuer";
import { startBotWorld, MeetingChat, type BotWorld } from "./support";

// Spawning node and loading the Functions entry can take a while on a busy machine.
jest.setTimeout(120_000);

const ENTRY = path.resolve(__dirname, "..", "..", "dist", "functions", "index.js");

/** Everything production needs except the bot's credentials. */
const WITHOUT_BOT: Record<string, string> = {
  AZURE_STORAGE_CONNECTION_STRING: "DefaultEndpointsProtocol=https;AccountName=prod;AccountKey=a2V5;EndpointSuffix=core.windows.net",
  AUTH_CLIENT_ID: "22222222-2222-4222-8222-222222222222",
  AUTH_TENANT_ID: "55555555-5555-4555-8555-555555555555",
  PUBLIC_URL: "https://sos.example.com",
};

function start(env: Record<string, string>) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(BOT_|AZURE_|AUTH_|TABLE_|PUBLIC_URL|LOCAL_)/.test(k)));
  return spawnSync(process.execPath, [ENTRY], { env: { ...clean, ...env }, encoding: "utf8", timeout: 90_000 });
}

describe("the production entry (built: npm run build:node)", () => {
  beforeAll(() => {
    if (!existsSync(ENTRY)) throw new Error(`${ENTRY} is missing: run npm run build:node before these tests`);
    const built = statSync(ENTRY).mtimeMs;
    const sources = ["functions/index.ts", "config.ts", "bot/runtime.ts"].map((f) => path.resolve(__dirname, "..", "..", "src", f));
    const newer = sources.filter((f) => statSync(f).mtimeMs > built);
    if (newer.length) throw new Error(`dist/ is older than ${newer.join(", ")}: run npm run build:node before these tests`);
  });

  test("refuses to start without bot credentials and names each missing setting", () => {
    const run = start({ ...WITHOUT_BOT, BOT_TYPE: "SingleTenant" });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain("Missing settings: BOT_ID, BOT_TENANT_ID, BOT_PASSWORD.");
  });

  test("a managed-identity bot (the default) needs no password but still an app id and tenant", () => {
    const run = start(WITHOUT_BOT);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain("Missing settings: BOT_ID, BOT_TENANT_ID.");
    expect(run.stderr).not.toContain("BOT_PASSWORD");
  });

  test("with every setting it loads without touching storage and registers the bot's endpoint and the minute sweep", () => {
    const run = start({ ...WITHOUT_BOT, BOT_ID: "33333333-3333-4333-8333-333333333333", BOT_TENANT_ID: "44444444-4444-4444-8444-444444444444" });
    expect(run.status).toBe(0);
    // Outside the Functions host the package runs in test mode and names each registration it skips.
    const output = run.stdout + run.stderr;
    expect(output).toContain('register function "messages"');
    expect(output).toContain('register function "reminderSweep"');
    expect(output).not.toContain("ConfigError");
  });

  test("refuses a multi-tenant bot", () => {
    const run = start({ ...WITHOUT_BOT, BOT_ID: "33333333-3333-4333-8333-333333333333", BOT_TENANT_ID: "44444444-4444-4444-8444-444444444444", BOT_PASSWORD: "secret", BOT_TYPE: "MultiTenant" });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain("BOT_TYPE must be SingleTenant or UserAssignedMSI");
  });
});

test("bot credentials: single-tenant needs its secret, a managed identity must not have one", () => {
  const ids = { appId: "33333333-3333-4333-8333-333333333333", tenantId: "44444444-4444-4444-8444-444444444444" };
  expect(() => createAdapter({ ...ids, appType: "UserAssignedMSI" })).not.toThrow();
  expect(() => createAdapter({ ...ids, appType: "SingleTenant", password: "secret" })).not.toThrow();
  expect(() => createAdapter({ ...ids, appType: "SingleTenant" })).toThrow(/MicrosoftAppPassword is required/);
  expect(() => createAdapter({ ...ids, appType: "UserAssignedMSI", password: "secret" })).toThrow(/must not be set/);
});

describe("inbound authentication", () => {
  let world: BotWorld;
  beforeAll(async () => {
    world = await startBotWorld();
  });
  afterAll(() => world.close());

  test("with an app id, an activity without a Bot Framework token is refused and changes nothing", async () => {
    const deps = world.stack.host.deps as typeof world.stack.host.deps & { rows: Parameters<typeof createBotRuntime>[0]["rows"] };
    const bot = createBotRuntime({ deps, rows: deps.rows, credentials: { appId: "33333333-3333-4333-8333-333333333333", password: "secret", tenantId: "44444444-4444-4444-8444-444444444444", appType: "SingleTenant" }, publicUrl: null });
    const chat = new MeetingChat(world, "19:meeting_auth@thread.v2");
    const activity = chat.message("bob", "add Sneaky topic");
    for (const authorization of [undefined, "Bearer not-a-token"]) {
      const res = await bot.process(
        new HttpRequest({ method: "POST", url: `${world.stack.url}/api/messages`, headers: { "content-type": "application/json", ...(authorization ? { authorization } : {}) }, body: { string: JSON.stringify({ ...activity, id: `${String(activity["id"])}${authorization ? "b" : "a"}` }) } }),
      );
      expect(res.status).toBe(401);
    }
    expect(world.connector.sent()).toHaveLength(0);
    const state = await world.stack.call<{ topics: unknown[] }>("alice", "GET", `boards/${encodeURIComponent(chat.chatId)}/state`);
    expect(state.body.topics).toHaveLength(0);
    // Nor was anything from the forged activity remembered: no conversation reference (its
    // serviceUrl would receive the bot's proactive messages and tokens), no person, no activity id.
    const ref = { tenantId: LOCAL_TENANT, chatId: chat.chatId };
    expect(await bot.store.getConversation(ref)).toBeNull();
    expect(await bot.store.getUser(LOCAL_TENANT, world.stack.userId("bob"))).toBeNull();
    expect(await bot.store.claimActivity(ref, `${String(activity["id"])}a`, Date.now())).toBeNull();
  });

  test("an activity from a tenant the app does not serve is ignored and changes nothing; the served tenant is answered", async () => {
    const deps = world.stack.host.deps as typeof world.stack.host.deps & { rows: Parameters<typeof createBotRuntime>[0]["rows"] };
    const served = createBotRuntime({ deps, rows: deps.rows, credentials: { appId: "" }, publicUrl: null, allowedTenants: [LOCAL_TENANT] });
    const foreign = createBotRuntime({ deps, rows: deps.rows, credentials: { appId: "" }, publicUrl: null, allowedTenants: ["66666666-6666-4666-8666-666666666666"] });
    const chat = new MeetingChat(world, "19:meeting_tenant@thread.v2");
    const post = (bot: typeof served, activity: Record<string, unknown>) =>
      bot.process(new HttpRequest({ method: "POST", url: `${world.stack.url}/api/messages`, headers: { "content-type": "application/json" }, body: { string: JSON.stringify(activity) } }));
    const before = world.connector.sent().length;
    await post(foreign, chat.message("bob", "add From another tenant"));
    expect(world.connector.sent()).toHaveLength(before);
    const ref = { tenantId: LOCAL_TENANT, chatId: chat.chatId };
    expect(await foreign.store.getConversation(ref)).toBeNull();
    let state = await world.stack.call<{ topics: unknown[] }>("alice", "GET", `boards/${encodeURIComponent(chat.chatId)}/state`);
    expect(state.body.topics).toHaveLength(0);
    // The same message to a bot serving this tenant is taken.
    await post(served, chat.message("bob", "add From our tenant"));
    state = await world.stack.call<{ topics: unknown[] }>("alice", "GET", `boards/${encodeURIComponent(chat.chatId)}/state`);
    expect(state.body.topics).toHaveLength(1);
  });
});
