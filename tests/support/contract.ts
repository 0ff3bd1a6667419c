import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import doc from "../../src/functions/openapi.json";
import type { Reply, Stack } from "./stack";

/**
 * Calls the API like the tab does and checks every request and response against the OpenAPI
 * document, recording which operations were exercised.
 */
type Op = { operationId: string; requestBody?: { content: Record<string, { schema: object }> }; responses: Record<string, { content?: Record<string, { schema: object }> }> };

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);

const operations: { method: string; pattern: RegExp; op: Op }[] = [];
for (const [path, methods] of Object.entries(doc.paths as Record<string, Record<string, Op>>)) {
  const pattern = new RegExp("^" + path.replace(/\{\w+\}/g, "[^/]+") + "$");
  for (const [method, op] of Object.entries(methods)) operations.push({ method: method.toUpperCase(), pattern, op });
}

export const exercised = new Set<string>();
export const allOperations = operations.map((o) => o.op.operationId);

export function operationFor(method: string, apiPath: string): Op {
  const path = "/api/" + apiPath.split("?")[0];
  const found = operations.find((o) => o.method === method && o.pattern.test(path));
  if (!found) throw new Error(`${method} ${path} is not in the OpenAPI document`);
  return found.op;
}

function check(schema: object, value: unknown, what: string): void {
  const validate = ajv.compile(schema);
  if (!validate(value)) throw new Error(`${what} does not match the OpenAPI document: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(value).slice(0, 500)}`);
}

export async function api<T = unknown>(stack: Stack, as: string | null, method: string, apiPath: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply<T>> {
  const op = operationFor(method, apiPath);
  const validBody = body !== undefined && op.requestBody ? ajv.compile(op.requestBody.content["application/json"]!.schema)(body) : true;
  const res = await stack.call<T>(as, method, apiPath, body, headers);
  exercised.add(op.operationId);
  // A body the document rejects must never be accepted.
  if (!validBody && res.status < 300) throw new Error(`${op.operationId}: the document rejects this body but the API accepted it`);
  const spec = op.responses[String(res.status)];
  if (!spec) throw new Error(`${op.operationId} answered ${res.status}, which the OpenAPI document does not list: ${res.text}`);
  const content = spec.content ? Object.entries(spec.content)[0] : undefined;
  if (content) {
    const [type, { schema }] = content;
    expect(res.headers.get("content-type") ?? "").toContain(type === "application/json" ? "application/json" : type);
    if (type.includes("json")) check(schema, res.body, `${op.operationId} ${res.status}`);
  }
  return res;
}
