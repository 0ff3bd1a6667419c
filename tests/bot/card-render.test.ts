import { addTeam, addTopic, answerNeed, createAction, DEFAULT_SETTINGS, newSession, postDailyUpdate, raiseNeed, summarize, viewSession, type Need, type SessionView, type Team, type Topic } from "../../src/domain";
import { needCard } from "../../src/bot/need-card";
import { queueCard, romanResultCard, timeUpCard, topicCallCard } from "../../src/bot/queue-cards";
import { actionDueCard, actionsCard, agendaCard, ownerActionsCard, summaryCard } from "../../src/bot/report-cards";
import { cardProblems, cardText } from "./support";

const T0 = Date.UTC(2026, 10, 26, 9, 0);
const long = "A very long title ".repeat(11).trim().slice(0, 200);

function view(topicCount: number, patch: Partial<typeof DEFAULT_SETTINGS> = {}): SessionView {
  const topics: Topic[] = Array.from({ length: topicCount }, (_, i) => addTopic({ title: i === 0 ? long : `Topic ${i} with *markdown* & <html>` }, { id: `u${i}`, name: `Person ${i}` }, T0 + i, `01J${String(i).padStart(23, "0")}`, i + 1));
  const actions = [createAction({ text: "Overdue thing", ownerName: "Ada", due: "2026-01-01" }, "u0", T0, "a1", "s1"), createAction({ text: "Open thing", ownerName: "Bo" }, "u0", T0, "a2", "s1")];
  return viewSession(
    { boardId: "19:chat", session: newSession("s1", "weekly", T0), settings: { ...DEFAULT_SETTINGS, ...patch }, topics, votes: [], timer: { status: "idle" }, ballots: [], actions, teams: [] },
    { id: "u1", name: "Person 1", role: "attendee" },
    "u1",
    null,
    T0,
  );
}

test("every card the bot can send parses with the adaptivecards package, empty or full", () => {
  const empty = view(0);
  const full = view(25);
  const hidden = view(3, { hideTotalsUntilDiscussion: true });
  const summary = summarize("19:chat", full.session, [], full.actions, [], "UTC", T0);
  const cards = [
    queueCard(empty, { personal: false, userIds: [] }),
    queueCard(full, { personal: true, userIds: Array.from({ length: 80 }, (_, i) => `29:u${i}`), notice: { text: "Your dot is in.", tone: "good" } }),
    queueCard(hidden, { personal: false, userIds: ["29:a"] }),
    timeUpCard({ topicId: "t", topicTitle: long, round: 0, tally: { up: 2, sideways: 1, down: 0 }, nextExtensionMinutes: 4, myChoice: "up", userIds: ["29:a"] }),
    timeUpCard({ topicId: "t", topicTitle: "Last round", round: 2, tally: { up: 0, sideways: 0, down: 0 }, nextExtensionMinutes: null, myChoice: null, userIds: [], notice: { text: "Closed", tone: "attention" } }),
    romanResultCard("T", { decision: "extend", minutes: 4 }, { up: 3, sideways: 0, down: 1 }),
    romanResultCard("T", { decision: "moveOn", reason: "no_extension_left" }, { up: 3, sideways: 0, down: 1 }),
    agendaCard(full, "https://example.com/?chat=x"),
    agendaCard(empty, null),
    summaryCard(summary, "https://example.com/?chat=x"),
    summaryCard(summarize("19:chat", empty.session, [], [], [], "UTC", T0), null),
    ownerActionsCard("2026-11-26", summary.actions, null),
    actionsCard(full.actions, [], null),
    actionsCard([], [], "https://example.com"),
    topicCallCard(T0, "Europe/Paris", 0, null),
    actionDueCard({ text: "Publish", due: "2026-11-26", owner: "Ada" }, null),
  ];
  for (const card of cards) expect(cardProblems(card)).toEqual([]);
  // The check itself finds what Teams would not render.
  expect(cardProblems({ type: "AdaptiveCard", version: "1.5", body: [{ type: "Bogus" }] })).not.toEqual([]);
  expect(cardProblems({ type: "AdaptiveCard", version: "1.5", body: [{ type: "Input.Text", id: "x" }, { type: "Input.Text", id: "x" }] })).not.toEqual([]);
});

