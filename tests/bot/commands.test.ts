import { board } from "../support/stack";
import { cardProblems, cardText, MeetingChat, startBotWorld, type BotWorld } from "./support";

let world: BotWorld;
beforeAll(async () => {
  world = await startBotWorld();
});
afterAll(() => world.close());
afterEach(() => {
  // Every card the bot sent in a test parses with the adaptivecards package.
  for (const card of world.connector.cards()) expect(cardProblems(card)).toEqual([]);
  world.connector.clear();
});

interface State {
  topics: { id: string; number: number; title: string; state: string; dots: number | null; myDots: number; author: { name: string } | null }[];
  me: { dotsLeft: number };
  timer: { status: string; topicId: string | null };
  actions: { text: string; ownerName: string; ownerUserId: string | null; ownerTeamId: string | null; due: string | null }[];
}

const lastText = (world: BotWorld, chat: string) => world.connector.sent(chat).at(-1)?.activity.text ?? "";

test("add, queue, vote and unvote from the chat show up in the side panel's state", async () => {
  const chat = new MeetingChat(world, "19:meeting_cmd1@thread.v2");
  const added = await chat.say("bob", "add Release train dates");
  expect(added.status).toBe(200);
  expect(lastText(world, chat.chatId)).toContain('Added "Release train dates" to the queue as topic #1. Vote with **vote 1**');
  await chat.say("carol", "ADD   Shared test environment");
  expect(lastText(world, chat.chatId)).toContain("as topic #2. Vote with **vote 2**");

  const state = await world.stack.call<State>("alice", "GET", `${board(chat.chatId)}/state`);
  expect(state.body.topics.map((t) => t.title)).toEqual(["Release train dates", "Shared test environment"]);
  expect(state.body.topics[0]?.author?.name).toBe("Bob");

  await chat.say("bob", "vote 2");
  expect(lastText(world, chat.chatId)).toContain('Your dot is on "Shared test environment". You have 2 left.');
  // Other people's dots reorder the queue ("Shared test environment" is now first), but a topic's
  // number stays: `vote 2` still means the topic people saw as #2.
  await chat.say("dave", "vote 2");
  await chat.say("bob", "vote 1");
  expect(lastText(world, chat.chatId)).toContain('Your dot is on "Release train dates". You have 1 left.');
  await chat.say("carol", "vote 2");
  expect(lastText(world, chat.chatId)).toContain('Your dot is on "Shared test environment"');
  const bobView = await world.stack.call<State>("bob", "GET", `${board(chat.chatId)}/state`);
  expect(bobView.body.me.dotsLeft).toBe(1);
  expect(Object.fromEntries(bobView.body.topics.map((t) => [t.title, t.myDots]))).toEqual({ "Release train dates": 1, "Shared test environment": 1 });

  // "Shared test environment" (#2) leads with 3 dots; `unvote 1` takes the dot back from #1, not from the leader.
  await chat.say("bob", "unvote 1");
  expect(lastText(world, chat.chatId)).toContain('You took a dot back from "Release train dates"');
  const after = await world.stack.call<State>("bob", "GET", `${board(chat.chatId)}/state`);
  expect(after.body.me.dotsLeft).toBe(2);
  // The panel's view carries the same numbers, in rank order.
  expect(after.body.topics.map((t) => [t.number, t.title, t.dots])).toEqual([
    [2, "Shared test environment", 3],
    [1, "Release train dates", 0],
  ]);

  await chat.say("bob", "queue");
  const card = world.connector.cards(chat.chatId).at(-1);
  expect(cardText(card)).toContain("1. #2 Shared test environment");
  expect(cardText(card)).toContain("2. #1 Release train dates");
  expect(JSON.stringify(card)).toContain('"verb":"vote"');
});

test("a message whose sender Teams did not identify changes nothing and says why", async () => {
  const chat = new MeetingChat(world, "19:meeting_cmd3@thread.v2");
  const anonymous = chat.message("bob", "add Sneaky");
  const res = await chat.post({ ...anonymous, from: { id: "29:someone", name: "Someone" } });
  expect(res.status).toBe(200);
  expect(lastText(world, chat.chatId)).toContain("could not tell who you are");
  const state = await world.stack.call<State>("alice", "GET", `${board(chat.chatId)}/state`);
  expect(state.body.topics).toHaveLength(0);
});

test("anything not understood gets a short help, and the help lists every command", async () => {
  const chat = new MeetingChat(world, "19:meeting_cmd2@thread.v2");
  await chat.say("bob", "what is this?");
  const reply = lastText(world, chat.chatId);
  expect(reply).toContain("I did not understand");
  for (const command of ["add", "queue", "vote", "unvote", "next", "extend", "action", "actions", "summary", "help"]) expect(reply).toContain(`**${command}**`);
  // Every placeholder reaches the reader: nothing a client would take for an HTML tag and hide.
  await chat.say("bob", "help");
  const help = lastText(world, chat.chatId);
  expect(help).not.toMatch(/<[^>]*>/);
  for (const usage of ["add [title]", "vote [topic number]", "unvote [topic number]", "action [text] @owner, optionally due YYYY-MM-DD", "daily [next steps]", "need @Team [text], optionally by YYYY-MM-DD"]) {
    expect(help).toContain(usage);
  }
  await chat.say("bob", "vote");
  expect(lastText(world, chat.chatId)).toContain("Give the topic's number");
  await chat.say("bob", `add ${"x".repeat(250)}`);
  expect(lastText(world, chat.chatId)).toContain("The title must be at most 200 characters.");
  await chat.say("bob", "vote 9");
  expect(lastText(world, chat.chatId)).toMatch(/queue is empty|no topic #9/);
});

test("the personal chat says what it is for: actions, reminders and summaries; board commands belong in the meeting chat", async () => {
  const chat = new MeetingChat(world, "19:meeting_cmd4@thread.v2");
  const personal = { id: "a:personal-bob-welcome" };
  const inPersonal = (activity: Record<string, unknown>) => ({ ...activity, conversation: { ...(activity["conversation"] as object), id: personal.id, conversationType: "personal", isGroup: false }, channelData: { tenant: (activity["channelData"] as { tenant: unknown }).tenant } });
  await chat.post(inPersonal({ ...chat.base("bob"), type: "conversationUpdate", membersAdded: [{ id: "28:scrum-of-scrums-bot" }] }));
  const welcome = lastText(world, personal.id);
  expect(welcome).toContain("action items, their reminders and the summaries");
  expect(welcome).not.toContain("add [title]");
  await chat.post(inPersonal(chat.message("bob", "add Release train dates")));
  expect(lastText(world, personal.id)).toContain("@mention me there to add topics and vote");
  const state = await world.stack.call<State>("alice", "GET", `${board(chat.chatId)}/state`);
  expect(state.body.topics).toHaveLength(0);
});
