import type { ApiError } from "./api";

/**
 * A stale edit the server refused (409 `edit_conflict`): for each text that conflicts, the other
 * person's text next to yours, for the editor to offer keep mine / keep theirs / combine. Nothing
 * was overwritten meanwhile.
 */
export interface FieldConflict {
  field: string;
  theirs: string;
  yours: string;
}

/** The conflicting texts in a refusal; empty when the refusal is something else. */
export function conflictsIn(e: ApiError): FieldConflict[] {
  if (e.code !== "edit_conflict" || !e.texts) return [];
  const { current, yours } = e.texts;
  return Object.keys(current).flatMap((field) => {
    const theirs = current[field];
    const mine = yours[field];
    return theirs === undefined || mine === undefined ? [] : [{ field, theirs, yours: mine }];
  });
}

/** A `refused` hook for `PanelStore.mutate`: hands a stale edit's texts to the editor instead of a toast. */
export function onConflict(show: (conflicts: FieldConflict[]) => void): (e: ApiError) => boolean {
  return (e) => {
    const found = conflictsIn(e);
    if (found.length > 0) show(found);
    return found.length > 0;
  };
}

/**
 * Both texts in one, for the person to tidy before saving: a text of lines gets their lines, then
 * yours that they do not already have; a one-line text gets both, side by side.
 */
export function combine(conflict: FieldConflict, lines: boolean): string {
  if (!lines) return `${conflict.theirs} / ${conflict.yours}`;
  const theirs = conflict.theirs === "" ? [] : conflict.theirs.split("\n");
  const mine = conflict.yours.split("\n").filter((line) => line.trim() !== "" && !theirs.includes(line));
  return [...theirs, ...mine].join("\n");
}
