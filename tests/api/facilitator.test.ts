import type { z } from "zod/v4";
import { routes } from "../../src/functions/routes";
import { api } from "../support/contract";
import { board, startStack, type Stack } from "../support/stack";

/**
 * The route table's `facilitator: true` is the one list of facilitator-only operations. These
 * tests are generated from it: every flagged route refuses an attendee and writes nothing, and no
 * unflagged route refuses an attendee for not facilitating — so the table, the OpenAPI document
 * it feeds and what the services enforce (for the bot too) cannot drift apart.
 */

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.close());

interface BoardRoute {
  name: string;
  method: string;
  route: string;
  facilitator?: boolean;
  body?: z.ZodType;
}
const boardRoutes: BoardRoute[] = routes.filter((r) => "run" in r && r.route.startsWith("boards/{chatId}"));
const flagged = boardRoutes.filter((r) => r.facilitator);

interface Ids {
  topic: string;
  otherTopic: string;
  team: string;
  action: string;
  need: string;
}

/** A valid body for each route that takes one, so an attendee's call reaches the rule it tests. */
const bodies: Record<string, (ids: Ids) => unknown> = {
  addTopic: () => ({ title: "Another topic" }),
  editTopic: () => ({ title: "Renamed" }),
  mergeTopic: (ids) => ({ intoTopicId: ids.otherTopic }),
  recordTakeaways: () => ({ takeaways: "Noted" }),
  addTakeaway: () => ({ line: "Noted" }),
  discussNext: () => ({}),
  castRomanVote: () => ({ choice: "up" }),
  startSession: () => ({ kind: "weekly" }),
  setMeetingEnd: () => ({ endsAt: Date.now() + 30 * 60_000 }),
  createAction: () => ({ text: "Write it down" }),
  editAction: () => ({ text: "Write it down today" }),
  moveAction: () => ({ status: "doing" }),
  updateSettings: () => ({ timeboxMinutes: 5 }),
  addTeam: () => ({ name: "Blue" }),
  editTeam: () => ({ name: "Greener" }),
  postDailyUpdate: () => ({ nextSteps: "Ship search" }),
  nextTurn: () => ({}),
  checkIn: (ids) => ({ teamId: ids.team }),
  raiseNeed: (ids) => ({ fromTeamId: ids.team, toTeamId: ids.team, text: "Help" }),
  answerNeed: () => ({ answer: "accept" }),
};

async function boardWithRows(chat: string): Promise<Ids> {
  const post = async (path: string, body: unknown) => (await api<{ id: string }>(stack, "alice", "POST", `${board(chat)}/${path}`, body)).body.id;
  return {
    topic: await post("topics", { title: "Anything" }),
    otherTopic: await post("topics", { title: "Anything else" }),
    team: await post("teams", { name: "Green" }),
    action: await post("actions", { text: "Follow up" }),
    need: "01ARZ3NDEKTSV4RRFFQ69G5FAV",
  };
}

function call(r: BoardRoute, chat: string, ids: Ids) {
  const path = r.route
    .replace("boards/{chatId}", board(chat))
    .replace("{topicId}", ids.topic)
    .replace("{teamId}", ids.team)
    .replace("{actionId}", ids.action)
    .replace("{needId}", ids.need);
  return api<{ detail: string; code: string }>(stack, "bob", r.method, path, r.body ? bodies[r.name]?.(ids) : undefined);
}

/** Every row of the table, with its ETag: any write changes this. */
async function allRows(): Promise<string[]> {
  const rows = await stack.host.deps.services.store.rows.query<unknown>("PartitionKey ne ''");
  return rows.map((r) => `${r.rowKey} ${r.etag}`).sort();
}

test("every route that takes a body has a valid sample here, so each call below reaches its rule", () => {
  expect(flagged.length).toBeGreaterThan(0);
  for (const r of boardRoutes.filter((route) => route.body)) {
    const sample = bodies[r.name];
    expect([r.name, sample !== undefined]).toEqual([r.name, true]);
    expect([r.name, r.body?.safeParse(sample?.({ topic: "01ARZ3NDEKTSV4RRFFQ69G5FAV", otherTopic: "01ARZ3NDEKTSV4RRFFQ69G5FAW", team: "01ARZ3NDEKTSV4RRFFQ69G5FAX", action: "01ARZ3NDEKTSV4RRFFQ69G5FAY", need: "01ARZ3NDEKTSV4RRFFQ69G5FAZ" })).success]).toEqual([r.name, true]);
  }
});

test("an attendee gets 403 problem+json for every flagged route, and nothing is written", async () => {
  const chat = "19:meeting_facilitator1@thread.v2";
  await stack.joinCast(chat);
  const ids = await boardWithRows(chat);
  const before = (await api(stack, "bob", "GET", `${board(chat)}/state`)).headers.get("etag");
  const rows = await allRows();
  for (const r of flagged) {
    const res = await call(r, chat, ids);
    expect([r.name, res.status, res.headers.get("content-type")?.split(";")[0]]).toEqual([r.name, 403, "application/problem+json"]);
    expect(res.body.detail).toMatch(/organizer or a presenter/);
  }
  expect(await allRows()).toEqual(rows);
  expect((await api(stack, "bob", "GET", `${board(chat)}/state`)).headers.get("etag")).toBe(before);
});

test("no unflagged route refuses an attendee for not being a facilitator", async () => {
  const chat = "19:meeting_facilitator2@thread.v2";
  await stack.joinCast(chat);
  const ids = await boardWithRows(chat);
  for (const r of boardRoutes.filter((route) => !route.facilitator)) {
    const res = await call(r, chat, ids);
    expect([r.name, res.status === 403 && /organizer or a presenter/.test(res.body.detail)]).toEqual([r.name, false]);
  }
});
