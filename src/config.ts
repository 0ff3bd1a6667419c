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

export function readProductionConfig(env: NodeJS.ProcessEnv): ProductionConfig {
  const missing: string[] = [];
  const problems: string[] = [];
  const get = (name: string) => env[name]?.trim() ?? "";
  const need = (name: string) => {
    const v = get(name);
    if (!v) missing.push(name);
    return v;
  };
  const connectionString = get("AZURE_STORAGE_CONNECTION_STRING");
  const endpoint = connectionString ? "" : need("TABLE_ENDPOINT");
  const clientId = need("AUTH_CLIENT_ID");
  const authTenant = need("AUTH_TENANT_ID");
  const appId = need("BOT_ID");
  const botTenant = need("BOT_TENANT_ID");
  const appType = (get("BOT_TYPE") || "UserAssignedMSI") as ProductionConfig["bot"]["appType"];
  const password = appType === "SingleTenant" ? need("BOT_PASSWORD") : "";
  const publicUrl = need("PUBLIC_URL");
  if (!["SingleTenant", "UserAssignedMSI"].includes(appType)) problems.push("BOT_TYPE must be SingleTenant or UserAssignedMSI (new bots cannot be multi-tenant).");
  if (/UseDevelopmentStorage|devstoreaccount1/i.test(connectionString + endpoint)) problems.push("Table storage points at the local emulator.");
  if (get("LOCAL_AUTH") || get("LOCAL_ISSUER")) problems.push("The local token issuer must not be enabled in production (unset LOCAL_AUTH and LOCAL_ISSUER).");
  let apiDomain = "";
  try {
    if (publicUrl) apiDomain = new URL(publicUrl).host;
  } catch {
    problems.push("PUBLIC_URL must be the tab's https URL.");
  }
  if (missing.length || problems.length) throw new ConfigError(missing, problems);
  const managedIdentityClientId = get("AZURE_CLIENT_ID");
  return {
    table: {
      tableName: get("TABLE_NAME") || "scrumofscrums",
      ...(connectionString ? { connectionString } : { endpoint }),
      ...(managedIdentityClientId ? { managedIdentityClientId } : {}),
    },
    // The SSO app is single-tenant: only its own tenant's tokens are accepted unless more are listed.
    auth: { clientId, tenantId: authTenant, apiDomain, allowedTenants: [authTenant, ...get("ALLOWED_TENANTS").split(",")].map((t) => t.trim().toLowerCase()).filter(Boolean) },
    bot: { appId, tenantId: botTenant, appType, password },
    publicUrl,
  };
}
