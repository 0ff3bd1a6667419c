import fc from "fast-check";
import {
  DomainError,
  countedVotes,
  dotsLeft,
  mergeTopic,
  planCast,
  planWithdraw,
  tally,
  totalDots,
  voterFor,
  voterOf,
  type BoardSettings,
  type Topic,
  type Vote,
} from "../../src/domain";
import { byId, expectRefusal, settings, topic, topicWith } from "./fixtures";

/** Casts through the domain the way the store does: plan the slot, then insert the row. */
function cast(votes: Vote[], voter: string, topicId: string, topics: ReadonlyMap<string, Topic>, s: BoardSettings): Vote[] {
  const mine = votes.filter((v) => v.voter === voter);
  const slot = planCast(mine, topicId, topics, s);
  if (mine.some((v) => v.slot === slot)) throw new Error(`slot ${slot} of ${voter} is taken: the store's insert would fail`);
  return [...votes, { voter, slot, topicId, castBy: voter }];
}

function withdraw(votes: Vote[], voter: string, topicId: string, topics: ReadonlyMap<string, Topic>, limit: number): Vote[] {
  const gone = planWithdraw(votes.filter((v) => v.voter === voter), topicId, topics, limit);
  return votes.filter((v) => !(v.voter === gone.voter && v.slot === gone.slot));
}

function total(dots: ReadonlyMap<string, number>): number {
  return [...dots.values()].reduce((a, b) => a + b, 0);
}

const queue = byId([topic("a"), topic("b"), topic("c")]);

describe("casting dots", () => {
  it("fills a person's slots from the lowest free one", () => {
    let votes: Vote[] = [];
    votes = cast(votes, "ada", "a", queue, settings());
    votes = cast(votes, "ada", "b", queue, settings());
    expect(votes.map((v) => v.slot)).toEqual([0, 1]);
    votes = votes.filter((v) => v.slot !== 0);
    votes = cast(votes, "ada", "c", queue, settings());
    expect(votes.map((v) => v.slot).sort()).toEqual([0, 1]);
  });

  it("a person cannot place more dots than the board allows", () => {
    let votes: Vote[] = [];
    for (const id of ["a", "b", "c"]) votes = cast(votes, "ada", id, queue, settings());
    const error = expectRefusal(() => cast(votes, "ada", "a", queue, settings()), "vote_limit", "topicId");
    expect(error.message).toContain("all 3");
    expect(dotsLeft(votes, 3)).toBe(0);
  });

  it("one person's dots do not use up another's", () => {
    let votes: Vote[] = [];
    for (const id of ["a", "b", "c"]) votes = cast(votes, "ada", id, queue, settings());
    votes = cast(votes, "bob", "a", queue, settings());
    expect(tally(votes, queue, 3).get("a")).toBe(2);
  });

  it("lets a person stack all their dots on one topic when the board allows stacking", () => {
    let votes: Vote[] = [];
    for (let i = 0; i < 3; i++) votes = cast(votes, "ada", "a", queue, settings());
    expect(tally(votes, queue, 3).get("a")).toBe(3);
  });

  it("refuses a second dot on the same topic when the board allows one dot per topic", () => {
    const s = settings({ allowStacking: false });
    const votes = cast([], "ada", "a", queue, s);
    expectRefusal(() => cast(votes, "ada", "a", queue, s), "already_voted", "topicId");
    expect(cast(votes, "ada", "b", queue, s)).toHaveLength(2);
  });

  it("counts a dot on a merged duplicate as a dot on its target when stacking is off", () => {
    const s = settings({ allowStacking: false });
    const merged = mergeTopic(topic("dup"), topic("main"));
    const topics = byId([merged.duplicate, merged.into]);
    const votes: Vote[] = [{ voter: "ada", slot: 0, topicId: "dup", castBy: "ada" }];
    expectRefusal(() => cast(votes, "ada", "main", topics, s), "already_voted");
  });

  it("files a dot for a merged duplicate on the surviving topic", () => {
    const merged = mergeTopic(topic("dup"), topic("main"));
    const topics = byId([merged.duplicate, merged.into]);
    const votes = cast([], "ada", "dup", topics, settings());
    expect(tally(votes, topics, 3)).toEqual(new Map([["main", 1]]));
  });

  it("refuses a dot on a topic that is gone, dropped, or no longer queued", () => {
    const topics = byId([topicWith("talk", "discussing"), topicWith("done", "discussed"), topicWith("gone", "dropped")]);
    expectRefusal(() => planCast([], "missing", topics, settings()), "not_found", "topicId");
    expectRefusal(() => planCast([], "gone", topics, settings()), "not_found", "topicId");
    expectRefusal(() => planCast([], "talk", topics, settings()), "wrong_state", "topicId");
    expectRefusal(() => planCast([], "done", topics, settings()), "wrong_state", "topicId");
  });
});

