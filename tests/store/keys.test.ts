/* eslint-disable no-control-regex -- these tests are about control characters in keys */
import fc from "fast-check";
import { decodePart, encodePart, keys } from "../../src/store/keys";
import { BoardStore } from "../../src/store/boards";
import { ensureTable, Rows, tableClient } from "../../src/store/table";
import { addTopic } from "../../src/service/topics";
import { castVote } from "../../src/service/votes";
import { readState } from "../../src/service/state";
import type { Services } from "../../src/service/context";
import { azuriteConnectionString, uniqueTable } from "../support/stack";
import { everyoneIn } from "../support/roster";

const ILLEGAL = /[/\\#?\u0000-\u001f\u007f-\u009f]/;

const nasty = [
  "19:meeting/with/slashes@thread.v2",
  "back\\slash",
  "hash#tag",
  "what?ever",
  "tab\tnewline\ncarriage\rnull\u0000",
  "emoji 🎉🧑🏽‍💻 and CJK 会议",
  "quote ' and '' and ' or PartitionKey ne '",
  "~7e looks escaped",
  "x".repeat(2048),
  "é".repeat(1500),
];

test("any text gives a legal key part, and distinct texts give distinct parts", () => {
  fc.assert(
    fc.property(fc.string({ unit: "binary", maxLength: 300 }), fc.string({ unit: "binary", maxLength: 300 }), (a, b) => {
      const ea = encodePart(a);
      expect(ILLEGAL.test(ea)).toBe(false);
      expect(ea.length).toBeLessThanOrEqual(200);
      if (a !== b) expect(ea).not.toBe(encodePart(b));
      if (!ea.startsWith("~h")) expect(decodePart(ea)).toBe(a);
    }),
    { numRuns: 500 },
  );
  for (const text of nasty) expect(ILLEGAL.test(keys.board({ tenantId: text, chatId: text }))).toBe(false);
});

test("boards, topics and votes keyed by hostile chat ids and user ids round-trip through Azurite", async () => {
  const table = { connectionString: azuriteConnectionString(), tableName: uniqueTable("keys") };
  await ensureTable(table);
  const services: Services = { store: new BoardStore(new Rows(tableClient(table))), roster: everyoneIn(), now: Date.now };
  for (const [i, text] of nasty.entries()) {
    const caller = { tenantId: `tenant-${text}`, userId: `user-${text}`, name: text.slice(0, 100) };
    const topic = await addTopic(services, caller, text, { title: text.slice(0, 200).replace(/[\u0000-\u001f]/g, " ").trim() || `t${i}` });
    await castVote(services, caller, text, topic.id);
    const state = await readState(services, caller, text);
    if (!state.changed) throw new Error("expected a full state");
    expect(state.view.boardId).toBe(text);
    expect(state.view.topics.map((t) => [t.id, t.dots, t.myDots])).toEqual([[topic.id, 1, 1]]);
    // Another board whose id differs by one character sees nothing of it.
    const other = await readState(services, caller, text + "!");
    if (!other.changed) throw new Error("expected a full state");
    expect(other.view.topics).toHaveLength(0);
  }
});
