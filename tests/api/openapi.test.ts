import { readFileSync } from "node:fs";
import path from "node:path";
import { openApiDocument } from "../../src/functions/openapi";
import { routes } from "../../src/functions/routes";

test("the committed OpenAPI document is the one the route table produces (run npm run openapi after changing a route)", () => {
  const committed = JSON.parse(readFileSync(path.resolve(__dirname, "../../src/functions/openapi.json"), "utf8")) as unknown;
  expect(committed).toEqual(JSON.parse(JSON.stringify(openApiDocument(routes))));
});

test("every route is documented with its method, and every documented operation has a route", () => {
  const doc = openApiDocument(routes) as { paths: Record<string, Record<string, { operationId: string }>> };
  const documented = Object.entries(doc.paths).flatMap(([p, ops]) => Object.entries(ops).map(([m, op]) => `${m.toUpperCase()} ${p} ${op.operationId}`));
  expect(documented.sort()).toEqual(routes.map((r) => `${r.method} /api/${r.route} ${r.name}`).sort());
});
