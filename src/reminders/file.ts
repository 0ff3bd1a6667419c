import type { Timer } from "../domain";
import { actionReminderAt, nextTopicCall, SUMMARY_GRACE_MINUTES } from "../domain/reminders";
import type { BotDeps } from "../bot/deps";
import { needAnsweredReminder, needRaisedReminder } from "../bot/needs";
import type { ReminderCause } from "../service/context";
import type { Reminder } from "../store/bot";
import type { BoardRef } from "../store/keys";

/**
 * Files reminders when their cause is written, into the hourly bucket of their due time, so the
 * sweep reads only the buckets that are due and a board nobody uses costs nothing per minute.
 * Each reminder has a deterministic id, so filing twice files once; the sweep checks the cause
 * again when it claims one (the action done or moved, the timer changed, the cadence changed), so
 * a reminder whose cause changed after filing is skipped, not sent.
 *
 * Causes: the timebox started, extended or resumed (`timer`); an action created or changed
 * (`actions`); a need raised or answered (`needs`); the board's meta written — cadence or time
 * zone set, a session started or closed (`board`). The topic call is also re-filed each time one
 * is handled, so the next weekly's call is always filed ahead.
 */

const MINUTE = 60_000;
/** A reminder that would have gone out longer ago than this is not worth sending any more. */
export const TOO_LATE = 12 * 60 * MINUTE;

const boardKey = (b: BoardRef) => `${b.tenantId}|${b.chatId}`;

type NewReminder = Omit<Reminder, "state" | "attempts" | "claimedAt" | "doneAt" | "note">;
type Filing = Omit<NewReminder, "tenantId" | "chatId">;

export async function fileReminders(deps: BotDeps, board: BoardRef, cause: ReminderCause, now: number): Promise<number> {
  const base = { tenantId: board.tenantId, chatId: board.chatId };
  const key = boardKey(board);
  let filed = 0;
  const file = async (r: Filing) => {
    if (r.dueAt < now - TOO_LATE) return;
    if (await deps.store.schedule({ ...r, ...base })) filed++;
  };

  if (cause.kind === "timer") {
    for (const r of timeUp(key, cause.sessionId, cause.timer)) await file(r);
    return filed;
  }
  const store = deps.services.store;
  if (cause.kind === "actions") {
    const [meta, actions] = await Promise.all([store.cachedBoard(board, now), store.listActions(board)]);
    for (const { value: a } of actions) {
      if (a.status === "done" || !a.due) continue;
      await file({ id: `actionDue|${key}|${a.id}|${a.due}`, kind: "actionDue", dueAt: actionReminderAt(a.due, meta.value.settings.timeZone), data: { actionId: a.id, due: a.due } });
    }
    return filed;
  }
  if (cause.kind === "needs") {
    // Needs raised or answered from the side panel reach the chat this way; the chat's own are filed by the bot.
    for (const { value: n } of await store.listNeeds(board)) {
      if (n.state === "open") await file(needRaisedReminder(board, n));
      const answered = needAnsweredReminder(board, n);
      if (answered) await file(answered);
    }
    return filed;
  }
  const all = await store.readBoard(board);
  if (!all) return 0;
  // A session starts or closes at every meeting: a good moment for the de-duplication rows of activities older than a day to go.
  await deps.store.forgetActivitiesBefore(board, Date.now() - 24 * 60 * MINUTE);
  const settings = all.meta.value.settings;
  // This week's topic call and the next one, so a handled call always leaves one ahead.
  const call = nextTopicCall(settings, now);
  const after = call ? nextTopicCall(settings, call.meetingAt) : null;
  for (const c of [call, after]) if (c) await file({ id: `topicCall|${key}|${c.meetingAt}`, kind: "topicCall", dueAt: c.callAt, data: { meetingAt: c.meetingAt } });
  for (const s of all.sessions) {
    if (s.phase !== "closed" || s.summarySentAt !== null || s.closedAt === null) continue;
    await file({ id: `summary|${key}|${s.id}`, kind: "summary", dueAt: s.closedAt + SUMMARY_GRACE_MINUTES * MINUTE, data: { sessionId: s.id } });
  }
  return filed;
}

function timeUp(key: string, sessionId: string, timer: Timer): [Filing] | [] {
  if (timer.status !== "running") return [];
  return [
    {
      id: `timeUp|${key}|${sessionId}|${timer.topicId}|${timer.round}`,
      kind: "timeUp",
      dueAt: timer.endsAt,
      data: { sessionId, topicId: timer.topicId, round: timer.round, endsAt: timer.endsAt },
    },
  ];
}
