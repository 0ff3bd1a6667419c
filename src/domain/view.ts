import { agendaForecast, type AgendaForecast } from "./agenda";
import { calendarDate, isOverdue, type ActionItem } from "./actions";
import { decideContinuation, tallyRoman, type RomanBallot, type RomanChoice, type RomanTally, type Continuation } from "./roman";
import { settingsWarnings, type BoardSettings } from "./settings";
import type { Session } from "./sessions";
import type { Team } from "./teams";
import { extendedBy, grantedBy, isExpired, nextExtension, remainingMs, type GrantedBy, type Timer } from "./timer";
import { orderQueue, resolveTopic, type Topic, type TopicState } from "./topics";
import { countedVotes, dotsLeft, tally, totalDots, type Vote } from "./votes";
import { dailiesSince, isNeedOverdue, roundOrder, type DailyUpdate, type Need, type Turn } from "./daily";
import type { Person } from "./teams";
import { byName, type MeetingRole, type Member, type PersonView } from "./people";
import { represents } from "./teams";


export function isFacilitator(role: MeetingRole): boolean {
  return role === "organizer" || role === "presenter";
}

export interface Viewer {
  id: string;
  name: string;
  role: MeetingRole;
}

export interface TopicView {
  id: string;
  /** The topic's short number on its board, which never changes (absent only in a panel's unsaved copy). */
  number?: number;
  title: string;
  details: string;
  /** Null when the board keeps authors anonymous and the viewer is not the author. */
  author: { id: string; name: string } | null;
  mine: boolean;
  teamId: string | null;
  state: TopicState;
  createdAt: number;
  /** Null while the board hides totals until discussion starts. */
  dots: number | null;
  myDots: number;
  /** Whether the viewer may put another dot on this topic now. */
  canVote: boolean;
  takeaways: string;
  discussedAt: number | null;
  carriedFrom: string | null;
  /** The dots it carried over from the last weekly, counted in `dots`; absent when it did not carry over, null while totals are hidden. */
  carriedDots?: number | null;
}

/** One of the viewer's topics merged into another: its dots count on `into` (followed to the topic that stands for it now). */
export interface MergedTopic {
  id: string;
  title: string;
  into: { id: string; title: string } | null;
}

export interface ActionView extends ActionItem {
  overdue: boolean;
  /** Owned by someone outside this meeting: a name typed on purpose, nobody the bot can remind. */
  ownerOutside: boolean;
}

/** An owner named only by a typed name (no roster person) is someone outside the meeting. */
export function ownerOutside(action: Pick<ActionItem, "ownerUserId" | "ownerName">): boolean {
  return action.ownerUserId === null && action.ownerName.trim() !== "";
}

export interface TimerView {
  status: Timer["status"];
  topicId: string | null;
  round: number;
  durationMs: number;
  /** Server epoch ms when a running timebox ends; null unless running. */
  endsAt: number | null;
  remainingMs: number;
  expired: boolean;
  /** Minutes the next continue vote would add, or null when the topic must move on. */
  nextExtensionMinutes: number | null;
  /** Minutes the current round's extension added (not the round's whole length); null in the first timebox. */
  extendedByMinutes: number | null;
  /** Who granted the current round's extension (the room's vote or a named facilitator); null in the first timebox or when not known. */
  grantedBy: GrantedBy | null;
}

export interface RomanView {
  topicId: string;
  round: number;
  tally: RomanTally;
  myChoice: RomanChoice | null;
  /** What the room decides if the facilitator closes the vote now. */
  outcome: Continuation;
  /** How many have voted this round ("3 of 5 voted"). */
  voted: number;
  /** How many people are present in the session: never fewer than have voted. */
  present: number;
}

export interface NeedView extends Need {
  overdue: boolean;
}

/** Who spoke for which team at this session. */
export interface Attendance {
  teamId: string;
  person: Person;
  at: number;
}

export interface DailyView {
  /** Team ids in the round's stable order. */
  order: string[];
  turn: (Turn & { remainingMs: number }) | null;
  updates: DailyUpdate[];
}

/** Answered needs stay visible this long, so the asking team sees the answer. */
const ANSWERED_NEEDS_VISIBLE_MS = 14 * 24 * 60 * 60 * 1000;

export interface SessionView {
  boardId: string;
  /** The server clock when this view was made: panels count the timer down from it. */
  serverTime: number;
  session: Session;
  settings: BoardSettings;
  warnings: string[];
  me: Viewer & { facilitator: boolean; dotsLeft: number; teamId: string | null };
  /** Queued topics in queue order, then the one under discussion, then discussed ones (latest first). */
  topics: TopicView[];
  timer: TimerView;
  roman: RomanView | null;
  /**
   * The continue/stop vote as it opens the moment this timebox runs out (no thumbs yet), so a
   * panel can show it before its next read brings `roman`; null while no topic is timeboxed.
   */
  romanAtTimeUp: RomanView | null;
  /** Whether vote totals are hidden (topics' `dots` are null) until discussion starts. */
  totalsHidden: boolean;
  /** The viewer's own topics of this session that a facilitator merged into another, and the topic each now counts on. */
  mergedMine: MergedTopic[];
  actions: ActionView[];
  teams: Team[];
  teamLimit: number;
  daily: DailyView;
  needs: NeedView[];
  attendance: Attendance[];
  /** The board's roster, by name: who is present this session and which teams each speaks for. */
  people: PersonView[];
  /** Where the queue's cut line falls before the meeting's end; null when the end is not known or the session is closed. */
  agenda: AgendaForecast | null;
}