test("the queue card lists at most fifteen topics and numbers them as the vote command does; refresh names at most 60 people", () => {
  const card = queueCard(view(25), { personal: true, userIds: Array.from({ length: 80 }, (_, i) => `29:u${i}`) }) as unknown as { refresh: { userIds: string[] } };
  const text = cardText(card);
  expect(text).toContain("**15. #15 Topic 14");
  expect(text).not.toContain("**16.");
  expect(text).toContain("…and 10 more in the side panel.");
  expect(card.refresh.userIds).toHaveLength(60);
  expect(cardText(queueCard(view(3, { hideTotalsUntilDiscussion: true }), { personal: false, userIds: [] }))).toContain("dots hidden until the discussion starts");
});

test("the need card, the daily agenda and the daily summary parse in every state", () => {
  const ann = { id: "u-ann", name: "Ann" };
  const ben = { id: "u-ben", name: "Ben" };
  let teams: Team[] = [];
  teams = [...teams, addTeam(teams, DEFAULT_SETTINGS, { name: "Alpha", representative: ann }, "t-alpha")];
  teams = [...teams, addTeam(teams, DEFAULT_SETTINGS, { name: "Beta & <Co>", representative: ben }, "t-beta")];
  const open = raiseNeed(teams, { fromTeamId: "t-alpha", toTeamId: "t-beta", text: long, by: "2026-11-20" }, ann, T0, "n1", "s1");
  const states: Need[] = [open, answerNeed(teams, open, "accept", ben, T0 + 1), answerNeed(teams, open, "decline", ben, T0 + 1, "No *capacity*"), answerNeed(teams, open, "done", ben, T0 + 1)];
  const cards = states.flatMap((need) =>
    [null, true, false].map((canAnswer) => needCard({ need, from: "Alpha", to: "Beta & <Co>", overdue: true, canAnswer, userIds: Array.from({ length: 70 }, (_, i) => `29:u${i}`), notice: { text: "Only Beta's representative…", tone: "attention" } })),
  );
  const session = newSession("s1", "daily", T0);
  const facts = {
    boardId: "19:chat",
    session,
    settings: DEFAULT_SETTINGS,
    topics: [],
    votes: [],
    timer: { status: "idle" as const },
    ballots: [],
    actions: view(0).actions,
    teams,
    updates: [postDailyUpdate(teams, "t-alpha", ann, "Advancing with search", T0)],
    needs: states.slice(0, 2),
    attendance: [{ teamId: "t-alpha", person: ann, at: T0 }],
  };
  const daily = viewSession(facts, { id: "u-ann", name: "Ann", role: "attendee" }, "u-ann", "t-alpha", T0);
  cards.push(agendaCard(daily, null), agendaCard({ ...daily, needs: [], teams: [], daily: { ...daily.daily, order: [] } }, "https://example.com"));
  const summary = summarize("19:chat", session, [], facts.actions, teams, "UTC", T0 + 10, { updates: facts.updates, needs: states, attendance: facts.attendance, dailyStarts: [T0] });
  cards.push(summaryCard(summary, null), summaryCard(summarize("19:chat", session, [], [], [], "UTC", T0), null));
  for (const card of cards) expect(cardProblems(card)).toEqual([]);
  // The shared card offers Beta's answers; a person of another team sees why there are none.
  expect(cardText(cards[0])).toMatch(/Accept[\s\S]*Decline[\s\S]*Done/);
  // User text is escaped for the card's Markdown: it shows as typed and makes no markup.
  expect(cardText(cards[2])).toContain("Only Beta \\& \\<Co\\>'s representative or an alternate can answer it.");
  expect(cardText(cards[2])).not.toMatch(/\nAccept\n/);
  expect((cards[0] as unknown as { refresh: { userIds: string[] } }).refresh.userIds).toHaveLength(60);
  expect(cardText(cards[6])).toContain("Declined by Ben (Beta \\& \\<Co\\>): No \\*capacity\\*");
  expect(cardText(summary.daily ? cards.at(-2) : null)).toContain("**Alpha**: Advancing with search");
});
