import { board } from "../support/stack";
import { cardProblems, cardText, MeetingChat, startBotWorld, type BotWorld } from "./support";

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

const MINUTE = 60_000;
const at = (iso: string) => Date.parse(iso);

test("topic call and action due dates: every due reminder is sent exactly once across overlapping sweeps and a ten-minute outage", async () => {
  const chat = new MeetingChat(world, "19:meeting_rem1@thread.v2");
  const path = board(chat.chatId);
  await chat.say("carol", "help");
  // The weekly is on Thursdays at 10:00 Paris time (09:00 UTC); topics are called for an hour before.
  const settings = await world.stack.call("alice", "PATCH", `${path}/settings`, { timeZone: "Europe/Paris", cadence: { weekday: 4, time: "10:00", durationMinutes: 60 }, topicCallMinutesBefore: 60 });
  expect(settings.status).toBe(200);
  const team = await world.stack.call<{ id: string }>("alice", "POST", `${path}/teams`, { name: "Platform" });
  const post = (body: Record<string, unknown>) => world.stack.call<{ id: string }>("alice", "POST", `${path}/actions`, body);
  await post({ text: "Publish the release plan", ownerUserId: world.stack.userId("carol"), ownerName: "Carol", due: "2026-11-26" });
  await post({ text: "Fix the nightly build", ownerTeamId: team.body.id, due: "2026-11-26" });
  const done = await post({ text: "Already done", ownerName: "Dave", due: "2026-11-26" });
  await world.stack.call("alice", "PUT", `${path}/actions/${done.body.id}/status`, { status: "done" });
  await post({ text: "Not due yet", ownerName: "Dave", due: "2026-11-27" });
  world.connector.clear();

  // Minutes before 09:00 Paris (08:00 UTC): nothing is due yet.
  for (const t of [at("2026-11-26T07:30:00Z"), at("2026-11-26T07:59:00Z")]) {
    clock = t;
    await world.stack.host.bot.sweep(t);
  }
  expect(world.connector.sent()).toHaveLength(0);

  // The sweeps are down from 08:00 to 08:10 UTC; when they are back, several run at once.
  clock = at("2026-11-26T08:10:00Z");
  await Promise.all([world.stack.host.bot.sweep(clock), world.stack.host.bot.sweep(clock), world.stack.host.bot.sweep(clock + 500)]);
  for (const t of [clock + MINUTE, clock + 2 * MINUTE]) await world.stack.host.bot.sweep(t);

  const chatCards = world.connector.cards(chat.chatId).map(cardText);
  const calls = chatCards.filter((c) => c.includes("Topics for the weekly"));
  expect(calls).toHaveLength(1);
  expect(calls[0]).toContain("Thursday 26 November at 10:00 CET");
  const dueInChat = chatCards.filter((c) => c.includes("due today"));
  expect(dueInChat).toHaveLength(1);
  expect(dueInChat[0]).toContain("Fix the nightly build");

  const toCarol = world.connector.sent().filter((s) => s.conversationId === `a:personal-${chat.teamsId("carol")}`);
  expect(toCarol).toHaveLength(1);
  expect(JSON.stringify(toCarol[0]?.activity)).toContain("Publish the release plan");
  expect(world.connector.said()).not.toContain("Already done");
  expect(world.connector.said()).not.toContain("Not due yet");

  // The next day's reminder goes out the next day, once.
  world.connector.clear();
  clock = at("2026-11-27T08:05:00Z");
  await Promise.all([world.stack.host.bot.sweep(clock), world.stack.host.bot.sweep(clock)]);
  expect(world.connector.cards(chat.chatId).map(cardText).filter((c) => c.includes("Not due yet"))).toHaveLength(1);
});

test("a reminder whose cause changed after it was filed is not sent: the action done, its due date moved, the timebox stopped", async () => {
  const chat = new MeetingChat(world, "19:meeting_rem2@thread.v2");
  const path = board(chat.chatId);
  clock = at("2026-11-27T09:00:00Z");
  await chat.say("carol", "help");
  expect((await world.stack.call("alice", "PATCH", `${path}/settings`, { timeZone: "Europe/Paris" })).status).toBe(200);
  const post = (text: string) => world.stack.call<{ id: string }>("alice", "POST", `${path}/actions`, { text, ownerName: "Dave", due: "2026-11-28" });
  const finished = await post("Finished early");
  const moved = await post("Moved to Sunday");
  // Both were filed for Saturday 09:00 Paris when written; then their causes change.
  expect((await world.stack.call("alice", "PUT", `${path}/actions/${finished.body.id}/status`, { status: "done" })).status).toBe(200);
  expect((await world.stack.call("alice", "PATCH", `${path}/actions/${moved.body.id}`, { due: "2026-11-29" })).status).toBe(200);
  // A timebox that is stopped before it runs out.
  const topic = await world.stack.call<{ id: string }>("alice", "POST", `${path}/topics`, { title: "Shared staging" });
  expect((await world.stack.call("alice", "POST", `${path}/timer/next`, { topicId: topic.body.id })).status).toBe(200);
  expect((await world.stack.call("alice", "POST", `${path}/timer/stop`)).status).toBe(200);
  world.connector.clear();

  clock = at("2026-11-27T09:30:00Z");
  const afterTimebox = await world.stack.host.bot.sweep(clock);
  expect(afterTimebox.skipped).toBeGreaterThanOrEqual(1);
  clock = at("2026-11-28T08:05:00Z");
  const saturday = await world.stack.host.bot.sweep(clock);
  expect(saturday.sent).toBe(0);
  expect(saturday.skipped).toBe(2);
  expect(world.connector.said()).not.toContain("Finished early");
  expect(world.connector.said()).not.toContain("Moved to Sunday");
  expect(world.connector.cards(chat.chatId).map(cardText).filter((c) => c.includes("Time's up") || c.includes("Shared staging"))).toEqual([]);

  clock = at("2026-11-29T08:05:00Z");
  await Promise.all([world.stack.host.bot.sweep(clock), world.stack.host.bot.sweep(clock)]);
  expect(world.connector.cards(chat.chatId).map(cardText).filter((c) => c.includes("Moved to Sunday"))).toHaveLength(1);
});

test("a sweep reads only the due buckets: boards the bot is in with nothing due cost it nothing", async () => {
  for (let i = 0; i < 5; i++) await new MeetingChat(world, `19:meeting_idle${i}@thread.v2`).say("carol", "help");
  clock = at("2026-11-30T12:00:00Z");
  const rows = world.stack.host.deps.services.store.rows;
  await world.stack.host.bot.sweep(clock);
  const before = rows.metrics.operations;
  const report = await world.stack.host.bot.sweep(clock + MINUTE);
  expect(report).toEqual({ planned: 0, sent: 0, skipped: 0, failed: 0, lost: 0 });
  expect(rows.metrics.operations - before).toBe(1);
});