export interface SessionFacts {
  boardId: string;
  session: Session;
  settings: BoardSettings;
  topics: readonly Topic[];
  votes: readonly Vote[];
  timer: Timer;
  ballots: readonly RomanBallot[];
  actions: readonly ActionItem[];
  teams: readonly Team[];
  updates?: readonly DailyUpdate[];
  needs?: readonly Need[];
  turn?: Turn | null;
  attendance?: readonly Attendance[];
  /** When each of the board's daily sessions started, to age unanswered needs. */
  dailyStarts?: readonly number[];
  /** The board's roster. */
  people?: readonly Member[];
  /** Ids of the people recorded present in this session. */
  present?: readonly string[];
}

/** The roster as the panel shows it: by name, each with their presence and the teams they speak for. */
export function peopleView(people: readonly Member[], present: readonly string[], teams: readonly Team[]): PersonView[] {
  const here = new Set(present);
  return byName(people).map((m) => ({ id: m.id, name: m.name, role: m.role, present: here.has(m.id), teamIds: teams.filter((t) => represents(t, m.id)).map((t) => t.id) }));
}

/** The board hides vote totals while topics are still being collected, if it is set to. */
export function totalsHidden(settings: Pick<BoardSettings, "hideTotalsUntilDiscussion">, session: Pick<Session, "phase">): boolean {
  return settings.hideTotalsUntilDiscussion && session.phase === "collecting";
}

/**
 * Whether a person with `dotsLeft` may put another dot on a topic: it is still queued, and the
 * board allows stacking or they have no dot on it yet. `planCast` enforces the same on the server.
 */
export function canVoteOn(topic: Pick<TopicView, "state" | "myDots">, dotsLeft: number, settings: Pick<BoardSettings, "allowStacking">): boolean {
  return topic.state === "queued" && dotsLeft > 0 && (settings.allowStacking || topic.myDots === 0);
}

/** The continue/stop vote with no thumbs yet, as it opens when `timer` runs out. */
function romanOpening(timer: Timer, settings: BoardSettings, present: number): RomanView | null {
  if (timer.status === "idle") return null;
  const tally = { up: 0, sideways: 0, down: 0 };
  return { topicId: timer.topicId, round: timer.round, tally, myChoice: null, outcome: decideContinuation(tally, timer, settings), voted: 0, present };
}

function timerView(timer: Timer, now: number, settings: BoardSettings): TimerView {
  return {
    status: timer.status,
    topicId: timer.status === "idle" ? null : timer.topicId,
    round: timer.status === "idle" ? 0 : timer.round,
    durationMs: timer.status === "idle" ? 0 : timer.durationMs,
    endsAt: timer.status === "running" ? timer.endsAt : null,
    remainingMs: remainingMs(timer, now),
    expired: isExpired(timer, now),
    nextExtensionMinutes: nextExtension(timer, settings),
    extendedByMinutes: extendedBy(timer, settings),
    grantedBy: grantedBy(timer),
  };
}

/**
 * Who added a topic, as one participant may see it: nobody, when the board keeps authors
 * anonymous, except the author themself (the panel marks their own topics, and they may edit them).
 */
export function authorSeenBy(topic: Pick<Topic, "authorId" | "authorName">, viewerId: string, settings: Pick<BoardSettings, "anonymousAuthors">): { id: string; name: string } | null {
  return settings.anonymousAuthors && topic.authorId !== viewerId ? null : { id: topic.authorId, name: topic.authorName };
}

/** A topic as an operation answers it (a write's response): the stored topic, its author hidden as in the participant's view. */
export type SeenTopic = Omit<Topic, "authorId" | "authorName"> & { authorId: string | null; authorName: string | null };

export function topicSeenBy(topic: Topic, viewerId: string, settings: Pick<BoardSettings, "anonymousAuthors">): SeenTopic {
  const author = authorSeenBy(topic, viewerId, settings);
  return { ...topic, authorId: author?.id ?? null, authorName: author?.name ?? null };
}

