import { api } from "../support/contract";
import { board, startStack, type Stack } from "../support/stack";

type Need = { id: string; state: string; fromTeamId: string; toTeamId: string; overdue: boolean; declineReason: string; escalatedTopicId: string | null };
type State = {
  session: { kind: string };
  daily: { order: string[]; turn: { teamId: string; remainingMs: number } | null; updates: { teamId: string; nextSteps: string; postedBy: { name: string } }[] };
  needs: Need[];
  attendance: { teamId: string; person: { name: string } }[];
  topics: { title: string; teamId: string | null; dots: number | null }[];
  me: { dotsLeft: number; teamId: string | null };
};

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.close());

const person = (name: string) => ({ id: stack.userId(name), name: name[0]!.toUpperCase() + name.slice(1) });

async function boardWithTeams(chat: string): Promise<{ alpha: string; beta: string; gamma: string }> {
  // The teams' people are in the meeting (zoe too, who represents no team).
  await stack.joinAll(chat, ["ann", "ben", "bea", "cal", "zoe"]);
  const add = async (name: string, rep: string, alternates: string[] = []) =>
    (await api<{ id: string }>(stack, "alice", "POST", `${board(chat)}/teams`, { name, representative: person(rep), alternates: alternates.map(person) })).body.id;
  return { alpha: await add("Alpha", "ann"), beta: await add("Beta", "ben", ["bea"]), gamma: await add("Gamma", "cal") };
}

const state = async (as: string, chat: string) => (await api<State>(stack, as, "GET", `${board(chat)}/state`)).body;

