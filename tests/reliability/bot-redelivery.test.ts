import { LOCAL_TENANT } from "../../src/auth/local-issuer";
import { activitySeed } from "../../src/bot/endpoint";
import { withIdSeed } from "../../src/service/request-seed";
import { addTopic } from "../../src/service/topics";
import { board } from "../support/stack";
import { MeetingChat, startBotWorld, type BotWorld } from "../bot/support";

/**
 * Teams re-delivers an activity the bot did not answer. A delivery that died mid-turn (the process
 * crashed after claiming the activity, before or after its write) leaves a pending claim: once its
 * lease has run out, the re-delivery takes it over and finishes the turn, and the write, whose ids
 * derive from the activity id, lands exactly once. The person gets the answer they never got.
 */

let world: BotWorld;
beforeAll(async () => {
  world = await startBotWorld();
});
afterAll(() => world.close());

const LEASE_RUN_OUT = 10 * 60_000;

async function titles(chat: MeetingChat): Promise<string[]> {
  const state = await world.stack.call<{ topics: { title: string }[] }>("bob", "GET", `${board(chat.chatId)}/state`);
  return state.body.topics.map((t) => t.title);
}

const repliesTo = (chat: MeetingChat, activityId: string) => world.connector.sent(chat.chatId).filter((s) => s.replyToId === activityId).map((s) => s.activity.text ?? "");

test("a re-delivered activity whose first delivery died after its write finishes it with one topic, and answers once", async () => {
  const chat = new MeetingChat(world, "19:meeting_redelivery1@thread.v2");
  const ref = { tenantId: LOCAL_TENANT, chatId: chat.chatId };
  const activity = chat.message("bob", "add Release train dates");
  const id = String(activity["id"]);
  const store = world.stack.host.bot.store;

  // The first delivery: it claimed the activity and wrote the topic, then the process died.
  const claimedAt = Date.now() - LEASE_RUN_OUT;
  expect(await store.claimActivity(ref, id, claimedAt)).toBeNull();
  const caller = { tenantId: LOCAL_TENANT, userId: world.stack.userId("bob"), name: "Bob" };
  await withIdSeed({ seed: activitySeed(ref, id), at: claimedAt }, () => addTopic(world.stack.host.deps.services, caller, chat.chatId, { title: "Release train dates" }));
  expect(await titles(chat)).toEqual(["Release train dates"]);

  // Teams re-delivers it: the turn is finished, the topic is not added twice, Bob gets his answer.
  expect((await chat.post(activity)).status).toBe(200);
  expect(await titles(chat)).toEqual(["Release train dates"]);
  expect(repliesTo(chat, id)).toEqual([expect.stringContaining('Added "Release train dates" to the queue as topic #1.')]);

  // Delivered once more: now it is a duplicate, and nothing happens.
  expect((await chat.post(activity)).status).toBe(200);
  expect(await titles(chat)).toEqual(["Release train dates"]);
  expect(repliesTo(chat, id)).toHaveLength(1);
});

test("a re-delivery after a death before the write makes the write once; one while the first delivery still holds its lease does nothing", async () => {
  const chat = new MeetingChat(world, "19:meeting_redelivery2@thread.v2");
  const ref = { tenantId: LOCAL_TENANT, chatId: chat.chatId };
  const store = world.stack.host.bot.store;

  const died = chat.message("bob", "add Shared staging");
  await store.claimActivity(ref, String(died["id"]), Date.now() - LEASE_RUN_OUT);
  const busy = chat.message("bob", "add Still being handled");
  await store.claimActivity(ref, String(busy["id"]), Date.now());

  await Promise.all([chat.post(died), chat.post(died)]);
  await chat.post(busy);
  expect(await titles(chat)).toEqual(["Shared staging"]);
  expect(repliesTo(chat, String(died["id"]))).toHaveLength(1);
  expect(repliesTo(chat, String(busy["id"]))).toHaveLength(0);
});
