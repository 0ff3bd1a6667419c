import fc from "fast-check";
import {
  TOPIC_DETAILS_MAX,
  TOPIC_TITLE_MAX,
  addTopic,
  carryOver,
  dropTopic,
  editTopic,
  isStillOpen,
  mergeTopic,
  orderQueue,
  recordTakeaways,
  resolveTopic,
  restoreTopic,
  topicNumbered,
  type Topic,
  type TopicState,
} from "../../src/domain";
import { T0, byId, expectRefusal, topic, topicWith } from "./fixtures";

const ada = { id: "u-ada", name: "Ada" };

describe("adding a topic", () => {
  it("queues it with its title, details, author, team and the time it was added", () => {
    const t = addTopic({ title: "  API versioning  ", details: " Who owns v2? ", teamId: "tA" }, ada, T0, "x1", 7);
    expect(t).toMatchObject({
      id: "x1",
      number: 7,
      title: "API versioning",
      details: "Who owns v2?",
      authorId: ada.id,
      authorName: "Ada",
      teamId: "tA",
      state: "queued",
      createdAt: T0,
      mergedInto: null,
      takeaways: "",
      discussedAt: null,
      carriedFrom: null,
      carriedDots: 0,
    });
  });

  it("needs no details and no team", () => {
    const t = addTopic({ title: "Release train" }, ada, T0, "x1", 1);
    expect(t.details).toBe("");
    expect(t.teamId).toBeNull();
  });

  it("accepts a title of 1 to 200 characters and refuses an empty or longer one", () => {
    expect(addTopic({ title: "x" }, ada, T0, "x", 1).title).toBe("x");
    expect(addTopic({ title: "x".repeat(TOPIC_TITLE_MAX) }, ada, T0, "x", 1).title).toHaveLength(200);
    expectRefusal(() => addTopic({ title: "   " }, ada, T0, "x", 1), "invalid", "title");
    const error = expectRefusal(() => addTopic({ title: "x".repeat(TOPIC_TITLE_MAX + 1) }, ada, T0, "x", 1), "invalid", "title");
    expect(error.message).toContain("201");
    expect(error.message).toContain("200");
  });

  it("accepts details up to 2,000 characters and refuses longer ones", () => {
    expect(addTopic({ title: "x", details: "d".repeat(TOPIC_DETAILS_MAX) }, ada, T0, "x", 1).details).toHaveLength(2000);
    expectRefusal(() => addTopic({ title: "x", details: "d".repeat(TOPIC_DETAILS_MAX + 1) }, ada, T0, "x", 1), "invalid", "details");
  });
});

describe("editing a topic", () => {
  const mine = addTopic({ title: "Old title", details: "Old details", teamId: "tA" }, ada, T0, "x1", 1);

  it("lets its author change the title and details and keeps the rest", () => {
    const edited = editTopic(mine, ada.id, { title: "New title" }, { title: "Old title" });
    expect(edited.title).toBe("New title");
    expect(edited.details).toBe("Old details");
    expect(edited.teamId).toBe("tA");
    expect(edited.createdAt).toBe(T0);
  });

  it("refuses anyone but the author", () => {
    expectRefusal(() => editTopic(mine, "u-bob", { title: "Hijacked" }), "forbidden");
  });

  it("refuses once the topic left the queue", () => {
    for (const state of ["discussing", "discussed", "dropped", "merged"] as const) {
      expectRefusal(() => editTopic({ ...mine, state }, ada.id, { title: "Late" }), "wrong_state");
    }
  });

  it("checks the new title like a new one", () => {
    expectRefusal(() => editTopic(mine, ada.id, { title: "" }), "invalid", "title");
  });
});

describe("dropping a topic", () => {
  const t = topic("x1", { authorId: ada.id });

  it("lets its author withdraw it", () => {
    expect(dropTopic(t, ada.id, false).state).toBe("dropped");
  });

  it("lets a facilitator drop anyone's topic", () => {
    expect(dropTopic(t, "u-facilitator", true).state).toBe("dropped");
  });

  it("refuses another participant", () => {
    expectRefusal(() => dropTopic(t, "u-bob", false), "forbidden");
  });

  it("refuses a topic that is being or was discussed", () => {
    expectRefusal(() => dropTopic({ ...t, state: "discussing" }, ada.id, true), "wrong_state");
    expectRefusal(() => dropTopic({ ...t, state: "discussed" }, ada.id, true), "wrong_state");
  });
});

