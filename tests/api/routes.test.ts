import { allOperations, api, exercised } from "../support/contract";
import { board, startStack, type Stack } from "../support/stack";

type State = {
  session: { id: string; kind: string; phase: string };
  topics: { id: string; title: string; state: string; dots: number | null; myDots: number; author: { name: string } | null; takeaways: string }[];
  me: { dotsLeft: number; facilitator: boolean };
  timer: {
    status: string;
    remainingMs: number;
    durationMs: number;
    endsAt: number | null;
    expired: boolean;
    round: number;
    extendedByMinutes: number | null;
    grantedBy: { kind: string; name?: string } | null;
  };
  roman: { tally: { up: number; sideways: number; down: number }; myChoice: string | null } | null;
  actions: { id: string; text: string; status: string; overdue: boolean }[];
  teams: { id: string; name: string }[];
  warnings: string[];
  serverTime: number;
};

let stack: Stack;
let clockOffset = 0;
beforeAll(async () => {
  stack = await startStack({ now: () => Date.now() + clockOffset });
});
afterAll(() => stack.close());

let n = 0;
const newChat = async () => {
  const chat = `19:meeting_routes${++n}@thread.v2`;
  await stack.joinCast(chat);
  return chat;
};
const state = async (as: string, chat: string) => (await api<State>(stack, as, "GET", `${board(chat)}/state`)).body;
const addTopic = async (as: string, chat: string, title: string) => (await api<{ id: string }>(stack, as, "POST", `${board(chat)}/topics`, { title })).body.id;

describe("topics", () => {
  test("anyone adds a topic; only its author edits it; bad input is refused naming the field and nothing is written", async () => {
    const chat = await newChat();
    const id = await addTopic("bob", chat, "Shared test environments");
    const edited = await api<{ title: string }>(stack, "bob", "PATCH", `${board(chat)}/topics/${id}`, { title: "Shared staging environments", details: "Who owns it?", was: { title: "Shared test environments", details: "" } });
    expect(edited.status).toBe(200);
    expect(edited.body.title).toBe("Shared staging environments");
    const notMine = await api<{ status: number; detail: string }>(stack, "carol", "PATCH", `${board(chat)}/topics/${id}`, { title: "Hijacked" });
    expect(notMine.status).toBe(403);
    const empty = await api<{ field: string; detail: string }>(stack, "bob", "POST", `${board(chat)}/topics`, { title: "   " });
    expect(empty.status).toBe(400);
    expect(empty.body.field).toBe("title");
    const long = await api<{ field: string; detail: string }>(stack, "bob", "POST", `${board(chat)}/topics`, { title: "x".repeat(201) });
    expect(long.status).toBe(400);
    expect(long.body.detail).toMatch(/200/);
    const wrongType = await api<{ field: string }>(stack, "bob", "POST", `${board(chat)}/topics`, { title: 42 });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.field).toBe("title");
    const s = await state("bob", chat);
    expect(s.topics.map((t) => t.title)).toEqual(["Shared staging environments"]);
  });

  test("identity in the body is ignored: the author is whoever the token says", async () => {
    const chat = await newChat();
    const res = await api<{ authorId: string; authorName: string }>(stack, "bob", "POST", `${board(chat)}/topics`, { title: "Mine", authorId: stack.userId("alice"), authorName: "Alice" });
    expect(res.status).toBe(201);
    expect(res.body.authorId).toBe(stack.userId("bob"));
    expect(res.body.authorName).toBe("Bob");
  });

  test("the author drops a topic and its dots return; a facilitator merges a duplicate and its dots count on the target", async () => {
    const chat = await newChat();
    const a = await addTopic("bob", chat, "CI is slow");
    const b = await addTopic("carol", chat, "Builds take forever");
    const c = await addTopic("carol", chat, "Lunch");
    await api(stack, "dave", "POST", `${board(chat)}/topics/${b}/votes`);
    await api(stack, "dave", "POST", `${board(chat)}/topics/${c}/votes`);
    expect((await api(stack, "bob", "DELETE", `${board(chat)}/topics/${c}`)).status).toBe(403);
    expect((await api(stack, "carol", "DELETE", `${board(chat)}/topics/${c}`)).status).toBe(200);
    expect((await state("dave", chat)).me.dotsLeft).toBe(2);
    expect((await api(stack, "bob", "POST", `${board(chat)}/topics/${b}/merge`, { intoTopicId: a })).status).toBe(403);
    const merged = await api<{ details: string }>(stack, "alice", "POST", `${board(chat)}/topics/${b}/merge`, { intoTopicId: a });
    expect(merged.status).toBe(200);
    expect(merged.body.details).toMatch(/Builds take forever/);
    const s = await state("dave", chat);
    expect(s.topics.map((t) => [t.title, t.dots, t.myDots])).toEqual([["CI is slow", 1, 1]]);
  });

  test("a dropped topic comes back (undo) for its author or a facilitator, with its number; not once the session closed", async () => {
    const chat = await newChat();
    const a = await addTopic("bob", chat, "Release train");
    const b = await addTopic("carol", chat, "Lunch");
    await api(stack, "dave", "POST", `${board(chat)}/topics/${a}/votes`);
    expect((await api(stack, "bob", "DELETE", `${board(chat)}/topics/${a}`)).status).toBe(200);
    expect((await state("dave", chat)).topics.map((t) => t.title)).toEqual(["Lunch"]);
    const notYours = await api<{ code: string }>(stack, "carol", "POST", `${board(chat)}/topics/${a}/restore`);
    expect([notYours.status, notYours.body.code]).toEqual([403, "forbidden"]);
    const back = await api<{ state: string; number: number }>(stack, "bob", "POST", `${board(chat)}/topics/${a}/restore`);
    expect(back.status).toBe(200);
    expect(back.body).toMatchObject({ state: "queued", number: 1 });
    // Back in the queue for everyone; the dot it had went back to its voter at the drop and stays there.
    const s = await state("dave", chat);
    expect(s.topics.map((t) => [t.title, t.dots])).toEqual([["Release train", 0], ["Lunch", 0]]);
    expect(s.me.dotsLeft).toBe(3);
    expect((await api(stack, "bob", "POST", `${board(chat)}/topics/${a}/restore`)).status).toBe(409);
    // A facilitator brings back anyone's topic, while the session is open.
    await api(stack, "carol", "DELETE", `${board(chat)}/topics/${b}`);
    expect((await api(stack, "alice", "POST", `${board(chat)}/topics/${b}/restore`)).status).toBe(200);
    await api(stack, "carol", "DELETE", `${board(chat)}/topics/${b}`);
    await api(stack, "alice", "POST", `${board(chat)}/session/close`);
    const closed = await api<{ detail: string }>(stack, "carol", "POST", `${board(chat)}/topics/${b}/restore`);
    expect(closed.status).toBe(409);
    expect(closed.body.detail).toMatch(/closed/);
  });
});

