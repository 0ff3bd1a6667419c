import fc from "fast-check";
import { routes } from "../../src/functions/routes";
import { keys } from "../../src/store/keys";
import { LOCAL_TENANT } from "../../src/auth/local-issuer";
import { board, startStack, type Stack } from "../support/stack";

/**
 * Property-based fuzzing of every route's path, query and body, sent with a facilitator's token
 * so every check is reachable: the answer is never a 5xx, a refusal always carries a problem
 * body, and a refused request changes nothing in storage.
 */
let stack: Stack;
const chat = "19:meeting_fuzz@thread.v2";
let topicId = "";
let actionId = "";

beforeAll(async () => {
  stack = await startStack();
  await stack.joinCast(chat);
  topicId = (await stack.call<{ id: string }>("alice", "POST", `${board(chat)}/topics`, { title: "Fuzz target" })).body.id;
  actionId = (await stack.call<{ id: string }>("alice", "POST", `${board(chat)}/actions`, { text: "Fuzz action", ownerName: "Alice" })).body.id;
});
afterAll(() => stack.close());

const hostile = fc.oneof(
  fc.constantFrom(
    "' or PartitionKey ne '",
    "') or (RowKey ge '",
    "%00",
    "../../etc/passwd",
    "\u0000",
    "\uD800",
    "🎉".repeat(300),
    "a".repeat(70_000),
    "<script>alert(1)</script>",
    "=HYPERLINK(\"x\")",
    "null",
    "",
    " ",
    "NaN",
    "-1",
    "1e309",
  ),
  fc.string({ unit: "binary", maxLength: 300 }),
  fc.string({ unit: "grapheme", maxLength: 50 }),
);

const jsonValue: fc.Arbitrary<unknown> = fc.oneof(
  hostile,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(hostile, { maxLength: 5 }),
  fc.dictionary(hostile, hostile, { maxKeys: 4 }),
);

/** Bodies shaped like the real ones (right keys, wrong or extreme values) and plain junk. */
function bodyFor(example: Record<string, unknown>): fc.Arbitrary<unknown> {
  const keysOf = Object.keys(example);
  return fc.oneof(
    fc.record(Object.fromEntries(keysOf.map((k) => [k, jsonValue])), { requiredKeys: [] }),
    fc.anything(),
    jsonValue,
  );
}

const EXAMPLES: Record<string, Record<string, unknown>> = {
  addTopic: { title: "t", details: "d", teamId: null },
  editTopic: { title: "t", details: "d" },
  mergeTopic: { intoTopicId: "x" },
  recordTakeaways: { takeaways: "x" },
  discussNext: { topicId: "x" },
  castRomanVote: { choice: "up" },
  startSession: { kind: "weekly" },
  createAction: { text: "x", ownerTeamId: null, ownerUserId: null, ownerName: "x", due: "2026-01-01", originTopicId: null },
  editAction: { text: "x", due: "2026-01-01" },
  moveAction: { status: "done" },
  updateSettings: { timeboxMinutes: 8, extensionMinutes: [4, 2], timeZone: "UTC", cadence: null, votesPerPerson: 3 },
  addTeam: { name: "x", color: "blue", representative: null, alternates: [] },
  editTeam: { name: "x" },
  postDailyUpdate: { nextSteps: "x" },
  raiseNeed: { fromTeamId: "x", toTeamId: "y", text: "z", by: null },
  answerNeed: { answer: "accept", reason: "x" },
  nextTurn: { teamId: "x" },
  checkIn: { teamId: "x" },
};

/** Everything in the board's partitions, to prove a refused request wrote nothing. */
async function snapshot(): Promise<string> {
  const ref = { tenantId: LOCAL_TENANT, chatId: chat };
  const rows = stack.host.deps.services.store.rows;
  const meta = await stack.host.deps.services.store.getMeta(ref);
  const all = [
    ...(await rows.query<unknown>(`PartitionKey eq '${keys.board(ref).replace(/'/g, "''")}'`)),
    ...(await rows.query<unknown>(`PartitionKey eq '${keys.session(ref, meta!.value.currentSessionId).replace(/'/g, "''")}'`)),
  ];
  return JSON.stringify(all.map((r) => [r.rowKey, r.etag]).sort());
}

/** What a browser would send for any text: lone surrogates cannot travel in a URL and become U+FFFD. */
function encode(text: string): string {
  return encodeURIComponent(text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD"));
}

const apiRoutes = routes.filter((r) => !("raw" in r));

test.each(apiRoutes.map((r) => [r.name, r] as const))("%s: fuzzed input never gives a 5xx, and a refusal writes nothing", async (_name, route) => {
  const params = [...route.route.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).filter((p) => p !== "chatId");
  const valid: Record<string, string> = { topicId, actionId, teamId: topicId, needId: topicId };
  await fc.assert(
    fc.asyncProperty(
      fc.record(Object.fromEntries(params.map((p) => [p, fc.oneof(fc.constant(valid[p] ?? "x"), hostile)]))),
      fc.dictionary(fc.constantFrom("format", "status", "overdue", "ownerTeamId", "sessionId", "x"), hostile, { maxKeys: 3 }),
      bodyFor(EXAMPLES[route.name] ?? {}),
      async (pathValues, query, body) => {
        let path = route.route.replace("{chatId}", encodeURIComponent(chat));
        for (const [p, v] of Object.entries(pathValues)) path = path.replace(`{${p}}`, encode(String(v)));
        const qs = new URLSearchParams(query as Record<string, string>).toString();
        const before = await snapshot();
        const res = await stack.call<{ status?: number; detail?: string }>("alice", route.method, path + (qs ? `?${qs}` : ""), route.method === "GET" || route.method === "DELETE" ? undefined : body);
        expect(res.status).toBeLessThan(500);
        if (res.status >= 400) {
          expect(res.headers.get("content-type")).toMatch(/application\/problem\+json/);
          expect(res.body.status).toBe(res.status);
          expect(typeof res.body.detail).toBe("string");
          expect(await snapshot()).toBe(before);
        }
      },
    ),
    { numRuns: 15 },
  );
}, 120_000);

test("fuzzed chat ids in the path never give a 5xx and never collide with the real board", async () => {
  await fc.assert(
    fc.asyncProperty(hostile, async (chatId) => {
      const res = await stack.call<{ topics?: { title: string }[] }>("alice", "GET", `boards/${encode(chatId)}/state`);
      expect(res.status).toBeLessThan(500);
      if (res.status === 200 && chatId !== chat) expect(res.body.topics?.map((t) => t.title)).not.toContain("Fuzz target");
    }),
    { numRuns: 40 },
  );
}, 120_000);
