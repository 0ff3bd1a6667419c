import { DomainError } from "./errors";

/**
 * Two people editing one text at once: nobody's words are silently lost. Every edit says which
 * text the person started from (`was`, the text as their panel showed it: the text is its own
 * version). The edit lands as written when nobody changed the text since; when both only added
 * lines at the end (two people noting takeaways at once), both additions are kept; otherwise it
 * is refused with both texts, and the person chooses: keep mine, keep theirs, or combine.
 *
 * An edit that does not say where it started (an old client, a script) cannot be checked, so it
 * is only accepted where it cannot overwrite anything: the text is empty, or already says that.
 */

/** Why an edit was refused: what each conflicting field says now, and what the person wrote. */
export class EditConflict extends DomainError {
  constructor(
    message: string,
    field: string,
    readonly current: Record<string, string>,
    readonly yours: Record<string, string>,
  ) {
    super("edit_conflict", message, field);
    this.name = "EditConflict";
  }
}

export interface TextEdit {
  /** The field as the API names it ("takeaways", "title"). */
  field: string;
  /** The text stored now. */
  current: string;
  /** The text the person saved. */
  yours: string;
  /** The text they started from; undefined when they did not say. */
  was: string | undefined;
  /** A text of lines (takeaways, next steps), where additions at the end can be combined. */
  lines?: boolean;
}

const linesOf = (s: string): string[] => (s === "" ? [] : s.split("\n"));

/** The lines `text` adds after `base`, or null when it changed anything of `base`. */
function addedLines(base: string, text: string): string[] | null {
  const b = linesOf(base);
  const t = linesOf(text);
  if (t.length < b.length || b.some((line, i) => line !== t[i])) return null;
  return t.slice(b.length);
}

type Settled = { ok: true; text: string } | { ok: false };

function settle(edit: TextEdit): Settled {
  const { current, yours, was } = edit;
  if (current === yours) return { ok: true, text: yours };
  if (was === undefined) return current === "" ? { ok: true, text: yours } : { ok: false };
  if (current === was) return { ok: true, text: yours };
  // They changed it; you did not touch this field: theirs stands.
  if (yours === was) return { ok: true, text: current };
  if (edit.lines) {
    const theirs = addedLines(was, current);
    const mine = addedLines(was, yours);
    if (theirs && mine) return { ok: true, text: [...linesOf(current), ...mine].join("\n") };
  }
  return { ok: false };
}

/**
 * The texts to store for a set of edits to one item (e.g. a topic's title and details), in order;
 * refuses all of them together when any one conflicts, so a half-applied edit never lands.
 */
export function settleEdits(edits: readonly TextEdit[], what: string): string[] {
  const settled = edits.map(settle);
  const conflicts = edits.filter((_, i) => !settled[i]?.ok);
  const first = conflicts[0];
  if (first) {
    const fields = (pick: (e: TextEdit) => string) => Object.fromEntries(conflicts.map((e) => [e.field, pick(e)]));
    throw new EditConflict(
      `Someone else changed ${what} while you were editing; nothing was saved. Compare their text with yours, then keep one or combine them.`,
      first.field,
      fields((e) => e.current),
      fields((e) => e.yours),
    );
  }
  return settled.map((s) => (s.ok ? s.text : ""));
}

/** One text's edit (see `settleEdits`). */
export function settleEdit(edit: TextEdit, what: string): string {
  return settleEdits([edit], what)[0] ?? "";
}

/** Adds a line at the end of a text of lines: what anyone may do to takeaways, and what never conflicts. */
export function appendLine(current: string, line: string): string {
  return current === "" ? line : `${current}\n${line}`;
}
