import { TeamsAdapter } from "@microsoft/teams-ai";
import { ConfigurationServiceClientCredentialFactory } from "botbuilder";

/**
 * The bot's credentials and the botbuilder adapter built from them: a single-tenant app or a
 * user-assigned managed identity in production, no app id (inbound authentication off) locally.
 */

export interface BotCredentials {
  /** Empty only for local development and tests: botbuilder then skips inbound authentication. */
  appId: string;
  password?: string;
  tenantId?: string;
  appType?: "SingleTenant" | "UserAssignedMSI";
}

export function createAdapter(credentials: BotCredentials): TeamsAdapter {
  const factory = new ConfigurationServiceClientCredentialFactory(
    credentials.appId
      ? {
          MicrosoftAppId: credentials.appId,
          MicrosoftAppPassword: credentials.password ?? "",
          MicrosoftAppType: credentials.appType ?? "SingleTenant",
          MicrosoftAppTenantId: credentials.tenantId ?? "",
        }
      : { MicrosoftAppId: "", MicrosoftAppPassword: "" },
  );
  return new TeamsAdapter({}, factory);
}
