import {
  ACTION_TEXT_MAX,
  calendarDate,
  checkDate,
  createAction,
  editAction,
  filterActions,
  isMyAction,
  isOverdue,
  moveAction,
  type ActionStatus,
} from "../../src/domain";
import { MINUTE, T0, action, expectRefusal } from "./fixtures";

describe("creating an action item", () => {
  it("records the text, owner, due date, origin topic and session, and starts in todo", () => {
    const a = createAction(
      { text: "  Publish the v2 API contract  ", ownerTeamId: "tA", ownerUserId: "u-ada", ownerName: "Ada", due: "2026-03-09", originTopicId: "topic-1" },
      "u-bob",
      T0,
      "a1",
      "s1",
    );
    expect(a).toEqual({
      id: "a1",
      text: "Publish the v2 API contract",
      ownerTeamId: "tA",
      ownerUserId: "u-ada",
      ownerName: "Ada",
      due: "2026-03-09",
      status: "todo",
      originTopicId: "topic-1",
      originSessionId: "s1",
      createdAt: T0,
      createdBy: "u-bob",
      updatedAt: T0,
      doneAt: null,
    });
  });

  it("may be owned by a team alone, a person alone, or a named person", () => {
    expect(createAction({ text: "x", ownerTeamId: "tA" }, "u", T0, "a", null).ownerTeamId).toBe("tA");
    expect(createAction({ text: "x", ownerUserId: "u-ada" }, "u", T0, "a", null).ownerUserId).toBe("u-ada");
    expect(createAction({ text: "x", ownerName: "Ada" }, "u", T0, "a", null).ownerName).toBe("Ada");
  });

  it("is refused without any owner", () => {
    const error = expectRefusal(() => createAction({ text: "Nobody's job" }, "u", T0, "a", null), "invalid", "ownerTeamId");
    expect(error.message).toMatch(/owner/);
  });

  it("needs a text of 1 to 500 characters", () => {
    expect(action("a", { text: "x".repeat(ACTION_TEXT_MAX) }).text).toHaveLength(500);
    expectRefusal(() => action("a", { text: " " }), "invalid", "text");
    expectRefusal(() => action("a", { text: "x".repeat(ACTION_TEXT_MAX + 1) }), "invalid", "text");
  });

  it("has no due date unless one is given", () => {
    expect(action("a").due).toBeNull();
    expect(action("a", { due: "" }).due).toBeNull();
  });

  it("is not tied to a session when created outside one, and outlives sessions on the board", () => {
    expect(action("a", {}, null).originSessionId).toBeNull();
  });
});

describe("due dates", () => {
  it.each(["2026-02-30", "2026-13-01", "2026-1-5", "05/03/2026", "tomorrow", "2026-02-29"])("refuses %p as not a date", (value) => {
    const error = expectRefusal(() => checkDate(value, "due"), "invalid", "due");
    expect(error.message).toContain("YYYY-MM-DD");
  });

  it("accepts real calendar dates, including a leap day", () => {
    expect(checkDate("2028-02-29", "due")).toBe("2028-02-29");
    expect(checkDate("2026-12-31", "due")).toBe("2026-12-31");
  });
});

describe("editing an action item", () => {
  const a = action("a1", { ownerTeamId: "tA", due: "2026-03-09" });

  it("changes only what was given and records when", () => {
    const edited = editAction(a, { text: "Ship it" }, T0 + MINUTE, { text: a.text });
    expect(edited).toMatchObject({ text: "Ship it", ownerTeamId: "tA", ownerName: "Ada", due: "2026-03-09", updatedAt: T0 + MINUTE, createdAt: T0 });
  });

  it("can clear the due date", () => {
    expect(editAction(a, { due: null }, T0).due).toBeNull();
  });

  it("refuses to leave the action without an owner", () => {
    expectRefusal(() => editAction(a, { ownerTeamId: null, ownerName: "" }, T0, { ownerName: a.ownerName }), "invalid", "ownerTeamId");
  });

  it("refuses a bad date or text", () => {
    expectRefusal(() => editAction(a, { due: "2026-02-31" }, T0), "invalid", "due");
    expectRefusal(() => editAction(a, { text: "" }, T0), "invalid", "text");
  });
});

