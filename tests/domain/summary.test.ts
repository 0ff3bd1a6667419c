import fc from "fast-check";
import {
  addTeam,
  moveAction,
  newSession,
  ownerLabel,
  summarize,
  summaryCsv,
  summaryLanguage,
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
    // A done action is ticked.
    expect(md).toContain("### Release train\n\n> Freeze on Thursdays.\n\n- [x] Fixed during the meeting — Ada\n");
  });

  it("tabulates the action items, marking overdue ones, with statuses in words", () => {
    expect(md).toContain("| Action | Owner | Due | Status |");
    expect(md).toContain("| Clean up runners | Payments | 2026-02-20 (overdue) | To do |");
    expect(md).toContain("| Publish the v2 contract | Ada · Payments | 2026-03-09 | To do |");
    expect(md).toContain("| Fixed during the meeting | Ada |  | Done |");
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
    expect(row).toBe("| A \\| B C | Ada |  | To do |");
  });

  it("keeps a multi-line topic title on its heading and a multi-line action on its checklist line", () => {
    const t = topic("t", { title: "Release\nplan", state: "discussed", discussedAt: T0 });
    const a = action("x", { text: "Check logs\n# Urgent", originTopicId: "t" }, "s2");
    const out = summaryMarkdown(summarize("b1", session, [t, topic("q", { title: "Next\nweek" })], [a], [], "UTC", T0));
    expect(out).toContain("### Release plan\n");
    expect(out).toContain("- [ ] Check logs \\# Urgent — Ada\n");
    expect(out).toContain("- Next week\n");
    expect(out.split("\n").filter((l) => l.startsWith("#"))).toHaveLength(5);
  });
});

describe("the summary in the reader's language", () => {
  const doing = summarize("b1", session, topics, [...actions, moveAction(action("a-doing", { text: "Halfway there" }, "s2"), "doing", T0)], [payments], "UTC", T0 + 61 * MINUTE);

  it("says every status in words: To do, In progress, Done", () => {
    const md = summaryMarkdown(doing);
    expect(md).toContain("| Halfway there | Ada |  | In progress |");
    expect(summaryCsv(doing)).toContain("Halfway there,Ada,,,In progress,no,");
  });

  it("is all French for a French reader: title, sections, statuses, ticks and CSV header; what people typed stays as typed", () => {
    const md = summaryMarkdown(doing, "fr");
    expect(md.split("\n")[0]).toBe("# Scrum of scrums — la réunion hebdomadaire du 2026-03-02");
    expect(md).toContain("## Discutés\n");
    expect(md).toContain("### API versioning\n\n- [ ] Publish the v2 contract — Ada · Payments, échéance 2026-03-09\n");
    expect(md).toContain("- [x] Fixed during the meeting — Ada\n");
    expect(md).toContain("| Action | Responsable | Échéance | Statut |");
    expect(md).toContain("| Clean up runners | Payments | 2026-02-20 (en retard) | À faire |");
    expect(md).toContain("| Halfway there | Ada |  | En cours |");
    expect(md).toContain("| Fixed during the meeting | Ada |  | Terminé |");
    expect(md).toContain("## Reporté à la prochaine réunion hebdomadaire\n\n- Flaky tests\n");
    const csv = summaryCsv(doing, "fr").split("\r\n");
    expect(csv[0]).toBe("action,responsable,équipe,échéance,statut,en retard,sujet");
    expect(csv[1]).toBe("Clean up runners,,Payments,2026-02-20,À faire,oui,");
    const empty = summaryMarkdown(summarize("b1", session, [], [], [], "UTC", T0), "fr");
    expect(empty).toContain("Aucun sujet n'a été discuté.");
    expect(empty).toContain("Aucune action ouverte.");
    expect(empty).toContain("Rien : la file a été vidée.");
  });

  it("takes the reader's language from a locale or an Accept-Language header, English otherwise", () => {
    expect(summaryLanguage("fr-FR")).toBe("fr");
    expect(summaryLanguage("fr")).toBe("fr");
    expect(summaryLanguage("en-US")).toBe("en");
    expect(summaryLanguage("de-DE,fr;q=0.8,en;q=0.5")).toBe("fr");
    expect(summaryLanguage("en;q=0.4, fr-CA;q=0.9")).toBe("fr");
    expect(summaryLanguage("fr;q=0, en")).toBe("en");
    expect(summaryLanguage("de-DE")).toBe("en");
    expect(summaryLanguage(undefined)).toBe("en");
  });
});

