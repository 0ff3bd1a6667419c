import { displayName, LOCAL_TENANT } from "../../src/auth/local-issuer";
import { announceNow, needRaisedReminder } from "../../src/bot/needs";
import type { Need } from "../../src/domain";
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

interface NeedState {
  id: string;
  state: string;
  fromTeamId: string;
  toTeamId: string;
  text: string;
  by: string | null;
  declineReason: string;
  answeredBy: { name: string } | null;
}
interface State {
  needs: NeedState[];
  daily: { updates: { teamId: string; nextSteps: string; postedBy: { name: string } }[] };
  attendance: { teamId: string; person: { name: string } }[];
}

const person = (name: string) => ({ id: world.stack.userId(name), name: displayName(name) });

/** Alpha (Ann), Beta (Ben, alternate Bea), Gamma (Cal), as the side panel's API sets them up. */
async function teams(chat: MeetingChat): Promise<{ alpha: string; beta: string; gamma: string }> {
  await world.stack.join(chat.chatId, "alice", "organizer");
  for (const name of ["ann", "ben", "bea", "cal", "zoe"]) await chat.join(name);
  const add = async (name: string, rep: string, alternates: string[] = []) => {
    const res = await world.stack.call<{ id: string }>("alice", "POST", `${board(chat.chatId)}/teams`, { name, representative: person(rep), alternates: alternates.map(person) });
    expect(res.status).toBe(201);
    return res.body.id;
  };
  return { alpha: await add("Alpha", "ann"), beta: await add("Beta", "ben", ["bea"]), gamma: await add("Gamma", "cal") };
}

const state = async (as: string, chat: MeetingChat) => (await world.stack.call<State>(as, "GET", `${board(chat.chatId)}/state`)).body;
const lastText = (chat: MeetingChat) => world.connector.sent(chat.chatId).at(-1)?.activity.text ?? "";

/** The need cards posted in the chat (not replies to a click), with the id each message got. */
function needCards(chat: MeetingChat, heading: string) {
  return world.connector
    .sent(chat.chatId)
    .flatMap((s) => (s.activity.attachments ?? []).map((a) => ({ id: s.id, card: a.content })))
    .filter((c) => cardText(c.card).includes(heading));
}

/** The Action.Execute buttons of a card: title, verb and data. */
function buttons(card: unknown): { title: string; verb: string; data: Record<string, unknown> }[] {
  return ((card as { actions?: { type: string; title: string; verb: string; data: Record<string, unknown> }[] }).actions ?? []).filter((a) => a.type === "Action.Execute");
}

function cardUpdates(chat: MeetingChat, activityId: string): unknown[] {
  return world.connector.requests
    .filter((r) => r.method === "PUT" && r.path === `/v3/conversations/${encodeURIComponent(chat.chatId)}/activities/${activityId}` && r.status < 300)
    .map((r) => (r.body as { attachments: { content: unknown }[] }).attachments[0]?.content);
}

