import { board } from "../support/stack";
import { cardProblems, cardText, MeetingChat, startBotWorld, type BotWorld } from "./support";

let world: BotWorld;
let clock = Date.now();
beforeAll(async () => {
  world = await startBotWorld({ now: () => clock });
});
afterAll(() => world.close());
afterEach(() => {
  for (const card of world.connector.cards()) expect(cardProblems(card)).toEqual([]);
  world.connector.clear();
});

interface State {
  topics: { id: string; title: string; state: string }[];
  timer: { status: string; topicId: string | null; round: number; extendedByMinutes: number | null };
  actions: { text: string; ownerName: string; ownerUserId: string | null; ownerTeamId: string | null; due: string | null; originTopicId: string | null }[];
  teams: { id: string; name: string }[];
}

const MINUTE = 60_000;
const lastText = (chat: MeetingChat) => world.connector.sent(chat.chatId).at(-1)?.activity.text ?? "";

test("facilitation and actions from the chat: next, extend, action with owner and due date, actions, summary", async () => {
  const chat = new MeetingChat(world, "19:meeting_fac1@thread.v2");
  const path = board(chat.chatId);
  const team = await world.stack.call<{ id: string }>("alice", "POST", `${path}/teams`, { name: "Platform" });
  expect(team.status).toBe(201);
  expect((await world.stack.call("alice", "PATCH", `${path}/settings`, { extensionMinutes: [4, 1] })).status).toBe(200);
  await chat.say("bob", "add Release train dates");

  await chat.say("bob", "next");
  expect(lastText(chat)).toContain("Only the meeting's organizer or a presenter can do this.");
  await chat.say("alice", "Next");
  expect(lastText(chat)).toContain('Now discussing "Release train dates" for 8 minutes.');
  await chat.say("alice", "extend");
  expect(lastText(chat)).toContain('Extended "Release train dates" by 4 minutes. About 12 minutes left.');
  // The panel labels the round with what its extension added, not with the round's whole length.
  const extended = await world.stack.call<State>("bob", "GET", `${path}/state`);
  expect(extended.body.timer).toMatchObject({ round: 1, extendedByMinutes: 4 });
  await chat.say("alice", "extend");
  expect(lastText(chat)).toContain('Extended "Release train dates" by 1 minute. About 13 minutes left.');
  expect((await world.stack.call<State>("bob", "GET", `${path}/state`)).body.timer).toMatchObject({ round: 2, extendedByMinutes: 1 });

  world.connector.addMember({ id: chat.teamsId("carol"), name: "Carol", aadObjectId: world.stack.userId("carol") });
  await chat.say("bob", "action Publish the release plan <at>Carol</at> due 2026-12-01", { mentions: ["carol"] });
  expect(lastText(chat)).toContain('Action for Carol: "Publish the release plan", due 2026-12-01 (from "Release train dates").');
  await chat.say("bob", "action Fix the flaky nightly job @platform");
  expect(lastText(chat)).toContain('Action for Platform: "Fix the flaky nightly job"');
  await chat.say("bob", "action Nobody owns this");
  expect(lastText(chat)).toContain("Every action needs an owner");
  await chat.say("bob", "action Bad date @Platform due 2026-02-30");
  expect(lastText(chat)).toContain("is not a date");

  const state = await world.stack.call<State>("alice", "GET", `${path}/state`);
  expect(state.body.timer.status).toBe("running");
  const topicId = state.body.topics.find((t) => t.title === "Release train dates")?.id;
  expect(state.body.actions).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ text: "Publish the release plan", ownerName: "Carol", ownerUserId: world.stack.userId("carol"), due: "2026-12-01", originTopicId: topicId }),
      expect.objectContaining({ text: "Fix the flaky nightly job", ownerTeamId: team.body.id }),
    ]),
  );
  expect(state.body.actions).toHaveLength(2);

  await chat.say("bob", "actions");
  const actions = cardText(world.connector.cards(chat.chatId).at(-1));
  expect(actions).toContain("Publish the release plan — Carol · due 2026-12-01");
  expect(actions).toContain("Fix the flaky nightly job — Platform");
  await chat.say("bob", "summary");
  const summary = cardText(world.connector.cards(chat.chatId).at(-1));
  expect(summary).toContain("Action items");
  expect(summary).toContain("Publish the release plan");
  // Asked from a French Teams client (the activity's locale), the summary answers in French; what people typed stays as typed.
  await chat.post({ ...chat.message("carol", "summary"), locale: "fr-FR" });
  const french = cardText(world.connector.cards(chat.chatId).at(-1));
  expect(french).toContain("Scrum of scrums — résumé de la réunion hebdomadaire du");
  expect(french).toContain("**Actions** (2)");
  expect(french).toContain("Publish the release plan — Carol · échéance 2026-12-01");
  expect(french).toContain("**Discutés**");
  expect(french).not.toContain("Action items");
});

