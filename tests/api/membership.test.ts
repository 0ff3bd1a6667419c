import { routes } from "../../src/functions/routes";
import { api } from "../support/contract";
import { board, startStack, type Stack } from "../support/stack";

/**
 * Issue 12: only the meeting's people get in. The route table says which routes need membership;
 * this walks it, so a new board route cannot forget. An outsider of the same tenant gets 404 (the
 * board's existence is not revealed) and nothing at all is written.
 */

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.close());

/** Every row in the app's table, counted at the store (Azurite). */
async function rowCount(prefixes?: string[]): Promise<number> {
  const all = await stack.host.deps.rows.query<unknown>("PartitionKey ge ''");
  if (!prefixes) return all.length;
  return all.filter((r) => prefixes.some((p) => String(r.props["partitionKey"] ?? "").startsWith(p))).length;
}

const ULID = "01ARZ3NDEKTSV4RRFFQ69G5FAV";

test("every route under boards/{chatId} is declared members-only in the route table", () => {
  const boardRoutes = routes.filter((r) => r.route.includes("{chatId}"));
  expect(boardRoutes.length).toBeGreaterThan(30);
  expect(boardRoutes.filter((r) => !(r as { member?: boolean }).member).map((r) => r.name)).toEqual([]);
});

test("a same-tenant outsider gets 404 on every board route, and the table's row count does not change", async () => {
  const chat = "19:meeting_members_walk@thread.v2";
  await stack.joinCast(chat);
  const call = (as: string, method: string, path: string, body?: unknown) => stack.call(as, method, `${board(chat)}/${path}`, body);
  const topic = (await call("alice", "POST", "topics", { title: "Release train" })).body as { id: string };
  const team = (await call("alice", "POST", "teams", { name: "Payments" })).body as { id: string };
  const action = (await call("alice", "POST", "actions", { text: "Publish the plan", ownerUserId: stack.userId("bob") })).body as { id: string };
  const before = await rowCount();
  for (const route of routes.filter((r) => r.route.includes("{chatId}"))) {
    const path = route.route
      .replace("boards/{chatId}/", "")
      .replace("{topicId}", topic.id)
      .replace("{teamId}", team.id)
      .replace("{actionId}", action.id)
      .replace(/\{\w+\}/g, ULID);
    const res = await stack.call("eve", route.method, `${board(chat)}/${path}`, route.method === "GET" || route.method === "DELETE" ? undefined : {}, { "idempotency-key": `walk-${route.name}` });
    expect([route.name, res.status]).toEqual([route.name, 404]);
    expect((res.body as { code?: string }).code).toBe("not_found");
    expect(res.headers.get("content-type")).toContain("application/problem+json");
  }
  expect(await rowCount()).toBe(before);
});

test("locally: demo works at once for alice, bob, carol and dave; on a new chat the first opener organizes; eve gets 404 until she is added", async () => {
  for (const who of ["alice", "bob", "carol", "dave"]) {
    const s = await api<{ me: { role: string; facilitator: boolean } }>(stack, who, "GET", `${board("demo")}/state`);
    expect(s.status).toBe(200);
    expect(s.body.me.facilitator).toBe(who === "alice");
  }
  expect((await stack.call("eve", "GET", `${board("demo")}/state`)).status).toBe(404);

  const chat = "19:meeting_members_new@thread.v2";
  const first = await api<{ me: { role: string }; people: { name: string; role: string }[] }>(stack, "alice", "GET", `${board(chat)}/state`);
  expect(first.body.me.role).toBe("organizer");
  expect(first.body.people).toEqual([expect.objectContaining({ name: "Alice", role: "organizer", present: false, teamIds: [] })]);
  expect((await stack.call("eve", "GET", `${board(chat)}/state`)).status).toBe(404);
  expect((await stack.call("eve", "POST", `${board(chat)}/topics`, { title: "Let me in" })).status).toBe(404);
  await stack.join(chat, "eve");
  expect((await api(stack, "eve", "POST", `${board(chat)}/topics`, { title: "Now I am in" })).status).toBe(201);
  // Removed from the chat: out again.
  await stack.leave(chat, "eve");
  expect((await stack.call("eve", "GET", `${board(chat)}/state`)).status).toBe(404);
});

test("reads never write: GETs on a board nobody created write zero board rows; an outsider's GET writes nothing at all", async () => {
  const chat = "19:meeting_members_reads@thread.v2";
  await stack.joinCast(chat);
  const boards = ["b:", "s:", "i:"];
  const all = await rowCount();
  const boardRows = await rowCount(boards);
  const s = await api<{ topics: unknown[]; people: { name: string }[] }>(stack, "bob", "GET", `${board(chat)}/state`);
  expect(s.status).toBe(200);
  expect(s.body.topics).toEqual([]);
  expect(s.body.people.map((p) => p.name)).toEqual(["Alice", "Bob", "Carol", "Dave"]);
  expect((await api(stack, "carol", "GET", `${board(chat)}/actions`)).body).toEqual([]);
  await stack.call("alice", "GET", `${board(chat)}/summary`);
  // A poll with the ETag it got is answered without writing either.
  expect((await stack.call("bob", "GET", `${board(chat)}/state`, undefined, { "if-none-match": s.headers.get("etag") ?? "" })).status).toBeLessThan(400);
  expect(await rowCount(boards)).toBe(boardRows);
  expect(await rowCount()).toBe(all);

  expect((await stack.call("eve", "GET", `${board(chat)}/state`)).status).toBe(404);
  expect((await stack.call("eve", "GET", `${board("19:meeting_nobody@thread.v2")}/state`)).status).toBe(200); // eve opens a chat of her own: she organizes it
  const afterOwn = await rowCount();
  expect((await stack.call("eve", "GET", `${board(chat)}/actions`)).status).toBe(404);
  expect(await rowCount()).toBe(afterOwn);

  // The first write of a member creates the board.
  expect((await stack.call("bob", "POST", `${board(chat)}/topics`, { title: "First" })).status).toBe(201);
  expect(await rowCount(boards)).toBeGreaterThan(boardRows);
});

