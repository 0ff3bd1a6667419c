import { z } from "zod/v4";
import type { AnyRoute } from "./http";

/**
 * Builds the OpenAPI 3.1 document from the route table and the shared schemas, so the document
 * cannot drift from what the handlers accept and answer. `npm run openapi` writes it to
 * src/functions/openapi.json; a test checks the committed file is current.
 */
type Json = Record<string, unknown>;

function schemaOf(schema: z.ZodType, io: "input" | "output"): Json {
  const json = z.toJSONSchema(schema, { io, unrepresentable: "any", target: "draft-2020-12" }) as Json;
  delete json["$schema"];
  return json;
}

export function openApiDocument(routes: readonly AnyRoute[]): Json {
  const paths: Record<string, Record<string, Json>> = {};
  for (const route of routes) {
    const path = `/api/${route.route}`;
    const params = [...route.route.matchAll(/\{(\w+)\}/g)].map((m) => ({
      name: m[1],
      in: "path",
      required: true,
      schema: { type: "string" },
      ...(m[1] === "chatId" ? { description: "The meeting chat's id, URL-encoded." } : {}),
    }));
    const op: Json = { operationId: route.name, summary: route.summary };
    if ("raw" in route) {
      op["responses"] = { "200": { description: "OK" } };
    } else {
      if (route.facilitator) op["description"] = "Facilitators only: the meeting's organizer or a presenter.";
      op["security"] = [{ teamsSso: [] }];
      const query = route.query ? schemaOf(route.query as z.ZodType, "input") : null;
      const queryParams = query
        ? Object.entries((query["properties"] as Record<string, Json>) ?? {}).map(([name, schema]) => ({ name, in: "query", required: false, schema }))
        : [];
      const headerParams =
        route.method === "GET"
          ? [{ name: "If-None-Match", in: "header", required: false, schema: { type: "string" } }]
          : [
              { name: "Idempotency-Key", in: "header", required: false, schema: { type: "string", maxLength: 100 }, description: "A retried request with the same key is answered once." },
              { name: "If-Match", in: "header", required: false, schema: { type: "string" }, description: "The board's state ETag as last seen; 412 when it changed since." },
            ];
      op["parameters"] = [...params, ...queryParams, ...headerParams];
      if (route.body) op["requestBody"] = { required: true, content: { "application/json": { schema: schemaOf(route.body as z.ZodType, "input") } } };
      const responses: Record<string, Json> = {};
      for (const [status, schema] of Object.entries(route.responses)) {
        const description = Number(status) < 300 ? "OK" : Number(status) === 304 ? "Not modified" : "Problem (RFC 9457)";
        if (Number(status) === 304 || Number(status) === 204) responses[status] = { description };
        else if (typeof schema === "string") responses[status] = { description, content: { [schema]: { schema: { type: "string" } } } };
        else {
          const type = Number(status) >= 400 ? "application/problem+json" : "application/json";
          responses[status] = { description, content: { [type]: { schema: schemaOf(schema, "output") } } };
        }
      }
      op["responses"] = responses;
    }
    if (params.length && !op["parameters"]) op["parameters"] = params;
    (paths[path] ??= {})[route.method.toLowerCase()] = op;
  }
  return {
    openapi: "3.1.0",
    info: { title: "Scrum of Scrums API", version: "1.0.0", description: "The side panel's and the bot's API. Every response carries X-Server-Time (server epoch ms)." },
    servers: [{ url: "http://localhost:3978" }],
    components: { securitySchemes: { teamsSso: { type: "http", scheme: "bearer", bearerFormat: "JWT", description: "Teams SSO access token with the access_as_user scope." } } },
    paths,
  };
}
