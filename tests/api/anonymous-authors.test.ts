import { routes } from "../../src/functions/routes";
import { api } from "../support/contract";
import { board, startStack, type Reply, type Stack } from "../support/stack";

/**
 * With anonymous authors on, nobody but a topic's author learns who added it: this walks every
 * route of the route table through a meeting (facilitator, attendees, team representatives) and
 * checks that no answer, to anyone but the author, names the author of an anonymous topic.
 * The author sees their own name on their own topics (as in their panel, which marks them "yours").
 * Raw routes are not walked: `health` carries no topic, and the bot's `messages` answers through
 * the chat (its cards show no author: tests/bot/injection.test.ts reads them).
 */

let stack: Stack;
let clockOffset = 0;
beforeAll(async () => {
  stack = await startStack({ now: () => Date.now() + clockOffset });
});
afterAll(() => stack.close());

const AUTHOR = "quillon";
const person = (name: string) => ({ id: stack.userId(name), name: name[0]!.toUpperCase() + name.slice(1) });

const walked = new Map<string, number[]>();
const leaks: string[] = [];

/** One call; remembers which route answered what, and any answer naming the author to someone else. */
async function call<T = { id: string }>(as: string, method: string, path: string, body?: unknown): Promise<Reply<T>> {
  // The OpenAPI document describes the JSON summary; its Markdown and CSV forms are read as text.
  const res = path.includes("format=") ? await stack.call<T>(as, method, path, body) : await api<T>(stack, as, method, path, body);
  const route = routes.find((r) => r.method === method && new RegExp(`^${r.route.replace(/\{\w+\}/g, "[^/]+")}$`).test(path.split("?")[0] ?? ""));
  if (route) walked.set(route.name, [...(walked.get(route.name) ?? []), res.status]);
  // The meeting's people list names everyone in the meeting (the author too): that says who is there, not who wrote what.
  const text = res.text.startsWith("{") ? JSON.stringify({ ...(JSON.parse(res.text) as object), people: undefined }) : res.text;
  if (as !== AUTHOR && (text.includes(stack.userId(AUTHOR)) || /quillon/i.test(text))) leaks.push(`${method} ${path} as ${as}: ${res.text.slice(0, 300)}`);
  return res;
}

