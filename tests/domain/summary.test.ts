import fc from "fast-check";
import {
  addTeam,
  moveAction,
  newSession,
  ownerLabel,
  summarize,
  summaryCsv,
  summaryMarkdown,
  type ActionItem,
  type Session,
  type SessionSummary,
  type SummaryAction,
  type Team,
  type Topic,
} from "../../src/domain";
import { MINUTE, T0, action, settings, topic } from "./fixtures";

const payments: Team = addTeam([], settings(), { name: "Payments" }, "tA");
const session: Session = { ...newSession("s2", "weekly", T0 - 3 * 24 * 60 * MINUTE), startedAt: T0, phase: "closed", closedAt: T0 + 60 * MINUTE };

const topics: Topic[] = [
  topic("second", { title: "Release train", state: "discussed", discussedAt: T0 + 20 * MINUTE, takeaways: "Freeze on Thursdays." }),
  topic("first", { title: "API versioning", state: "discussed", discussedAt: T0 + 10 * MINUTE }),
  topic("left", { title: "Flaky tests" }),
  topic("gone", { title: "Old idea", state: "dropped" }),
];

const actions: ActionItem[] = [
  action("a-v2", { text: "Publish the v2 contract", ownerName: "Ada", ownerTeamId: "tA", due: "2026-03-09", originTopicId: "first" }, "s2"),
  action("a-old", { text: "Clean up runners", ownerName: "", ownerTeamId: "tA", due: "2026-02-20" }, "s1"),
  moveAction(action("a-closed", { text: "Old and done", due: "2026-01-10" }, "s1"), "done", T0),
  moveAction(action("a-done-here", { text: "Fixed during the meeting", originTopicId: "second" }, "s2"), "done", T0),
];

function summary(): SessionSummary {
  return summarize("b1", session, topics, actions, [payments], "UTC", T0 + 61 * MINUTE);
}

describe("the action-item summary", () => {
  it("is dated by the day the session started, in the board's time zone", () => {
    expect(summary()).toMatchObject({ boardId: "b1", sessionId: "s2", kind: "weekly", date: "2026-03-02" });
    expect(summarize("b1", { ...session, startedAt: Date.UTC(2026, 2, 2, 23, 30) }, [], [], [], "Asia/Tokyo", T0).date).toBe("2026-03-03");
  });

  it("lists the discussed topics in the order they were discussed, each with its takeaways and actions", () => {
    const s = summary();
    expect(s.discussed.map((t) => t.title)).toEqual(["API versioning", "Release train"]);
    expect(s.discussed[0]?.actions.map((a) => a.id)).toEqual(["a-v2"]);
    expect(s.discussed[1]).toMatchObject({ takeaways: "Freeze on Thursdays.", actions: [expect.objectContaining({ id: "a-done-here" })] });
  });

  it("lists what carries over to the next weekly, leaving dropped topics out", () => {
    expect(summary().carriedOver).toEqual([{ id: "left", title: "Flaky tests" }]);
  });

  it("doubles as the review list: every open action on the board and those created in this session, by due date", () => {
    expect(summary().actions.map((a) => a.id)).toEqual(["a-old", "a-v2", "a-done-here"]);
  });

  it("names each action's owner and team, marks overdue ones, and names the topic it came from", () => {
    const [old, v2] = summary().actions;
    expect(old).toMatchObject({ owner: "Payments", overdue: true, topic: null });
    expect(v2).toMatchObject({ owner: "Ada · Payments", overdue: false, topic: "API versioning" });
  });

  it("calls an action with neither a name nor a known team unassigned", () => {
    expect(ownerLabel(action("x", { ownerName: "", ownerTeamId: "deleted-team" }), [payments])).toBe("unassigned");
  });
});

describe("the summary as Markdown", () => {
  const md = summaryMarkdown(summary());

  it("has a title with the kind of meeting and its date", () => {
    expect(md.split("\n")[0]).toBe("# Scrum of scrums — weekly of 2026-03-02");
  });

  it("gives each discussed topic a heading, its takeaways and a checklist of its actions", () => {
    expect(md).toContain("### API versioning\n\n- [ ] Publish the v2 contract — Ada · Payments, due 2026-03-09\n");
    expect(md).toContain("### Release train\n\nFreeze on Thursdays.\n\n- [ ] Fixed during the meeting — Ada\n");
  });

  it("tabulates the action items, marking overdue ones", () => {
    expect(md).toContain("| Action | Owner | Due | Status |");
    expect(md).toContain("| Clean up runners | Payments | 2026-02-20 (overdue) | todo |");
    expect(md).toContain("| Fixed during the meeting | Ada |  | done |");
  });

  it("lists what carries over", () => {
    expect(md).toContain("## Carried over to the next weekly\n\n- Flaky tests\n");
  });

  it("says so when nothing was discussed, no action is open and the queue was cleared", () => {
    const empty = summaryMarkdown(summarize("b1", session, [], [], [], "UTC", T0));
    expect(empty).toContain("Nothing was discussed.");
    expect(empty).toContain("No open action items.");
    expect(empty).toContain("Nothing: the queue was cleared.");
  });

  it("keeps a table row intact when an action's text holds a pipe or a line break", () => {
    const tricky = summarize("b1", session, [], [action("x", { text: "A | B\nC" }, "s2")], [], "UTC", T0);
    const row = summaryMarkdown(tricky)
      .split("\n")
      .find((l) => l.startsWith("| A "));
    expect(row).toBe("| A \\| B C | Ada |  | todo |");
  });

  it("keeps a multi-line topic title on its heading and a multi-line action on its checklist line", () => {
    const t = topic("t", { title: "Release\nplan", state: "discussed", discussedAt: T0 });
    const a = action("x", { text: "Check logs\n# Urgent", originTopicId: "t" }, "s2");
    const out = summaryMarkdown(summarize("b1", session, [t, topic("q", { title: "Next\nweek" })], [a], [], "UTC", T0));
    expect(out).toContain("### Release plan\n");
    expect(out).toContain("- [ ] Check logs # Urgent — Ada\n");
    expect(out).toContain("- Next week\n");
    expect(out.split("\n").filter((l) => l.startsWith("#"))).toHaveLength(5);
  });
});

