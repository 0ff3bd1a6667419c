import { board } from "../support/stack";
import { MeetingChat, startBotWorld, type BotWorld } from "./support";

/*
 * A deployment that filed reminders only in its sweep (before reminders were filed by their
 * causes) left boards whose due dates have nothing filed. The first sweep after the upgrade files
 * them once, so those reminders still go out, and sweeps after it cost nothing for idle boards.
 */

// Thursday 26 November 2026, 07:00 in Paris (06:00 UTC).
let clock = Date.UTC(2026, 10, 26, 6, 0);
let world: BotWorld;
beforeAll(async () => {
  world = await startBotWorld({ now: () => clock });
});
afterAll(() => world.close());

const at = (iso: string) => Date.parse(iso);

/** Removes every filed reminder, as a board looks after an older version of the app ran it. */
async function forgetFiledReminders(): Promise<number> {
  const rows = world.stack.host.deps.services.store.rows;
  const filed = await rows.query<unknown>("PartitionKey ge 'r:' and PartitionKey lt 'r;'");
  for (const r of filed) await rows.remove(String(r.props["partitionKey"]), r.rowKey);
  return filed.length;
}

test("after an upgrade, a due date filed by no one is still reminded, exactly once, and idle sweeps go back to one read", async () => {
  const chat = new MeetingChat(world, "19:meeting_backfill@thread.v2");
  const path = board(chat.chatId);
  await chat.say("carol", "help");
  expect((await world.stack.call("alice", "PATCH", `${path}/settings`, { timeZone: "Europe/Paris" })).status).toBe(200);
  const action = await world.stack.call("alice", "POST", `${path}/actions`, { text: "Publish the release plan", ownerUserId: world.stack.userId("carol"), ownerName: "Carol", due: "2026-11-26" });
  expect(action.status).toBe(201);
  expect(await forgetFiledReminders()).toBeGreaterThan(0);
  world.connector.clear();

  // The upgraded app's sweeps, two at once, at 09:00 Paris.
  clock = at("2026-11-26T08:05:00Z");
  await Promise.all([world.stack.host.bot.sweep(clock), world.stack.host.bot.sweep(clock)]);
  await world.stack.host.bot.sweep(clock + 60_000);

  const toCarol = world.connector.sent().filter((s) => s.conversationId === `a:personal-${chat.teamsId("carol")}`);
  expect(toCarol).toHaveLength(1);
  expect(JSON.stringify(toCarol[0]?.activity)).toContain("Publish the release plan");

  // Done once: the next sweep reads the due buckets only.
  const rows = world.stack.host.deps.services.store.rows;
  const before = rows.metrics.operations;
  await world.stack.host.bot.sweep(clock + 2 * 60_000);
  expect(rows.metrics.operations - before).toBe(1);
});
