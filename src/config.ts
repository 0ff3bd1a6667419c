/**
 * Production settings, read once at start-up. Anything missing stops the app with the names of
 * every missing setting, so a half-configured deployment never serves requests.
 */
export interface ProductionConfig {
  table: { connectionString: string; tableName: string };
  auth: { clientId: string; apiDomain: string; allowedTenants: string[] };
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
  const need = (name: string) => {
    const v = env[name]?.trim();
    if (!v) missing.push(name);
    return v ?? "";
  };
  const connectionString = need("AZURE_STORAGE_CONNECTION_STRING");
  const tableName = env["TABLE_NAME"]?.trim() || "scrumofscrums";
  const clientId = need("AAD_APP_CLIENT_ID");
  const apiDomain = need("API_DOMAIN");
  const appId = need("BOT_ID");
  const botTenant = need("BOT_TENANT_ID");
  const appType = (env["BOT_TYPE"]?.trim() || "SingleTenant") as ProductionConfig["bot"]["appType"];
  const password = appType === "SingleTenant" ? need("BOT_PASSWORD") : "";
  const publicUrl = need("PUBLIC_URL");
  if (!["SingleTenant", "UserAssignedMSI"].includes(appType)) problems.push("BOT_TYPE must be SingleTenant or UserAssignedMSI (new bots cannot be multi-tenant).");
  if (/UseDevelopmentStorage|devstoreaccount1/i.test(connectionString)) problems.push("AZURE_STORAGE_CONNECTION_STRING points at the local emulator.");
  if (env["LOCAL_AUTH"] === "1" || env["LOCAL_ISSUER"]) problems.push("The local token issuer must not be enabled in production (unset LOCAL_AUTH / LOCAL_ISSUER).");
  if (missing.length || problems.length) throw new ConfigError(missing, problems);
  return {
    table: { connectionString, tableName },
    auth: { clientId, apiDomain, allowedTenants: (env["ALLOWED_TENANTS"] ?? "").split(",").map((t) => t.trim().toLowerCase()).filter(Boolean) },
    bot: { appId, tenantId: botTenant, appType, password },
    publicUrl,
  };
}