test("time's up: one continue/stop card however many sweeps run, votes from the card, and the result posted once", async () => {
  const chat = new MeetingChat(world, "19:meeting_fac2@thread.v2");
  const path = board(chat.chatId);
  await chat.say("bob", "add API versioning");
  await chat.say("alice", "next");
  const t0 = clock;
  world.connector.clear();

  let report = await world.stack.host.bot.sweep(t0 + MINUTE);
  expect(world.connector.cards(chat.chatId)).toHaveLength(0);

  clock = t0 + 8 * MINUTE + 1000;
  const reports = await Promise.all([world.stack.host.bot.sweep(clock), world.stack.host.bot.sweep(clock), world.stack.host.bot.sweep(clock)]);
  report = await world.stack.host.bot.sweep(clock + MINUTE);
  expect(reports.reduce((n, r) => n + r.sent, 0) + report.sent).toBe(1);
  const prompts = world.connector.cards(chat.chatId).filter((c) => cardText(c).includes("Time's up"));
  expect(prompts).toHaveLength(1);
  expect(cardText(prompts[0])).toContain("API versioning");
  expect(cardText(prompts[0])).toContain("Continuing adds 4 minutes.");
  // In Teams, the people in the meeting also get a targeted in-meeting notification.
  const notices = world.connector.requests.filter((r) => r.path === `/v1/meetings/${encodeURIComponent(chat.meetingId)}/notification`);
  expect(notices).toHaveLength(1);
  expect(JSON.stringify(notices[0]?.body)).toContain(world.stack.userId("bob"));

  const state = await world.stack.call<State>("alice", "GET", `${path}/state`);
  const topicId = state.body.timer.topicId ?? "";
  const up = await chat.click("bob", "roman", { topicId, round: 0, choice: "up" });
  expect(cardText(up.value)).toContain("👍 1 · ✋ 0 · 👎 0");
  expect(cardText(up.value)).toContain("Your vote: 👍 Continue");
  await chat.click("carol", "roman", { topicId, round: 0, choice: "down" });
  const changed = await chat.click("carol", "roman", { topicId, round: 0, choice: "up" });
  expect(cardText(changed.value)).toContain("👍 2 · ✋ 0 · 👎 0");

  const refused = await chat.click("bob", "conclude", { topicId, round: 0 });
  expect(cardText(refused.value)).toContain("Only the meeting's organizer or a presenter can do this.");

  world.connector.clear();
  const concluded = await chat.click("alice", "conclude", { topicId, round: 0 });
  expect(cardText(concluded.value)).toContain("Continue for 4 more minutes.");
  const again = await chat.click("alice", "conclude", { topicId, round: 0 });
  expect(cardText(again.value)).toContain("closed already");
  const results = world.connector.cards(chat.chatId).filter((c) => cardText(c).includes("The room decided"));
  expect(results).toHaveLength(1);
  const after = await world.stack.call<State>("alice", "GET", `${path}/state`);
  expect(after.body.timer).toMatchObject({ status: "running", round: 1 });

  // The extension's own end gets its own single prompt.
  clock += 4 * MINUTE + 1000;
  world.connector.clear();
  await Promise.all([world.stack.host.bot.sweep(clock), world.stack.host.bot.sweep(clock)]);
  const second = world.connector.cards(chat.chatId).filter((c) => cardText(c).includes("Time's up"));
  expect(second).toHaveLength(1);
  expect(cardText(second[0])).toContain("Continuing adds 2 minutes.");
});
