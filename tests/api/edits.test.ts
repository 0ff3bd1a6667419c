import { api } from "../support/contract";
import { board, startStack, type Stack } from "../support/stack";

/**
 * Issue 15, item 2: two people editing one text at once never silently lose either's words. Each
 * edit says which text it started from (`was`); a stale one is refused with 409 `edit_conflict`
 * and both texts; lines added at once are all kept. And item 5: anyone adds takeaways while the
 * topic is being discussed; only a facilitator rewrites them.
 */

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.close());

interface Topic {
  id: string;
  takeaways: string;
  title: string;
  details: string;
}
interface Conflict {
  code: string;
  field: string;
  detail: string;
  current: Record<string, string>;
  yours: Record<string, string>;
}

/** A board where alice (organizer) and carol (presenter) facilitate and bob attends, with a topic under discussion. */
async function discussing(chat: string): Promise<{ b: string; topic: Topic }> {
  const b = board(chat);
  await stack.setRole(chat, "alice", "organizer");
  await stack.setRole(chat, "carol", "presenter");
  await stack.setRole(chat, "bob", "attendee");
  const topic = (await api<Topic>(stack, "bob", "POST", `${b}/topics`, { title: "Shared staging" })).body;
  expect((await api(stack, "alice", "POST", `${b}/timer/next`, {})).status).toBe(200);
  return { b, topic };
}

test("two facilitators rewrite the same takeaways from the same version: the second gets 409 with both texts, and the first's text stays", async () => {
  const { b, topic } = await discussing("19:meeting_edits1@thread.v2");
  const path = `${b}/topics/${topic.id}/takeaways`;
  expect((await api(stack, "alice", "PUT", path, { takeaways: "Platform owns staging", was: "" })).status).toBe(200);
  // Both start from what they see now.
  const first = await api<Topic>(stack, "alice", "PUT", path, { takeaways: "Platform owns staging from January", was: "Platform owns staging" });
  expect(first.status).toBe(200);
  const second = await api<Conflict>(stack, "carol", "PUT", path, { takeaways: "Mobile owns staging", was: "Platform owns staging" });
  expect(second.status).toBe(409);
  expect(second.headers.get("content-type")).toContain("application/problem+json");
  expect(second.body).toMatchObject({
    code: "edit_conflict",
    field: "takeaways",
    current: { takeaways: "Platform owns staging from January" },
    yours: { takeaways: "Mobile owns staging" },
  });
  expect(second.body.detail).toMatch(/Someone else changed/);
  const state = await api<{ topics: Topic[] }>(stack, "bob", "GET", `${b}/state`);
  expect(state.body.topics.find((t) => t.id === topic.id)?.takeaways).toBe("Platform owns staging from January");
  // Carol keeps hers, now knowing what she replaces.
  const kept = await api<Topic>(stack, "carol", "PUT", path, { takeaways: "Mobile owns staging", was: "Platform owns staging from January" });
  expect([kept.status, kept.body.takeaways]).toEqual([200, "Mobile owns staging"]);
});

test("two people adding a takeaway at the same moment keep both lines, without asking", async () => {
  const { b, topic } = await discussing("19:meeting_edits2@thread.v2");
  const path = `${b}/topics/${topic.id}/takeaways`;
  const added = await Promise.all([
    api<Topic>(stack, "bob", "POST", path, { line: "Nightly reset at 2am" }),
    api<Topic>(stack, "carol", "POST", path, { line: "Staging data is synthetic" }),
  ]);
  expect(added.map((r) => r.status)).toEqual([200, 200]);
  const state = await api<{ topics: Topic[] }>(stack, "alice", "GET", `${b}/state`);
  const lines = state.body.topics.find((t) => t.id === topic.id)?.takeaways.split("\n") ?? [];
  expect(lines.sort()).toEqual(["Nightly reset at 2am", "Staging data is synthetic"]);
});

test("two facilitators who both only added lines from the same version keep both additions", async () => {
  const { b, topic } = await discussing("19:meeting_edits3@thread.v2");
  const path = `${b}/topics/${topic.id}/takeaways`;
  await api(stack, "alice", "PUT", path, { takeaways: "Platform owns staging", was: "" });
  expect((await api(stack, "alice", "PUT", path, { takeaways: "Platform owns staging\nReset nightly", was: "Platform owns staging" })).status).toBe(200);
  const merged = await api<Topic>(stack, "carol", "PUT", path, { takeaways: "Platform owns staging\nSynthetic data only", was: "Platform owns staging" });
  expect([merged.status, merged.body.takeaways]).toEqual([200, "Platform owns staging\nReset nightly\nSynthetic data only"]);
});

test("an attendee adds takeaways but cannot rewrite them; a rewrite without the version it started from cannot overwrite", async () => {
  const { b, topic } = await discussing("19:meeting_edits4@thread.v2");
  const path = `${b}/topics/${topic.id}/takeaways`;
  expect((await api(stack, "bob", "POST", path, { line: "Nightly reset" })).status).toBe(200);
  const rewrite = await api<{ code: string }>(stack, "bob", "PUT", path, { takeaways: "Nothing", was: "Nightly reset" });
  expect([rewrite.status, rewrite.body.code]).toEqual([403, "forbidden"]);
  const blind = await api<Conflict>(stack, "alice", "PUT", path, { takeaways: "Something else" });
  expect([blind.status, blind.body.current]).toEqual([409, { takeaways: "Nightly reset" }]);
  const empty = await api<{ field: string }>(stack, "bob", "POST", path, { line: "  " });
  expect([empty.status, empty.body.field]).toEqual([400, "line"]);
});