test("people are picked from the roster: representative, alternates and owners by id (any case), names from the roster; others refused naming the field", async () => {
  const chat = "19:meeting_members_people@thread.v2";
  await stack.joinCast(chat);
  const bob = stack.userId("bob");
  const team = await api<{ id: string; representative: { id: string; name: string } }>(stack, "alice", "POST", `${board(chat)}/teams`, { name: "Payments", representative: { id: bob.toUpperCase(), name: "Somebody Else" } });
  expect(team.status).toBe(201);
  expect(team.body.representative).toEqual({ id: bob, name: "Bob" });
  const outsider = await api<{ field: string }>(stack, "alice", "PATCH", `${board(chat)}/teams/${team.body.id}`, { alternates: [{ id: stack.userId("eve") }] });
  expect([outsider.status, outsider.body.field]).toEqual([400, "alternates"]);
  const badShape = await api<{ field: string }>(stack, "alice", "PATCH", `${board(chat)}/teams/${team.body.id}`, { representative: { id: "Bob" } });
  expect([badShape.status, badShape.body.field]).toEqual([400, "representative"]);

  const owned = await api<{ ownerUserId: string; ownerName: string }>(stack, "alice", "POST", `${board(chat)}/actions`, { text: "Plan", ownerUserId: stack.userId("carol").toUpperCase(), ownerName: "Whoever" });
  expect(owned.body).toMatchObject({ ownerUserId: stack.userId("carol"), ownerName: "Carol" });
  const notHere = await api<{ field: string }>(stack, "alice", "POST", `${board(chat)}/actions`, { text: "Plan", ownerUserId: stack.userId("eve") });
  expect([notHere.status, notHere.body.field]).toEqual([400, "ownerUserId"]);
  await api(stack, "alice", "POST", `${board(chat)}/actions`, { text: "Ask legal", ownerName: "Legal team contact" });
  const actions = (await api<{ text: string; ownerOutside: boolean }[]>(stack, "alice", "GET", `${board(chat)}/actions`)).body;
  expect(actions.map((a) => [a.text, a.ownerOutside]).sort()).toEqual([["Ask legal", true], ["Plan", false]]);

  const s = await api<{ people: { name: string; teamIds: string[] }[] }>(stack, "bob", "GET", `${board(chat)}/state`);
  expect(s.body.people.find((p) => p.name === "Bob")?.teamIds).toEqual([team.body.id]);
});

test("presence is recorded by opening the panel (attendance fills itself), a team is claimed once, and the time's-up vote counts N of M", async () => {
  const chat = "19:meeting_members_presence@thread.v2";
  await stack.joinCast(chat);
  const payments = (await api<{ id: string }>(stack, "alice", "POST", `${board(chat)}/teams`, { name: "Payments" })).body;
  const claimed = await api<{ representative: { name: string } }>(stack, "bob", "POST", `${board(chat)}/teams/${payments.id}/claim`);
  expect([claimed.status, claimed.body.representative.name]).toEqual([200, "Bob"]);
  const taken = await api<{ code: string }>(stack, "carol", "POST", `${board(chat)}/teams/${payments.id}/claim`);
  expect([taken.status, taken.body.code]).toEqual([409, "conflict"]);
  expect((await api(stack, "bob", "POST", `${board(chat)}/teams/${payments.id}/claim`)).status).toBe(200);

  for (const who of ["alice", "bob", "carol"]) expect((await api(stack, who, "POST", `${board(chat)}/presence`)).status).toBe(204);
  const rows = await rowCount();
  expect((await api(stack, "bob", "POST", `${board(chat)}/presence`)).status).toBe(204); // again: nothing new
  expect(await rowCount()).toBe(rows);

  const topic = (await api<{ id: string }>(stack, "bob", "POST", `${board(chat)}/topics`, { title: "Release train" })).body;
  await api(stack, "alice", "POST", `${board(chat)}/timer/next`, { topicId: topic.id });
  type S = { people: { name: string; present: boolean }[]; attendance: { teamId: string; person: { name: string } }[]; romanAtTimeUp: { voted: number; present: number } | null };
  const s = (await api<S>(stack, "dave", "GET", `${board(chat)}/state`)).body;
  expect(s.people.map((p) => [p.name, p.present])).toEqual([["Alice", true], ["Bob", true], ["Carol", true], ["Dave", false]]);
  expect(s.attendance).toEqual([expect.objectContaining({ teamId: payments.id, person: expect.objectContaining({ name: "Bob" }) })]);
  expect(s.romanAtTimeUp).toMatchObject({ voted: 0, present: 3 });
});