describe("votes", () => {
  test("a dot is cast and withdrawn; the fourth dot is refused with the limit explained", async () => {
    const chat = await newChat();
    const id = await addTopic("bob", chat, "Dependencies");
    for (let i = 0; i < 3; i++) expect((await api(stack, "bob", "POST", `${board(chat)}/topics/${id}/votes`)).status).toBe(201);
    const fourth = await api<{ code: string; detail: string }>(stack, "bob", "POST", `${board(chat)}/topics/${id}/votes`);
    expect(fourth.status).toBe(409);
    expect(fourth.body.code).toBe("vote_limit");
    expect(fourth.body.detail).toMatch(/all 3/);
    const back = await api<{ dotsLeft: number }>(stack, "bob", "DELETE", `${board(chat)}/topics/${id}/votes`);
    expect(back.body.dotsLeft).toBe(1);
    expect((await api(stack, "carol", "DELETE", `${board(chat)}/topics/${id}/votes`)).status).toBe(404);
    expect((await api(stack, "bob", "POST", `${board(chat)}/topics/01ARZ3NDEKTSV4RRFFQ69G5FAV/votes`)).status).toBe(404);
    expect((await api(stack, "bob", "POST", `${board(chat)}/topics/not-an-id/votes`)).status).toBe(400);
  });

  test("two people voting at the same time each see the other's dots", async () => {
    const chat = await newChat();
    const id = await addTopic("bob", chat, "Release calendar");
    await Promise.all([api(stack, "bob", "POST", `${board(chat)}/topics/${id}/votes`), api(stack, "carol", "POST", `${board(chat)}/topics/${id}/votes`)]);
    for (const who of ["bob", "carol"]) {
      const t = (await state(who, chat)).topics[0];
      expect([t?.dots, t?.myDots]).toEqual([2, 1]);
    }
  });

  test("an unchanged session answers 304 to its ETag, and any write changes the ETag", async () => {
    const chat = await newChat();
    await addTopic("bob", chat, "Polling");
    const first = await api(stack, "carol", "GET", `${board(chat)}/state`);
    const etag = first.headers.get("etag") ?? "";
    const before = stack.host.deps.services.store.rows.metrics.operations;
    const unchanged = await api(stack, "carol", "GET", `${board(chat)}/state`, undefined, { "if-none-match": etag });
    expect(unchanged.status).toBe(304);
    // One point read: the session's head row.
    expect(stack.host.deps.services.store.rows.metrics.operations - before).toBe(1);
    await addTopic("bob", chat, "Another");
    expect((await api(stack, "carol", "GET", `${board(chat)}/state`, undefined, { "if-none-match": etag })).status).toBe(200);
  });

  test("hidden totals stay hidden until discussion starts, and anonymous authors stay anonymous", async () => {
    const chat = await newChat();
    await api(stack, "alice", "PATCH", `${board(chat)}/settings`, { hideTotalsUntilDiscussion: true, anonymousAuthors: true });
    const id = await addTopic("bob", chat, "Secret ballot");
    await api(stack, "carol", "POST", `${board(chat)}/topics/${id}/votes`);
    const seen = (await state("dave", chat)).topics[0];
    expect(seen?.dots).toBeNull();
    expect(seen?.author).toBeNull();
    expect((await state("bob", chat)).topics[0]?.author?.name).toBe("Bob");
    await api(stack, "alice", "POST", `${board(chat)}/timer/next`, {});
    expect((await state("dave", chat)).topics[0]?.dots).toBe(1);
  });
});

