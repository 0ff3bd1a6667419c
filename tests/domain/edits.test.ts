import { appendLine, EditConflict, settleEdit, settleEdits } from "../../src/domain";

const takeaways = (current: string, yours: string, was: string | undefined) => settleEdit({ field: "takeaways", current, yours, was, lines: true }, "the takeaways");

test("an edit from the text as it is lands as written", () => {
  expect(takeaways("Platform owns staging", "Mobile owns staging", "Platform owns staging")).toBe("Mobile owns staging");
});

test("an edit from a text someone else changed since is refused with both texts", () => {
  try {
    takeaways("Platform owns staging from January", "Mobile owns staging", "Platform owns staging");
    throw new Error("not refused");
  } catch (err) {
    expect(err).toBeInstanceOf(EditConflict);
    expect(err).toMatchObject({ code: "edit_conflict", field: "takeaways", current: { takeaways: "Platform owns staging from January" }, yours: { takeaways: "Mobile owns staging" } });
  }
});

test("lines both people only added at the end are all kept, theirs first", () => {
  expect(takeaways("A\nB", "A\nC", "A")).toBe("A\nB\nC");
  expect(takeaways("B", "C", "")).toBe("B\nC");
  // In a one-line text (a title), additions cannot be combined: that is a conflict.
  expect(() => settleEdit({ field: "title", current: "A B", yours: "A C", was: "A" }, "the title")).toThrow(EditConflict);
});

test("a field the editor left as it started keeps the other person's change", () => {
  expect(takeaways("Changed by them", "Original", "Original")).toBe("Changed by them");
  expect(takeaways("Same", "Same", "Old")).toBe("Same");
});

test("an edit that does not say where it started only lands on an empty text", () => {
  expect(takeaways("", "First", undefined)).toBe("First");
  expect(() => takeaways("There", "Overwrite", undefined)).toThrow(EditConflict);
});

test("several fields of one item: all land together, or all are refused, naming each conflict", () => {
  expect(settleEdits([{ field: "title", current: "T", yours: "T2", was: "T" }, { field: "details", current: "D", yours: "D", was: "D" }], "x")).toEqual(["T2", "D"]);
  expect(() => settleEdits([{ field: "title", current: "T", yours: "T2", was: "T" }, { field: "details", current: "D*", yours: "D2", was: "D" }], "x")).toThrow(
    expect.objectContaining({ field: "details", current: { details: "D*" } }) as Error,
  );
});

test("adding a line goes at the end", () => {
  expect(appendLine("", "A")).toBe("A");
  expect(appendLine("A", "B")).toBe("A\nB");
});
