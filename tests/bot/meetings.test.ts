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
  session: { id: string; summarySentAt: number | null };
}

interface CarriedState {
  me: { dotsLeft: number };
  topics: { number: number; title: string; dots: number | null; carriedDots?: number | null; myDots: number }[];
}

const MINUTE = 60_000;
const summaries = (chat: MeetingChat) => world.connector.cards(chat.chatId).filter((c) => cardText(c).includes("summary of the"));

async function prepare(chatId: string): Promise<MeetingChat> {
  const chat = new MeetingChat(world, chatId);
  const path = board(chat.chatId);
  await chat.say("bob", "add Release train dates");
  clock += 1000;
  await chat.say("carol", "add Shared test environment");
  clock += 1000;
  await chat.say("carol", "vote 2");
  await world.stack.call("alice", "POST", `${path}/actions`, { text: "Publish the release plan", ownerUserId: world.stack.userId("carol"), ownerName: "Carol", due: "2020-01-15" });
  await world.stack.call("alice", "POST", `${path}/actions`, { text: "Book the demo room", ownerName: "Dave" });
  world.connector.clear();
  return chat;
}

test("meetingStart posts the agenda; meetingEnd, delivered twice and sent again, posts one summary and owners get their actions", async () => {
  const chat = await prepare("19:meeting_evt1@thread.v2");
  const start = await chat.post(chat.meetingEvent("start"));
  expect(start.status).toBe(200);
  const agenda = cardText(world.connector.cards(chat.chatId).at(-1));
  expect(agenda).toContain("agenda");
  expect(agenda).toContain("1. #2 Shared test environment (1 dot)");
  expect(agenda).toMatch(/Overdue actions\*\* \(1\)/);
  expect(agenda).toContain("Publish the release plan — Carol · due 2020-01-15 (**overdue**)");
  expect(agenda).toContain("Book the demo room — Dave");

  const end = chat.meetingEvent("end");
  await Promise.all([chat.post(end), chat.post(end), chat.post(chat.meetingEvent("end")), world.stack.host.bot.sweep(clock + 3 * 3600_000)]);
  expect(summaries(chat)).toHaveLength(1);
  const summary = cardText(summaries(chat)[0]);
  expect(summary).toContain("Publish the release plan — Carol · due 2020-01-15");
  expect(summary).toContain("Carried over to the next weekly** (2)");

  // Carol, the owner the bot knows, gets her actions in a personal chat.
  const personal = world.connector.sent().filter((s) => s.conversationId === `a:personal-${chat.teamsId("carol")}`);
  expect(personal).toHaveLength(1);
  expect(JSON.stringify(personal[0]?.activity)).toContain("Publish the release plan");
  expect(JSON.stringify(personal[0]?.activity)).not.toContain("Book the demo room");

  const state = await world.stack.call<State>("alice", "GET", `${board(chat.chatId)}/state`);
  expect(state.body.session.summarySentAt).not.toBeNull();

  // Next week, the same chat: the meeting's start opens the next session with the queue carried
  // over, and its end sends that session's own summary, once.
  world.connector.clear();
  clock += 7 * 24 * 3600_000;
  await chat.post(chat.meetingEvent("start"));
  const next = await world.stack.call<State & { topics: { title: string; carriedFrom: string | null }[] }>("alice", "GET", `${board(chat.chatId)}/state`);
  expect(next.body.session.id).not.toBe(state.body.session.id);
  expect(next.body.session.summarySentAt).toBeNull();
  expect(next.body.topics.map((t) => t.title).sort()).toEqual(["Release train dates", "Shared test environment"]);
  // Everyone starts the weekly with a full set of dots; the carried topic starts with the dot it had, marked as carried.
  const carols = await world.stack.call<CarriedState>("carol", "GET", `${board(chat.chatId)}/state`);
  expect(carols.body.me.dotsLeft).toBe(3);
  expect(carols.body.topics.map((t) => [t.number, t.title, t.dots, t.carriedDots, t.myDots])).toEqual([
    [2, "Shared test environment", 1, 1, 0],
    [1, "Release train dates", 0, 0, 0],
  ]);
  await chat.say("carol", "vote 2");
  await chat.say("carol", "queue");
  expect(cardText(world.connector.cards(chat.chatId).at(-1))).toContain("1. #2 Shared test environment");
  expect(cardText(world.connector.cards(chat.chatId).at(-1))).toContain("2 dots (1 carried over)");
  const voted = await world.stack.call<CarriedState>("carol", "GET", `${board(chat.chatId)}/state`);
  expect(voted.body.me.dotsLeft).toBe(2);
  expect(voted.body.topics[0]).toMatchObject({ title: "Shared test environment", dots: 2, carriedDots: 1, myDots: 1 });
  await Promise.all([chat.post(chat.meetingEvent("end")), chat.post(chat.meetingEvent("end"))]);
  expect(summaries(chat)).toHaveLength(1);
});

