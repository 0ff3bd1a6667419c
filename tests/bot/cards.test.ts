import { LOCAL_TENANT } from "../../src/auth/local-issuer";
import { board } from "../support/stack";
import { cardProblems, cardText, MeetingChat, startBotWorld, type BotWorld } from "./support";

let world: BotWorld;
beforeAll(async () => {
  world = await startBotWorld();
});
afterAll(() => world.close());
afterEach(() => {
  for (const card of world.connector.cards()) expect(cardProblems(card)).toEqual([]);
  world.connector.clear();
});

interface State {
  topics: { id: string; title: string; state: string; dots: number | null; myDots: number }[];
  me: { dotsLeft: number };
}

test("votes from the card and from the side panel are the same votes, and each person's card shows their own dots", async () => {
  const chat = new MeetingChat(world, "19:meeting_card1@thread.v2");
  const path = `${board(chat.chatId)}`;
  const topic = await world.stack.call<{ id: string }>("carol", "POST", `${path}/topics`, { title: "API versioning" });
  expect(topic.status).toBe(201);
  await chat.say("bob", "queue");
  await chat.say("dave", "help");
  const shared = world.connector.cards(chat.chatId).at(-1) as { refresh?: { userIds: string[]; action: { verb: string } } };
  // The shared card refreshes into a personal view for the people in the chat.
  expect(shared.refresh?.action.verb).toBe("queue");
  expect(shared.refresh?.userIds).toContain(chat.teamsId("bob"));

  const voteButton = JSON.stringify(shared).match(/"verb":"vote","data":(\{[^}]*\})/)?.[1] ?? "{}";
  expect(JSON.parse(voteButton)).toEqual({ topicId: topic.body.id, onQueueCard: true });
  const clicked = await chat.click("bob", "vote", JSON.parse(voteButton) as Record<string, unknown>, { replyToId: "queue-message" });
  expect(clicked.type).toBe("application/vnd.microsoft.card.adaptive");
  expect(cardProblems(clicked.value)).toEqual([]);
  expect(cardText(clicked.value)).toContain("You have 2 dots left of 3.");
  // The shared queue message is replaced so every open copy shows the new total and refreshes.
  const updates = world.connector.requests.filter((r) => r.method === "PUT" && r.path === `/v3/conversations/${encodeURIComponent(chat.chatId)}/activities/queue-message`);
  expect(updates).toHaveLength(1);
  const updated = (updates[0]?.body as { attachments: { content: unknown }[] }).attachments[0]?.content;
  expect(cardProblems(updated)).toEqual([]);
  expect(cardText(updated)).toContain("**1. #1 API versioning**\n1 dot");
  expect(cardText(updated)).not.toContain("You have");

  // Bob votes again from the side panel: the card counts both dots.
  const fromPanel = await world.stack.call("bob", "POST", `${path}/topics/${topic.body.id}/votes`);
  expect(fromPanel.status).toBe(201);
  const bobRefresh = await chat.click("bob", "queue", {});
  expect(cardText(bobRefresh.value)).toContain("You have 1 dot left of 3.");
  expect(cardText(bobRefresh.value)).toContain("2 dots · 2 of them yours");

  // Dave's refresh shows Dave's dots, not Bob's.
  const daveRefresh = await chat.click("dave", "queue", {});
  expect(cardText(daveRefresh.value)).toContain("You have 3 dots left of 3.");
  expect(cardProblems(daveRefresh.value)).toEqual([]);

  // A vote from another card (the agenda's "show the queue") leaves that message alone.
  const puts = () => world.connector.requests.filter((r) => r.method === "PUT").length;
  const before = puts();
  const take = await chat.click("bob", "unvote", { topicId: topic.body.id }, { replyToId: "agenda-message" });
  expect(puts()).toBe(before);
  expect(cardText(take.value)).toContain("Dot taken back. 2 left.");
  const state = await world.stack.call<State>("bob", "GET", `${path}/state`);
  expect(state.body.me.dotsLeft).toBe(2);
  expect(state.body.topics[0]?.dots).toBe(1);
});

test("a topic added on the card is in the queue; bad card data is refused with a reason and changes nothing", async () => {
  const chat = new MeetingChat(world, "19:meeting_card2@thread.v2");
  const added = await chat.click("bob", "addTopic", { title: "  Flaky pipelines " });
  expect(cardText(added.value)).toContain('Added "Flaky pipelines".');
  const state = await world.stack.call<State>("alice", "GET", `${board(chat.chatId)}/state`);
  expect(state.body.topics.map((t) => t.title)).toEqual(["Flaky pipelines"]);

  const empty = await chat.click("bob", "addTopic", { title: "   " });
  expect(empty.type).toBe("application/vnd.microsoft.activity.message");
  expect(String(empty.value)).toContain("cannot be empty");
  const forged = await chat.click("bob", "vote", { topicId: "../../etc" });
  expect(String(forged.value)).toContain("Not an id this app gave out.");
  const unknown = await chat.click("bob", "launchMissiles", {});
  expect(String(unknown.value)).toMatch(/not one this bot knows|501|not/i);
  const after = await world.stack.call<State>("alice", "GET", `${board(chat.chatId)}/state`);
  expect(after.body.topics.map((t) => t.title)).toEqual(["Flaky pipelines"]);
});

test("the same activity delivered twice acts once", async () => {
  const chat = new MeetingChat(world, "19:meeting_card3@thread.v2");
  const message = chat.message("bob", "add Only once");
  await chat.post(message);
  await chat.post(message);
  const topics = await world.stack.call<State>("alice", "GET", `${board(chat.chatId)}/state`);
  expect(topics.body.topics.map((t) => t.title)).toEqual(["Only once"]);
  expect(world.connector.sent(chat.chatId)).toHaveLength(1);

  const topicId = topics.body.topics[0]?.id ?? "";
  const click = chat.invoke("bob", "vote", { topicId });
  const first = await chat.post(click);
  const second = await chat.post(click);
  expect(second.body).toEqual(first.body);
  const state = await world.stack.call<State>("bob", "GET", `${board(chat.chatId)}/state`);
  expect(state.body.me.dotsLeft).toBe(2);

  // De-duplication rows are kept a day, then forgotten (here: everything before a minute from now).
  const forgotten = await world.stack.host.bot.store.forgetActivitiesBefore({ tenantId: LOCAL_TENANT, chatId: chat.chatId }, Date.now() + 60_000);
  expect(forgotten).toBe(2);
});