/** A strict RFC 4180 reader, to check the CSV the way a spreadsheet would read it. */
function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 2;
        continue;
      }
      if (ch === '"') quoted = false;
      else cell += ch;
      i++;
      continue;
    }
    if (ch === '"') {
      if (cell !== "") throw new Error(`stray quote at ${i}`);
      quoted = true;
    } else if (ch === ",") {
      row.push(cell);
      cell = "";
    } else if (ch === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else if (ch === "\r" || ch === "\n") {
      throw new Error(`bare line break at ${i}`);
    } else cell += ch;
    i++;
  }
  if (quoted) throw new Error("unterminated quote");
  if (cell !== "" || row.length > 0) throw new Error("last row not terminated by CRLF");
  return rows;
}

function summaryWith(rows: Partial<SummaryAction>[]): SessionSummary {
  return {
    boardId: "b1",
    sessionId: "s1",
    kind: "weekly",
    date: "2026-03-02",
    discussed: [],
    carriedOver: [],
    actions: rows.map((r, i) => ({ id: `a${i}`, text: "x", owner: "Ada", ownerUserId: null, ownerTeamId: null, due: null, status: "todo", overdue: false, topic: null, ...r })),
    attendance: [],
    daily: null,
  };
}

describe("the summary as CSV", () => {
  it("has a header and one row per action item, with CRLF line ends", () => {
    const csv = summaryCsv(summary());
    const lines = csv.split("\r\n");
    expect(lines[0]).toBe("action,owner,due,status,overdue,topic");
    expect(lines[1]).toBe("Clean up runners,Payments,2026-02-20,todo,yes,");
    expect(lines[2]).toBe("Publish the v2 contract,Ada · Payments,2026-03-09,todo,no,API versioning");
    expect(csv.endsWith("\r\n")).toBe(true);
    expect(readCsv(csv)).toHaveLength(4);
  });

  it("quotes cells holding quotes, commas or line breaks, doubling the quotes", () => {
    const csv = summaryCsv(summaryWith([{ text: 'Say "hi", then\nleave' }]));
    expect(csv.split("\r\n")[1]).toBe('"Say ""hi"", then\nleave",Ada,,todo,no,');
    expect(readCsv(csv)[1]?.[0]).toBe('Say "hi", then\nleave');
  });

  it.each(["=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\r=1"])("defuses a cell starting like a formula: %p", (text) => {
    const cells = readCsv(summaryCsv(summaryWith([{ text, owner: text, topic: text }])))[1];
    expect(cells?.[0]).toBe(`'${text}`);
    expect(cells?.[1]).toBe(`'${text}`);
    expect(cells?.[5]).toBe(`'${text}`);
  });

  it("leaves ordinary cells alone, including those with a formula sign later on", () => {
    expect(readCsv(summaryCsv(summaryWith([{ text: "Budget = 5k" }])))[1]?.[0]).toBe("Budget = 5k");
  });

  it("for any action texts, a spreadsheet reads back exactly the text, defused when it starts like a formula", () => {
    const text = fc.string({ unit: fc.constantFrom("a", "Z", " ", ",", '"', "\n", "\r", "=", "+", "-", "@", "\t", "'", "é", "😀"), maxLength: 20 });
    fc.assert(
      fc.property(fc.array(fc.record({ text, owner: text, topic: fc.option(text, { nil: null }) }), { maxLength: 5 }), (rows) => {
        const read = readCsv(summaryCsv(summaryWith(rows)));
        expect(read).toHaveLength(rows.length + 1);
        const defused = (v: string) => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v);
        rows.forEach((r, i) => {
          const cells = read[i + 1];
          expect(cells).toHaveLength(6);
          expect(cells?.[0]).toBe(defused(r.text));
          expect(cells?.[1]).toBe(defused(r.owner));
          expect(cells?.[5]).toBe(r.topic === null ? "" : defused(r.topic));
        });
      }),
      { numRuns: 200 },
    );
  });
});
