import { LOCAL_TENANT } from "../../src/auth/local-issuer";
import type { ProductionConfig } from "../../src/config";
import { productionRoles } from "../../src/functions/roles";
import { MeetingChat, startBotWorld, type BotWorld } from "./support";

let world: BotWorld;
beforeAll(async () => {
  world = await startBotWorld();
});
afterAll(() => world.close());

test("production roles come from Teams' meeting participant API for the board's meeting, cached briefly", async () => {
  const chat = new MeetingChat(world, "19:meeting_roles@thread.v2");
  await chat.say("bob", "help");
  const carol = world.stack.userId("carol");
  world.connector.setMeetingRole(chat.meetingId, carol, "Presenter");
  world.connector.setMeetingRole(chat.meetingId, world.stack.userId("alice"), "Organizer");
  let now = 1_000_000;
  const roles = productionRoles({} as ProductionConfig, async () => world.stack.host.bot.messenger, { now: () => now });
  const ref = { tenantId: LOCAL_TENANT, chatId: chat.chatId };

  expect(await roles.roleOf(ref, carol)).toBe("presenter");
  expect(await roles.roleOf(ref, world.stack.userId("alice"))).toBe("organizer");
  expect(await roles.roleOf(ref, world.stack.userId("zed"))).toBe("attendee"); // not a participant: 404
  const asked = world.connector.requests.filter((r) => r.path.startsWith(`/v1/meetings/${encodeURIComponent(chat.meetingId)}/participants/`));
  expect(asked[0]?.path).toBe(`/v1/meetings/${encodeURIComponent(chat.meetingId)}/participants/${carol}`);

  // Carol is made an attendee: within a minute the cached answer stands, after it Teams is asked again.
  world.connector.setMeetingRole(chat.meetingId, carol, "Attendee");
  now += 30_000;
  expect(await roles.roleOf(ref, carol)).toBe("presenter");
  now += 31_000;
  expect(await roles.roleOf(ref, carol)).toBe("attendee");

  // A chat the bot has never seen has no meeting to ask about: nobody facilitates there.
  expect(await roles.roleOf({ tenantId: LOCAL_TENANT, chatId: "19:unknown@thread.v2" }, carol)).toBe("attendee");
});