describe("taking a dot back", () => {
  it("gives the dot back to the person and takes it off the topic", () => {
    let votes = cast([], "ada", "a", queue, settings());
    votes = cast(votes, "ada", "b", queue, settings());
    votes = withdraw(votes, "ada", "a", queue, 3);
    expect(dotsLeft(votes, 3)).toBe(2);
    expect(tally(votes, queue, 3).get("a")).toBeUndefined();
    expect(tally(votes, queue, 3).get("b")).toBe(1);
  });

  it("takes back the highest slot the person has on that topic", () => {
    const votes: Vote[] = [
      { voter: "ada", slot: 0, topicId: "a", castBy: "ada" },
      { voter: "ada", slot: 1, topicId: "b", castBy: "ada" },
      { voter: "ada", slot: 2, topicId: "a", castBy: "ada" },
    ];
    expect(planWithdraw(votes, "a", queue, 3).slot).toBe(2);
  });

  it("is refused when the person has no dot on that topic", () => {
    expectRefusal(() => planWithdraw([], "a", queue, 3), "not_found", "topicId");
  });

  it("is refused once the topic is being discussed: its dots are final", () => {
    const topics = byId([topicWith("talk", "discussing")]);
    const votes: Vote[] = [{ voter: "ada", slot: 0, topicId: "talk", castBy: "ada" }];
    expectRefusal(() => planWithdraw(votes, "talk", topics, 3), "wrong_state", "topicId");
  });

  it("works from either side of a merge", () => {
    const merged = mergeTopic(topic("dup"), topic("main"));
    const topics = byId([merged.duplicate, merged.into]);
    const votes: Vote[] = [{ voter: "ada", slot: 0, topicId: "dup", castBy: "ada" }];
    expect(planWithdraw(votes, "main", topics, 3).topicId).toBe("dup");
    expect(planWithdraw(votes, "dup", topics, 3).topicId).toBe("dup");
  });

  it("gives back a dot that sat on a topic its author dropped", () => {
    const topics = byId([topicWith("gone", "dropped"), topic("a")]);
    const votes: Vote[] = [{ voter: "ada", slot: 0, topicId: "gone", castBy: "ada" }];
    expect(tally(votes, topics, 3).size).toBe(0);
    const back = withdraw(votes, "ada", "gone", topics, 3);
    expect(dotsLeft(back, 3)).toBe(3);
  });
});

describe("lowering the dot limit after people voted", () => {
  // Ada used all 3 dots (slots 0, 1, 2), then the facilitator lowers the limit to 2.
  const votes: Vote[] = [
    { voter: "ada", slot: 0, topicId: "a", castBy: "ada" },
    { voter: "ada", slot: 1, topicId: "b", castBy: "ada" },
    { voter: "ada", slot: 2, topicId: "c", castBy: "ada" },
  ];

  it("stops counting the dots in slots at or above the new limit, in the totals", () => {
    expect(tally(votes, queue, 2)).toEqual(
      new Map([
        ["a", 1],
        ["b", 1],
      ]),
    );
    expect(countedVotes(votes, 2).map((v) => v.slot)).toEqual([0, 1]);
  });

  it("leaves the person no dots and refuses another one", () => {
    expect(dotsLeft(votes, 2)).toBe(0);
    expectRefusal(() => planCast(votes, "c", queue, settings({ votesPerPerson: 2 })), "vote_limit");
  });

  it("does not offer the uncounted dot to take back", () => {
    expectRefusal(() => planWithdraw(votes, "c", queue, 2), "not_found");
  });

  it("lets the person vote again after taking back a counted dot, never above the new limit", () => {
    const s = settings({ votesPerPerson: 2 });
    let next = withdraw(votes, "ada", "a", queue, 2);
    expect(dotsLeft(next, 2)).toBe(1);
    next = cast(next, "ada", "c", queue, s);
    expect(tally(next, queue, 2)).toEqual(
      new Map([
        ["b", 1],
        ["c", 1],
      ]),
    );
    expect(dotsLeft(next, 2)).toBe(0);
  });

  it("counts the stopped dots again if the limit is raised back", () => {
    expect(total(tally(votes, queue, 3))).toBe(3);
  });

  it("stops counting per-team dots in the same way", () => {
    const teamVotes = votes.map((v) => ({ ...v, voter: "team:tA" }));
    expect(total(tally(teamVotes, queue, 1))).toBe(1);
    expect(dotsLeft(teamVotes, 1)).toBe(0);
  });
});