describe("facilitation", () => {
  test("discuss next, pause, resume, extend, time's up, continue vote, conclude, takeaways, stop", async () => {
    const chat = await newChat();
    const first = await addTopic("bob", chat, "First");
    await addTopic("bob", chat, "Second");
    await api(stack, "carol", "POST", `${board(chat)}/topics/${first}/votes`);
    const next = await api<{ timer: { status: string; topicId: string } }>(stack, "alice", "POST", `${board(chat)}/timer/next`, {});
    expect(next.body.timer).toMatchObject({ status: "running", topicId: first });
    let s = await state("bob", chat);
    expect(s.timer.remainingMs).toBeGreaterThan(7 * 60_000);
    expect(s.timer.endsAt! - s.serverTime).toBe(s.timer.remainingMs);
    expect((await api(stack, "alice", "POST", `${board(chat)}/timer/pause`)).status).toBe(200);
    expect((await state("bob", chat)).timer.status).toBe("paused");
    expect((await api(stack, "alice", "POST", `${board(chat)}/timer/resume`)).status).toBe(200);
    // The Roman vote opens only at the end of the timebox.
    const early = await api<{ code: string }>(stack, "bob", "PUT", `${board(chat)}/topics/${first}/roman`, { choice: "up" });
    expect(early.status).toBe(409);
    clockOffset += 9 * 60_000;
    s = await state("bob", chat);
    expect(s.timer.expired).toBe(true);
    expect((await api(stack, "bob", "PUT", `${board(chat)}/topics/${first}/roman`, { choice: "up" })).status).toBe(200);
    expect((await api(stack, "carol", "PUT", `${board(chat)}/topics/${first}/roman`, { choice: "sideways" })).status).toBe(200);
    expect((await api(stack, "carol", "PUT", `${board(chat)}/topics/${first}/roman`, { choice: "maybe" })).status).toBe(400);
    s = await state("bob", chat);
    expect(s.roman?.tally).toEqual({ up: 1, sideways: 1, down: 0 });
    expect(s.roman?.myChoice).toBe("up");
    const concluded = await api<{ continuation: { decision: string; minutes: number } }>(stack, "alice", "POST", `${board(chat)}/timer/conclude`);
    expect(concluded.body.continuation).toEqual({ decision: "extend", minutes: 4 });
    s = await state("bob", chat);
    // The room granted this round by its vote.
    expect(s.timer).toMatchObject({ status: "running", round: 1, expired: false, extendedByMinutes: 4, grantedBy: { kind: "room" } });
    // The extension starts from the end of the timebox: four fresh minutes.
    expect(s.timer.durationMs).toBe(4 * 60_000);
    expect(s.timer.remainingMs).toBeGreaterThan(3 * 60_000);
    const extended = await api<{ timer: { round: number } }>(stack, "alice", "POST", `${board(chat)}/timer/extend`);
    expect(extended.body.timer.round).toBe(2);
    // "+2 min" without a vote: everyone's panel can say "Alice added 2 min", not the round's whole length.
    expect((await state("bob", chat)).timer).toMatchObject({ round: 2, extendedByMinutes: 2, grantedBy: { kind: "facilitator", name: "Alice" } });
    expect((await api<{ code: string }>(stack, "alice", "POST", `${board(chat)}/timer/extend`)).status).toBe(409);
    expect((await api(stack, "bob", "POST", `${board(chat)}/topics/${first}/takeaways`, { line: "Split the pipeline" })).status).toBe(200);
    expect((await api(stack, "alice", "POST", `${board(chat)}/timer/stop`)).status).toBe(200);
    s = await state("bob", chat);
    expect(s.timer.status).toBe("idle");
    expect(s.topics.find((t) => t.id === first)).toMatchObject({ state: "discussed", takeaways: "Split the pipeline" });
  });

  test("a timebox that runs out on its own changes the ETag, so a polling panel learns of it in one poll", async () => {
    const chat = await newChat();
    await addTopic("bob", chat, "Runs out");
    await api(stack, "alice", "POST", `${board(chat)}/timer/next`, {});
    const running = await api<State>(stack, "bob", "GET", `${board(chat)}/state`);
    const etag = running.headers.get("etag") ?? "";
    expect((await api(stack, "bob", "GET", `${board(chat)}/state`, undefined, { "if-none-match": etag })).status).toBe(304);
    clockOffset += 9 * 60_000;
    const after = await api<State>(stack, "bob", "GET", `${board(chat)}/state`, undefined, { "if-none-match": etag });
    expect(after.status).toBe(200);
    expect(after.body.timer.expired).toBe(true);
    expect((await api(stack, "bob", "GET", `${board(chat)}/state`, undefined, { "if-none-match": after.headers.get("etag") ?? "" })).status).toBe(304);
  });

  test("a presenter facilitates too", async () => {
    const chat = await newChat();
    await stack.setRole(chat, "carol", "presenter");
    await addTopic("bob", chat, "Anything");
    expect((await api(stack, "carol", "POST", `${board(chat)}/timer/next`, {})).status).toBe(200);
  });

  test("closing a session and starting the next weekly carries undiscussed topics over with their dots as a starting tally", async () => {
    const chat = await newChat();
    const done = await addTopic("bob", chat, "Discussed one");
    const left = await addTopic("bob", chat, "Left over");
    await api(stack, "carol", "POST", `${board(chat)}/topics/${done}/votes`);
    await api(stack, "carol", "POST", `${board(chat)}/topics/${done}/votes`);
    await api(stack, "carol", "POST", `${board(chat)}/topics/${left}/votes`);
    await api(stack, "alice", "POST", `${board(chat)}/timer/next`, {});
    const closed = await api<{ phase: string }>(stack, "alice", "POST", `${board(chat)}/session/close`);
    expect(closed.body.phase).toBe("closed");
    expect((await api(stack, "bob", "POST", `${board(chat)}/topics`, { title: "Too late" })).status).toBe(409);
    const started = await api<{ kind: string; id: string }>(stack, "alice", "POST", `${board(chat)}/sessions`, { kind: "weekly" });
    expect(started.status).toBe(201);
    const s = await state("carol", chat);
    expect(s.session.id).toBe(started.body.id);
    // The carried topic starts from the dot it had; Carol starts the new weekly with all her dots.
    expect(s.topics.map((t) => [t.title, t.state, t.dots, t.myDots, (t as { carriedDots?: number | null }).carriedDots])).toEqual([["Left over", "queued", 1, 0, 1]]);
    expect(s.me.dotsLeft).toBe(3);
    expect((await api(stack, "alice", "POST", `${board(chat)}/sessions`, { kind: "monthly" })).status).toBe(400);
  });
});