test("meetingEnd never arrives: the sweep sends the summary once, after a ten-minute outage and with overlapping sweeps", async () => {
  const chat = await prepare("19:meeting_evt2@thread.v2");
  const t0 = clock;
  await chat.post(chat.meetingEvent("start"));
  world.connector.clear();

  await world.stack.host.bot.sweep(t0 + 30 * MINUTE);
  await world.stack.host.bot.sweep(t0 + 70 * MINUTE);
  expect(summaries(chat)).toHaveLength(0);

  // The hour-long meeting ended at t0+60 min; the sweeps were down from t0+70 to t0+85 min.
  const back = t0 + 85 * MINUTE;
  await Promise.all([world.stack.host.bot.sweep(back), world.stack.host.bot.sweep(back), world.stack.host.bot.sweep(back + 1000)]);
  await world.stack.host.bot.sweep(back + MINUTE);
  expect(summaries(chat)).toHaveLength(1);

  // A meetingEnd arriving late changes nothing.
  await chat.post(chat.meetingEvent("end"));
  expect(summaries(chat)).toHaveLength(1);
});

test("meetingEnd never arrives while a topic is discussed: the sweep's summary stops its timebox too, and no time's-up card follows", async () => {
  const chat = await prepare("19:meeting_evt7@thread.v2");
  const t0 = clock;
  await chat.post(chat.meetingEvent("start"));
  // The hour-long meeting overruns: a topic starts at t0+70 min, its timebox ending at t0+78; the summary is due at t0+75.
  clock = t0 + 70 * MINUTE;
  await chat.say("alice", "next");
  await world.stack.host.bot.sweep(t0 + 71 * MINUTE);
  world.connector.clear();
  await world.stack.host.bot.sweep(t0 + 76 * MINUTE);
  expect(summaries(chat)).toHaveLength(1);
  await world.stack.host.bot.sweep(t0 + 80 * MINUTE);
  await world.stack.host.bot.sweep(t0 + 81 * MINUTE);
  expect(world.connector.cards(chat.chatId).filter((c) => cardText(c).includes("Time's up"))).toHaveLength(0);
  const state = await world.stack.call<{ timer: { status: string }; topics: { title: string; state: string }[] }>("alice", "GET", `${board(chat.chatId)}/state`);
  expect(state.body.timer.status).toBe("idle");
  expect(state.body.topics.find((t) => t.title === "Shared test environment")?.state).toBe("queued");
});

test("a session closed in the side panel gets its summary from the sweep when meetingEnd is missing", async () => {
  const chat = await prepare("19:meeting_evt3@thread.v2");
  const closed = await world.stack.call("alice", "POST", `${board(chat.chatId)}/session/close`);
  expect(closed.status).toBe(200);
  await world.stack.host.bot.sweep(clock + 5 * MINUTE);
  expect(summaries(chat)).toHaveLength(0);
  await Promise.all([world.stack.host.bot.sweep(clock + 16 * MINUTE), chat.post(chat.meetingEvent("end"))]);
  await world.stack.host.bot.sweep(clock + 17 * MINUTE);
  expect(summaries(chat)).toHaveLength(1);
});

describe("meetingEnd while a topic is being discussed", () => {
  async function discussing(chatId: string): Promise<{ chat: MeetingChat; topicId: string; t0: number }> {
    const chat = new MeetingChat(world, chatId);
    await chat.say("bob", "add Release train dates");
    clock += 1000;
    await chat.say("carol", "add Shared test environment");
    await chat.post(chat.meetingEvent("start"));
    await chat.say("alice", "next");
    const t0 = clock;
    // The sweep files the time's-up prompt for the running timebox.
    await world.stack.host.bot.sweep(t0 + MINUTE);
    const state = await world.stack.call<{ topics: { id: string; title: string; state: string }[] }>("alice", "GET", `${board(chat.chatId)}/state`);
    const topic = state.body.topics.find((t) => t.state === "discussing");
    expect(topic?.title).toBe("Release train dates");
    world.connector.clear();
    return { chat, topicId: topic?.id ?? "", t0 };
  }

  async function endAndSweepPastTheTimebox(chat: MeetingChat, t0: number) {
    await chat.post(chat.meetingEvent("end"));
    clock = t0 + 9 * MINUTE;
    await world.stack.host.bot.sweep(clock);
    await world.stack.host.bot.sweep(clock + MINUTE);
    const state = await world.stack.call<{ timer: { status: string }; topics: { title: string; state: string }[] }>("alice", "GET", `${board(chat.chatId)}/state`);
    expect(state.body.timer.status).toBe("idle");
    expect(summaries(chat)).toHaveLength(1);
    expect(world.connector.cards(chat.chatId).filter((c) => cardText(c).includes("Time's up"))).toHaveLength(0);
    return { summary: cardText(summaries(chat)[0]), topics: state.body.topics };
  }

  test("without takeaways or actions it carries over, and no time's-up card follows the summary", async () => {
    const { chat, t0 } = await discussing("19:meeting_evt4@thread.v2");
    const { summary, topics } = await endAndSweepPastTheTimebox(chat, t0);
    expect(summary).toContain("**Discussed** (0)");
    expect(summary).toContain("**Carried over to the next weekly** (2)");
    expect(summary).toContain("• Release train dates");
    expect(topics.find((t) => t.title === "Release train dates")?.state).toBe("queued");
  });

  test("with takeaways it counts as discussed", async () => {
    const { chat, topicId, t0 } = await discussing("19:meeting_evt5@thread.v2");
    const saved = await world.stack.call("alice", "PUT", `${board(chat.chatId)}/topics/${topicId}/takeaways`, { takeaways: "Trains leave on Tuesdays" });
    expect(saved.status).toBe(200);
    const { summary, topics } = await endAndSweepPastTheTimebox(chat, t0);
    expect(summary).toContain("**Discussed** (1)");
    expect(summary).toContain("• Release train dates — Trains leave on Tuesdays");
    expect(summary).toContain("**Carried over to the next weekly** (1)");
    expect(topics.find((t) => t.title === "Release train dates")?.state).toBe("discussed");
  });
});

