import { board, startStack, type Stack } from "../support/stack";
import { HOSTILE, HOSTILE_SHOWN, TEAM_BLUE, TEAM_GREEN } from "../support/hostile";

/**
 * The Markdown and CSV summaries are pasted into wikis, e-mails and spreadsheets: what people
 * typed in any field must come out as its literal text, making no link, image, HTML, heading,
 * table cell or formula, and carrying no bidi override or zero-width character.
 */

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.close());

/** The summary's own Markdown set aside, what in a line would render as markup. */
function markdownProblems(md: string): string[] {
  const problems: string[] = [];
  for (const line of md.split("\n")) {
    const live = line.replace(/\\[!-/:-@[-`{-~]/g, "\uE000");
    if (/\[[^\]]*\]\(/.test(live)) problems.push(`link: ${line}`);
    if (/!\[/.test(live)) problems.push(`image: ${line}`);
    if (/<[a-z/!]/i.test(live)) problems.push(`html: ${line}`);
    // Headings are the summary's own: "# Scrum of scrums…", "## Section", "### <topic>".
    if (/^#/.test(live) && !/^#{1,3} /.test(live)) problems.push(`heading: ${line}`);
    if (/^\|/.test(live) && live.split("|").length !== 6) problems.push(`table cells: ${line}`);
    if (/[\u202A-\u202E\u2066-\u2069\u200B\u200C\u2060\uFEFF]/.test(line)) problems.push(`invisible: ${line}`);
  }
  return problems;
}

/** Markdown's escapes and the HTML entities the summary uses, read back as a reader sees the text. */
const shown = (md: string) =>
  md
    .replace(/\\([!-/:-@[-`{-~])/g, "$1")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");

test("hostile text in every field is inert in the Markdown and CSV summaries, and shown as typed", async () => {
  const chat = "19:meeting_summaryinjection1@thread.v2";
  await stack.joinCast(chat);
  const b = board(chat);
  await stack.setRole(chat, "alice", "organizer");
  const call = async (as: string, method: string, path: string, body?: unknown) => {
    const res = await stack.call<{ id: string }>(as, method, `${b}/${path}`, body);
    expect([path, res.status < 300 ? "ok" : res.text]).toEqual([path, "ok"]);
    return res.body;
  };
  const person = (name: string) => ({ id: stack.userId(name), name: name[0]!.toUpperCase() + name.slice(1) });
  const green = (await call("alice", "POST", "teams", { name: TEAM_GREEN, representative: person("bob") })).id;
  const blue = (await call("alice", "POST", "teams", { name: TEAM_BLUE, representative: person("carol") })).id;
  const topic = (await call("bob", "POST", "topics", { title: `Title ${HOSTILE}`, teamId: green })).id;
  await call("bob", "POST", "topics", { title: `Carried ${HOSTILE}` });
  await call("alice", "POST", "timer/next", { topicId: topic });
  await call("alice", "PUT", `topics/${topic}/takeaways`, { takeaways: `Takeaway ${HOSTILE}\n# Heading line\n| a | b |\n- list line` });
  await call("bob", "POST", "actions", { text: `=HYPERLINK("https://evil.example") ${HOSTILE}`, ownerName: "Dana [x](https://evil.example/o)", ownerTeamId: green, originTopicId: topic });
  await call("alice", "POST", "timer/stop");

  const weekly = await stack.call("alice", "GET", `${b}/summary?format=md`);
  expect(weekly.status).toBe(200);
  expect(markdownProblems(weekly.text)).toEqual([]);
  for (const field of ["Title", "Carried", "Takeaway"]) expect([field, shown(weekly.text).includes(`${field} ${HOSTILE_SHOWN}`)]).toEqual([field, true]);
  expect(shown(weekly.text)).toContain(`=HYPERLINK("https://evil.example") ${HOSTILE_SHOWN}`);
  expect(shown(weekly.text)).toContain("Dana [x](https://evil.example/o)");
  // Takeaways keep their lines as a quote: none of them starts a heading, a table or a list.
  expect(weekly.text).toMatch(/^> \\# Heading line$/m);

  const csv = await stack.call("alice", "GET", `${b}/summary?format=csv`);
  expect(csv.status).toBe(200);
  expect(csv.text).not.toMatch(/[\u202A-\u202E\u2066-\u2069\u200B\u200C\u2060\uFEFF]/);
  // A formula is defused (a leading quote), and the cell holds the text as typed.
  expect(csv.text).toContain(`"'=HYPERLINK(""https://evil.example"") ${HOSTILE_SHOWN}"`);

  // The daily's fields: next steps and a need with its decline reason.
  await call("alice", "POST", "sessions", { kind: "daily" });
  await call("bob", "PUT", `daily/${green}`, { nextSteps: `Next ${HOSTILE}` });
  const need = (await call("bob", "POST", "needs", { fromTeamId: green, toTeamId: blue, text: `Need ${HOSTILE}` })).id;
  await call("carol", "PUT", `needs/${need}/answer`, { answer: "decline", reason: `Reason ${HOSTILE}` });
  const daily = await stack.call("alice", "GET", `${b}/summary?format=md`);
  expect(markdownProblems(daily.text)).toEqual([]);
  for (const field of ["Next", "Need", "Reason"]) expect([field, shown(daily.text).includes(`${field} ${HOSTILE_SHOWN}`)]).toEqual([field, true]);
  expect(shown(daily.text)).toContain("Green [Go](https://evil.example/g) <b>x</b>");
  expect(shown(daily.text)).toContain("Blue <at>Alice</at> **loud**");
});
