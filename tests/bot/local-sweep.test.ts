import { cardText, MeetingChat, startBotWorld, type BotWorld } from "./support";

let world: BotWorld;
let clock = Date.now();
beforeAll(async () => {
  // As `npm start` does, but sweeping every 100 ms instead of every minute.
  world = await startBotWorld({ now: () => clock, sweepIntervalMs: 100 });
});
afterAll(() => world.close());

async function eventually(check: () => boolean, attempts = 100): Promise<void> {
  for (let i = 0; i < attempts && !check(); i++) await new Promise((r) => setTimeout(r, 50));
}

test("the local host runs the reminder sweep on its own: a timebox that ends gets its prompt", async () => {
  const chat = new MeetingChat(world, "19:meeting_local@thread.v2");
  await chat.say("bob", "add Local topic");
  await chat.say("alice", "next");
  clock += 8 * 60_000 + 1000;
  const prompts = () => world.connector.cards(chat.chatId).filter((c) => cardText(c).includes("Time's up"));
  await eventually(() => prompts().length > 0);
  expect(prompts()).toHaveLength(1);
  expect(cardText(prompts()[0])).toContain("Local topic");
});