describe("actions", () => {
  test("create, edit, move on the Kanban, list with filters; overdue is marked", async () => {
    const chat = await newChat();
    const team = await api<{ id: string }>(stack, "alice", "POST", `${board(chat)}/teams`, { name: "Green" });
    const made = await api<{ id: string; status: string }>(stack, "bob", "POST", `${board(chat)}/actions`, { text: "Share the product data schema", ownerTeamId: team.body.id, due: "2020-01-31" });
    expect(made.status).toBe(201);
    await api(stack, "bob", "POST", `${board(chat)}/actions`, { text: "Book the room", ownerName: "Bob" });
    expect((await api<{ field: string }>(stack, "bob", "POST", `${board(chat)}/actions`, { text: "No owner" })).body.field).toBe("ownerTeamId");
    expect((await api<{ field: string }>(stack, "bob", "POST", `${board(chat)}/actions`, { text: "Bad date", ownerName: "Bob", due: "2026-02-30" })).body.field).toBe("due");
    expect((await api<{ field: string }>(stack, "bob", "POST", `${board(chat)}/actions`, { text: "Ghost team", ownerTeamId: "01ARZ3NDEKTSV4RRFFQ69G5FAV" })).body.field).toBe("ownerTeamId");
    const edited = await api<{ text: string }>(stack, "carol", "PATCH", `${board(chat)}/actions/${made.body.id}`, { text: "Share the product data schema v2", was: { text: "Share the product data schema" } });
    expect(edited.body.text).toMatch(/v2/);
    const overdue = await api<{ text: string; overdue: boolean }[]>(stack, "carol", "GET", `${board(chat)}/actions?overdue=true`);
    expect(overdue.body.map((a) => a.text)).toEqual(["Share the product data schema v2"]);
    const moved = await api<{ status: string }>(stack, "carol", "PUT", `${board(chat)}/actions/${made.body.id}/status`, { status: "doing" });
    expect(moved.body.status).toBe("doing");
    expect((await api(stack, "carol", "PUT", `${board(chat)}/actions/${made.body.id}/status`, { status: "blocked" })).status).toBe(400);
    const doing = await api<{ id: string }[]>(stack, "carol", "GET", `${board(chat)}/actions?status=doing&ownerTeamId=${team.body.id}`);
    expect(doing.body.map((a) => a.id)).toEqual([made.body.id]);
    expect((await api(stack, "carol", "GET", `${board(chat)}/actions?status=nope`)).status).toBe(400);
    expect((await state("dave", chat)).actions.map((a) => [a.status, a.overdue])).toEqual(
      expect.arrayContaining([["doing", true], ["todo", false]]),
    );
  });

  test("deleting an action takes it off the board for everyone, answers what was deleted, and a second delete is a 404", async () => {
    const chat = await newChat();
    const made = await api<{ id: string }>(stack, "bob", "POST", `${board(chat)}/actions`, { text: "Book the room", ownerName: "Bob" });
    const before = (await api(stack, "dave", "GET", `${board(chat)}/state`)).headers.get("etag");
    const gone = await api<{ text: string }>(stack, "carol", "DELETE", `${board(chat)}/actions/${made.body.id}`);
    expect([gone.status, gone.body.text]).toEqual([200, "Book the room"]);
    expect((await state("dave", chat)).actions).toEqual([]);
    expect((await api(stack, "dave", "GET", `${board(chat)}/state`)).headers.get("etag")).not.toBe(before);
    const again = await api<{ field: string }>(stack, "carol", "DELETE", `${board(chat)}/actions/${made.body.id}`);
    expect([again.status, again.body.field]).toEqual([404, "actionId"]);
  });
});

