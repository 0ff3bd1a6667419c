import { BOT_COMMANDS } from "../../src/bot/commands";
import { VERBS } from "../../src/bot/card-kit";
import { board } from "../support/stack";
import { BOT, MeetingChat, startBotWorld, type BotWorld } from "./support";

/**
 * Issue 12, the bot's side of the route-table walk: every chat command and every card action from
 * a person of the same tenant who is not in the meeting gets a polite refusal, and nothing at all
 * is written (rows counted in Azurite).
 */

let world: BotWorld;
beforeAll(async () => {
  world = await startBotWorld();
});
afterAll(() => world.close());

const rowCount = async () => (await world.stack.host.deps.rows.query<unknown>("PartitionKey ge ''")).length;
const ULID = "01ARZ3NDEKTSV4RRFFQ69G5FAV";

test("a same-tenant outsider's every command and card action is refused politely and writes nothing", async () => {
  const chat = new MeetingChat(world, "19:meeting_outsiders@thread.v2");
  expect((await chat.post({ ...chat.base("alice"), type: "conversationUpdate", membersAdded: [BOT] })).status).toBe(200);
  await chat.say("bob", "add Release train dates");
  const topic = (await world.stack.call<{ topics: { id: string }[] }>("alice", "GET", `${board(chat.chatId)}/state`)).body.topics[0];
  expect(topic).toBeDefined();
  world.connector.clear();
  const before = await rowCount();

  for (const command of BOT_COMMANDS) {
    world.connector.clear();
    const res = await chat.say("eve", `${command.title} 1 something <at>Carol</at>`, { mentions: ["carol"] });
    expect([command.title, res.status]).toEqual([command.title, 200]);
    const said = world.connector.said(chat.chatId);
    expect([command.title, said]).toEqual([command.title, expect.stringContaining("I only take part in this meeting")]);
    expect(await rowCount()).toBe(before);
  }
  const data = { topicId: topic?.id ?? ULID, round: 0, title: "Sneaky", needId: ULID, choice: "up", answer: "yes", queueView: "all" };
  for (const verb of [...Object.values(VERBS), "noSuchVerb"]) {
    const answer = await chat.click("eve", verb, data);
    expect([verb, answer.value]).toEqual([verb, expect.stringContaining("I only take part in this meeting")]);
    expect(await rowCount()).toBe(before);
  }
  // A member's message goes through as before.
  world.connector.clear();
  await chat.say("dave", "queue");
  expect(world.connector.said(chat.chatId)).not.toContain("I only take part");
});
