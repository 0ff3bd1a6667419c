import type { BoardRef } from "../../src/store/keys";
import { api } from "../support/contract";
import { board, startStack, type Stack } from "../support/stack";

/** Every change to a board moves its session's head once and says so once; reads and refusals say nothing. */

let stack: Stack;
const told: { chatId: string; sessionId: string }[] = [];
beforeAll(async () => {
  stack = await startStack();
  stack.host.deps.services.onChanged = (ref: BoardRef, sessionId: string) => void told.push({ chatId: ref.chatId, sessionId });
});
afterAll(() => stack.close());

test("a change tells listeners once; reads and refusals tell nobody", async () => {
  const chat = "19:meeting_changes@thread.v2";
  await stack.joinCast(chat);
  // The board exists (a facilitator set it up): reads never create one.
  await stack.call("alice", "PATCH", `${board(chat)}/settings`, { anonymousAuthors: false });
  told.length = 0;
  const first = await api<{ session: { id: string } }>(stack, "bob", "GET", `${board(chat)}/state`);
  const etag = first.headers.get("etag") ?? "";
  expect(told).toEqual([]);

  expect((await api(stack, "bob", "POST", `${board(chat)}/topics`, { title: "Flaky builds" })).status).toBe(201);
  expect(told).toEqual([{ chatId: chat, sessionId: first.body.session.id }]);
  expect((await api(stack, "bob", "GET", `${board(chat)}/state`, undefined, { "if-none-match": etag })).status).toBe(200);

  told.length = 0;
  await api(stack, "bob", "GET", `${board(chat)}/state`);
  await api(stack, "bob", "GET", `${board(chat)}/actions`);
  expect((await api(stack, "bob", "POST", `${board(chat)}/timer/pause`)).status).toBe(403);
  expect((await api(stack, "bob", "POST", `${board(chat)}/topics`, { title: " " })).status).toBe(400);
  expect(told).toEqual([]);

  // Starting the next session changes the old one too: its panels are told to look again.
  expect((await api(stack, "alice", "POST", `${board(chat)}/sessions`, { kind: "daily" })).status).toBe(201);
  expect(told).toEqual([{ chatId: chat, sessionId: first.body.session.id }]);
});