describe("teams and settings", () => {
  test("an eighth team is refused with the seven-team rule explained; raising the limit on purpose allows it with a warning", async () => {
    const chat = await newChat();
    for (const name of ["Red", "Orange", "Yellow", "Green", "Blue", "Indigo", "Violet"]) {
      expect((await api(stack, "alice", "POST", `${board(chat)}/teams`, { name })).status).toBe(201);
    }
    const eighth = await api<{ code: string; detail: string }>(stack, "alice", "POST", `${board(chat)}/teams`, { name: "Black" });
    expect(eighth.status).toBe(409);
    expect(eighth.body.code).toBe("team_limit");
    expect(eighth.body.detail).toMatch(/product area/);
    expect((await api(stack, "alice", "POST", `${board(chat)}/teams`, { name: "red" })).status).toBe(409);
    expect((await api(stack, "alice", "PATCH", `${board(chat)}/settings`, { teamLimit: 8 })).status).toBe(200);
    expect((await api(stack, "alice", "POST", `${board(chat)}/teams`, { name: "Black" })).status).toBe(201);
    const s = await state("bob", chat);
    expect(s.teams).toHaveLength(8);
    expect(s.warnings.join(" ")).toMatch(/product area/);
    const green = s.teams.find((t) => t.name === "Green")!;
    const renamed = await api<{ name: string; representative: { name: string } }>(stack, "alice", "PATCH", `${board(chat)}/teams/${green.id}`, { name: "Team Green", representative: { id: stack.userId("bob"), name: "Bob" }, was: { name: "Green" } });
    expect(renamed.body).toMatchObject({ name: "Team Green", representative: { name: "Bob" } });
    expect((await api(stack, "alice", "DELETE", `${board(chat)}/teams/${green.id}`)).status).toBe(204);
    expect((await state("bob", chat)).teams).toHaveLength(7);
  });

  test("settings refuse a rule-breaking change naming the field", async () => {
    const chat = await newChat();
    const bad = await api<{ field: string; detail: string }>(stack, "alice", "PATCH", `${board(chat)}/settings`, { extensionMinutes: [4, 6] });
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe("extensionMinutes");
    expect((await api<{ field: string }>(stack, "alice", "PATCH", `${board(chat)}/settings`, { timeZone: "Mars/Olympus" })).body.field).toBe("timeZone");
    expect((await api(stack, "alice", "PATCH", `${board(chat)}/settings`, {})).status).toBe(400);
    const good = await api<{ timeboxMinutes: number }>(stack, "alice", "PATCH", `${board(chat)}/settings`, { timeboxMinutes: 10, timeZone: "Europe/Paris" });
    expect(good.body.timeboxMinutes).toBe(10);
  });
});