/** What one participant sees of a session: every rule about hiding and ordering is applied here. */
export function viewSession(facts: SessionFacts, viewer: Viewer, viewerVoter: string | null, viewerTeamId: string | null, now: number): SessionView {
  const { settings, session } = facts;
  const byId = new Map(facts.topics.map((t) => [t.id, t]));
  const limit = settings.votesPerPerson;
  const dots = totalDots(facts.votes, byId, limit);
  const mine = countedVotes(facts.votes.filter((v) => v.voter === viewerVoter), limit);
  const myDots = tally(mine, byId, limit);
  const hidden = totalsHidden(settings, session);
  const myDotsLeft = dotsLeft(mine, limit);

  const toView = (t: Topic): TopicView => {
    const myDotsOnTopic = myDots.get(t.id) ?? 0;
    return {
      id: t.id,
      number: t.number,
      title: t.title,
      details: t.details,
      author: authorSeenBy(t, viewer.id, settings),
      mine: t.authorId === viewer.id,
      teamId: t.teamId,
      state: t.state,
      createdAt: t.createdAt,
      dots: hidden ? null : (dots.get(t.id) ?? 0),
      myDots: myDotsOnTopic,
      canVote: canVoteOn({ state: t.state, myDots: myDotsOnTopic }, myDotsLeft, settings),
      takeaways: t.takeaways,
      discussedAt: t.discussedAt,
      carriedFrom: t.carriedFrom,
      ...(t.carriedFrom ? { carriedDots: hidden ? null : t.carriedDots } : {}),
    };
  };
  // While totals are hidden the queue must not leak them through its order.
  const queue = orderQueue(facts.topics, hidden ? new Map() : dots);
  const discussing = facts.topics.filter((t) => t.state === "discussing");
  const discussed = facts.topics.filter((t) => t.state === "discussed").sort((a, b) => (b.discussedAt ?? 0) - (a.discussedAt ?? 0));

  const timer = timerView(facts.timer, now, settings);
  const present = new Set(facts.present ?? []).size;
  let roman: RomanView | null = null;
  if (facts.timer.status !== "idle" && timer.expired) {
    const { topicId, round } = facts.timer;
    const t = tallyRoman(facts.ballots, topicId, round);
    const myChoice = facts.ballots.find((b) => b.topicId === topicId && b.round === round && b.voterId === viewer.id)?.choice ?? null;
    const voted = facts.ballots.filter((b) => b.topicId === topicId && b.round === round).length;
    roman = { topicId, round, tally: t, myChoice, outcome: decideContinuation(t, facts.timer, settings), voted, present: Math.max(voted, present) };
  }
  const today = calendarDate(now, settings.timeZone);
  return {
    boardId: facts.boardId,
    serverTime: now,
    session,
    settings,
    warnings: settingsWarnings(settings, facts.teams.length),
    me: {
      ...viewer,
      facilitator: isFacilitator(viewer.role),
      dotsLeft: myDotsLeft,
      teamId: viewerTeamId,
    },
    topics: [...queue, ...discussing, ...discussed].map(toView),
    timer,
    roman,
    romanAtTimeUp: romanOpening(facts.timer, settings, present),
    totalsHidden: hidden,
    mergedMine: facts.topics
      .filter((t) => t.state === "merged" && t.authorId === viewer.id)
      .map((t) => {
        const into = t.mergedInto ? resolveTopic(byId, t.mergedInto) : undefined;
        return { id: t.id, title: t.title, into: into ? { id: into.id, title: into.title } : null };
      }),
    actions: facts.actions.map((a) => ({ ...a, overdue: isOverdue(a, today), ownerOutside: ownerOutside(a) })),
    teams: [...facts.teams].sort((a, b) => a.slot - b.slot),
    teamLimit: settings.teamLimit,
    daily: {
      order: roundOrder(facts.teams),
      turn: facts.turn ? { ...facts.turn, remainingMs: Math.max(0, facts.turn.endsAt - now) } : null,
      updates: [...(facts.updates ?? [])],
    },
    needs: (facts.needs ?? [])
      .filter((n) => n.state === "open" || n.state === "accepted" || (n.answeredAt ?? 0) > now - ANSWERED_NEEDS_VISIBLE_MS)
      .map((n) => ({ ...n, overdue: isNeedOverdue(n, today, dailiesSince(n, facts.dailyStarts ?? [])) }))
      .sort((a, b) => a.raisedAt - b.raisedAt),
    attendance: [...(facts.attendance ?? [])],
    people: peopleView(facts.people ?? [], facts.present ?? [], facts.teams),
    agenda: agendaOf(facts, queue, now),
  };
}

/** The forecast over the queue as the participant sees it ordered (so the line sits where they look). */
function agendaOf(facts: SessionFacts, queue: readonly Topic[], now: number): AgendaForecast | null {
  const end = facts.session.meetingEnd;
  if (!end || facts.session.phase === "closed") return null;
  return agendaForecast({
    queue,
    timeboxMinutes: facts.settings.timeboxMinutes,
    extensionMinutesUsed: facts.session.extensionMinutes ?? 0,
    topicsTakenUp: facts.topics.filter((t) => t.state === "discussing" || t.state === "discussed").length,
    currentLeftMs: facts.timer.status === "idle" ? null : remainingMs(facts.timer, now),
    now,
    meetingEndsAt: end.at,
  });
}
