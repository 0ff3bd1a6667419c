import * as domain from "../domain";
import { refuse, topicSeenBy, type Continuation, type RomanChoice, type SeenTopic, type Session, type SessionKind, type Timer, type Topic } from "../domain";
import type { BoardRef } from "../store/keys";
import type { Stored } from "../store/table";
import { countExtension } from "./agenda";
import { escalateNeeds } from "./daily";
import { newId, orConflict, retryStale, type Caller, type Services } from "./context";
import { CHANGE, FACILITATE, inBoard, type InBoard } from "./board-step";

const TIMER_RACE = "Someone else changed the timer at the same moment. Look at the panel and try again if still needed.";

export interface TimerResult {
  timer: Timer;
  /** The topics the step changed, as the caller may see them (an anonymous topic's author hidden). */
  topics: SeenTopic[];
  continuation?: Continuation;
}

/** A step's result before it is answered: the topics as stored. */
type Stepped = Omit<TimerResult, "topics"> & { topics: Topic[] };

function answer(caller: Caller, board: InBoard, result: Stepped): TimerResult {
  return { ...result, topics: result.topics.map((t) => topicSeenBy(t, caller.userId, board.meta.value.settings)) };
}

async function sessionOf(svc: Services, ref: BoardRef, sessionId: string): Promise<Stored<Session>> {
  const session = await svc.store.getSession(ref, sessionId);
  if (!session) throw new Error("current session row is missing");
  return session;
}

/**
 * Applies a discussion step. The timer row is written first, guarded by its ETag: of two
 * facilitators pressing at once, exactly one wins and the other gets a conflict.
 */
async function applyStep(svc: Services, board: InBoard, step: domain.DiscussionStep, timerEtag: string | null, session: Stored<Session>, topics: Stored<Topic>[]) {
  const { ref, sessionId } = board;
  await orConflict(() => svc.store.writeTimer(ref, sessionId, step.timer, timerEtag), TIMER_RACE);
  for (const topic of step.topics) {
    const etag = topics.find((t) => t.value.id === topic.id)?.etag;
    if (etag) await svc.store.replaceTopic(ref, sessionId, topic, etag);
  }
  if (step.session !== session.value) {
    await retryStale(async () => {
      const fresh = await sessionOf(svc, ref, sessionId);
      await svc.store.replaceSession(ref, { ...fresh.value, phase: step.session.phase, startedAt: step.session.startedAt, closedAt: step.session.closedAt }, fresh.etag);
    });
  }
  board.timerIs(step.timer);
}

export function discussNext(svc: Services, caller: Caller, chatId: string, topicId?: string): Promise<TimerResult> {
  return inBoard(svc, caller, chatId, FACILITATE, async (board) => answer(caller, board, await discuss(svc, board, topicId)));
}

async function discuss(svc: Services, board: InBoard, topicId?: string): Promise<Stepped> {
  const { ref, sessionId } = board;
  const [session, rows] = await Promise.all([sessionOf(svc, ref, sessionId), svc.store.readSession(ref, sessionId)]);
  const topics = rows.topics.map((t) => t.value);
  const dots = domain.totalDots(rows.votes, new Map(topics.map((t) => [t.id, t])), board.meta.value.settings.votesPerPerson);
  const step = domain.discussNext(session.value, topics, dots, svc.now(), board.meta.value.settings, topicId);
  await applyStep(svc, board, step, rows.timer?.etag ?? null, session, rows.topics);
  return { timer: step.timer, topics: step.topics };
}

function changeTimer(
  svc: Services,
  caller: Caller,
  chatId: string,
  change: (timer: Timer, now: number, settings: domain.BoardSettings) => Timer,
  countsExtension = false,
): Promise<TimerResult> {
  return inBoard(svc, caller, chatId, FACILITATE, async (board) => {
    const { ref, sessionId } = board;
    const stored = await svc.store.getTimer(ref, sessionId);
    const timer = change(stored?.value ?? domain.IDLE, svc.now(), board.meta.value.settings);
    await orConflict(() => svc.store.writeTimer(ref, sessionId, timer, stored?.etag ?? null), TIMER_RACE);
    if (countsExtension && timer.status !== "idle" && timer.extendedBy) await countExtension(svc, board, timer.extendedBy);
    board.timerIs(timer);
    return { timer, topics: [] };
  });
}

export const pauseTimer = (svc: Services, caller: Caller, chatId: string) => changeTimer(svc, caller, chatId, (t, now) => domain.pauseTimebox(t, now));
export const resumeTimer = (svc: Services, caller: Caller, chatId: string) => changeTimer(svc, caller, chatId, (t, now) => domain.resumeTimebox(t, now));
/** A facilitator adds the next extension without a vote: the panel says who added how much. */
export const extendTimer = (svc: Services, caller: Caller, chatId: string) =>
  changeTimer(svc, caller, chatId, (t, now, settings) => domain.extendTimebox(t, now, settings, { kind: "facilitator", name: caller.name }), true);

/** "Stop": the room moves on from the current topic without starting the next. */
export function moveOn(svc: Services, caller: Caller, chatId: string): Promise<TimerResult> {
  return inBoard(svc, caller, chatId, FACILITATE, async (board) => answer(caller, board, await moveOnFrom(svc, board)));
}

async function moveOnFrom(svc: Services, board: InBoard, continuation?: Continuation): Promise<Stepped> {
  const { ref, sessionId } = board;
  const [session, rows] = await Promise.all([sessionOf(svc, ref, sessionId), svc.store.readSession(ref, sessionId)]);
  const current = rows.topics.find((t) => t.value.state === "discussing");
  if (!current) refuse("wrong_state", "No topic is being discussed.");
  const step = domain.moveOn(session.value, current.value, svc.now());
  await applyStep(svc, board, step, rows.timer?.etag ?? null, session, rows.topics);
  return { timer: step.timer, topics: step.topics, ...(continuation ? { continuation } : {}) };
}