test("a daily round: turns in a stable order, next steps from each team's representative, needs answered only by the addressed team", async () => {
  const chat = "19:meeting_daily@thread.v2";
  await stack.joinCast(chat);
  const { alpha, beta, gamma } = await boardWithTeams(chat);
  expect((await api(stack, "alice", "POST", `${board(chat)}/sessions`, { kind: "daily" })).status).toBe(201);

  expect((await api(stack, "ann", "POST", `${board(chat)}/daily/turn`, {})).status).toBe(403);
  const turn = await api<{ teamId: string }>(stack, "alice", "POST", `${board(chat)}/daily/turn`, {});
  expect(turn.body.teamId).toBe(alpha);
  let s = await state("ben", chat);
  expect(s.session.kind).toBe("daily");
  expect(s.daily.order).toEqual([alpha, beta, gamma]);
  expect(s.daily.turn?.teamId).toBe(alpha);
  expect(s.daily.turn?.remainingMs).toBeGreaterThan(50_000);

  expect((await api(stack, "ann", "PUT", `${board(chat)}/daily/${alpha}`, { nextSteps: "Advancing with search optimisation" })).status).toBe(200);
  const impostor = await api<{ detail: string }>(stack, "ann", "PUT", `${board(chat)}/daily/${beta}`, { nextSteps: "Speaking for Beta" });
  expect(impostor.status).toBe(403);
  expect(impostor.body.detail).toMatch(/Beta's representative or an alternate/);
  expect((await api(stack, "bea", "PUT", `${board(chat)}/daily/${beta}`, { nextSteps: "Finishing the catalogue import" })).status).toBe(200);

  const raised = await api<Need>(stack, "ann", "POST", `${board(chat)}/needs`, { fromTeamId: alpha, toTeamId: beta, text: "Support with product data" });
  expect(raised.status).toBe(201);
  expect((await api(stack, "cal", "POST", `${board(chat)}/needs`, { fromTeamId: alpha, toTeamId: beta, text: "Not my team" })).status).toBe(403);
  expect((await api<{ field: string }>(stack, "ann", "POST", `${board(chat)}/needs`, { fromTeamId: alpha, toTeamId: alpha, text: "Myself" })).body.field).toBe("toTeamId");

  // Both teams see the open need.
  for (const who of ["ann", "ben"]) expect((await state(who, chat)).needs.map((n) => [n.id, n.state])).toEqual([[raised.body.id, "open"]]);
  expect((await api(stack, "cal", "PUT", `${board(chat)}/needs/${raised.body.id}/answer`, { answer: "accept" })).status).toBe(403);
  expect((await api(stack, "ann", "PUT", `${board(chat)}/needs/${raised.body.id}/answer`, { answer: "accept" })).status).toBe(403);
  expect((await api<{ field: string }>(stack, "ben", "PUT", `${board(chat)}/needs/${raised.body.id}/answer`, { answer: "decline" })).body.field).toBe("reason");
  const accepted = await api<Need>(stack, "ben", "PUT", `${board(chat)}/needs/${raised.body.id}/answer`, { answer: "accept" });
  expect(accepted.body.state).toBe("accepted");
  expect((await state("ann", chat)).needs[0]?.state).toBe("accepted");
  expect((await api(stack, "bea", "PUT", `${board(chat)}/needs/${raised.body.id}/answer`, { answer: "done" })).status).toBe(200);
  expect((await api<{ code: string }>(stack, "ben", "PUT", `${board(chat)}/needs/${raised.body.id}/answer`, { answer: "accept" })).body.code).toBe("wrong_state");

  expect((await api(stack, "cal", "POST", `${board(chat)}/attendance`, { teamId: gamma })).status).toBe(200);
  expect((await api(stack, "cal", "POST", `${board(chat)}/attendance`, { teamId: alpha })).status).toBe(403);
  s = await state("cal", chat);
  expect(s.attendance.map((a) => a.person.name).sort()).toEqual(["Ann", "Bea", "Cal"]);

  const summary = await api<{ daily: { nextSteps: { team: string; nextSteps: string }[]; needsOpened: { state: string }[]; needsAnswered: unknown[] }; attendance: { team: string; person: string }[] }>(
    stack,
    "cal",
    "GET",
    `${board(chat)}/summary`,
  );
  expect(summary.body.daily.nextSteps).toEqual([
    { team: "Alpha", nextSteps: "Advancing with search optimisation", postedBy: "Ann" },
    { team: "Beta", nextSteps: "Finishing the catalogue import", postedBy: "Bea" },
  ]);
  expect(summary.body.daily.needsOpened.map((n) => n.state)).toEqual(["done"]);
  expect(summary.body.daily.needsAnswered).toHaveLength(1);
  expect(summary.body.attendance).toEqual(expect.arrayContaining([{ team: "Gamma", person: "Cal" }]));
  const md = await stack.call("cal", "GET", `${board(chat)}/summary?format=md`);
  expect(md.text).toMatch(/## Next steps/);
  expect(md.text).toMatch(/Alpha → Beta: Support with product data/);
});

test("an overdue need escalates into the next weekly's queue as a topic linked to it, once", async () => {
  const chat = "19:meeting_escalate@thread.v2";
  await stack.joinCast(chat);
  const { alpha, gamma } = await boardWithTeams(chat);
  await api(stack, "alice", "POST", `${board(chat)}/sessions`, { kind: "daily" });
  const late = await api<Need>(stack, "ann", "POST", `${board(chat)}/needs`, { fromTeamId: alpha, toTeamId: gamma, text: "Review our API contract", by: "2020-01-01" });
  await api(stack, "ann", "POST", `${board(chat)}/needs`, { fromTeamId: alpha, toTeamId: gamma, text: "Not due yet", by: "2999-01-01" });
  expect((await state("cal", chat)).needs.find((n) => n.id === late.body.id)?.overdue).toBe(true);
  await api(stack, "alice", "POST", `${board(chat)}/sessions`, { kind: "weekly" });
  const s = await state("cal", chat);
  expect(s.topics.map((t) => [t.title, t.teamId])).toEqual([["Alpha needs Gamma: Review our API contract", alpha]]);
  expect(s.needs.find((n) => n.id === late.body.id)?.escalatedTopicId).toBeTruthy();
  await api(stack, "alice", "POST", `${board(chat)}/sessions`, { kind: "weekly" });
  // Carried over as a topic, not escalated a second time.
  expect((await state("cal", chat)).topics.map((t) => t.title)).toEqual(["Alpha needs Gamma: Review our API contract"]);
});

test("with dots counted per team, a team's representative and alternate share one team's dots; someone with no team is told why", async () => {
  const chat = "19:meeting_perteam@thread.v2";
  await stack.joinCast(chat);
  await boardWithTeams(chat);
  await api(stack, "alice", "PATCH", `${board(chat)}/settings`, { votesPerTeam: true });
  const topic = (await api<{ id: string }>(stack, "ann", "POST", `${board(chat)}/topics`, { title: "Shared" })).body.id;
  for (const who of ["ben", "bea", "ben"]) expect((await api(stack, who, "POST", `${board(chat)}/topics/${topic}/votes`)).status).toBe(201);
  const fourth = await api<{ code: string }>(stack, "bea", "POST", `${board(chat)}/topics/${topic}/votes`);
  expect(fourth.body.code).toBe("vote_limit");
  const outsider = await api<{ detail: string }>(stack, "zoe", "POST", `${board(chat)}/topics/${topic}/votes`);
  expect(outsider.status).toBe(403);
  expect(outsider.body.detail).toMatch(/per team/);
  const s = await state("bea", chat);
  expect(s.topics[0]?.dots).toBe(3);
  expect(s.me.dotsLeft).toBe(0);
});