describe("bringing a dropped topic back (undo)", () => {
  const dropped = dropTopic(topic("x1", { authorId: ada.id, carriedDots: 2, number: 4 }), ada.id, false);

  it("puts it back in the queue as it was, for its author or a facilitator", () => {
    expect(restoreTopic(dropped, ada.id, false)).toEqual({ ...dropped, state: "queued" });
    expect(restoreTopic(dropped, "u-facilitator", true).state).toBe("queued");
  });

  it("refuses anyone else, and a topic that was not dropped", () => {
    expectRefusal(() => restoreTopic(dropped, "u-bob", false), "forbidden");
    expectRefusal(() => restoreTopic({ ...dropped, state: "queued" }, ada.id, true), "wrong_state");
    expectRefusal(() => restoreTopic({ ...dropped, state: "merged" }, ada.id, true), "wrong_state");
  });
});

describe("merging a duplicate into another topic", () => {
  const dup = topic("dup", { title: "CI is slow", details: "Builds take 40 min" });
  const into = topic("main", { title: "Build times", details: "Shared runners" });

  it("marks the duplicate merged and points it at the surviving topic", () => {
    const merged = mergeTopic(dup, into);
    expect(merged.duplicate.state).toBe("merged");
    expect(merged.duplicate.mergedInto).toBe("main");
    expect(merged.into.state).toBe("queued");
  });

  it("keeps the duplicate's details on the surviving topic", () => {
    const merged = mergeTopic(dup, into);
    expect(merged.into.details).toContain("Shared runners");
    expect(merged.into.details).toContain('Merged from "CI is slow": Builds take 40 min');
    expect(mergeTopic({ ...dup, details: "" }, into).into.details).toContain('Merged from "CI is slow".');
  });

  it("never lets the merged details grow past 2,000 characters", () => {
    const full = { ...into, details: "d".repeat(TOPIC_DETAILS_MAX) };
    expect(mergeTopic(dup, full).into.details.length).toBeLessThanOrEqual(TOPIC_DETAILS_MAX);
  });

  it("may merge into the topic under discussion", () => {
    expect(mergeTopic(dup, { ...into, state: "discussing" }).duplicate.mergedInto).toBe("main");
  });

  it("refuses a topic merged into itself", () => {
    expectRefusal(() => mergeTopic(dup, dup), "invalid", "intoTopicId");
  });

  it("refuses a duplicate that left the queue, or a target that is closed", () => {
    expectRefusal(() => mergeTopic({ ...dup, state: "discussed" }, into), "wrong_state");
    for (const state of ["discussed", "dropped", "merged"] as const) {
      expectRefusal(() => mergeTopic(dup, { ...into, state }), "wrong_state", "intoTopicId");
    }
  });

  it("follows chains of merges to the topic that now stands for a duplicate", () => {
    const a = topic("a", { state: "merged", mergedInto: "b" });
    const b = topic("b", { state: "merged", mergedInto: "c" });
    const c = topic("c");
    const topics = byId([a, b, c]);
    expect(resolveTopic(topics, "a")?.id).toBe("c");
    expect(resolveTopic(topics, "c")?.id).toBe("c");
    expect(resolveTopic(topics, "missing")).toBeUndefined();
  });
});

describe("the queue", () => {
  it("puts the topic with the most dots first", () => {
    const topics = [topic("a"), topic("b"), topic("c")];
    const dots = new Map([
      ["a", 1],
      ["b", 4],
      ["c", 2],
    ]);
    expect(orderQueue(topics, dots).map((t) => t.id)).toEqual(["b", "c", "a"]);
  });

  it("breaks a tie by putting the oldest topic first", () => {
    const topics = [topicWith("late", "queued", T0 + 2000), topicWith("early", "queued", T0 + 1000)];
    expect(orderQueue(topics, new Map([["late", 2], ["early", 2]])).map((t) => t.id)).toEqual(["early", "late"]);
  });

  it("treats a topic with no dots as zero and leaves out topics no longer queued", () => {
    const topics = [topic("q"), topicWith("d", "discussing"), topicWith("x", "discussed"), topicWith("r", "dropped"), topicWith("m", "merged")];
    expect(orderQueue(topics, new Map([["x", 9]])).map((t) => t.id)).toEqual(["q"]);
  });

  const states: TopicState[] = ["queued", "discussing", "discussed", "dropped", "merged"];
  const topicsArb = fc
    .uniqueArray(
      fc.record({
        id: fc.string({ minLength: 1, maxLength: 4 }),
        createdAt: fc.integer({ min: 0, max: 5 }),
        state: fc.constantFrom(...states),
        dots: fc.integer({ min: 0, max: 4 }),
      }),
      { selector: (r) => r.id, maxLength: 25 },
    )
    .chain((rows) => fc.tuple(fc.constant(rows), fc.shuffledSubarray(rows, { minLength: rows.length, maxLength: rows.length })));

  it("for any topics and dots: only queued topics, most dots first then oldest first, the same order whatever the input order", () => {
    fc.assert(
      fc.property(topicsArb, ([rows, shuffled]) => {
        const dots = new Map(rows.map((r) => [r.id, r.dots]));
        const queue = orderQueue(rows, dots);
        expect(queue.every((t) => t.state === "queued")).toBe(true);
        expect(queue.map((t) => t.id).sort()).toEqual(rows.filter((r) => r.state === "queued").map((r) => r.id).sort());
        for (let i = 1; i < queue.length; i++) {
          const [before, after] = [queue[i - 1], queue[i]];
          if (!before || !after) throw new Error("hole in queue");
          const [db, da] = [dots.get(before.id) ?? 0, dots.get(after.id) ?? 0];
          expect(db).toBeGreaterThanOrEqual(da);
          if (db === da) expect(before.createdAt).toBeLessThanOrEqual(after.createdAt);
        }
        expect(orderQueue(shuffled, dots).map((t) => t.id)).toEqual(queue.map((t) => t.id));
        expect(orderQueue(rows, dots).map((t) => t.id)).toEqual(queue.map((t) => t.id));
      }),
      { numRuns: 300 },
    );
  });

  it("does not reorder the list it was given", () => {
    const topics = [topic("a"), topic("b")];
    orderQueue(topics, new Map([["b", 3]]));
    expect(topics.map((t) => t.id)).toEqual(["a", "b"]);
  });
});