test("a need raised from chat reaches the addressed team's card; answering from the card updates the panel's state", async () => {
  const chat = new MeetingChat(world, "19:meeting_need1@thread.v2");
  const { alpha, beta } = await teams(chat);
  await chat.say("ben", "help");

  const said = await chat.say("ann", "NEED @Beta Support with product data by 2026-12-31");
  expect(said.status).toBe(200);
  const posted = needCards(chat, "Alpha needs Beta");
  expect(posted).toHaveLength(1);
  const { id: cardId, card } = posted[0]!;
  const text = cardText(card);
  expect(text).toContain("**Support with product data**");
  expect(text).toContain("2026-12-31");
  expect(text).toContain("Ann for Alpha");
  // Addressed to Beta: its answers are on the card, and everyone's view refreshes from it.
  expect(buttons(card).map((b) => b.title)).toEqual(["Accept", "Decline", "Done", "Refresh"]);
  expect((card as { refresh?: { userIds: string[] } }).refresh?.userIds).toEqual(expect.arrayContaining([chat.teamsId("ann"), chat.teamsId("ben")]));

  // The sweep knows it was announced already: it does not post it again.
  await Promise.all([world.stack.host.bot.sweep(Date.now()), world.stack.host.bot.sweep(Date.now())]);
  expect(needCards(chat, "Alpha needs Beta")).toHaveLength(1);

  // The side panel shows the same need, open, from Alpha to Beta.
  let needs = (await state("ben", chat)).needs;
  expect(needs.map((n) => [n.text, n.state, n.fromTeamId, n.toTeamId, n.by])).toEqual([["Support with product data", "open", alpha, beta, "2026-12-31"]]);
  const needId = needs[0]!.id;
  const accept = buttons(card).find((b) => b.title === "Accept")!;
  expect(accept).toMatchObject({ verb: "answerNeed", data: { needId, answer: "accept" } });

  // Ben's own view of the card has the answers; Ben accepts from the card.
  const benView = await chat.click("ben", "needView", { needId }, { replyToId: cardId });
  expect(buttons(benView.value).map((b) => b.title)).toContain("Accept");
  const accepted = await chat.click("ben", accept.verb, { ...accept.data, reason: "" }, { replyToId: cardId });
  expect(accepted.type).toBe("application/vnd.microsoft.card.adaptive");
  expect(cardText(accepted.value)).toContain("You accepted this need; the team that asked has been told in the chat.");
  expect(cardText(accepted.value)).toContain("Accepted by Ben (Beta)");
  expect(buttons(accepted.value).map((b) => b.title)).toEqual(["Decline", "Done", "Refresh"]);

  needs = (await state("ann", chat)).needs;
  expect(needs.map((n) => [n.id, n.state, n.answeredBy?.name])).toEqual([[needId, "accepted", "Ben"]]);
  // The message everyone sees shows the answer, and Ann (who asked) is told by name.
  expect(cardUpdates(chat, cardId).map(cardText).at(-1)).toContain("Accepted by Ben (Beta)");
  const told = world.connector.sent(chat.chatId).filter((s) => (s.activity.text ?? "").includes("accepted Alpha's need"));
  expect(told).toHaveLength(1);
  expect(told[0]?.activity.text).toContain('<at>Ann</at>, Beta (Ben) accepted Alpha\'s need "Support with product data".');
  await world.stack.host.bot.sweep(Date.now());
  expect(world.connector.sent(chat.chatId).filter((s) => (s.activity.text ?? "").includes("accepted Alpha's need"))).toHaveLength(1);
  expect(told[0]?.activity["entities"]).toEqual([{ type: "mention", text: "<at>Ann</at>", mentioned: { id: world.stack.userId("ann"), name: "Ann" } }]);

  // Beta's alternate marks it done from the same card.
  const done = await chat.click("bea", "answerNeed", { needId, answer: "done", reason: "" }, { replyToId: cardId });
  expect(cardText(done.value)).toContain("Done, marked by Bea (Beta)");
  expect((await state("ann", chat)).needs[0]?.state).toBe("done");
  expect(lastText(chat)).toContain("Beta (Bea) marked Alpha's need \"Support with product data\" as done.");
  // Nothing is left to answer.
  expect(buttons(cardUpdates(chat, cardId).at(-1)).map((b) => b.title)).toEqual(["Refresh"]);
});

