import type * as AdaptiveCards from "adaptivecards";
import { BOT_COMMANDS } from "../../src/bot/commands";
import { HOSTILE, HOSTILE_SHOWN, LINK, markup as markupOf, TEAM_BLUE, TEAM_GREEN, unescape } from "../support/hostile";
import { MAX_MENTIONS } from "../../src/bot/teams-app";
import { board } from "../support/stack";
import { BOT, cardProblems, MeetingChat, startBotWorld, type BotWorld } from "./support";

// The package's UMD build, as tests/bot/support.ts loads it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const AC = require("adaptivecards/dist/adaptivecards.js") as typeof AdaptiveCards;

/**
 * What people type reaches cards and chat messages the trusted bot sends, and both render
 * Markdown. Links, images, HTML, user-typed <at> mentions, headings, bidi overrides and
 * zero-width characters in every text field must come out as the literal text, never as markup.
 */

let world: BotWorld;
beforeAll(async () => {
  world = await startBotWorld();
});
afterAll(() => world.close());

/** What the bot writes itself is left out of the check: its mentions, and its help (whose placeholders are issue 16's). */
const markup = (text: string, own: readonly string[] = []) => markupOf(text, [...own, ...BOT_COMMANDS.map((c) => c.description)]);

/** Every TextBlock and FactSet text of a card, read through the adaptivecards package's parse. */
function cardTexts(card: unknown): string[] {
  expect(cardProblems(card)).toEqual([]);
  const ac = new AC.AdaptiveCard();
  ac.parse(card as Record<string, unknown>, new AC.SerializationContext());
  const texts: string[] = [];
  const walk = (el: AdaptiveCards.CardElement) => {
    if (el instanceof AC.TextBlock && el.text) texts.push(el.text);
    if (el instanceof AC.FactSet) for (const f of el.facts) texts.push(f.name ?? "", f.value ?? "");
    if (el instanceof AC.CardElementContainer) for (let i = 0; i < el.getItemCount(); i++) walk(el.getItemAt(i));
  };
  walk(ac);
  return texts;
}

interface Sent {
  text?: string;
  attachments?: { content: unknown }[];
  entities?: { type: string; text: string; mentioned: { id: string; name: string } }[];
}

/** Everything the bot wrote to the chat so far (messages and cards), each text with what markup it would make. */
function everythingSaid(chat: MeetingChat, replies: unknown[] = []): { text: string; problems: string[] }[] {
  const out: { text: string; problems: string[] }[] = [];
  for (const s of world.connector.sent(chat.chatId)) {
    const a = s.activity as Sent;
    const own = (a.entities ?? []).filter((e) => e.type === "mention").map((e) => e.text);
    if (a.text) out.push({ text: a.text, problems: markup(a.text, own) });
    for (const att of a.attachments ?? []) for (const t of cardTexts(att.content)) out.push({ text: t, problems: markup(t) });
  }
  for (const card of replies) for (const t of cardTexts(card)) out.push({ text: t, problems: markup(t) });
  return out;
}

/** Teams sends what a person typed HTML-encoded. */
const typed = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

