import { SignJWT, generateKeyPair, type JWTPayload, type KeyLike } from "jose";
import { LOCAL_CLIENT_ID, LOCAL_TENANT, localIssuerUrl, localUserId } from "../../src/auth/local-issuer";
import { board, startStack, type Stack } from "../support/stack";

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
  await stack.joinCast("19:meeting_auth@thread.v2");
  // Mallory's hand-made tokens are well-formed: she is in the meeting, so only the token decides.
  await stack.join("19:meeting_auth@thread.v2", "mallory");
});
afterAll(() => stack.close());

const chat = "19:meeting_auth@thread.v2";
const OTHER_TENANT = "00000000-0000-4000-8000-0000000000bb";

async function token(overrides: { claims?: JWTPayload; issuer?: string; audience?: string; exp?: number; alg?: string; key?: KeyLike | Uint8Array; kid?: string } = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const origin = new URL(stack.url).origin.replace("127.0.0.1", "localhost");
  const jwt = new SignJWT({ tid: LOCAL_TENANT, oid: localUserId("mallory"), name: "Mallory", scp: "access_as_user", ...overrides.claims })
    .setProtectedHeader({ alg: overrides.alg ?? "RS256", kid: overrides.kid ?? "local-1" })
    .setIssuer(overrides.issuer ?? localIssuerUrl(origin, LOCAL_TENANT))
    .setAudience(overrides.audience ?? `api://localhost/${LOCAL_CLIENT_ID}`)
    .setIssuedAt(now - 60)
    .setExpirationTime(overrides.exp ?? now + 600);
  return jwt.sign(overrides.key ?? (stack.host.issuer.privateKey as KeyLike));
}

async function attempt(tokenValue: string | null): Promise<{ status: number; detail: string }> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (tokenValue !== null) headers["authorization"] = `Bearer ${tokenValue}`;
  const res = await fetch(`${stack.url}/api/${board(chat)}/topics`, { method: "POST", headers, body: JSON.stringify({ title: "Sneaky" }) });
  const body = (await res.json()) as { detail: string };
  return { status: res.status, detail: body.detail };
}

async function topicsOnBoard(): Promise<number> {
  const res = await stack.call<{ topics: unknown[] }>("alice", "GET", `${board(chat)}/state`);
  return res.body.topics.length;
}

test("a well-formed local token is accepted (the same validation path as Teams SSO)", async () => {
  const res = await attempt(await token());
  expect(res.status).toBe(201);
});

test.each([
  ["no token", async () => null],
  ["garbage", async () => "not.a.jwt"],
  ["a token signed by an unknown key", async () => token({ key: (await generateKeyPair("RS256")).privateKey as KeyLike, kid: "someone-else" })],
  ["a token signed by an unknown key claiming our kid", async () => token({ key: (await generateKeyPair("RS256")).privateKey as KeyLike })],
  ["alg none", async () => {
    const [, payload] = (await token()).split(".");
    return `${Buffer.from(JSON.stringify({ alg: "none", typ: "JWT" })).toString("base64url")}.${payload}.`;
  }],
  ["HS256 signed with the public key's text", async () => token({ alg: "HS256", key: new TextEncoder().encode(JSON.stringify(stack.host.issuer.jwks)) })],
  ["the wrong audience", async () => token({ audience: "api://localhost/another-app" })],
  ["an issuer that is not the token's tenant", async () => token({ issuer: localIssuerUrl(new URL(stack.url).origin.replace("127.0.0.1", "localhost"), OTHER_TENANT) })],
  ["expired beyond the allowed skew", async () => token({ exp: Math.floor(Date.now() / 1000) - 600 })],
  ["no access_as_user scope", async () => token({ claims: { scp: "User.Read" } })],
  ["no object id", async () => token({ claims: { oid: undefined } })],
])("%s is refused with 401 and nothing is written", async (_name, make) => {
  const before = await topicsOnBoard();
  const res = await attempt(await make());
  expect(res.status).toBe(401);
  expect(res.detail.length).toBeGreaterThan(10);
  expect(await topicsOnBoard()).toBe(before);
});

test("a token expired within the skew is still accepted", async () => {
  expect((await attempt(await token({ exp: Math.floor(Date.now() / 1000) - 20 }))).status).toBe(201);
});

test("another tenant's people cannot see or touch this tenant's board", async () => {
  const mine = await stack.call<{ id: string }>("alice", "POST", `${board(chat)}/topics`, { title: "Tenant A only" });
  expect(mine.status).toBe(201);
  const otherToken = await stack.host.issuer.issue("eve", { tenant: OTHER_TENANT });
  const headers = { authorization: `Bearer ${otherToken}`, "content-type": "application/json" };
  // Same chat id, other tenant: a different, empty board.
  const seen = (await (await fetch(`${stack.url}/api/${board(chat)}/state`, { headers })).json()) as { topics: { title: string }[] };
  expect(seen.topics.map((t) => t.title)).not.toContain("Tenant A only");
  const vote = await fetch(`${stack.url}/api/${board(chat)}/topics/${mine.body.id}/votes`, { method: "POST", headers });
  expect(vote.status).toBe(404);
  const state = await stack.call<{ topics: { id: string; dots: number }[] }>("alice", "GET", `${board(chat)}/state`);
  expect(state.body.topics.find((t) => t.id === mine.body.id)?.dots).toBe(0);
});
