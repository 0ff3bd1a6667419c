import { z } from "zod/v4";
import { ACTION_STATUSES, NEED_STATES, ROMAN_CHOICES, SESSION_KINDS, TEAM_COLORS } from "../domain";
import { BoardSettingsSchema } from "./messages";

/** What the API answers, described once: the OpenAPI document and the contract tests use these. */

const TopicState = z.enum(["queued", "discussing", "discussed", "dropped", "merged"]);
const Person = z.object({ id: z.string(), name: z.string() });

export const SettingsOut = BoardSettingsSchema;

/** A topic in a write's answer; on a board with anonymous authors its author is null for everyone but the author. */
export const TopicOut = z.object({
  id: z.string(),
  number: z.number().int(),
  title: z.string(),
  details: z.string(),
  authorId: z.string().nullable(),
  authorName: z.string().nullable(),
  teamId: z.string().nullable(),
  state: TopicState,
  createdAt: z.number(),
  mergedInto: z.string().nullable(),
  takeaways: z.string(),
  discussedAt: z.number().nullable(),
  carriedFrom: z.string().nullable(),
  carriedDots: z.number().int(),
});

export const TopicViewOut = z.object({
  id: z.string(),
  number: z.number().int().describe("The topic's short number on its board; it never changes, so `vote 4` in the chat means this topic."),
  title: z.string(),
  details: z.string(),
  author: Person.nullable(),
  mine: z.boolean(),
  teamId: z.string().nullable(),
  state: TopicState,
  createdAt: z.number(),
  dots: z.number().int().nullable(),
  myDots: z.number().int(),
  canVote: z.boolean(),
  takeaways: z.string(),
  discussedAt: z.number().nullable(),
  carriedFrom: z.string().nullable(),
  carriedDots: z.number().int().nullable().optional().describe("Dots it carried over from the last weekly (counted in `dots`); present only for a carried-over topic, null while totals are hidden."),
});

export const ActionOut = z.object({
  id: z.string(),
  text: z.string(),
  ownerTeamId: z.string().nullable(),
  ownerUserId: z.string().nullable(),
  ownerName: z.string(),
  due: z.string().nullable(),
  status: z.enum(ACTION_STATUSES),
  originTopicId: z.string().nullable(),
  originSessionId: z.string().nullable(),
  createdAt: z.number(),
  createdBy: z.string(),
  updatedAt: z.number(),
  doneAt: z.number().nullable(),
});
export const ActionViewOut = ActionOut.extend({
  overdue: z.boolean(),
  ownerOutside: z.boolean().describe("Owned by someone outside this meeting: a typed owner name and no ownerUserId."),
});

export const TeamOut = z.object({
  id: z.string(),
  slot: z.number().int(),
  name: z.string(),
  color: z.enum(TEAM_COLORS),
  representative: Person.nullable(),
  alternates: z.array(Person),
});

export const SessionOut = z.object({
  id: z.string(),
  kind: z.enum(SESSION_KINDS),
  phase: z.enum(["collecting", "discussing", "closed"]),
  createdAt: z.number(),
  startedAt: z.number().nullable(),
  closedAt: z.number().nullable(),
  summarySentAt: z.number().nullable(),
  meetingEnd: z.object({ at: z.number(), source: z.enum(["teams", "facilitator"]) }).nullable().optional(),
  extensionMinutes: z.number().int().optional(),
});

const AgendaOut = z.object({
  meetingEndsAt: z.number(),
  perTopicMs: z.number().int(),
  fitting: z.number().int(),
  lastFittingTopicId: z.string().nullable(),
  cut: z.boolean(),
  lastThatFits: z.boolean(),
});

const GrantedByOut = z.discriminatedUnion("kind", [z.object({ kind: z.literal("room") }), z.object({ kind: z.literal("facilitator"), name: z.string() })]);
const RoundOut = { topicId: z.string(), round: z.number().int(), durationMs: z.number(), extendedBy: z.number().int().optional(), grantedBy: GrantedByOut.optional() };

const TimerOut = z.discriminatedUnion("status", [
  z.object({ status: z.literal("idle") }),
  z.object({ status: z.literal("running"), ...RoundOut, endsAt: z.number() }),
  z.object({ status: z.literal("paused"), ...RoundOut, remainingMs: z.number() }),
]);

const Continuation = z.union([
  z.object({ decision: z.literal("extend"), minutes: z.number().int() }),
  z.object({ decision: z.literal("moveOn"), reason: z.enum(["majority", "no_extension_left"]) }),
]);

const RomanViewOut = z.object({
  topicId: z.string(),
  round: z.number().int(),
  tally: z.object({ up: z.number().int(), sideways: z.number().int(), down: z.number().int() }),
  myChoice: z.enum(ROMAN_CHOICES).nullable(),
  outcome: Continuation,
  voted: z.number().int().describe("How many have voted this round."),
  present: z.number().int().describe("How many people are present in the session (never fewer than voted): \"voted of present\"."),
});

