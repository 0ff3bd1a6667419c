import { api } from "../support/contract";
import { board, startStack, type Stack } from "../support/stack";

/** A topic's team label speaks for that team: only its people (or a facilitator) may set it, and only to a team on the board. */

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.close());

const person = (name: string) => ({ id: stack.userId(name), name: name[0]!.toUpperCase() + name.slice(1) });
type Problem = { status: number; field: string; detail: string };

/** Every row with its ETag: any write changes this. */
async function allRows(): Promise<string[]> {
  const rows = await stack.host.deps.services.store.rows.query<unknown>("PartitionKey ne ''");
  return rows.map((r) => `${r.rowKey} ${r.etag}`).sort();
}

test("an attendee labels a topic only with their own team, and only with a team on the board; refusals name teamId and write nothing", async () => {
  const chat = "19:meeting_teamlabel1@thread.v2";
  await stack.joinCast(chat);
  const b = board(chat);
  await stack.setRole(chat, "alice", "organizer");
  await stack.join(chat, "cody");
  const green = (await api<{ id: string }>(stack, "alice", "POST", `${b}/teams`, { name: "Green", representative: person("bob") })).body.id;
  const blue = (await api<{ id: string }>(stack, "alice", "POST", `${b}/teams`, { name: "Blue", representative: person("carol"), alternates: [person("cody")] })).body.id;
  const notOnBoard = "01ARZ3NDEKTSV4RRFFQ69G5FAV";

  const own = await api<{ id: string; teamId: string }>(stack, "bob", "POST", `${b}/topics`, { title: "Search latency", teamId: green });
  expect([own.status, own.body.teamId]).toEqual([201, green]);
  const asAlternate = await api<{ teamId: string }>(stack, "cody", "POST", `${b}/topics`, { title: "Data export", teamId: blue });
  expect([asAlternate.status, asAlternate.body.teamId]).toEqual([201, blue]);

  const rows = await allRows();
  const foreign = await api<Problem>(stack, "bob", "POST", `${b}/topics`, { title: "Blue is late", teamId: blue });
  expect([foreign.status, foreign.body.field, foreign.headers.get("content-type")?.split(";")[0]]).toEqual([403, "teamId", "application/problem+json"]);
  expect(foreign.body.detail).toMatch(/Blue's representative/);
  const relabel = await api<Problem>(stack, "bob", "PATCH", `${b}/topics/${own.body.id}`, { teamId: blue });
  expect([relabel.status, relabel.body.field]).toEqual([403, "teamId"]);
  const unknownAdd = await api<Problem>(stack, "bob", "POST", `${b}/topics`, { title: "Ghost team", teamId: notOnBoard });
  expect([unknownAdd.status, unknownAdd.body.field]).toEqual([400, "teamId"]);
  const unknownEdit = await api<Problem>(stack, "bob", "PATCH", `${b}/topics/${own.body.id}`, { title: "Search latency again", teamId: notOnBoard });
  expect([unknownEdit.status, unknownEdit.body.field]).toEqual([400, "teamId"]);
  expect(await allRows()).toEqual(rows);

  // A facilitator curates the queue: any team on the board, never one that is not.
  const byFacilitator = await api<{ teamId: string }>(stack, "alice", "POST", `${b}/topics`, { title: "Cross-team dependencies", teamId: blue });
  expect([byFacilitator.status, byFacilitator.body.teamId]).toEqual([201, blue]);
  const ghost = await api<Problem>(stack, "alice", "POST", `${b}/topics`, { title: "Ghost", teamId: notOnBoard });
  expect([ghost.status, ghost.body.field]).toEqual([400, "teamId"]);
  // Taking the label off, or editing the title under the label it has, stays allowed.
  const cleared = await api<{ teamId: string | null; title: string }>(stack, "bob", "PATCH", `${b}/topics/${own.body.id}`, { title: "Search latency (p99)", teamId: null });
  expect([cleared.status, cleared.body.teamId, cleared.body.title]).toEqual([200, null, "Search latency (p99)"]);
});
