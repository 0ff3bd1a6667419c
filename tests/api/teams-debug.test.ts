import { TableClient } from "@azure/data-tables";
import type { TeamsSettings } from "../../src/config";
import { readTeamsDebugConfig } from "../../src/config";
import { assertSafeBind } from "../../src/local/host";
import { azuriteConnectionString, startStack, uniqueTable, type Stack } from "../support/stack";

/**
 * Debugging in Teams, the local host is reachable through a public dev tunnel: with the bot and
 * SSO settings loaded it must authenticate the bot's callers, accept only Entra tokens, and have
 * no development helpers. Without them it must stay on loopback.
 */
const TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const settings: TeamsSettings = {
  auth: { clientId: "3f0b1c2d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", tenantId: TENANT, apiDomain: "contoso.devtunnels.ms", allowedTenants: [TENANT] },
  bot: { appId: "5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d", tenantId: TENANT, appType: "SingleTenant", password: "not-a-real-secret" },
  publicUrl: "https://contoso.devtunnels.ms",
};

let stack: Stack;
const table = uniqueTable("teamsdebug");

beforeAll(async () => {
  stack = await startStack({ teams: settings, tableName: table });
});

afterAll(async () => {
  await stack?.close();
});

async function rows(): Promise<number> {
  const client = TableClient.fromConnectionString(azuriteConnectionString(), table, { allowInsecureConnection: true });
  let count = 0;
  try {
    for await (const entity of client.listEntities()) if (entity) count++;
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode !== 404) throw err;
  }
  return count;
}

test("an activity without the Bot Framework's token is refused with 401 and writes nothing", async () => {
  const before = await rows();
  const res = await fetch(`${stack.url}/api/messages`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      type: "message",
      id: "act-1",
      text: "add Anyone can write here",
      channelId: "msteams",
      serviceUrl: "https://attacker.example/",
      from: { id: "29:someone", aadObjectId: "00000000-0000-4000-8000-00000000beef" },
      recipient: { id: `28:${settings.bot.appId}` },
      conversation: { id: "19:meeting_x@thread.v2", conversationType: "groupChat", tenantId: TENANT },
      channelData: { tenant: { id: TENANT } },
    }),
  });
  expect(res.status).toBe(401);
  // botbuilder's own wording of why (internal messages) stays in the log.
  expect(await res.text()).toBe("");
  expect(await rows()).toBe(before);
});

test("the development helpers do not exist", async () => {
  for (const [method, path] of [
    ["GET", "local/token?as=alice"],
    ["PUT", "local/participants?chatId=x&as=mallory&role=organizer"],
    ["GET", "local/jwks"],
  ] as const) {
    const res = await fetch(`${stack.url}/api/${path}`, { method });
    expect([path, res.status]).toEqual([path, 404]);
  }
});

test("a token from the local development issuer is refused by the API", async () => {
  const token = await stack.host.issuer.issue("alice");
  const res = await fetch(`${stack.url}/api/boards/${encodeURIComponent("19:meeting_x@thread.v2")}/state`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(401);
});

test("without Teams settings the host refuses to listen beyond loopback, and says why", () => {
  expect(() => assertSafeBind("0.0.0.0", null)).toThrow(/Refusing to listen on 0\.0\.0\.0.*\/api\/local\/token.*\.localConfigs/s);
  expect(() => assertSafeBind("127.0.0.1", null)).not.toThrow();
  expect(() => assertSafeBind("0.0.0.0", settings)).not.toThrow();
});

test("half the Teams settings stop start-up naming the rest; http public URLs are refused", () => {
  expect(readTeamsDebugConfig({})).toBeNull();
  expect(() => readTeamsDebugConfig({ BOT_ID: settings.bot.appId })).toThrow(/Missing settings: AUTH_CLIENT_ID, AUTH_TENANT_ID, BOT_TENANT_ID, PUBLIC_URL/);
  const full = {
    BOT_ID: settings.bot.appId,
    BOT_PASSWORD: "x",
    BOT_TENANT_ID: TENANT,
    BOT_TYPE: "SingleTenant",
    AUTH_CLIENT_ID: settings.auth.clientId,
    AUTH_TENANT_ID: TENANT,
    PUBLIC_URL: "http://contoso.devtunnels.ms",
  };
  expect(() => readTeamsDebugConfig(full)).toThrow(/PUBLIC_URL must be an https URL/);
  expect(readTeamsDebugConfig({ ...full, PUBLIC_URL: "https://contoso.devtunnels.ms" })?.auth.apiDomain).toBe("contoso.devtunnels.ms");
});