test("links, images, HTML, typed <at> mentions, headings, bidi and zero-width characters in every text field come out inert in cards and bot messages", async () => {
  const chat = new MeetingChat(world, "19:meeting_injection1@thread.v2");
  await world.stack.joinCast(chat.chatId);
  const b = board(chat.chatId);
  const call = async <T = { id: string }>(as: string, method: string, path: string, body?: unknown) => {
    const res = await world.stack.call<T>(as, method, `${b}/${path}`, body);
    expect([method, path, res.status < 300 ? "ok" : res.text]).toEqual([method, path, "ok"]);
    return res.body;
  };
  const person = (name: string) => ({ id: world.stack.userId(name), name: name[0]!.toUpperCase() + name.slice(1) });
  const green = (await call("alice", "POST", "teams", { name: TEAM_GREEN, representative: person("bob") })).id;
  const blue = (await call("alice", "POST", "teams", { name: TEAM_BLUE, representative: person("carol") })).id;
  const first = (await call("bob", "POST", "topics", { title: `First ${HOSTILE}`, details: HOSTILE, teamId: green })).id;
  await call("bob", "POST", "topics", { title: `Second ${HOSTILE}` });
  await call("alice", "POST", "timer/next", { topicId: first });
  await call("alice", "PUT", `topics/${first}/takeaways`, { takeaways: `Takeaway ${HOSTILE}\n# Heading line\n- list line` });
  await call("bob", "POST", "actions", { text: `Action ${HOSTILE}`, ownerName: "Dana [x](https://evil.example/o)", ownerTeamId: green, due: "2020-01-31", originTopicId: first });

  await chat.say("bob", "queue");
  await chat.say("alice", "summary");
  await chat.say("bob", "actions");
  await chat.post(chat.meetingEvent("start"));
  await chat.say("bob", typed(`add Chat ${HOSTILE}`));
  await chat.say("bob", typed(`frobnicate ${HOSTILE}`));
  // A daily: next steps from the chat, a need from the panel announced by the sweep, declined from its card.
  await call("alice", "POST", "sessions", { kind: "daily" });
  await chat.say("bob", typed(`daily Next ${HOSTILE}`));
  const need = (await call("bob", "POST", "needs", { fromTeamId: green, toTeamId: blue, text: `Need ${HOSTILE}` })).id;
  await world.stack.host.bot.sweep(Date.now());
  const declined = await chat.click("carol", "answerNeed", { needId: need, answer: "decline", reason: `Reason ${HOSTILE}` }, { replyToId: "need-card" });
  await chat.say("alice", "summary");

  const said = everythingSaid(chat, [declined.value]);
  // Each field reached the chat, shown literally (what the reader sees once escapes are read).
  const shown = said.map((s) => unescape(s.text)).join("\n");
  // A command the bot did not understand is quoted, cut at 80 characters.
  expect(shown).toContain(`I did not understand "frobnicate ${LINK} ![pixel]`);
  for (const field of ["First", "Second", "Takeaway", "Action", "Chat", "Next", "Need", "Reason"]) {
    expect([field, shown.includes(`${field} ${HOSTILE_SHOWN}`)]).toEqual([field, true]);
  }
  expect(shown).toContain("Green [Go](https://evil.example/g) <b>x</b>");
  expect(shown).toContain("Blue <at>Alice</at> **loud**");
  expect(shown).toContain("Dana [x](https://evil.example/o)");
  // …and nothing anywhere makes markup of it.
  expect(said.filter((s) => s.problems.length > 0)).toEqual([]);

  // The mention the bot builds itself still works: Bob, who asked, is @mentioned with his entity.
  const answered = world.connector.sent(chat.chatId).map((s) => s.activity as Sent).find((a) => a.text?.includes("declined"));
  expect(answered?.text).toMatch(/^❌ <at>Bob<\/at>, /);
  expect(answered?.entities).toEqual([{ type: "mention", text: "<at>Bob</at>", mentioned: { id: world.stack.userId("bob"), name: "Bob" } }]);
});

test("a message with hundreds of mentions is refused before any lookup, saying how to say it", async () => {
  const chat = new MeetingChat(world, "19:meeting_injection2@thread.v2");
  // Bob is on the roster already: asking Teams who the sender is would be a lookup too.
  await world.stack.join(chat.chatId, "bob");
  world.connector.clear();
  const names = Array.from({ length: 500 }, (_, i) => `Person ${i}`);
  const activity = chat.message("bob", `action Review everything ${names.map((n) => `<at>${n}</at>`).join(" ")}`);
  // As Teams sends them when it gives no Entra id: each would need a member lookup.
  (activity["entities"] as unknown[]).push(...names.map((n, i) => ({ type: "mention", text: `<at>${n}</at>`, mentioned: { id: `29:person-${i}`, name: n } })));
  await chat.post(activity);
  const lookups = world.connector.requests.filter((r) => r.method === "GET" && /\/members\//.test(r.path));
  expect(lookups).toHaveLength(0);
  const reply = world.connector.sent(chat.chatId).at(-1)?.activity.text ?? "";
  expect(reply).toContain(`That message mentions 500 people; I read at most ${MAX_MENTIONS} mentions in one message, so nothing was changed.`);
  expect(reply).toMatch(/for example: action Publish the release plan @Dana/);
  const actions = await world.stack.call<unknown[]>("bob", "GET", `${board(chat.chatId)}/actions`);
  expect(actions.body).toEqual([]);

  // At the cap, the message is read as usual, and one person mentioned twice is looked up once.
  world.connector.clear();
  const few = chat.message("bob", "action Review the plan <at>Person 1</at> <at>Person 1</at>");
  (few["entities"] as unknown[]).push(...[1, 1].map((i) => ({ type: "mention", text: `<at>Person ${i}</at>`, mentioned: { id: `29:person-${i}`, name: `Person ${i}` } })));
  await chat.post(few);
  expect(world.connector.requests.filter((r) => r.method === "GET" && /\/members\//.test(r.path))).toHaveLength(1);
  expect(world.connector.sent(chat.chatId).at(-1)?.activity.text).toContain('Action for Person 1: "Review the plan"');
  expect(BOT.name).toBe("Scrum of Scrums");
});