test("takeaways and an action written during the discussion stay with the topic when the room moves on", async () => {
  const { b, topic } = await discussing("19:meeting_edits5@thread.v2");
  await api(stack, "bob", "POST", `${b}/topics/${topic.id}/takeaways`, { line: "Platform owns staging" });
  const action = await api<{ id: string }>(stack, "bob", "POST", `${b}/actions`, { text: "Book staging", ownerName: "Bob", originTopicId: topic.id });
  expect(action.status).toBe(201);
  expect((await api(stack, "alice", "POST", `${b}/timer/stop`)).status).toBe(200);
  const state = await api<{ topics: (Topic & { state: string })[]; actions: { originTopicId: string; text: string }[] }>(stack, "bob", "GET", `${b}/state`);
  const after = state.body.topics.find((t) => t.id === topic.id);
  expect([after?.state, after?.takeaways]).toEqual(["discussed", "Platform owns staging"]);
  expect(state.body.actions.filter((a) => a.originTopicId === topic.id).map((a) => a.text)).toEqual(["Book staging"]);
});

test("two people edit one action's text from the same version: the second gets 409 with both texts, and nothing is lost", async () => {
  const chat = "19:meeting_edits6@thread.v2";
  await stack.joinCast(chat);
  const b = board(chat);
  const made = await api<{ id: string }>(stack, "alice", "POST", `${b}/actions`, { text: "Book staging", ownerName: "Bob" });
  const path = `${b}/actions/${made.body.id}`;
  const first = await api<{ text: string }>(stack, "bob", "PATCH", path, { text: "Book staging for January", was: { text: "Book staging" } });
  expect([first.status, first.body.text]).toEqual([200, "Book staging for January"]);
  const second = await api<Conflict>(stack, "dave", "PATCH", path, { text: "Book staging for the demo", was: { text: "Book staging" } });
  expect(second.status).toBe(409);
  expect(second.body).toMatchObject({ code: "edit_conflict", field: "text", current: { text: "Book staging for January" }, yours: { text: "Book staging for the demo" } });
  // A change to another field from the same start is not a conflict: only the text was contested.
  const due = await api<{ text: string; due: string }>(stack, "dave", "PATCH", path, { due: "2026-12-01", was: { text: "Book staging" } });
  expect([due.status, due.body.text, due.body.due]).toEqual([200, "Book staging for January", "2026-12-01"]);
  // Without saying where it started, a text edit cannot overwrite one that is there.
  expect((await api(stack, "dave", "PATCH", path, { text: "Blind" })).status).toBe(409);
});

test("a topic's title and a team's name are guarded the same way", async () => {
  const chat = "19:meeting_edits7@thread.v2";
  await stack.joinCast(chat);
  const b = board(chat);
  await stack.setRole(chat, "alice", "organizer");
  await stack.setRole(chat, "carol", "presenter");
  const topic = await api<Topic>(stack, "bob", "POST", `${b}/topics`, { title: "Staging" });
  const path = `${b}/topics/${topic.body.id}`;
  expect((await api(stack, "bob", "PATCH", path, { title: "Shared staging", was: { title: "Staging" } })).status).toBe(200);
  const stale = await api<Conflict>(stack, "bob", "PATCH", path, { title: "Staging envs", was: { title: "Staging" } });
  expect([stale.status, stale.body.current]).toEqual([409, { title: "Shared staging" }]);

  const team = await api<{ id: string }>(stack, "alice", "POST", `${b}/teams`, { name: "Green" });
  const teamPath = `${b}/teams/${team.body.id}`;
  expect((await api(stack, "alice", "PATCH", teamPath, { name: "Team Green", was: { name: "Green" } })).status).toBe(200);
  const renamed = await api<Conflict>(stack, "carol", "PATCH", teamPath, { name: "Greens", was: { name: "Green" } });
  expect([renamed.status, renamed.body.current, renamed.body.yours]).toEqual([409, { name: "Team Green" }, { name: "Greens" }]);
});

test("a team's representative and alternate rewriting the daily next steps from the same version: the second gets 409 with both", async () => {
  const chat = "19:meeting_edits8@thread.v2";
  await stack.joinCast(chat);
  await stack.join(chat, "ben");
  await stack.join(chat, "bea");
  const b = board(chat);
  await stack.setRole(chat, "alice", "organizer");
  const person = (name: string) => ({ id: stack.userId(name), name });
  const team = (await api<{ id: string }>(stack, "alice", "POST", `${b}/teams`, { name: "Beta", representative: person("ben"), alternates: [person("bea")] })).body.id;
  expect((await api(stack, "alice", "POST", `${b}/sessions`, { kind: "daily" })).status).toBe(201);
  const path = `${b}/daily/${team}`;
  expect((await api(stack, "ben", "PUT", path, { nextSteps: "Catalogue import", was: "" })).status).toBe(200);
  expect((await api(stack, "ben", "PUT", path, { nextSteps: "Catalogue import, then search", was: "Catalogue import" })).status).toBe(200);
  const stale = await api<Conflict>(stack, "bea", "PUT", path, { nextSteps: "Search first", was: "Catalogue import" });
  expect([stale.status, stale.body.current, stale.body.yours]).toEqual([409, { nextSteps: "Catalogue import, then search" }, { nextSteps: "Search first" }]);
  // A line added to a version someone rewrote since is still theirs to see first.
  const both = await api<{ nextSteps: string }>(stack, "bea", "PUT", path, { nextSteps: "Catalogue import\nPair on search", was: "Catalogue import" });
  expect(both.status).toBe(409);
  const added = await api<{ nextSteps: string }>(stack, "bea", "PUT", path, { nextSteps: "Catalogue import, then search\nPair on search", was: "Catalogue import, then search" });
  expect([added.status, added.body.nextSteps]).toEqual([200, "Catalogue import, then search\nPair on search"]);
});
