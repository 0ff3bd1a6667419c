import { app } from "@azure/functions";
import { readProductionConfig } from "../config";
import { createVerifier, entraIssuers } from "../auth/tokens";
import { compose } from "./compose";
import { handlerFor, type ApiDeps } from "./http";
import { routes } from "./routes";
import { productionRoles } from "./roles";

/**
 * The Azure Functions entry (v4 programming model). It reads the production settings first and
 * refuses to load without them; then every route of the shared table is registered with
 * `app.http`, delegating to the same handlers the local host serves.
 */
const config = readProductionConfig(process.env);

const deps: Promise<ApiDeps> = compose({
  table: config.table,
  verify: createVerifier({
    audiences: [`api://${config.auth.apiDomain}/${config.auth.clientId}`, config.auth.clientId],
    jwksUri: "https://login.microsoftonline.com/common/discovery/v2.0/keys",
    issuersFor: (tid) => (config.auth.allowedTenants.length === 0 || config.auth.allowedTenants.includes(tid.toLowerCase()) ? entraIssuers(tid) : []),
    scope: "access_as_user",
    clockToleranceSeconds: 120,
  }),
  roles: productionRoles(config),
  log: (message, err) => console.error(message, err),
});

for (const route of routes) {
  app.http(route.name, {
    methods: [route.method],
    route: route.route,
    authLevel: "anonymous",
    handler: async (request, context) => handlerFor(route, await deps)(request, context),
  });
}