export function castRomanVote(svc: Services, caller: Caller, chatId: string, topicId: string, choice: RomanChoice): Promise<domain.RomanBallot> {
  return inBoard(svc, caller, chatId, CHANGE, async ({ ref, sessionId }) => {
    const timer = await svc.store.getTimer(ref, sessionId);
    const ballot = domain.castRomanVote(timer?.value ?? domain.IDLE, svc.now(), topicId, choice, caller.userId);
    await svc.store.upsertBallot(ref, sessionId, ballot);
    return ballot;
  });
}

/** The facilitator closes the continue/stop vote: extend by the next extension, or move on. */
export function concludeRomanVote(svc: Services, caller: Caller, chatId: string): Promise<TimerResult> {
  return inBoard(svc, caller, chatId, FACILITATE, async (board) => answer(caller, board, await conclude(svc, board)));
}

async function conclude(svc: Services, board: InBoard): Promise<Stepped> {
  const { ref, sessionId } = board;
  const settings = board.meta.value.settings;
  const rows = await svc.store.readSession(ref, sessionId);
  const timer = rows.timer?.value ?? domain.IDLE;
  if (timer.status === "idle") refuse("wrong_state", "No topic is being discussed.");
  if (!domain.isExpired(timer, svc.now())) refuse("wrong_state", "The timebox has not ended yet.");
  const continuation = domain.decideContinuation(domain.tallyRoman(rows.ballots, timer.topicId, timer.round), timer, settings);
  if (continuation.decision === "moveOn") return moveOnFrom(svc, board, continuation);
  const next = domain.extendTimebox(timer, svc.now(), settings, { kind: "room" });
  await orConflict(() => svc.store.writeTimer(ref, sessionId, next, rows.timer?.etag ?? null), TIMER_RACE);
  await countExtension(svc, board, continuation.minutes);
  board.timerIs(next);
  return { timer: next, topics: [], continuation };
}

export function closeSession(svc: Services, caller: Caller, chatId: string): Promise<Session> {
  return inBoard(svc, caller, chatId, FACILITATE, (board) => closeCurrent(svc, board));
}

async function closeCurrent(svc: Services, board: InBoard): Promise<Session> {
  const { ref, sessionId } = board;
  const [session, rows] = await Promise.all([sessionOf(svc, ref, sessionId), svc.store.readSession(ref, sessionId)]);
  const step = domain.closeSession(session.value, rows.topics.map((t) => t.value), svc.now());
  await applyStep(svc, board, step, rows.timer?.etag ?? null, session, rows.topics);
  return step.session;
}

/**
 * The meeting is over: the timebox stops and the running topic is settled (see the domain's
 * `endMeeting`). Only for `sessionId` while it is still current; nothing happens when no timebox
 * runs and nothing is under discussion. The bot calls it on meetingEnd and from the sweep.
 */
export function endMeeting(svc: Services, caller: Caller, chatId: string, sessionId: string): Promise<void> {
  return inBoard(svc, caller, chatId, CHANGE, async (board) => {
    if (board.sessionId !== sessionId) return;
    const { ref } = board;
    const [session, rows, actions] = await Promise.all([sessionOf(svc, ref, sessionId), svc.store.readSession(ref, sessionId), svc.store.listActions(ref)]);
    const timer = rows.timer?.value ?? domain.IDLE;
    const step = domain.endMeeting(session.value, rows.topics.map((t) => t.value), (id) => actions.some((a) => a.value.originTopicId === id), svc.now());
    if (timer.status === "idle" && step.topics.length === 0) return;
    await applyStep(svc, board, step, rows.timer?.etag ?? null, session, rows.topics);
  });
}

/**
 * Starts the board's next session. A weekly takes over the previous weekly's undiscussed topics,
 * their dots as a starting tally (everyone's own dots start afresh); the board's current-session pointer moves with its ETag, so two facilitators
 * starting it at once create one session.
 */
export function startNextSession(svc: Services, caller: Caller, chatId: string, kind: SessionKind): Promise<Session> {
  return inBoard(svc, caller, chatId, FACILITATE, (board) => startNext(svc, board, kind));
}

async function startNext(svc: Services, board: InBoard, kind: SessionKind): Promise<Session> {
  const { ref } = board;
  const current = await sessionOf(svc, ref, board.sessionId);
  if (!domain.isClosed(current.value)) await closeCurrent(svc, board);
  const now = svc.now();
  const session = domain.newSession(newId(now), kind, now);
  if (kind === "weekly") {
    const previous = (await svc.store.listSessions(ref)).filter((s) => s.kind === "weekly").sort((a, b) => (a.id < b.id ? 1 : -1))[0];
    if (previous) {
      const rows = await svc.store.readSession(ref, previous.id);
      const byId = new Map(rows.topics.map((t) => [t.value.id, t.value]));
      const dots = domain.totalDots(rows.votes, byId, board.meta.value.settings.votesPerPerson);
      await svc.store.seedSession(ref, session.id, domain.carryOver([...byId.values()], previous.id, dots));
    }
  }
  if (kind === "weekly") await escalateNeeds(svc, board, session.id);
  await svc.store.insertSession(ref, session);
  await orConflict(
    () => svc.store.replaceMeta(ref, { ...board.meta.value, currentSessionId: session.id }, board.meta.etag),
    "Someone else changed the board at the same moment; the panel shows the session now current.",
  );
  // The new session gets its head; then the old one's moves, so panels still polling it fetch the new one.
  board.alsoChanged(session.id);
  return session;
}