test("a personal chat that answers 404 is created again and the owner's actions delivered; when that fails too, the meeting chat is told once", async () => {
  const chat = await prepare("19:meeting_evt6@thread.v2");
  const carolsChats = () => world.connector.sent().filter((s) => s.conversationId.startsWith(`a:personal-${chat.teamsId("carol")}`));
  const week = async () => {
    clock += 7 * 24 * 3600_000;
    await chat.post(chat.meetingEvent("start"));
    await chat.post(chat.meetingEvent("end"));
  };
  const notices = () => world.connector.sent(chat.chatId).filter((s) => (s.activity.text ?? "").includes("open a chat with me"));

  await week();
  const first = carolsChats().at(-1)?.conversationId ?? "";
  expect(JSON.stringify(carolsChats().at(-1)?.activity)).toContain("Publish the release plan");

  // Carol's personal chat is gone: the bot creates it again and delivers there.
  world.connector.lose(first);
  world.connector.clear();
  await week();
  const repaired = carolsChats();
  expect(repaired).toHaveLength(1);
  expect(repaired[0]?.conversationId).not.toBe(first);
  expect(JSON.stringify(repaired[0]?.activity)).toContain("Publish the release plan");
  expect(world.connector.requests.some((r) => r.method === "POST" && r.path === "/v3/conversations")).toBe(true);
  expect(notices()).toHaveLength(0);

  // Gone again, and Teams refuses a new one: the meeting chat hears it once, naming Carol, however often it happens.
  world.connector.lose(repaired[0]?.conversationId ?? "");
  world.connector.refuseNewConversations();
  try {
    await week();
    await week();
    expect(carolsChats()).toHaveLength(1);
    expect(notices()).toHaveLength(1);
    expect(notices()[0]?.activity.text).toContain("<at>Carol");
    expect(summaries(chat)).toHaveLength(3);
  } finally {
    world.connector.refuseNewConversations(false);
  }
});

test("meetingStart: the session learns the meeting's scheduled end from Teams, and the queue's forecast follows it; a facilitator's correction stands", async () => {
  const chat = await prepare("19:meeting_evt_agenda@thread.v2");
  const path = board(chat.chatId);
  world.connector.scheduleMeeting(chat.meetingId, clock, clock + 30 * MINUTE);
  await chat.post(chat.meetingEvent("start"));
  const seen = await world.stack.call<{ session: { meetingEnd?: unknown }; agenda: { meetingEndsAt: number; fitting: number; cut: boolean } | null }>("bob", "GET", `${path}/state`);
  expect(seen.body.session.meetingEnd).toEqual({ at: clock + 30 * MINUTE, source: "teams" });
  // Two topics of 8 minutes: both fit in 30.
  expect(seen.body.agenda).toMatchObject({ meetingEndsAt: clock + 30 * MINUTE, fitting: 2, cut: false });

  // The facilitator corrects it; a re-delivered meetingStart does not undo the correction.
  expect((await world.stack.call("alice", "PUT", `${path}/session/meeting-end`, { endsAt: clock + 10 * MINUTE })).status).toBe(200);
  await chat.post(chat.meetingEvent("start"));
  const after = await world.stack.call<{ session: { meetingEnd?: unknown } }>("bob", "GET", `${path}/state`);
  expect(after.body.session.meetingEnd).toEqual({ at: clock + 10 * MINUTE, source: "facilitator" });
});

test("meetingStart without meeting info from Teams still posts the agenda, and the queue has no forecast", async () => {
  const chat = await prepare("19:meeting_evt_noinfo@thread.v2");
  expect((await chat.post(chat.meetingEvent("start"))).status).toBe(200);
  expect(cardText(world.connector.cards(chat.chatId).at(-1))).toContain("agenda");
  expect((await world.stack.call<{ agenda: unknown }>("bob", "GET", `${board(chat.chatId)}/state`)).body.agenda).toBeNull();
});
