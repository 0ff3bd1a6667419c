/**
 * Form validation with the shared zod schemas (src/schemas/messages.ts), loaded on first use so
 * that zod stays out of the initial bundle.
 */
import type * as messages from "../../schemas/messages";

export type Schemas = typeof messages;

let schemas: Promise<Schemas> | null = null;
export function loadSchemas(): Promise<Schemas> {
  schemas ??= import("../../schemas/messages");
  return schemas;
}

type Parsed<T> = { ok: true; data: T } | { ok: false; errors: Record<string, string> };

/** Parses `value` with one of the shared message schemas; on failure, the first message per field. */
export async function validate<K extends keyof Schemas, T = Schemas[K] extends { parse(v: unknown): infer O } ? O : never>(name: K, value: unknown): Promise<Parsed<T>> {
  const schema = (await loadSchemas())[name] as unknown as { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } };
  const r = schema.safeParse(value);
  return r.success ? { ok: true, data: r.data } : { ok: false, errors: fieldErrors(r.error) };
}

export function fieldErrors(error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join(".") || "_";
    out[key] ??= issue.message;
  }
  return out;
}