describe("the Kanban", () => {
  const a = action("a1");

  it("moves a card to any column, as on a real board", () => {
    const doing = moveAction(a, "doing", T0 + MINUTE);
    expect(doing).toMatchObject({ status: "doing", updatedAt: T0 + MINUTE, doneAt: null });
    const back = moveAction(doing, "todo", T0 + 2 * MINUTE);
    expect(back.status).toBe("todo");
  });

  it("records when a card was done, and keeps that moment if it is moved to done again", () => {
    const done = moveAction(a, "done", T0 + MINUTE);
    expect(done.doneAt).toBe(T0 + MINUTE);
    expect(moveAction(done, "done", T0 + 5 * MINUTE).doneAt).toBe(T0 + MINUTE);
  });

  it("forgets the done moment when a card is reopened", () => {
    expect(moveAction(moveAction(a, "done", T0), "doing", T0 + MINUTE).doneAt).toBeNull();
  });

  it("refuses a column that does not exist", () => {
    expectRefusal(() => moveAction(a, "blocked" as ActionStatus, T0), "invalid", "status");
  });
});

describe("overdue actions", () => {
  it("are open actions whose due date is before today", () => {
    expect(isOverdue(action("a", { due: "2026-03-01" }), "2026-03-02")).toBe(true);
    expect(isOverdue(action("a", { due: "2026-03-02" }), "2026-03-02")).toBe(false);
    expect(isOverdue(action("a"), "2026-03-02")).toBe(false);
  });

  it("are never done actions", () => {
    expect(isOverdue(moveAction(action("a", { due: "2026-01-01" }), "done", T0), "2026-03-02")).toBe(false);
  });

  it("are judged by today's date in the board's time zone", () => {
    const lateEvening = Date.UTC(2026, 2, 2, 23, 30); // 23:30 UTC on 2 March is already 3 March in Tokyo
    expect(calendarDate(lateEvening, "UTC")).toBe("2026-03-02");
    expect(calendarDate(lateEvening, "Asia/Tokyo")).toBe("2026-03-03");
    expect(calendarDate(lateEvening, "America/Los_Angeles")).toBe("2026-03-02");
    const dueToday = action("a", { due: "2026-03-02" });
    expect(isOverdue(dueToday, calendarDate(lateEvening, "UTC"))).toBe(false);
    expect(isOverdue(dueToday, calendarDate(lateEvening, "Asia/Tokyo"))).toBe(true);
  });
});

describe("filtering the board's actions", () => {
  const actions = [
    action("late", { due: "2026-02-20", ownerTeamId: "tA" }, "s0", T0 - 5),
    action("soon", { due: "2026-03-10", ownerUserId: "u-ada" }, "s1", T0),
    action("undated", { ownerTeamId: "tB" }, "s1", T0 - 10),
    moveAction(action("done", { due: "2026-01-01", ownerTeamId: "tA" }), "done", T0),
  ];
  const today = "2026-03-02";

  it("lists all actions by due date, undated ones last", () => {
    expect(filterActions(actions, {}, today).map((a) => a.id)).toEqual(["done", "late", "soon", "undated"]);
  });

  it("filters by status, owning team, owning person and overdue", () => {
    expect(filterActions(actions, { status: "done" }, today).map((a) => a.id)).toEqual(["done"]);
    expect(filterActions(actions, { ownerTeamId: "tA" }, today).map((a) => a.id)).toEqual(["done", "late"]);
    expect(filterActions(actions, { ownerUserId: "u-ada" }, today).map((a) => a.id)).toEqual(["soon"]);
    expect(filterActions(actions, { overdue: true }, today).map((a) => a.id)).toEqual(["late"]);
    expect(filterActions(actions, { overdue: false }, today).map((a) => a.id)).toEqual(["done", "soon", "undated"]);
  });

  it("puts the older of two actions due the same day first", () => {
    const same = [action("b", { due: "2026-03-05" }, "s1", T0 + 1), action("a", { due: "2026-03-05" }, "s1", T0)];
    expect(filterActions(same, {}, today).map((a) => a.id)).toEqual(["a", "b"]);
  });
});

describe("my actions", () => {
  const me = { id: "u-ada", name: "Ada Lovelace", teamId: "tA" };
  it("are the ones that name me, by account or by the owner's name written any case, or that my team owns", () => {
    expect(isMyAction({ ownerUserId: "u-ada", ownerName: "", ownerTeamId: null }, me)).toBe(true);
    expect(isMyAction({ ownerUserId: null, ownerName: " ada lovelace ", ownerTeamId: null }, me)).toBe(true);
    expect(isMyAction({ ownerUserId: null, ownerName: "", ownerTeamId: "tA" }, me)).toBe(true);
  });
  it("are not someone else's, nor an unowned team's, even for a person without a team or a name", () => {
    expect(isMyAction({ ownerUserId: "u-bob", ownerName: "Bob", ownerTeamId: "tB" }, me)).toBe(false);
    expect(isMyAction({ ownerUserId: null, ownerName: "", ownerTeamId: "tA" }, { id: "u-x", name: "", teamId: null })).toBe(false);
    expect(isMyAction({ ownerUserId: null, ownerName: "", ownerTeamId: null }, { id: "u-x", name: "", teamId: null })).toBe(false);
  });
});