test("only the addressed team can answer from the card; a decline needs a reason, which the asking team reads", async () => {
  const chat = new MeetingChat(world, "19:meeting_need2@thread.v2");
  await teams(chat);
  await chat.say("ann", "need @gamma Review our API contract");
  const [{ id: cardId }] = needCards(chat, "Alpha needs Gamma") as [{ id: string; card: unknown }];
  const needId = (await state("ann", chat)).needs[0]!.id;

  // Ben (Beta) and Ann (who asked) cannot answer for Gamma: the card says so, and nothing changes.
  for (const who of ["ben", "ann"]) {
    const refused = await chat.click(who, "answerNeed", { needId, answer: "accept", reason: "" }, { replyToId: cardId });
    expect(refused.type).toBe("application/vnd.microsoft.card.adaptive");
    expect(cardText(refused.value)).toContain("Only Gamma's representative or an alternate can speak for Gamma.");
    // Their own view of the card has no answer buttons.
    expect(buttons(refused.value).map((b) => b.title)).toEqual(["Refresh"]);
  }
  expect((await state("cal", chat)).needs[0]?.state).toBe("open");
  expect(world.connector.said(chat.chatId)).not.toMatch(/accepted Alpha's need/);

  // Cal declines without a reason: the card asks for one.
  const noReason = await chat.click("cal", "answerNeed", { needId, answer: "decline", reason: "  " }, { replyToId: cardId });
  expect(noReason.type).toBe("application/vnd.microsoft.card.adaptive");
  expect(cardText(noReason.value)).toContain("Say why you decline");
  expect(buttons(noReason.value).map((b) => b.title)).toContain("Decline");
  expect((await state("cal", chat)).needs[0]?.state).toBe("open");

  const declined = await chat.click("cal", "answerNeed", { needId, answer: "decline", reason: "No capacity before January" }, { replyToId: cardId });
  expect(cardText(declined.value)).toContain("Declined by Cal (Gamma): No capacity before January");
  const need = (await state("ann", chat)).needs[0];
  expect([need?.state, need?.declineReason]).toEqual(["declined", "No capacity before January"]);
  expect(lastText(chat)).toContain('<at>Ann</at>, Gamma (Cal) declined Alpha\'s need "Review our API contract", because: No capacity before January.');

  // A forged button is refused with a sentence.
  const forged = await chat.click("cal", "answerNeed", { needId: "not-an-id", answer: "accept" });
  expect(forged).toMatchObject({ type: "application/vnd.microsoft.activity.message" });
  expect(String(forged.value)).toMatch(/needId/);
});

test("a need raised from the side panel is announced in the chat exactly once across overlapping sweeps, and so is its answer", async () => {
  const chat = new MeetingChat(world, "19:meeting_need3@thread.v2");
  const { alpha, gamma } = await teams(chat);
  await chat.say("cal", "help");
  world.connector.clear();

  const raised = await world.stack.call<NeedState>("ann", "POST", `${board(chat.chatId)}/needs`, { fromTeamId: alpha, toTeamId: gamma, text: "A staging database" });
  expect(raised.status).toBe(201);
  // The API writes no message: the sweep finds the need and announces it.
  expect(needCards(chat, "Alpha needs Gamma")).toHaveLength(0);
  // The first sweep files the announcement but Teams refuses the post once: it stays due.
  world.connector.failNext(1, 400, { conversationId: chat.chatId });
  const now = Date.now();
  await world.stack.host.bot.sweep(now);
  expect(needCards(chat, "Alpha needs Gamma")).toHaveLength(0);
  // Then eight sweeps at once (timer triggers overlapping after an outage) all find it due, and a later one.
  const sweeps = (at: number) => Promise.all(Array.from({ length: 8 }, (_, i) => world.stack.host.bot.sweep(at + i * 50)));
  await sweeps(now + 1000);
  await world.stack.host.bot.sweep(now + 60_000);
  const cards = needCards(chat, "Alpha needs Gamma");
  expect(cards).toHaveLength(1);
  expect(cardText(cards[0]?.card)).toContain("A staging database");

  // Answered from the side panel: the card is updated and Ann is told, once.
  const answered = await world.stack.call("cal", "PUT", `${board(chat.chatId)}/needs/${raised.body.id}/answer`, { answer: "accept" });
  expect(answered.status).toBe(200);
  const later = Date.now();
  await sweeps(later);
  await world.stack.host.bot.sweep(later + 60_000);
  expect(world.connector.sent(chat.chatId).filter((s) => (s.activity.text ?? "").includes('Gamma (Cal) accepted Alpha\'s need "A staging database"'))).toHaveLength(1);
  expect(cardText(cardUpdates(chat, cards[0]!.id).at(-1))).toContain("Accepted by Cal (Gamma)");
  expect(needCards(chat, "Alpha needs Gamma").filter((c) => cardText(c.card).includes("Accept\n"))).toHaveLength(1);
});

test("a need announced from several places at the same moment (chat turns and sweeps) is posted once", async () => {
  const chat = new MeetingChat(world, "19:meeting_need7@thread.v2");
  const { beta, gamma } = await teams(chat);
  await chat.say("cal", "help");
  world.connector.clear();
  const raised = await world.stack.call<Need>("ben", "POST", `${board(chat.chatId)}/needs`, { fromTeamId: beta, toTeamId: gamma, text: "Pairing on the cache" });
  const reminder = needRaisedReminder({ tenantId: LOCAL_TENANT, chatId: chat.chatId }, raised.body);
  const bot = world.stack.host.bot;
  const results = await Promise.all([
    ...Array.from({ length: 6 }, () => announceNow(bot.logic, reminder, Date.now())),
    bot.sweep(Date.now()),
    bot.sweep(Date.now()),
  ]);
  expect(results.filter((r) => r === "sent").length).toBeLessThanOrEqual(1);
  expect(needCards(chat, "Beta needs Gamma")).toHaveLength(1);
});

test("daily posts the sender's team's next steps to the panel; someone who represents no team is told why", async () => {
  const chat = new MeetingChat(world, "19:meeting_need4@thread.v2");
  const { beta } = await teams(chat);
  expect((await world.stack.call("alice", "POST", `${board(chat.chatId)}/sessions`, { kind: "daily" })).status).toBe(201);

  await chat.say("bea", "Daily: Finishing the catalogue import");
  expect(lastText(chat)).toContain("Posted Beta's next steps: \"Finishing the catalogue import\"");
  const s = await state("ann", chat);
  expect(s.daily.updates.map((u) => [u.teamId, u.nextSteps, u.postedBy.name])).toEqual([[beta, "Finishing the catalogue import", "Bea"]]);
  expect(s.attendance.map((a) => [a.teamId, a.person.name])).toEqual([[beta, "Bea"]]);
  // The chat shows no text to start from: a second command adds its line, never overwriting the first.
  await chat.say("ben", "daily Then the search index");
  expect((await state("ann", chat)).daily.updates.map((u) => u.nextSteps)).toEqual(["Finishing the catalogue import\nThen the search index"]);

  await chat.say("zoe", "daily Speaking for nobody");
  expect(lastText(chat)).toContain("You do not represent a team on this board");
  expect(lastText(chat)).toContain("Alpha, Beta, Gamma");
  await chat.say("zoe", "need @Beta something");
  expect(lastText(chat)).toContain("You do not represent a team on this board");
  await chat.say("ben", "daily");
  expect(lastText(chat)).toContain("Write your team's next steps after daily");
  expect((await state("ann", chat)).daily.updates).toHaveLength(1);
});

test("need names the team asked forgivingly, and an unknown team gets a reply listing the board's teams", async () => {
  const chat = new MeetingChat(world, "19:meeting_need5@thread.v2");
  const { alpha, beta } = await teams(chat);
  await chat.join("dan");
  const platform = await world.stack.call<{ id: string }>("alice", "POST", `${board(chat.chatId)}/teams`, { name: "Data Platform", representative: person("dan") });

  await chat.say("ann", "need @Delta Review the schema");
  expect(lastText(chat)).toContain('There is no team called "Delta" on this board. The board\'s teams: Alpha, Beta, Gamma, Data Platform.');
  expect(lastText(chat)).toContain('need @"Beta" Review the schema');
  await chat.say("ann", "need Review the schema");
  expect(lastText(chat)).toContain("Name the team you need something from with @");
  await chat.say("ann", "need @Alpha Ourselves");
  expect(lastText(chat)).toContain("Address a need to another team.");
  await chat.say("ann", "need @Beta Something by 2026-02-30");
  expect(lastText(chat)).toMatch(/date/i);
  expect((await state("ann", chat)).needs).toHaveLength(0);

  // A name with spaces, quoted or not, and a mention of the team's representative.
  await chat.say("ann", "need @Data Platform nightly exports by 2027-01-15");
  await chat.say("ann", 'need @"data platform": a read replica');
  // Teams names a mentioned person by their Teams id; the connector tells the bot who that is.
  world.connector.addMember({ id: chat.teamsId("ben"), name: "Ben", aadObjectId: world.stack.userId("ben") });
  await chat.say("ann", "need <at>Ben</at> a demo slot", { mentions: ["ben"] });
  const needs = (await state("ann", chat)).needs;
  expect(needs.map((n) => [n.fromTeamId, n.toTeamId === platform.body.id ? "Data Platform" : n.toTeamId, n.text, n.by])).toEqual([
    [alpha, "Data Platform", "nightly exports", "2027-01-15"],
    [alpha, "Data Platform", "a read replica", null],
    [alpha, beta, "a demo slot", null],
  ]);
  expect(needCards(chat, "Alpha needs Data Platform")).toHaveLength(2);
  expect(needCards(chat, "Alpha needs Beta")).toHaveLength(1);
});

test("a daily's agenda lists open and overdue actions and open needs; its summary lists next steps, needs and who attended", async () => {
  const chat = new MeetingChat(world, "19:meeting_need6@thread.v2");
  const { alpha, beta } = await teams(chat);
  const path = board(chat.chatId);
  await world.stack.call("alice", "POST", `${path}/actions`, { text: "Fix the nightly build", ownerTeamId: alpha, due: "2020-01-01" });
  await world.stack.call("alice", "POST", `${path}/actions`, { text: "Publish the release plan", ownerTeamId: beta });
  await world.stack.call("ann", "POST", `${path}/needs`, { fromTeamId: alpha, toTeamId: beta, text: "Product data support", by: "2020-02-02" });
  expect((await world.stack.call("alice", "POST", `${path}/sessions`, { kind: "daily" })).status).toBe(201);
  world.connector.clear();

  await chat.post(chat.meetingEvent("start"));
  const agenda = world.connector.cards(chat.chatId).map(cardText).find((t) => t.includes("daily agenda"));
  expect(agenda).toBeDefined();
  expect(agenda).toContain("1. Alpha\n2. Beta\n3. Gamma");
  expect(agenda).toMatch(/\*\*Overdue actions\*\* \(1\)\n• Fix the nightly build/);
  expect(agenda).toMatch(/\*\*Open actions to review\*\* \(1\)\n• Publish the release plan/);
  expect(agenda).toMatch(/\*\*Open needs between teams\*\* \(1\)\n• Alpha → Beta: Product data support · by 2020-02-02 \(\*\*overdue\*\*\)/);

  await chat.say("ann", "daily Advancing with search optimisation");
  await chat.say("bea", "need @Gamma A load test environment");
  world.connector.clear();
  await chat.post(chat.meetingEvent("end"));
  const summary = world.connector.cards(chat.chatId).map(cardText).find((t) => t.includes("summary of the daily"));
  expect(summary).toBeDefined();
  expect(summary).toContain("**Who attended for which team**");
  expect(summary).toMatch(/Alpha\nAnn/);
  expect(summary).toMatch(/Beta\nBea/);
  expect(summary).toContain("• **Alpha**: Advancing with search optimisation _(Ann)_");
  expect(summary).toMatch(/\*\*Needs raised\*\* \(1\)\n• Beta → Gamma: A load test environment · waiting for an answer/);
  expect(summary).toMatch(/\*\*Needs overdue\*\* \(1\)\n• Alpha → Beta: Product data support/);
  expect(summary).toContain("**Actions moved** (0)");
});