export const DailyUpdateOut = z.object({ teamId: z.string(), nextSteps: z.string(), postedBy: Person, postedAt: z.number() });
export const NeedOut = z.object({
  id: z.string(),
  fromTeamId: z.string(),
  toTeamId: z.string(),
  text: z.string(),
  by: z.string().nullable(),
  state: z.enum(NEED_STATES),
  declineReason: z.string(),
  raisedBy: Person,
  raisedAt: z.number(),
  raisedInSession: z.string(),
  answeredBy: Person.nullable(),
  answeredAt: z.number().nullable(),
  escalatedTopicId: z.string().nullable(),
});
export const TurnOut = z.object({ teamId: z.string(), startedAt: z.number(), endsAt: z.number() });
export const AttendanceOut = z.object({ teamId: z.string(), person: Person, at: z.number() });

const MeetingRoleOut = z.enum(["organizer", "presenter", "attendee"]);
export const PersonViewOut = z.object({
  id: z.string(),
  name: z.string(),
  role: MeetingRoleOut,
  present: z.boolean().describe("Recorded present in the current session."),
  teamIds: z.array(z.string()).describe("Teams this person represents or is an alternate of."),
});

export const SessionViewOut = z.object({
  boardId: z.string(),
  serverTime: z.number(),
  session: SessionOut,
  settings: SettingsOut,
  warnings: z.array(z.string()),
  me: z.object({
    id: z.string(),
    name: z.string(),
    role: z.enum(["organizer", "presenter", "attendee"]),
    facilitator: z.boolean(),
    dotsLeft: z.number().int(),
    teamId: z.string().nullable(),
  }),
  topics: z.array(TopicViewOut),
  timer: z.object({
    status: z.enum(["idle", "running", "paused"]),
    topicId: z.string().nullable(),
    round: z.number().int(),
    durationMs: z.number(),
    endsAt: z.number().nullable(),
    remainingMs: z.number(),
    expired: z.boolean(),
    nextExtensionMinutes: z.number().int().nullable(),
    extendedByMinutes: z.number().int().nullable(),
    grantedBy: GrantedByOut.nullable(),
  }),
  roman: RomanViewOut.nullable(),
  romanAtTimeUp: RomanViewOut.nullable(),
  totalsHidden: z.boolean(),
  mergedMine: z.array(z.object({ id: z.string(), title: z.string(), into: z.object({ id: z.string(), title: z.string() }).nullable() })),
  actions: z.array(ActionViewOut),
  teams: z.array(TeamOut),
  teamLimit: z.number().int(),
  daily: z.object({ order: z.array(z.string()), turn: TurnOut.extend({ remainingMs: z.number() }).nullable(), updates: z.array(DailyUpdateOut) }),
  needs: z.array(NeedOut.extend({ overdue: z.boolean() })),
  attendance: z.array(AttendanceOut),
  people: z.array(PersonViewOut).describe("The board's roster (the meeting's people), sorted by name."),
  agenda: AgendaOut.nullable(),
});

export const VoteOut = z.object({ topicId: z.string(), dotsLeft: z.number().int() });
export const TimerResultOut = z.object({ timer: TimerOut, topics: z.array(TopicOut), continuation: Continuation.optional() });
export const BallotOut = z.object({ topicId: z.string(), round: z.number().int(), voterId: z.string(), choice: z.enum(ROMAN_CHOICES) });

const SummaryAction = z.object({
  id: z.string(),
  text: z.string(),
  owner: z.string(),
  ownerName: z.string(),
  team: z.string().nullable(),
  ownerUserId: z.string().nullable(),
  ownerTeamId: z.string().nullable(),
  due: z.string().nullable(),
  status: z.enum(ACTION_STATUSES),
  overdue: z.boolean(),
  topic: z.string().nullable(),
});
const SummaryNeed = z.object({ id: z.string(), from: z.string(), to: z.string(), text: z.string(), by: z.string().nullable(), state: z.enum(NEED_STATES), declineReason: z.string() });
export const SummaryOut = z.object({
  boardId: z.string(),
  sessionId: z.string(),
  kind: z.enum(SESSION_KINDS),
  date: z.string(),
  discussed: z.array(z.object({ id: z.string(), title: z.string(), takeaways: z.string(), actions: z.array(SummaryAction) })),
  carriedOver: z.array(z.object({ id: z.string(), title: z.string() })),
  actions: z.array(SummaryAction),
  attendance: z.array(z.object({ team: z.string(), person: z.string() })),
  daily: z
    .object({
      nextSteps: z.array(z.object({ team: z.string(), nextSteps: z.string(), postedBy: z.string() })),
      needsOpened: z.array(SummaryNeed),
      needsAnswered: z.array(SummaryNeed),
      needsOverdue: z.array(SummaryNeed),
      actionsMoved: z.array(SummaryAction),
    })
    .nullable(),
});

export const ProblemOut = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  code: z.string(),
  detail: z.string(),
  field: z.string().optional(),
  errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  /** A refused stale edit (`edit_conflict`): each conflicting field's text now, and the text the caller sent. */
  current: z.record(z.string(), z.string()).optional(),
  yours: z.record(z.string(), z.string()).optional(),
});

export const HealthOut = z.object({ status: z.literal("ok"), serverTime: z.number() });
export const Empty = z.object({});
