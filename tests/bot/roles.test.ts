import { LOCAL_TENANT } from "../../src/auth/local-issuer";
import { teamsLookup } from "../../src/functions/roles";
import { storedRoster } from "../../src/service/roster";
import { RosterStore } from "../../src/store/roster";
import { MeetingChat, startBotWorld, type BotWorld } from "./support";

let world: BotWorld;
beforeAll(async () => {
  world = await startBotWorld();
});
afterAll(() => world.close());

test("in Teams, a person not yet on the roster is asked of Teams once: chat member (name) and meeting participant (role), then kept", async () => {
  const chat = new MeetingChat(world, "19:meeting_roles@thread.v2");
  world.connector.addMember(chat.person("alice"), chat.chatId);
  await chat.say("alice", "help");
  const carol = world.stack.userId("carol");
  world.connector.addMember(chat.person("carol"), chat.chatId);
  world.connector.setMeetingRole(chat.meetingId, carol, "Presenter");
  let now = 1_000_000;
  const store = new RosterStore(world.stack.host.deps.rows);
  const roster = storedRoster(store, { lookup: teamsLookup(async () => world.stack.host.bot.messenger), now: () => now });
  const ref = { tenantId: LOCAL_TENANT, chatId: chat.chatId };

  expect(await roster.member(ref, carol)).toEqual({ id: carol, name: "Carol", role: "presenter" });
  const asked = () => world.connector.requests.filter((r) => r.path.includes(`/members/${carol}`) || r.path.includes(`/participants/${carol}`)).length;
  expect(asked()).toBe(2);
  // Kept in the roster rows: Teams is not asked again, not even by a fresh instance.
  now += 60_000;
  expect((await roster.member(ref, carol))?.role).toBe("presenter");
  expect((await storedRoster(store, { lookup: teamsLookup(async () => world.stack.host.bot.messenger) }).member(ref, carol.toUpperCase()))?.name).toBe("Carol");
  expect(asked()).toBe(2);

  // Someone who is not in the chat is nobody here (and nothing is written for them).
  expect(await roster.member(ref, world.stack.userId("zed"))).toBeNull();
  // (Alice is there since her message: the bot let her in as a member of the chat.)
  expect((await store.list(ref)).map((m) => m.name).sort()).toEqual(["Alice", "Carol"]);
  // A chat the bot has never seen cannot be asked about: nobody is let in.
  expect(await roster.member({ tenantId: LOCAL_TENANT, chatId: "19:unknown@thread.v2" }, carol)).toBeNull();
});
