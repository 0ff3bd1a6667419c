import { board } from "../support/stack";
import { BOT, MeetingChat, startBotWorld, type BotWorld } from "./support";

let world: BotWorld;
beforeAll(async () => {
  world = await startBotWorld();
});
afterAll(() => world.close());
afterEach(() => world.connector.clear());

interface State {
  actions: { text: string; ownerUserId: string | null; ownerName: string }[];
}



function membersUpdate(chat: MeetingChat, kind: "membersAdded" | "membersRemoved", members: Record<string, unknown>[]): Record<string, unknown> {
  return { ...chat.base("alice"), type: "conversationUpdate", [kind]: members };
}

async function install(chatId: string): Promise<MeetingChat> {
  const chat = new MeetingChat(world, chatId);
  expect((await chat.post(membersUpdate(chat, "membersAdded", [BOT]))).status).toBe(200);
  return chat;
}

const lookups = () => world.connector.requests.filter((r) => r.method === "GET" && /\/members\/[^/]+$/.test(r.path));

test("the bot added to a meeting's chat fills the roster from the paged members API once and creates the board", async () => {
  const chat = await install("19:meeting_roster_install@thread.v2");
  const rows = await world.stack.host.deps.rosterStore.list({ tenantId: tenantOf(chat), chatId: chat.chatId });
  expect(rows.map((r) => [r.name, r.role, r.teamsId]).sort()).toEqual([
    ["Alice", "organizer", chat.teamsId("alice")],
    ["Bob", "attendee", chat.teamsId("bob")],
    ["Carol", "attendee", chat.teamsId("carol")],
    ["Dave", "attendee", chat.teamsId("dave")],
  ]);
  expect(world.connector.requests.filter((r) => r.path.endsWith("/pagedmembers"))).toHaveLength(1);
  expect(world.connector.said(chat.chatId)).toContain("lean coffee");
  // The board exists (created when the bot was added) and everyone in the chat is in, alice facilitating.
  const state = await world.stack.call<{ me: { facilitator: boolean } }>("alice", "GET", `${board(chat.chatId)}/state`);
  expect(state.status).toBe(200);
  expect(state.body.me.facilitator).toBe(true);
  expect((await world.stack.call("dave", "GET", `${board(chat.chatId)}/state`)).status).toBe(200);
  expect(await world.stack.host.deps.services.store.getMeta({ tenantId: tenantOf(chat), chatId: chat.chatId })).not.toBeNull();
});

test("people added to and removed from the chat join and leave the roster: eve gets in when added and is an outsider once removed", async () => {
  const chat = await install("19:meeting_roster_events@thread.v2");
  const path = `${board(chat.chatId)}/state`;
  expect((await world.stack.call("eve", "GET", path)).status).toBe(404);
  // Teams' event carries ids only; the bot asks for the name once.
  world.connector.addMember(chat.person("eve"), chat.chatId);
  const eve = { id: chat.teamsId("eve"), aadObjectId: world.stack.userId("eve") };
  expect((await chat.post(membersUpdate(chat, "membersAdded", [eve]))).status).toBe(200);
  expect((await world.stack.call("eve", "GET", path)).status).toBe(200);
  const row = await world.stack.host.deps.rosterStore.get({ tenantId: tenantOf(chat), chatId: chat.chatId }, world.stack.userId("eve"));
  expect(row).toMatchObject({ name: "Eve", role: "attendee", teamsId: chat.teamsId("eve") });

  world.connector.removeMember(chat.teamsId("eve"), chat.chatId);
  expect((await chat.post(membersUpdate(chat, "membersRemoved", [eve]))).status).toBe(200);
  expect(await world.stack.host.deps.rosterStore.get({ tenantId: tenantOf(chat), chatId: chat.chatId }, world.stack.userId("eve"))).toBeNull();
  expect((await world.stack.call("eve", "GET", path)).status).toBe(404);
});

test("@mentions resolve through the roster without a call to Teams per mention; only a mention the roster does not know asks Teams", async () => {
  const chat = await install("19:meeting_roster_mentions@thread.v2");
  world.connector.clear();
  await chat.say("bob", "action Publish the release plan <at>Carol</at>", { mentions: ["carol"] });
  await chat.say("bob", "action Renew the certificates <at>Dave</at>", { mentions: ["dave"] });
  expect(lookups()).toHaveLength(0);
  const state = await world.stack.call<State>("alice", "GET", `${board(chat.chatId)}/state`);
  const owners = Object.fromEntries(state.body.actions.map((a) => [a.text, a.ownerUserId]));
  expect(owners["Publish the release plan"]).toBe(world.stack.userId("carol"));
  expect(owners["Renew the certificates"]).toBe(world.stack.userId("dave"));

  // Frank is in the chat as Teams knows it, but the roster has not heard of him yet: Teams is asked, once.
  world.connector.addMember(chat.person("frank"), chat.chatId);
  await chat.say("bob", "action Book the demo room <at>Frank</at>", { mentions: ["frank"] });
  expect(lookups()).toHaveLength(1);
});

function tenantOf(chat: MeetingChat): string {
  return (chat.base(null)["conversation"] as { tenantId: string }).tenantId;
}
