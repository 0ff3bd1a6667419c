import { readFileSync } from "node:fs";
import path from "node:path";
import { FRAME_ANCESTORS, tabCsp } from "../../src/local/tab-headers";
import { toResponse } from "../../src/functions/http";
import { startStack, type Stack } from "../support/stack";

/**
 * Only Teams and Microsoft 365 may frame the tab, it loads only what it needs, browsers never
 * guess content types, and only hashed assets are cached for long — on the local host, and as
 * declared for production (Azure Static Web Apps reads src/tab/public/staticwebapp.config.json).
 */
let stack: Stack;
const ROOT = path.resolve(__dirname, "..", "..");

beforeAll(async () => {
  stack = await startStack();
});

afterAll(async () => {
  await stack?.close();
});

function directives(csp: string): Map<string, string[]> {
  return new Map(csp.split(";").map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name as string, values]));
}

test("the tab's page may be framed only by Teams, Microsoft 365 and the local host itself", async () => {
  const res = await fetch(`${stack.url}/?as=alice&chat=demo`);
  expect(res.status).toBe(200);
  expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  expect(res.headers.get("cache-control")).toBe("no-cache");
  const csp = directives(res.headers.get("content-security-policy") ?? "");
  expect(csp.get("frame-ancestors")).toEqual([...FRAME_ANCESTORS, `http://localhost:${stack.host.port}`, "'self'"]);
  expect(csp.get("script-src")).toEqual(["'self'"]);
  expect(csp.get("object-src")).toEqual(["'none'"]);
  expect(csp.get("frame-ancestors")).not.toContain("*");
});

test("hashed assets are cached for a year; the page, icons and API answers are not, and all say nosniff", async () => {
  const html = await (await fetch(`${stack.url}/`)).text();
  const asset = /src="\/?(assets\/[^"]+\.js)"/.exec(html)?.[1];
  expect(asset).toBeDefined();
  const a = await fetch(`${stack.url}/${asset}`);
  expect(a.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
  expect(a.headers.get("x-content-type-options")).toBe("nosniff");
  const privacy = await fetch(`${stack.url}/privacy.html`);
  expect(privacy.headers.get("cache-control")).toBe("no-cache");
  const api = await fetch(`${stack.url}/api/health`);
  expect(api.headers.get("x-content-type-options")).toBe("nosniff");
});

test("production declares the same headers: Static Web Apps config, deployed by teamsapp.yml from infra/azure.bicep", () => {
  const config = JSON.parse(readFileSync(path.join(ROOT, "src", "tab", "public", "staticwebapp.config.json"), "utf8")) as {
    globalHeaders: Record<string, string>;
    routes: { route: string; headers?: Record<string, string> }[];
  };
  // Production's API is on the Functions host (*.azurewebsites.net): the one origin added to the local policy.
  expect(config.globalHeaders["Content-Security-Policy"]).toBe(tabCsp({ apiOrigins: ["https://*.azurewebsites.net"] }));
  expect(config.globalHeaders["X-Content-Type-Options"]).toBe("nosniff");
  expect(config.globalHeaders["Cache-Control"]).toBe("no-cache");
  expect(config.routes).toContainEqual({ route: "/assets/*", headers: { "Cache-Control": "public, max-age=31536000, immutable" } });

  const bicep = readFileSync(path.join(ROOT, "infra", "azure.bicep"), "utf8");
  expect(bicep).toMatch(/resource tabSite 'Microsoft\.Web\/staticSites@/);
  expect(bicep).not.toMatch(/staticWebsite|primaryEndpoints\.web/);
  const yml = readFileSync(path.join(ROOT, "teamsapp.yml"), "utf8");
  expect(yml).not.toMatch(/azureStorage\/(deploy|enableStaticWebsite)/);
  expect(yml).toMatch(/azureStaticWebApps\/getDeploymentToken/);
});

test("API answers say nosniff in production too: the Functions host serves what the shared edge builds", () => {
  const init = toResponse({ status: 200, json: { ok: true } }, 0);
  expect((init.headers as Record<string, string>)["X-Content-Type-Options"]).toBe("nosniff");
});