describe("summary", () => {
  test("a session's summary as JSON, Markdown and CSV", async () => {
    const chat = await newChat();
    const t = await addTopic("bob", chat, "Flaky tests");
    await api(stack, "alice", "POST", `${board(chat)}/timer/next`, {});
    await api(stack, "alice", "PUT", `${board(chat)}/topics/${t}/takeaways`, { takeaways: "Quarantine them" });
    await api(stack, "alice", "POST", `${board(chat)}/actions`, { text: "=cmd|' /C calc'!A0", ownerName: "Carol, QA", originTopicId: t, due: "2030-01-01" });
    const json = await api<{ discussed: { title: string; takeaways: string; actions: { owner: string }[] }[] }>(stack, "bob", "GET", `${board(chat)}/summary`);
    expect(json.body.discussed[0]).toMatchObject({ title: "Flaky tests", takeaways: "Quarantine them", actions: [{ owner: "Carol, QA" }] });
    const md = await stack.call("bob", "GET", `${board(chat)}/summary?format=md`);
    expect(md.headers.get("content-type")).toMatch(/text\/markdown/);
    expect(md.text).toMatch(/### Flaky tests/);
    const csv = await stack.call("bob", "GET", `${board(chat)}/summary?format=csv`);
    expect(csv.headers.get("content-type")).toMatch(/text\/csv/);
    expect(csv.text.split("\r\n")[1]).toBe(`'=cmd|' /C calc'!A0,"Carol, QA",,2030-01-01,To do,no,Flaky tests`);
    expect((await api(stack, "bob", "GET", `${board(chat)}/summary?format=pdf`)).status).toBe(400);
  });

  test("a done action is ticked, statuses are words, owner and team have their own CSV columns, and a French reader gets it in French", async () => {
    const chat = await newChat();
    const t = await addTopic("bob", chat, "Release train");
    const team = (await api<{ id: string }>(stack, "alice", "POST", `${board(chat)}/teams`, { name: "Platform" })).body.id;
    await api(stack, "alice", "POST", `${board(chat)}/timer/next`, {});
    const done = (await api<{ id: string }>(stack, "alice", "POST", `${board(chat)}/actions`, { text: "Freeze the branch", ownerName: "Carol", ownerTeamId: team, originTopicId: t })).body.id;
    const doing = (await api<{ id: string }>(stack, "alice", "POST", `${board(chat)}/actions`, { text: "Write the notes", ownerTeamId: team, originTopicId: t })).body.id;
    await api(stack, "alice", "PUT", `${board(chat)}/actions/${done}/status`, { status: "done" });
    await api(stack, "alice", "PUT", `${board(chat)}/actions/${doing}/status`, { status: "doing" });

    const json = await api<{ actions: { text: string; ownerName: string; team: string | null }[] }>(stack, "bob", "GET", `${board(chat)}/summary`);
    expect(json.body.actions.find((a) => a.text === "Freeze the branch")).toMatchObject({ ownerName: "Carol", team: "Platform" });
    const md = (await stack.call("bob", "GET", `${board(chat)}/summary?format=md`)).text;
    expect(md).toContain("- [x] Freeze the branch — Carol · Platform\n");
    expect(md).toContain("- [ ] Write the notes — Platform\n");
    expect(md).toContain("| Freeze the branch | Carol · Platform |  | Done |");
    expect(md).toContain("| Write the notes | Platform |  | In progress |");
    const csv = (await stack.call("bob", "GET", `${board(chat)}/summary?format=csv`)).text.split("\r\n");
    expect(csv[0]).toBe("action,owner,team,due,status,overdue,topic");
    expect(csv).toContain("Freeze the branch,Carol,Platform,,Done,no,Release train");
    expect(csv).toContain("Write the notes,,Platform,,In progress,no,Release train");

    // The tab asks with lang; any other client gets its Accept-Language.
    const fr = (await stack.call("bob", "GET", `${board(chat)}/summary?format=md&lang=fr`)).text;
    expect(fr).toContain("## Discutés");
    expect(fr).toContain("| Freeze the branch | Carol · Platform |  | Terminé |");
    const byHeader = await stack.call("bob", "GET", `${board(chat)}/summary?format=csv`, undefined, { "accept-language": "fr-FR,fr;q=0.9,en;q=0.5" });
    expect(byHeader.text.split("\r\n")).toContain("Write the notes,,Platform,,En cours,non,Release train");
    // lang wins over the header; a tag that is no language is refused naming the field.
    expect((await stack.call("bob", "GET", `${board(chat)}/summary?format=md&lang=en`, undefined, { "accept-language": "fr" })).text).toContain("## Discussed");
    const bad = await api<{ field: string }>(stack, "bob", "GET", `${board(chat)}/summary?format=md&lang=<b>`);
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe("lang");
  });
});

describe("limits", () => {
  test("a body over 64 KiB is refused with 413 before parsing; a non-JSON body with 415; broken JSON with 400", async () => {
    const chat = await newChat();
    const big = await stack.call<{ status: number }>("bob", "POST", `${board(chat)}/topics`, { title: "x", details: "y".repeat(70_000) });
    expect(big.status).toBe(413);
    const token = await stack.token("bob");
    const text = await fetch(`${stack.url}/api/${board(chat)}/topics`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "text/plain" }, body: "title" });
    expect(text.status).toBe(415);
    const broken = await fetch(`${stack.url}/api/${board(chat)}/topics`, { method: "POST", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: "{" });
    expect(broken.status).toBe(400);
    expect((await state("bob", chat)).topics).toHaveLength(0);
  });
});

// Exercised by their own suites: health (smoke), the daily round and needs (daily), the bot (tests/bot), the change stream (stream),
// presence and claims (membership), the meeting's end (agenda).
const elsewhere = ["health", "postDailyUpdate", "nextTurn", "checkIn", "raiseNeed", "answerNeed", "messages", "watchBoard", "markPresent", "claimTeam", "setMeetingEnd"];

afterAll(() => {
  // Every other operation in the OpenAPI document was exercised, and validated, by these tests.
  expect(allOperations.filter((op) => !exercised.has(op) && !elsewhere.includes(op))).toEqual([]);
});
