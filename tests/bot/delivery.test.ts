import { board } from "../support/stack";
import { ConversationLimiter, Outbox, TEAMS_WINDOWS, type Clock } from "../../src/bot/outbox";
import { MeetingChat, startBotWorld, type BotWorld } from "./support";
import { LOCAL_TENANT } from "../../src/auth/local-issuer";

let world: BotWorld;
beforeAll(async () => {
  world = await startBotWorld();
});
afterAll(() => world.close());
afterEach(() => world.connector.clear());

/** The most sends found in any window of `ms` starting at a send. */
function busiest(times: number[], ms: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0; i < sorted.length; i++) {
    const start = sorted[i] ?? 0;
    most = Math.max(most, sorted.filter((t) => t >= start && t < start + ms).length);
  }
  return most;
}

test("a 429 from the connector is retried and the reply arrives once", async () => {
  const chat = new MeetingChat(world, "19:meeting_del1@thread.v2");
  world.connector.failNext(2, 429, { conversationId: chat.chatId });
  const res = await chat.say("bob", "help");
  expect(res.status).toBe(200);
  const attempts = world.connector.requests.filter((r) => r.conversationId === chat.chatId && r.method === "POST");
  expect(attempts.map((r) => r.status)).toEqual([429, 429, 200]);
  expect(world.connector.sent(chat.chatId)).toHaveLength(1);

  // A proactive message (a reminder) is retried the same way.
  world.connector.clear();
  world.connector.failNext(1, 429, { conversationId: chat.chatId, retryAfterSeconds: 0 });
  const id = await world.stack.host.bot.messenger.postToBoard({ tenantId: LOCAL_TENANT, chatId: chat.chatId }, { text: "reminder" });
  expect(id).toBeTruthy();
  expect(world.connector.requests.filter((r) => r.conversationId === chat.chatId).map((r) => r.status)).toEqual([429, 200]);
});

test("a burst of messages to one chat stays within 7 per second and 8 per 2 seconds", async () => {
  const chat = new MeetingChat(world, "19:meeting_del2@thread.v2");
  await chat.say("bob", "help");
  world.connector.clear();
  const ref = { tenantId: LOCAL_TENANT, chatId: chat.chatId };
  const other = new MeetingChat(world, "19:meeting_del2b@thread.v2");
  await other.say("bob", "help");
  world.connector.clear();
  await Promise.all([
    ...Array.from({ length: 18 }, (_, i) => world.stack.host.bot.messenger.postToBoard(ref, { text: `message ${i}` })),
    ...Array.from({ length: 4 }, (_, i) => world.stack.host.bot.messenger.postToBoard({ tenantId: LOCAL_TENANT, chatId: other.chatId }, { text: `other ${i}` })),
  ]);
  const times = world.connector.sent(chat.chatId).map((s) => s.at);
  expect(times).toHaveLength(18);
  expect(busiest(times, 1000)).toBeLessThanOrEqual(7);
  expect(busiest(times, 2000)).toBeLessThanOrEqual(8);
  // Another chat is not held up by the busy one: its four messages went out at once.
  expect(busiest(world.connector.sent(other.chatId).map((s) => s.at), 1000)).toBe(4);
});

test("over a long burst no conversation exceeds any Teams limit (60 per 30 s included), retries counted", async () => {
  let now = 0;
  const clock: Clock = { now: () => now, sleep: async (ms) => void (now += ms) };
  const outbox = new Outbox(new ConversationLimiter(TEAMS_WINDOWS, clock), { attempts: 5, baseMs: 250, maxMs: 8000 }, clock, () => 0.5);
  const sent: number[] = [];
  let calls = 0;
  // Every fifth attempt is refused with 429, as a busy Teams would.
  const send = async () => {
    sent.push(now);
    if (++calls % 5 === 0) throw Object.assign(new Error("Too Many Requests"), { statusCode: 429 });
  };
  for (let i = 0; i < 150; i++) await outbox.deliver("19:busy", send);
  expect(sent.length).toBeGreaterThan(150);
  for (const w of TEAMS_WINDOWS) expect(busiest(sent, w.ms)).toBeLessThanOrEqual(w.max);
});

test("a send refused with 403 marks the board as removed and nothing more is sent there", async () => {
  const chat = new MeetingChat(world, "19:meeting_del3@thread.v2");
  await chat.say("bob", "add Release train");
  await chat.say("alice", "next");
  world.connector.clear();
  world.connector.forbid(chat.chatId);
  const res = await chat.say("bob", "queue");
  expect(res.status).toBe(200);
  const tries = world.connector.requests.filter((r) => r.conversationId === chat.chatId);
  expect(tries.map((r) => r.status)).toEqual([403]);

  const meta = await world.stack.host.deps.services.store.getMeta({ tenantId: LOCAL_TENANT, chatId: chat.chatId });
  expect(meta?.value.botRemovedAt).not.toBeNull();
  // The timebox ends: the sweep sends nothing to a chat the bot was removed from.
  await world.stack.host.bot.sweep(Date.now() + 9 * 60_000);
  expect(world.connector.requests.filter((r) => r.conversationId === chat.chatId)).toHaveLength(1);
  const state = await world.stack.call<{ topics: unknown[] }>("alice", "GET", `${board(chat.chatId)}/state`);
  expect(state.status).toBe(200);

  // Added back: Teams says so, and the bot speaks in the chat again.
  world.connector.allow(chat.chatId);
  await chat.post({ ...chat.base("alice"), type: "conversationUpdate", membersAdded: [{ id: "28:scrum-of-scrums-bot" }] });
  expect(world.connector.said(chat.chatId)).toContain("I run this chat's scrum of scrums");
  const posted = await world.stack.host.bot.messenger.postToBoard({ tenantId: LOCAL_TENANT, chatId: chat.chatId }, { text: "back" });
  expect(posted).not.toBeNull();
  const back = await world.stack.host.deps.services.store.getMeta({ tenantId: LOCAL_TENANT, chatId: chat.chatId });
  expect(back?.value.botRemovedAt).toBeNull();
});
