import { BOT_COMMANDS } from "../../src/bot/commands";
import { normalizeMessage, parseCommand } from "../../src/domain/chat";

const BOT = ["Scrum of Scrums"];

test.each([
  ["add Release train dates", { kind: "add", title: "Release train dates" }],
  ["<at>Scrum of Scrums</at> ADD   Release&nbsp;train", { kind: "add", title: "Release train" }],
  ["@ScrumofScrums add topic: Flaky builds", { kind: "add", title: "Flaky builds" }],
  ["Queue", { kind: "queue" }],
  ["list", { kind: "queue" }],
  ["vote 2", { kind: "vote", number: 2 }],
  ["Vote #3.", { kind: "vote", number: 3 }],
  ["unvote 1", { kind: "unvote", number: 1 }],
  ["next", { kind: "next" }],
  ["extend.", { kind: "extend" }],
  ["actions", { kind: "actions" }],
  ["summary", { kind: "summary" }],
  ["help", { kind: "help" }],
  ["/help", { kind: "help" }],
])("%s", (text, expected) => {
  expect(parseCommand(text, BOT)).toEqual(expected);
});

test("an action names its text, owners and due date, in any order after the text", () => {
  expect(parseCommand("action Publish the plan <at>Carol Smith</at> due 2026-12-01", BOT)).toEqual({
    kind: "action",
    text: "Publish the plan",
    mentions: ["Carol Smith"],
    owners: [],
    due: "2026-12-01",
  });
  expect(parseCommand('action: Fix the nightly build by 2026-12-02 @"Platform Team"', BOT)).toEqual({
    kind: "action",
    text: "Fix the nightly build",
    mentions: [],
    owners: ["Platform Team"],
    due: "2026-12-02",
  });
  expect(parseCommand("action Write docs @Docs", BOT)).toMatchObject({ kind: "action", text: "Write docs", owners: ["Docs"], due: null });
});

test("a stray mention of the bot inside an action is no owner: the person mentioned is", () => {
  expect(parseCommand("<at>Scrum of Scrums</at> action Ask <at>Scrum of Scrums</at> about the plan <at>Carol Smith</at>", BOT)).toMatchObject({
    kind: "action",
    text: "Ask about the plan",
    mentions: ["Carol Smith"],
  });
  expect(parseCommand("action Ask @ScrumofScrums about it", BOT)).toMatchObject({ kind: "unknown", hint: expect.stringContaining("needs an owner") });
});

test("what cannot be read is unknown, with a hint when the command was recognised", () => {
  expect(parseCommand("hello there", BOT)).toEqual({ kind: "unknown", text: "hello there", hint: null });
  expect(parseCommand("vote two", BOT)).toMatchObject({ kind: "unknown", hint: expect.stringContaining("vote 2") });
  expect(parseCommand("vote 0", BOT)).toMatchObject({ kind: "unknown" });
  expect(parseCommand("add", BOT)).toMatchObject({ kind: "unknown", hint: expect.stringContaining("add Release") });
  expect(parseCommand("action Do it", BOT)).toMatchObject({ kind: "unknown", hint: expect.stringContaining("owner") });
  expect(parseCommand("", BOT)).toMatchObject({ kind: "unknown" });
});

test("markup other than mentions is dropped", () => {
  expect(normalizeMessage("<p>add <b>bold</b><br/>topic &amp; more</p>")).toBe("add bold topic & more");
});

test("every command in the manifest's list (BOT_COMMANDS) is one the parser knows", () => {
  const examples: Record<string, string> = { add: "add X", vote: "vote 1", unvote: "unvote 1", action: "action X @Team", daily: "daily X", need: "need @Team X" };
  for (const { title } of BOT_COMMANDS) {
    const parsed = parseCommand(examples[title] ?? title, BOT);
    expect(parsed.kind).not.toBe("unknown");
  }
});

test.each([
  ["daily Advancing with search optimisation", { kind: "daily", nextSteps: "Advancing with search optimisation" }],
  ["<at>Scrum of Scrums</at> DAILY: Finishing the import", { kind: "daily", nextSteps: "Finishing the import" }],
  ["need @Beta Support with product data by 2026-12-01", { kind: "need", team: "Beta", text: "Support with product data", after: "Beta Support with product data", by: "2026-12-01" }],
  ['Need @"Team Beta": product data', { kind: "need", team: "Team Beta", text: "product data", after: "Team Beta: product data", by: null }],
  ["need product data from @Beta by: 2026-12-01.", { kind: "need", team: "Beta", text: "product data", after: "Beta", by: "2026-12-01" }],
  ["need <at>Ben Smith</at> a demo slot", { kind: "need", team: "Ben Smith", text: "a demo slot", after: "Ben Smith a demo slot", by: null }],
])("%s", (text, expected) => {
  expect(parseCommand(text, BOT)).toEqual(expected);
});

test("daily and need without what they need get a hint, not silence", () => {
  expect(parseCommand("daily", BOT)).toMatchObject({ kind: "unknown", hint: expect.stringContaining("daily Advancing") });
  expect(parseCommand("need product data", BOT)).toMatchObject({ kind: "unknown", hint: expect.stringContaining("with @") });
  expect(parseCommand("need @Beta", BOT)).toMatchObject({ kind: "unknown", hint: expect.stringContaining("Say what you need from Beta") });
});
