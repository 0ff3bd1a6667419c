import { board, startStack, type Stack } from "../support/stack";

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.close());

type Problem = { status: number; field: string; detail: string };
type State = { topics: { title: string; details: string }[]; teams: { name: string }[] };

test("a topic typed with a bidi override and zero-width characters is saved as it reads", async () => {
  const chat = "19:meeting_invisible_topic@thread.v2";
  await stack.joinCast(chat);
  const added = await stack.call<{ title: string }>("bob", "POST", `${board(chat)}/topics`, { title: "invoice_\u202Efdp.exe", details: "a\u200Bb\uFEFF\uD800" });
  expect(added.status).toBe(201);
  expect(added.body.title).toBe("invoice_fdp.exe");
  const state = await stack.call<State>("bob", "GET", `${board(chat)}/state`);
  expect(state.body.topics.map((t) => [t.title, t.details])).toEqual([["invoice_fdp.exe", "ab"]]);
});

test("a title of nothing but invisible characters is refused naming the field, and nothing is written", async () => {
  const chat = "19:meeting_invisible_empty@thread.v2";
  await stack.joinCast(chat);
  const refused = await stack.call<Problem>("bob", "POST", `${board(chat)}/topics`, { title: "\u200B\u2066\u2069" });
  expect(refused.status).toBe(400);
  expect(refused.headers.get("content-type")).toMatch(/problem\+json/);
  expect(refused.body.field).toBe("title");
  expect((await stack.call<State>("bob", "GET", `${board(chat)}/state`)).body.topics).toEqual([]);
});

test("a chat id with a bidi override is refused naming chatId, and no board is made for it", async () => {
  const spoofed = "19:meeting_\u202Eabc@thread.v2";
  const refused = await stack.call<Problem>("bob", "POST", `${board(spoofed)}/topics`, { title: "Hello" });
  expect(refused.status).toBe(400);
  expect(refused.body.field).toBe("chatId");
  expect((await stack.call<Problem>("bob", "GET", `${board(spoofed)}/state`)).status).toBe(400);
  // The same id without the override is a different, untouched board.
  expect((await stack.call<State>("bob", "GET", `${board("19:meeting_abc@thread.v2")}/state`)).body.topics).toEqual([]);
});

test("a team representative whose id hides a zero-width space is refused naming the field", async () => {
  const chat = "19:meeting_invisible_team@thread.v2";
  await stack.joinCast(chat);
  await stack.setRole(chat, "alice", "organizer");
  const refused = await stack.call<Problem>("alice", "POST", `${board(chat)}/teams`, { name: "Payments", representative: { id: "user\u200B1", name: "Ada" } });
  expect(refused.status).toBe(400);
  expect(refused.body.field).toBe("representative.id");
  expect((await stack.call<State>("alice", "GET", `${board(chat)}/state`)).body.teams).toEqual([]);
});
