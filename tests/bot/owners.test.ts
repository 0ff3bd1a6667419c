import { board } from "../support/stack";
import { cardProblems, MeetingChat, startBotWorld, type BotWorld } from "./support";

// Thursday 26 November 2026, 07:00 in Paris (06:00 UTC).
let clock = Date.UTC(2026, 10, 26, 6, 0);
let world: BotWorld;
beforeAll(async () => {
  world = await startBotWorld({ now: () => clock });
});
afterAll(() => world.close());
afterEach(() => {
  for (const card of world.connector.cards()) expect(cardProblems(card)).toEqual([]);
  world.connector.clear();
});

const at = (iso: string) => Date.parse(iso);
const personal = (chat: MeetingChat, name: string) => world.connector.sent().filter((s) => s.conversationId === `a:personal-${chat.teamsId(name)}`);

test("an action made in the panel for carol, whom the bot never saw in chat, reaches her at the due-date sweep and at meeting end; a person off the roster gets nothing", async () => {
  const chat = new MeetingChat(world, "19:meeting_owners1@thread.v2");
  const path = board(chat.chatId);
  // Only alice and dave ever write in the chat; carol is on the roster (as the participants route puts her, without a Teams id).
  await chat.say("alice", "help");
  await chat.say("dave", "help");
  await world.stack.join(chat.chatId, "carol");
  expect((await world.stack.call("alice", "PATCH", `${path}/settings`, { timeZone: "Europe/Paris" })).status).toBe(200);
  const post = (body: Record<string, unknown>) => world.stack.call<{ id: string }>("alice", "POST", `${path}/actions`, body);
  expect((await post({ text: "Publish the release plan", ownerUserId: world.stack.userId("carol"), due: "2026-11-26" })).status).toBe(201);
  expect((await post({ text: "Renew the certificates", ownerUserId: world.stack.userId("dave"), due: "2026-11-26" })).status).toBe(201);
  // Dave leaves the meeting: the bot knows him from the chat, but he is no longer one of its people.
  await world.stack.leave(chat.chatId, "dave");
  world.connector.clear();

  clock = at("2026-11-26T08:05:00Z");
  await world.stack.host.bot.sweep(clock);
  const due = personal(chat, "carol");
  expect(due).toHaveLength(1);
  expect(JSON.stringify(due[0]?.activity)).toContain("Publish the release plan");
  expect(personal(chat, "dave")).toHaveLength(0);
  expect(world.connector.said()).not.toContain("could not reach");

  world.connector.clear();
  await chat.post(chat.meetingEvent("start"));
  clock += 3600_000;
  expect((await chat.post(chat.meetingEvent("end"))).status).toBe(200);
  const summary = personal(chat, "carol");
  expect(summary).toHaveLength(1);
  expect(JSON.stringify(summary[0]?.activity)).toContain("Publish the release plan");
  expect(personal(chat, "dave")).toHaveLength(0);
});