describe("takeaways", () => {
  it("are recorded on the topic under discussion or after it", () => {
    expect(recordTakeaways(topicWith("a", "discussing"), " Agreed: one pipeline ").takeaways).toBe("Agreed: one pipeline");
    expect(recordTakeaways(topicWith("a", "discussed"), "Done").takeaways).toBe("Done");
  });

  it("are refused before the topic is discussed", () => {
    expectRefusal(() => recordTakeaways(topic("a"), "Too early"), "wrong_state");
  });

  it("are limited to 4,000 characters", () => {
    expectRefusal(() => recordTakeaways(topicWith("a", "discussing"), "t".repeat(4001)), "invalid", "takeaways");
  });
});

describe("carrying topics over to the next weekly", () => {
  const topics: Topic[] = [
    topic("q", { authorName: "Ada" }),
    topicWith("talking", "discussing"),
    topic("done", { state: "discussed", discussedAt: T0 }),
    topicWith("gone", "dropped"),
    topic("dup", { state: "merged", mergedInto: "q" }),
    topic("older", { carriedFrom: "s0" }),
  ];

  const dots = new Map([
    ["q", 3],
    ["older", 1],
  ]);

  it("moves every undiscussed topic, back in the queue, keeping who added it and when", () => {
    const carried = carryOver(topics, "s1", dots);
    expect(carried.map((t) => t.id)).toEqual(["q", "talking", "older"]);
    expect(carried.every((t) => t.state === "queued" && t.discussedAt === null)).toBe(true);
    expect(carried[0]).toMatchObject({ authorName: "Ada", createdAt: T0 });
  });

  it("remembers the session a topic was first added in", () => {
    const carried = carryOver(topics, "s1", dots);
    expect(carried.find((t) => t.id === "q")?.carriedFrom).toBe("s1");
    expect(carried.find((t) => t.id === "older")?.carriedFrom).toBe("s0");
  });

  it("keeps the topic ids and numbers, so `vote 4` still means the topic people knew as 4", () => {
    const carried = carryOver(topics, "s1", dots);
    for (const t of carried) expect(topics.find((o) => o.id === t.id)?.number).toBe(t.number);
    expect(topicNumbered(carried, topics[5]?.number ?? 0)?.id).toBe("older");
  });

  it("keeps each topic's dots as its starting tally (none for a topic without dots)", () => {
    const carried = carryOver(topics, "s1", dots);
    expect(Object.fromEntries(carried.map((t) => [t.id, t.carriedDots]))).toEqual({ q: 3, talking: 0, older: 1 });
  });
});

describe("a topic still open", () => {
  it("is one queued or under discussion; merges land only there and only those carry over", () => {
    const states: TopicState[] = ["queued", "discussing", "discussed", "dropped", "merged"];
    expect(states.filter((state) => isStillOpen({ state }))).toEqual(["queued", "discussing"]);
    const all = states.map((state) => topic(state, { state }));
    expect(carryOver(all, "s0", new Map()).map((t) => t.id)).toEqual(all.filter(isStillOpen).map((t) => t.id));
    for (const into of all) {
      const merge = () => mergeTopic(topic("dup"), into);
      if (isStillOpen(into)) expect(merge().duplicate.mergedInto).toBe(into.id);
      else expectRefusal(merge, "wrong_state");
    }
  });
});