describe("whose dots these are", () => {
  it("are the person's own on a board that counts per person", () => {
    expect(voterFor("u-ada", "tA", settings())).toBe("u-ada");
    expect(voterFor("u-ada", null, settings())).toBe("u-ada");
  });

  it("are the team's on a board that counts per team, so a team cannot outvote others by sending more people", () => {
    const s = settings({ votesPerTeam: true });
    expect(voterFor("u-ada", "tA", s)).toBe("team:tA");
    expect(voterFor("u-bob", "tA", s)).toBe("team:tA");
  });

  it("refuse a person without a team on a board that counts per team", () => {
    expectRefusal(() => voterFor("u-ada", null, settings({ votesPerTeam: true })), "forbidden");
  });

  it("are nobody's for a person without a team on a per-team board: the view and a cast give the same answer", () => {
    expect(voterOf("u-ada", null, settings({ votesPerTeam: true }))).toBeNull();
    expect(voterOf("u-ada", "tA", settings({ votesPerTeam: true }))).toBe("team:tA");
    expect(voterOf("u-ada", null, settings())).toBe("u-ada");
  });
});

describe("the tally", () => {
  it("leaves out dots on dropped topics and on topics that no longer exist", () => {
    const topics = byId([topic("a"), topicWith("gone", "dropped")]);
    const votes: Vote[] = [
      { voter: "ada", slot: 0, topicId: "a", castBy: "ada" },
      { voter: "ada", slot: 1, topicId: "gone", castBy: "ada" },
      { voter: "ada", slot: 2, topicId: "never", castBy: "ada" },
    ];
    expect(tally(votes, topics, 3)).toEqual(new Map([["a", 1]]));
  });

  it("starts a carried-over topic from the dots it carried, counts a merged duplicate's on its target, and none on a dropped one", () => {
    const topics = byId([
      topic("a", { carriedFrom: "s0", carriedDots: 2 }),
      topic("dup", { carriedFrom: "s0", carriedDots: 1, state: "merged", mergedInto: "a" }),
      topic("b"),
      topic("gone", { carriedFrom: "s0", carriedDots: 4, state: "dropped" }),
    ]);
    const votes: Vote[] = [{ voter: "ada", slot: 0, topicId: "b", castBy: "ada" }];
    expect(totalDots(votes, topics, 3)).toEqual(new Map([["b", 1], ["a", 3]]));
    // The carried dots are the topic's, not anyone's: nobody's own count or dots left changes.
    expect(dotsLeft(votes, 3)).toBe(2);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties: the rules hold for any sequence of commands, not just the examples above.

const VOTERS = ["ada", "bob", "cy"] as const;
const TOPICS = ["t0", "t1", "t2", "t3", "t4"] as const;

const castArb = fc.record({ kind: fc.constant("cast" as const), voter: fc.constantFrom(...VOTERS), topicId: fc.constantFrom(...TOPICS) });
const withdrawArb = fc.record({ kind: fc.constant("withdraw" as const), voter: fc.constantFrom(...VOTERS), topicId: fc.constantFrom(...TOPICS) });
/** Takes back one of the voter's own counted dots, so withdrawals that succeed are common. */
const takeBackArb = fc.record({ kind: fc.constant("takeBack" as const), voter: fc.constantFrom(...VOTERS), pick: fc.nat() });
// Mostly small limits, so that lowering the limit below what people already used happens often.
const limitArb = fc.record({ kind: fc.constant("limit" as const), limit: fc.oneof(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 10 })) });
const mergeArb = fc.record({ kind: fc.constant("merge" as const), dup: fc.constantFrom(...TOPICS), into: fc.constantFrom(...TOPICS) });

function counted(votes: readonly Vote[], voter: string, limit: number): Vote[] {
  return countedVotes(
    votes.filter((v) => v.voter === voter),
    limit,
  );
}

function checkInvariants(votes: readonly Vote[], topics: ReadonlyMap<string, Topic>, limit: number): void {
  for (const voter of VOTERS) {
    const mine = votes.filter((v) => v.voter === voter);
    expect(new Set(mine.map((v) => v.slot)).size).toBe(mine.length);
    const n = counted(votes, voter, limit).length;
    expect(n).toBeLessThanOrEqual(limit);
    expect(dotsLeft(mine, limit)).toBe(limit - n);
  }
  const dots = tally(votes, topics, limit);
  expect(total(dots)).toBe(countedVotes(votes, limit).length);
  for (const id of dots.keys()) expect(topics.get(id)?.state).toBe("queued");
}

const votingCommands = fc.array(
  fc.oneof({ weight: 5, arbitrary: castArb }, { weight: 1, arbitrary: withdrawArb }, { weight: 2, arbitrary: takeBackArb }, { weight: 1, arbitrary: limitArb }),
  { maxLength: 60 },
);

describe("properties of dot voting", () => {
  it("for any casts, withdrawals and limit changes: nobody's counted dots exceed the limit, dots left = limit - counted, and the tally equals the counted dots", () => {
    fc.assert(
      fc.property(fc.boolean(), votingCommands, (stacking, commands) => {
        const topics = byId(TOPICS.map((id) => topic(id)));
        let s = settings({ allowStacking: stacking });
        let votes: Vote[] = [];
        for (const c of commands) {
          const limit = s.votesPerPerson;
          if (c.kind === "limit") {
            s = { ...s, votesPerPerson: c.limit };
          } else if (c.kind === "cast") {
            const mine = counted(votes, c.voter, limit);
            const onTopic = mine.some((v) => v.topicId === c.topicId);
            const allowed = mine.length < limit && (stacking || !onTopic);
            if (allowed) {
              votes = cast(votes, c.voter, c.topicId, topics, s);
              expect(counted(votes, c.voter, limit)).toHaveLength(mine.length + 1);
            } else {
              const error = expectRefusalQuietly(() => cast(votes, c.voter, c.topicId, topics, s));
              expect(error.code).toBe(!stacking && onTopic ? "already_voted" : "vote_limit");
            }
          } else if (c.kind === "takeBack") {
            const mine = counted(votes, c.voter, limit);
            const pick = mine[c.pick % Math.max(1, mine.length)];
            if (pick) {
              const before = votes.length;
              votes = withdraw(votes, c.voter, pick.topicId, topics, limit);
              expect(votes).toHaveLength(before - 1);
              expect(counted(votes, c.voter, limit)).toHaveLength(mine.length - 1);
            }
          } else if (c.kind === "withdraw") {
            const onTopic = counted(votes, c.voter, limit).filter((v) => v.topicId === c.topicId);
            if (onTopic.length > 0) {
              const before = votes.length;
              votes = withdraw(votes, c.voter, c.topicId, topics, limit);
              expect(votes).toHaveLength(before - 1);
            } else {
              expect(expectRefusalQuietly(() => withdraw(votes, c.voter, c.topicId, topics, limit)).code).toBe("not_found");
            }
          }
          checkInvariants(votes, topics, s.votesPerPerson);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("for any merges among casts and withdrawals: the counted dots are conserved, land on surviving topics, and nobody exceeds the limit", () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof({ weight: 4, arbitrary: castArb }, { weight: 1, arbitrary: withdrawArb }, { weight: 2, arbitrary: mergeArb }), { maxLength: 50 }),
        (commands) => {
          const s = settings();
          const limit = s.votesPerPerson;
          const topics = byId(TOPICS.map((id) => topic(id)));
          let votes: Vote[] = [];
          for (const c of commands) {
            if (c.kind === "merge") {
              const before = tally(votes, topics, limit);
              const perVoter = VOTERS.map((v) => counted(votes, v, limit).length);
              const dup = topics.get(c.dup);
              const into = topics.get(c.into);
              if (!dup || !into) throw new Error("unknown topic");
              try {
                const merged = mergeTopic(dup, into);
                topics.set(merged.duplicate.id, merged.duplicate);
                topics.set(merged.into.id, merged.into);
              } catch (error) {
                expect(error).toBeInstanceOf(DomainError);
                continue;
              }
              const after = tally(votes, topics, limit);
              expect(total(after)).toBe(total(before));
              expect(after.get(c.dup)).toBeUndefined();
              expect(after.get(c.into) ?? 0).toBe((before.get(c.into) ?? 0) + (before.get(c.dup) ?? 0));
              expect(VOTERS.map((v) => counted(votes, v, limit).length)).toEqual(perVoter);
            } else if (c.kind === "cast") {
              try {
                votes = cast(votes, c.voter, c.topicId, topics, s);
              } catch (error) {
                expect(error).toBeInstanceOf(DomainError);
              }
            } else if (c.kind === "withdraw") {
              try {
                votes = withdraw(votes, c.voter, c.topicId, topics, limit);
              } catch (error) {
                expect(error).toBeInstanceOf(DomainError);
              }
            }
            checkInvariants(votes, topics, limit);
            // Every counted dot lands on the topic its own topic now resolves to, and that one is open.
            const dots = tally(votes, topics, limit);
            for (const [id, n] of dots) {
              const landed = votes.filter((v) => resolveTo(topics, v.topicId) === id).length;
              expect(n).toBe(landed);
            }
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});

function resolveTo(topics: ReadonlyMap<string, Topic>, id: string): string | undefined {
  let t = topics.get(id);
  while (t?.mergedInto) t = topics.get(t.mergedInto);
  return t?.id;
}

function expectRefusalQuietly(command: () => unknown): DomainError {
  try {
    command();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}
