import fc from "fast-check";
import { keys } from "../../src/store/keys";
import { LOCAL_TENANT } from "../../src/auth/local-issuer";
import { BOT_COMMANDS } from "../../src/bot/commands";
import { MeetingChat, startBotWorld, type BotWorld, type InvokeBody } from "../bot/support";

/**
 * Fuzzing the bot as people and clients could: any message text, any card action with any data.
 * The bot always answers (never a 5xx, never a stack trace), and input it cannot use writes nothing.
 */
let world: BotWorld;
let chat: MeetingChat;
beforeAll(async () => {
  world = await startBotWorld();
  chat = new MeetingChat(world, "19:meeting_botfuzz@thread.v2");
  await chat.say("bob", "add A topic to aim at");
});
afterAll(() => world.close());

const hostile = fc.oneof(
  fc.constantFrom("' or PartitionKey ne '", "\u0000", "🎉".repeat(100), "<at>Someone</at>", "@\"", "due 2026-02-30", "by yesterday", "-1", "99999999999", "", "x".repeat(5000)),
  fc.string({ unit: "grapheme", maxLength: 80 }),
  fc.string({ unit: "binary", maxLength: 200 }),
);

async function snapshot(): Promise<string> {
  const ref = { tenantId: LOCAL_TENANT, chatId: chat.chatId };
  const store = world.stack.host.deps.services.store;
  const meta = await store.getMeta(ref);
  const rows = [
    ...(await store.rows.query<unknown>(`PartitionKey eq '${keys.board(ref).replace(/'/g, "''")}'`)).filter((r) => r.rowKey !== keys.conversation),
    ...(await store.rows.query<unknown>(`PartitionKey eq '${keys.session(ref, meta!.value.currentSessionId).replace(/'/g, "''")}'`)).filter((r) => r.rowKey !== keys.head),
  ];
  return JSON.stringify(rows.map((r) => [r.rowKey, r.etag]).sort());
}

const STACK_TRACE = /\n\s+at |TypeError|ReferenceError|undefined is not|\[object Object\]/;

test("any message text gets a reply that is not an error dump; text that is not a command writes nothing", async () => {
  const words = BOT_COMMANDS.map((c) => c.title);
  await fc.assert(
    fc.asyncProperty(fc.oneof(hostile, fc.tuple(fc.constantFrom(...words), hostile).map(([w, rest]) => `${w} ${rest}`)), async (text) => {
      const isCommand = words.some((w) => text.trim().toLowerCase().split(/\s+/)[0] === w);
      const before = await snapshot();
      const sentBefore = world.connector.sent(chat.chatId).length;
      const res = await chat.say("zoe", text);
      expect(res.status).toBeLessThan(500);
      const replies = world.connector.sent(chat.chatId).slice(sentBefore);
      expect(replies.length).toBeGreaterThan(0);
      for (const r of replies) expect(JSON.stringify(r.activity)).not.toMatch(STACK_TRACE);
      if (!isCommand) expect(await snapshot()).toBe(before);
    }),
    { numRuns: 40 },
  );
}, 120_000);

test("any card action with any data is answered with a card or a message, never a 5xx, and writes nothing when the data is unusable", async () => {
  const verbs = fc.oneof(fc.constantFrom("vote", "unvote", "roman", "refresh", "queue", "needAnswer", "closeVote", "answerNeed"), hostile);
  const data = fc.oneof(fc.dictionary(fc.constantFrom("topicId", "choice", "needId", "answer", "reason", "chatId", "verb"), hostile, { maxKeys: 4 }), fc.object());
  await fc.assert(
    fc.asyncProperty(verbs, data, async (verb, value) => {
      const before = await snapshot();
      const res = await chat.post(chat.invoke("zoe", verb, value as Record<string, unknown>));
      expect(res.status).toBeLessThan(500);
      const body = res.body as InvokeBody | undefined;
      if (body && typeof body === "object") {
        expect(body.statusCode).toBeLessThan(500);
        expect(JSON.stringify(body)).not.toMatch(STACK_TRACE);
      }
      expect(await snapshot()).toBe(before);
    }),
    { numRuns: 40 },
  );
}, 120_000);
