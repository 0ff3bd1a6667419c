/**
 * Production settings, read once at start-up with the names infra/azure.bicep sets. Anything
 * missing stops the app with the names of every missing setting, so a half-configured deployment
 * never serves requests.
 */
export interface ProductionConfig {
  /** Either a connection string, or the table endpoint reached with the managed identity. */
  table: { tableName: string; connectionString?: string; endpoint?: string; managedIdentityClientId?: string };
  auth: { clientId: string; tenantId: string; apiDomain: string; allowedTenants: string[] };
  bot: { appId: string; tenantId: string; appType: "SingleTenant" | "UserAssignedMSI"; password: string };
  publicUrl: string;
}

export class ConfigError extends Error {
  constructor(readonly missing: string[], problems: string[] = []) {
    super(
      [missing.length ? `Missing settings: ${missing.join(", ")}.` : "", ...problems].filter(Boolean).join(" ") +
        " See README.md, section 'Run it in Teams'.",
    );
    this.name = "ConfigError";
  }
}

/** Reads settings by name, collecting the names of missing ones and the problems found. */
function settingsReader(env: NodeJS.ProcessEnv) {
  const missing: string[] = [];
  const problems: string[] = [];
  const get = (name: string) => env[name]?.trim() ?? "";
  const need = (name: string) => {
    const v = get(name);
    if (!v) missing.push(name);
    return v;
  };
  return { missing, problems, get, need };
}

export function readProductionConfig(env: NodeJS.ProcessEnv): ProductionConfig {
  const { missing, problems, get, need } = settingsReader(env);
  const connectionString = get("AZURE_STORAGE_CONNECTION_STRING");
  const endpoint = connectionString ? "" : need("TABLE_ENDPOINT");
  const teams = readTeamsSettings(get, need, problems);
  if (/UseDevelopmentStorage|devstoreaccount1/i.test(connectionString + endpoint)) problems.push("Table storage points at the local emulator.");
  if (get("LOCAL_AUTH") || get("LOCAL_ISSUER")) problems.push("The local token issuer must not be enabled in production (unset LOCAL_AUTH and LOCAL_ISSUER).");
  if (missing.length || problems.length) throw new ConfigError(missing, problems);
  const managedIdentityClientId = get("AZURE_CLIENT_ID");
  return {
    table: {
      tableName: get("TABLE_NAME") || "scrumofscrums",
      ...(connectionString ? { connectionString } : { endpoint }),
      ...(managedIdentityClientId ? { managedIdentityClientId } : {}),
    },
    ...teams,
  };
}

/** What talking to real Teams needs: the SSO app, the bot's identity, and the tab's public https URL. */
export type TeamsSettings = Pick<ProductionConfig, "auth" | "bot" | "publicUrl">;

const TEAMS_SETTINGS = ["BOT_ID", "BOT_PASSWORD", "AUTH_CLIENT_ID", "AUTH_TENANT_ID", "PUBLIC_URL"];

function readTeamsSettings(get: (name: string) => string, need: (name: string) => string, problems: string[]): TeamsSettings {
  const clientId = need("AUTH_CLIENT_ID");
  const authTenant = need("AUTH_TENANT_ID");
  const appId = need("BOT_ID");
  const botTenant = need("BOT_TENANT_ID");
  const appType = (get("BOT_TYPE") || "UserAssignedMSI") as ProductionConfig["bot"]["appType"];
  const password = appType === "SingleTenant" ? need("BOT_PASSWORD") : "";
  const publicUrl = need("PUBLIC_URL");
  if (!["SingleTenant", "UserAssignedMSI"].includes(appType)) problems.push("BOT_TYPE must be SingleTenant or UserAssignedMSI (new bots cannot be multi-tenant).");
  let apiDomain = "";
  try {
    if (publicUrl) {
      const url = new URL(publicUrl);
      apiDomain = url.host;
      // Teams loads tabs and SSO only over https; an http URL would also send tokens in the clear.
      if (url.protocol !== "https:") problems.push("PUBLIC_URL must be an https URL.");
    }
  } catch {
    problems.push("PUBLIC_URL must be the tab's https URL.");
  }
  return {
    // The SSO app is single-tenant: only its own tenant's tokens are accepted unless more are listed.
    auth: { clientId, tenantId: authTenant, apiDomain, allowedTenants: [authTenant, ...get("ALLOWED_TENANTS").split(",")].map((t) => t.trim().toLowerCase()).filter(Boolean) },
    bot: { appId, tenantId: botTenant, appType, password },
    publicUrl,
  };
}

/**
 * The local host's "debug in Teams" settings (written to .localConfigs by `atk deploy --env
 * local`): null when none of them is set (local development with the local issuer); otherwise
 * all must be there, or start-up stops naming what is missing — a half-configured host would
 * serve real Teams with the local issuer's open door.
 */
export function readTeamsDebugConfig(env: NodeJS.ProcessEnv): TeamsSettings | null {
  const { missing, problems, get, need } = settingsReader(env);
  if (!TEAMS_SETTINGS.some((name) => get(name))) return null;
  const teams = readTeamsSettings(get, need, problems);
  if (missing.length || problems.length) throw new ConfigError(missing, problems);
  return teams;
}