test("with anonymous authors on, no route answers anyone but the author with the author of an anonymous topic", async () => {
  const chat = "19:meeting_anonymous1@thread.v2";
  await stack.joinCast(chat);
  const b = board(chat);
  await stack.setRole(chat, "alice", "organizer");
  await stack.join(chat, AUTHOR);
  await call("alice", "PATCH", `${b}/settings`, { anonymousAuthors: true });
  const green = (await call("alice", "POST", `${b}/teams`, { name: "Green", representative: person("bob") })).body.id;
  const blue = (await call("alice", "POST", `${b}/teams`, { name: "Blue", representative: person("carol") })).body.id;
  const spare = (await call("alice", "POST", `${b}/teams`, { name: "Spare" })).body.id;
  await call("alice", "PATCH", `${b}/teams/${spare}`, { name: "Spare team", was: { name: "Spare" } });
  await call("alice", "DELETE", `${b}/teams/${spare}`);

  // The author's topics; what the author is answered is theirs to see.
  const t1 = (await call(AUTHOR, "POST", `${b}/topics`, { title: "Release train dates", details: "Which week?" })).body.id;
  const t2 = (await call(AUTHOR, "POST", `${b}/topics`, { title: "Shared staging" })).body.id;
  const t3 = (await call(AUTHOR, "POST", `${b}/topics`, { title: "Staging, shared" })).body.id;
  const t4 = (await call(AUTHOR, "POST", `${b}/topics`, { title: "Old idea" })).body.id;
  await call(AUTHOR, "PATCH", `${b}/topics/${t1}`, { details: "Which week in January?", was: { details: "Which week?" } });
  await call("bob", "POST", `${b}/topics`, { title: "Bob's own topic" });

  for (const as of ["alice", "bob"]) await call(as, "GET", `${b}/state`);
  await call("alice", "DELETE", `${b}/topics/${t4}`);
  await call(AUTHOR, "POST", `${b}/topics/${t4}/restore`);
  await call("alice", "DELETE", `${b}/topics/${t4}`);
  await call("alice", "PUT", `${b}/session/meeting-end`, { endsAt: Date.now() + clockOffset + 60 * 60_000 });
  await call("alice", "POST", `${b}/topics/${t3}/merge`, { intoTopicId: t2 });
  await call("bob", "POST", `${b}/topics/${t2}/votes`);
  await call("bob", "DELETE", `${b}/topics/${t2}/votes`);
  await call("bob", "POST", `${b}/topics/${t2}/votes`);

  // The weekly: discuss, pause, resume, extend, takeaways, move on; then the continue/stop vote.
  await call("alice", "POST", `${b}/timer/next`, { topicId: t2 });
  await call("alice", "POST", `${b}/timer/pause`);
  await call("alice", "POST", `${b}/timer/resume`);
  await call("alice", "POST", `${b}/timer/extend`);
  await call("bob", "POST", `${b}/topics/${t2}/takeaways`, { line: "Platform owns staging" });
  await call("alice", "PUT", `${b}/topics/${t2}/takeaways`, { takeaways: "Platform owns staging from January", was: "Platform owns staging" });
  await call("alice", "POST", `${b}/timer/stop`);
  await call("alice", "POST", `${b}/timer/next`, { topicId: t1 });
  clockOffset += 30 * 60_000;
  await call("bob", "PUT", `${b}/topics/${t1}/roman`, { choice: "down" });
  await call("carol", "PUT", `${b}/topics/${t1}/roman`, { choice: "down" });
  await call("alice", "POST", `${b}/timer/conclude`);
  for (const as of ["alice", "bob", "carol"]) await call(as, "GET", `${b}/state`);
  // The author still sees their own topic as theirs.
  const own = await call<{ topics: { title: string; author: { name: string } | null; mine: boolean }[] }>(AUTHOR, "GET", `${b}/state`);
  expect(own.body.topics.find((t) => t.title === "Release train dates")).toMatchObject({ mine: true, author: { name: "Quillon" } });

  const action = (await call("bob", "POST", `${b}/actions`, { text: "Book staging", ownerTeamId: green, originTopicId: t2 })).body.id;
  await call("bob", "PATCH", `${b}/actions/${action}`, { text: "Book staging for January", was: { text: "Book staging" } });
  await call("bob", "PUT", `${b}/actions/${action}/status`, { status: "doing" });
  await call("carol", "GET", `${b}/actions`);
  const spareAction = (await call("bob", "POST", `${b}/actions`, { text: "Scratch that", ownerTeamId: green })).body.id;
  const gone = await call("bob", "DELETE", `${b}/actions/${spareAction}`);
  if (gone.status >= 300) throw new Error(gone.text);
  for (const format of ["", "?format=md", "?format=csv"]) for (const as of ["alice", "bob"]) await call(as, "GET", `${b}/summary${format}`);
  await call("alice", "POST", `${b}/session/close`);

  // A daily: the round, next steps, attendance, a need and its answer.
  await call("alice", "POST", `${b}/sessions`, { kind: "daily" });
  await call("alice", "POST", `${b}/daily/turn`, {});
  await call("bob", "PUT", `${b}/daily/${green}`, { nextSteps: "Ship search" });
  await call("bob", "POST", `${b}/attendance`, { teamId: green });
  await call("carol", "POST", `${b}/presence`);
  const orange = (await call<{ id: string }>("alice", "POST", `${b}/teams`, { name: "Orange" })).body.id;
  await call("dave", "POST", `${b}/teams/${orange}/claim`);
  const need = (await call("bob", "POST", `${b}/needs`, { fromTeamId: green, toTeamId: blue, text: "Product data" })).body.id;
  await call("carol", "PUT", `${b}/needs/${need}/answer`, { answer: "accept" });
  await call("alice", "POST", `${b}/sessions`, { kind: "weekly" });
  for (const as of ["alice", "bob", "carol"]) await call(as, "GET", `${b}/state`);

  // Every route of the table was walked and answered at least once with success.
  const tableRoutes = routes.filter((r) => "run" in r).map((r) => r.name);
  expect(tableRoutes.filter((name) => !(walked.get(name) ?? []).some((s) => s < 300))).toEqual([]);
  expect(leaks).toEqual([]);
});
