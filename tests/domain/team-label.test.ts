import { checkTeamLabel, topicSeenBy, type Team } from "../../src/domain";
import { expectRefusal, settings, topic } from "./fixtures";

const platform: Team = { id: "tP", slot: 0, name: "Platform", color: "blue", representative: { id: "u-rep", name: "Rea" }, alternates: [{ id: "u-alt", name: "Al" }] };
const search: Team = { id: "tS", slot: 1, name: "Search", color: "green", representative: { id: "u-sea", name: "Sean" }, alternates: [] };
const teams = [platform, search];

describe("labelling a topic with a team", () => {
  it("is for the team's representative and alternates", () => {
    expect(() => checkTeamLabel("tP", teams, "u-rep", false)).not.toThrow();
    expect(() => checkTeamLabel("tP", teams, "u-alt", false)).not.toThrow();
  });

  it("refuses an attendee speaking for a team they are not on, naming the field and the team", () => {
    const error = expectRefusal(() => checkTeamLabel("tP", teams, "u-sea", false), "forbidden", "teamId");
    expect(error.message).toMatch(/Platform/);
    expectRefusal(() => checkTeamLabel("tS", teams, "u-nobody", false), "forbidden", "teamId");
  });

  it("lets a facilitator label with any team on the board", () => {
    expect(() => checkTeamLabel("tS", teams, "u-organizer", true)).not.toThrow();
  });

  it("refuses a team that is not on the board, even for a facilitator", () => {
    expectRefusal(() => checkTeamLabel("tX", teams, "u-rep", false), "invalid", "teamId");
    expectRefusal(() => checkTeamLabel("tX", teams, "u-organizer", true), "invalid", "teamId");
  });
});

describe("a topic in an answer", () => {
  const t = topic("t1", { authorId: "u-ada", authorName: "Ada" });

  it("hides an anonymous topic's author from everyone but the author", () => {
    const anonymous = settings({ anonymousAuthors: true });
    expect(topicSeenBy(t, "u-bob", anonymous)).toMatchObject({ id: "t1", authorId: null, authorName: null });
    expect(JSON.stringify(topicSeenBy(t, "u-bob", anonymous))).not.toMatch(/u-ada|Ada/);
    expect(topicSeenBy(t, "u-ada", anonymous)).toMatchObject({ authorId: "u-ada", authorName: "Ada" });
  });

  it("names the author when the board does not keep authors anonymous", () => {
    expect(topicSeenBy(t, "u-bob", settings({ anonymousAuthors: false }))).toMatchObject({ authorId: "u-ada", authorName: "Ada" });
  });
});