describe("user text in the Markdown summary is inert wherever it is pasted", () => {
  const PAYLOADS = ["[Open the board](https://evil.example)", "<img src=x onerror=alert(1)>", "# Heading", "| table | row |", "![pixel](https://t.example/p.gif)", "**bold** _it_ `code` ~~gone~~"];
  const withEverywhere = (p: string): SessionSummary => {
    const act: SummaryAction = { id: "a1", text: p, owner: p, ownerName: p, team: p, ownerUserId: null, ownerTeamId: null, due: null, status: "todo", overdue: false, topic: p };
    const need = { id: "n1", from: p, to: p, text: p, by: null, state: "declined" as const, declineReason: p };
    return {
      boardId: "b1",
      sessionId: "s1",
      kind: "daily",
      date: "2026-03-02",
      discussed: [{ id: "t1", title: p, takeaways: `${p}\n${p}\n\n- ${p}\n1. ${p}\n> ${p}`, actions: [act] }],
      carriedOver: [{ id: "t2", title: p }],
      actions: [act],
      attendance: [{ team: p, person: p }],
      daily: { nextSteps: [{ team: p, nextSteps: p, postedBy: p }], needsOpened: [need], needsAnswered: [need], needsOverdue: [need], actionsMoved: [act] },
    };
  };
  /** Markdown syntax characters not preceded by a backslash escape. */
  const unescaped = (line: string, chars: string) => [...line.matchAll(new RegExp(`(?<!\\\\)[${chars}]`, "g"))].length;

  it.each(PAYLOADS)("%p makes no link, image, HTML, heading, emphasis or table cell in any field", (p) => {
    const out = summaryMarkdown(withEverywhere(p));
    const lines = out.split("\n");
    // HTML shows as text: no tag can open.
    expect(out).not.toMatch(/<[a-z!/]/i);
    // Links and images need an unescaped "[": none in user text (the only ones are our "- [ ]" checkboxes).
    for (const line of lines) expect(unescaped(line.replace(/^- \[ \] /, ""), "\\[\\]")).toBe(0);
    // Headings are only ours.
    expect(lines.filter((l) => /^#{1,6} /.test(l)).map((l) => l.replace(/ .*/, ""))).toEqual(["#", "##", "###", "##", "##", "##", "##", "##", "##", "##", "##"]);
    // Every table row has exactly our five cell borders.
    for (const row of lines.filter((l) => l.startsWith("| "))) expect(unescaped(row, "|")).toBe(5);
    // Emphasis and code markers are escaped, except the bold team names we write ourselves.
    for (const line of lines) expect(unescaped(line.replace(/^- \*\*(.*)\*\*:/, "- $1:"), "*_`~")).toBe(0);
  });

  it("quotes takeaways line by line, so no line can start a list, a heading or a quote of its own", () => {
    const out = summaryMarkdown(withEverywhere("x"));
    expect(out).toContain("> x\n> x\n>\n> \\- x\n> 1\\. x\n> &gt; x\n");
  });

  it("keeps the text readable: escaped characters show as typed", () => {
    const out = summaryMarkdown(withEverywhere("AT&T <3 [draft]"));
    expect(out).toContain("### AT&amp;T &lt;3 \\[draft\\]\n");
  });

  it("leaves CSV formula defusing in place for the same texts", () => {
    const cells = readCsv(summaryCsv(withEverywhere("=HYPERLINK(\"https://evil.example\")")))[1];
    expect(cells?.[0]).toBe('\'=HYPERLINK("https://evil.example")');
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
    actions: rows.map((r, i) => ({ id: `a${i}`, text: "x", owner: "Ada", ownerName: "Ada", team: null, ownerUserId: null, ownerTeamId: null, due: null, status: "todo", overdue: false, topic: null, ...r })),
    attendance: [],
    daily: null,
  };
}

describe("the summary as CSV", () => {
  it("has a header and one row per action item, with CRLF line ends", () => {
    const csv = summaryCsv(summary());
    const lines = csv.split("\r\n");
    expect(lines[0]).toBe("action,owner,team,due,status,overdue,topic");
    expect(lines[1]).toBe("Clean up runners,,Payments,2026-02-20,To do,yes,");
    expect(lines[2]).toBe("Publish the v2 contract,Ada,Payments,2026-03-09,To do,no,API versioning");
    expect(lines[3]).toBe("Fixed during the meeting,Ada,,,Done,no,Release train");
    expect(csv.endsWith("\r\n")).toBe(true);
    expect(readCsv(csv)).toHaveLength(4);
  });

  it("quotes cells holding quotes, commas or line breaks, doubling the quotes", () => {
    const csv = summaryCsv(summaryWith([{ text: 'Say "hi", then\nleave' }]));
    expect(csv.split("\r\n")[1]).toBe('"Say ""hi"", then\nleave",Ada,,,To do,no,');
    expect(readCsv(csv)[1]?.[0]).toBe('Say "hi", then\nleave');
  });

  it.each(["=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\r=1"])("defuses a cell starting like a formula: %p", (text) => {
    const cells = readCsv(summaryCsv(summaryWith([{ text, ownerName: text, team: text, topic: text }])))[1];
    expect(cells?.[0]).toBe(`'${text}`);
    expect(cells?.[1]).toBe(`'${text}`);
    expect(cells?.[2]).toBe(`'${text}`);
    expect(cells?.[6]).toBe(`'${text}`);
  });

  it("leaves ordinary cells alone, including those with a formula sign later on", () => {
    expect(readCsv(summaryCsv(summaryWith([{ text: "Budget = 5k" }])))[1]?.[0]).toBe("Budget = 5k");
  });

  it("for any action texts, a spreadsheet reads back exactly the text, defused when it starts like a formula", () => {
    const text = fc.string({ unit: fc.constantFrom("a", "Z", " ", ",", '"', "\n", "\r", "=", "+", "-", "@", "\t", "'", "é", "😀"), maxLength: 20 });
    fc.assert(
      fc.property(fc.array(fc.record({ text, ownerName: text, team: fc.option(text, { nil: null }), topic: fc.option(text, { nil: null }) }), { maxLength: 5 }), (rows) => {
        const read = readCsv(summaryCsv(summaryWith(rows)));
        expect(read).toHaveLength(rows.length + 1);
        const defused = (v: string) => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v);
        rows.forEach((r, i) => {
          const cells = read[i + 1];
          expect(cells).toHaveLength(7);
          expect(cells?.[0]).toBe(defused(r.text));
          expect(cells?.[1]).toBe(defused(r.ownerName));
          expect(cells?.[2]).toBe(r.team === null ? "" : defused(r.team));
          expect(cells?.[6]).toBe(r.topic === null ? "" : defused(r.topic));
        });
      }),
      { numRuns: 200 },
    );
  });
});
