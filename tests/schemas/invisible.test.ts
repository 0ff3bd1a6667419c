import { AddTeam, AddTopic, ChatId, CreateAction, DailyUpdateMessage, PersonSchema, RaiseNeed, Takeaways } from "../../src/schemas";

const RLO = "\u202E";
const HIDDEN = ["\u202A", "\u202B", "\u202C", "\u202D", RLO, "\u2066", "\u2067", "\u2068", "\u2069", "\u200B", "\u200C", "\u200D", "\u2060", "\uFEFF"];
const ID = "01HZZZZZZZZZZZZZZZZZZZZZZZ";

describe("free text drops invisible and bidi formatting characters, so what is shown is what was typed", () => {
  test.each(HIDDEN.map((c) => [`U+${c.codePointAt(0)?.toString(16).toUpperCase()}`, c]))("%s is stripped from every free-text field", (_name, c) => {
    expect(AddTopic.parse({ title: `Release${c} train`, details: `a${c}b` })).toEqual({ title: "Release train", details: "ab" });
    expect(Takeaways.parse({ takeaways: `Freeze${c}` }).takeaways).toBe("Freeze");
    expect(CreateAction.parse({ text: `${c}Ship it`, ownerName: `A${c}da` })).toMatchObject({ text: "Ship it", ownerName: "Ada" });
    expect(AddTeam.parse({ name: `Pay${c}ments` }).name).toBe("Payments");
    expect(DailyUpdateMessage.parse({ nextSteps: `Deploy${c}` }).nextSteps).toBe("Deploy");
    expect(RaiseNeed.parse({ fromTeamId: ID, toTeamId: ID, text: `Review${c}` }).text).toBe("Review");
  });

  test("a reversed file name reads as typed once the override is gone", () => {
    expect(AddTopic.parse({ title: `invoice_${RLO}fdp.exe` }).title).toBe("invoice_fdp.exe");
  });

  test("lone surrogates (half a character) are stripped; whole emoji, and emoji joined into one, stay", () => {
    expect(AddTopic.parse({ title: "Bro\uD800ken\uDC00" }).title).toBe("Broken");
    expect(AddTopic.parse({ title: "Ship 🚀 with 👩\u200D💻" }).title).toBe("Ship 🚀 with 👩\u200D💻");
  });

  test("a title made only of invisible characters is empty, and refused as such", () => {
    const parsed = AddTopic.safeParse({ title: "\u200B\u2060\uFEFF" });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(["title"]);
  });
});

describe("identifiers holding invisible characters are refused, not cleaned, so they never name something else", () => {
  test.each(HIDDEN.map((c) => [`U+${c.codePointAt(0)?.toString(16).toUpperCase()}`, c]))("%s in a chat id or a person's id is refused", (_name, c) => {
    expect(ChatId.safeParse(`19:meeting_a${c}b@thread.v2`).success).toBe(false);
    expect(PersonSchema.safeParse({ id: `user${c}`, name: "Ada" }).success).toBe(false);
    expect(CreateAction.safeParse({ text: "x", ownerUserId: `u${c}` }).success).toBe(false);
  });

  test("a lone surrogate in a chat id is refused; an ordinary chat id passes", () => {
    expect(ChatId.safeParse("19:meeting_\uD800@thread.v2").success).toBe(false);
    expect(ChatId.parse("19:meeting_abc@thread.v2")).toBe("19:meeting_abc@thread.v2");
  });
});
