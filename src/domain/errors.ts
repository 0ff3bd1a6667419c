/**
 * Every refused command ends in a DomainError: a stable code the edges map to HTTP statuses or
 * bot replies, a sentence a person can act on, and the input field at fault when there is one.
 */
export type DomainErrorCode =
  | "invalid"
  | "not_found"
  | "forbidden"
  | "vote_limit"
  | "already_voted"
  | "team_limit"
  /** What a tenant or board may create is used up (see limits.ts). */
  | "limit"
  | "wrong_state"
  | "conflict"
  /** Someone else changed the text being edited since the editor started from it (see edits.ts). */
  | "edit_conflict";

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = "DomainError";
  }
}

export function refuse(code: DomainErrorCode, message: string, field?: string): never {
  throw new DomainError(code, message, field);
}

/** Trims and checks a required text's length; the message names the field as a person sees it. */
export function requireText(value: string, field: string, label: string, max: number, min = 1): string {
  const text = value.trim();
  if (text.length < min) refuse("invalid", `${label} cannot be empty.`, field);
  if (text.length > max) refuse("invalid", `${label} is ${text.length} characters; keep it to ${max}.`, field);
  return text;
}

export function optionalText(value: string | undefined, field: string, label: string, max: number): string {
  if (value === undefined) return "";
  const text = value.trim();
  if (text.length > max) refuse("invalid", `${label} is ${text.length} characters; keep it to ${max}.`, field);
  return text;
}
