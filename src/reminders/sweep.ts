import { isExpired, ownerLabel } from "../domain";
import { actionReminderAt, nextTopicCall, SUMMARY_GRACE_MINUTES } from "../domain/reminders";
import { timeUpCard, topicCallCard } from "../bot/queue-cards";
import { actionDueCard } from "../bot/report-cards";
import { systemCaller, type BotDeps } from "../bot/deps";
import { deliverNeedReminder, needAnsweredReminder, needRaisedReminder } from "../bot/needs";
import { meetingOver } from "../bot/meetings";
import { readState } from "../service/state";
import { MAX_ATTEMPTS, type Reminder } from "../store/bot";
import type { BoardRef } from "../store/keys";
import type { Stored } from "../store/table";

/**
 * The reminder sweep, run every minute by the Functions timer trigger and on an interval by the
 * local host. It is given `now`, so a late run (after an outage) catches up on everything due.
 *
 * 1. Plan: for every board the bot is in, file the reminders falling due within the next hour
 *    (topic call before the weekly, time's up, action due dates, the summary of a closed session),
 *    and the announcement of every need raised or answered lately (from the side panel or the chat).
 *    Each has a deterministic id and due time, so filing twice files once.
 * 2. Send: every reminder due by `now` is claimed with its ETag before it is sent, so overlapping
 *    sweeps never send one twice; each is checked against the board again just before sending.
 */

export interface SweepReport {
  planned: number;
  sent: number;
  skipped: number;
  failed: number;
  /** Reminders another sweep claimed first. */
  lost: number;
}

const MINUTE = 60_000;
const HORIZON = 60 * MINUTE;
/** How far back a sweep looks for reminders it has not sent: covers a long outage. */
export const LOOKBACK = 24 * 60 * MINUTE;
/** A reminder that would have gone out longer ago than this is not worth sending any more. */
const TOO_LATE = 12 * 60 * MINUTE;

const boardKey = (b: BoardRef) => `${b.tenantId}|${b.chatId}`;

export async function sweep(deps: BotDeps, now: number): Promise<SweepReport> {
  const report: SweepReport = { planned: 0, sent: 0, skipped: 0, failed: 0, lost: 0 };
  const boards = await deps.store.listBoards();
  await inBatches(boards, 8, async (board) => {
    try {
      report.planned += await plan(deps, board, now);
    } catch (err) {
      deps.log("sweep: planning failed for a board", err);
    }
  });
  const due = await deps.store.due(now - LOOKBACK, now);
  const byBoard = new Map<string, Stored<Reminder>[]>();
  for (const r of due) byBoard.set(`${r.value.tenantId}|${r.value.chatId}`, [...(byBoard.get(`${r.value.tenantId}|${r.value.chatId}`) ?? []), r]);
  // Boards in parallel; one board's reminders in order (the limiter paces each chat anyway).
  await inBatches([...byBoard.values()], 8, async (reminders) => {
    for (const r of reminders) {
      const claimed = await deps.store.claim(r, now);
      if (!claimed) {
        report.lost++;
        continue;
      }
      try {
        const outcome = await deliver(deps, claimed.value, now);
        await deps.store.finish(claimed, outcome.state, now, outcome.note, outcome.postedId ?? null);
        report[outcome.state === "sent" ? "sent" : "skipped"]++;
      } catch (err) {
        deps.log(`sweep: reminder ${claimed.value.kind} not sent`, err);
        const giveUp = claimed.value.attempts >= MAX_ATTEMPTS;
        await deps.store.finish(claimed, giveUp ? "failed" : "pending", now, String((err as Error)?.message ?? err).slice(0, 200));
        if (giveUp) report.failed++;
      }
    }
  });
  return report;
}

async function inBatches<T>(items: T[], size: number, run: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(run));
}

async function plan(deps: BotDeps, board: BoardRef, now: number): Promise<number> {
  const conversation = await deps.store.getConversation(board);
  if (!conversation || conversation.value.removedAt !== null) return 0;
  const all = await deps.services.store.readBoard(board);
  if (!all) return 0;
  const settings = all.meta.value.settings;
  const key = boardKey(board);
  const base = { tenantId: board.tenantId, chatId: board.chatId };
  let filed = 0;
  const file = async (r: Omit<Reminder, "state" | "attempts" | "claimedAt" | "doneAt" | "note" | "tenantId" | "chatId">) => {
    if (r.dueAt > now + HORIZON || r.dueAt < now - TOO_LATE) return;
    if (await deps.store.schedule({ ...r, ...base })) filed++;
  };

  const call = nextTopicCall(settings, now);
  if (call) await file({ id: `topicCall|${key}|${call.meetingAt}`, kind: "topicCall", dueAt: call.callAt, data: { meetingAt: call.meetingAt } });

  // Once an hour, the de-duplication rows of activities older than a day go.
  if (Math.floor(now / MINUTE) % 60 === 0) await deps.store.forgetActivitiesBefore(board, Date.now() - 24 * 60 * MINUTE);

  const sessionId = all.meta.value.currentSessionId;
  const timer = (await deps.services.store.getTimer(board, sessionId))?.value;
  if (timer?.status === "running") {
    await file({
      id: `timeUp|${key}|${sessionId}|${timer.topicId}|${timer.round}`,
      kind: "timeUp",
      dueAt: timer.endsAt,
      data: { sessionId, topicId: timer.topicId, round: timer.round, endsAt: timer.endsAt },
    });
  }

  for (const { value: a } of all.actions) {
    if (a.status === "done" || !a.due) continue;
    await file({ id: `actionDue|${key}|${a.id}|${a.due}`, kind: "actionDue", dueAt: actionReminderAt(a.due, settings.timeZone), data: { actionId: a.id, due: a.due } });
  }

  for (const s of all.sessions) {
    if (s.phase !== "closed" || s.summarySentAt !== null || s.closedAt === null) continue;
    await file({ id: `summary|${key}|${s.id}`, kind: "summary", dueAt: s.closedAt + SUMMARY_GRACE_MINUTES * MINUTE, data: { sessionId: s.id } });
  }

  // Needs raised or answered from the side panel reach the chat here; the chat's own are filed (and sent) in their turn.
  for (const { value: n } of all.needs) {
    if (n.state === "open" && n.raisedAt >= now - TOO_LATE) await file(needRaisedReminder(board, n));
    const answered = needAnsweredReminder(board, n);
    if (answered && answered.dueAt >= now - TOO_LATE) await file(answered);
  }
  return filed;
}

type Outcome = { state: "sent" | "skipped"; note: string; postedId?: string };
const sent: Outcome = { state: "sent", note: "" };
const skipped = (note: string): Outcome => ({ state: "skipped", note });

/** Sends one claimed reminder, after checking it still holds. */
async function deliver(deps: BotDeps, r: Reminder, now: number): Promise<Outcome> {
  const board = { tenantId: r.tenantId, chatId: r.chatId };
  const url = deps.boardUrl(board.chatId);
  const posted = (id: string | null) => (id === null ? skipped("the bot is not in the chat") : sent);
  switch (r.kind) {
    case "topicCall": {
      const all = await deps.services.store.readBoard(board);
      if (!all) return skipped("no board");
      const call = nextTopicCall(all.meta.value.settings, now);
      if (!call || call.meetingAt !== r.data["meetingAt"]) return skipped("the cadence changed or the meeting started");
      const session = await deps.services.store.readSession(board, all.meta.value.currentSessionId);
      const queued = session.topics.filter((t) => t.value.state === "queued").length;
      return posted(await deps.messenger.postToBoard(board, { card: topicCallCard(call.meetingAt, all.meta.value.settings.timeZone, queued, url) }));
    }
    case "timeUp": {
      const sessionId = String(r.data["sessionId"]);
      const timer = (await deps.services.store.getTimer(board, sessionId))?.value;
      if (!timer || timer.status !== "running" || timer.topicId !== r.data["topicId"] || timer.round !== r.data["round"] || timer.endsAt !== r.data["endsAt"]) {
        return skipped("the timer changed");
      }
      if (!isExpired(timer, now)) return skipped("not expired");
      const read = await readState(deps.services, systemCaller(board.tenantId), board.chatId);
      if (!read.changed || read.view.session.id !== sessionId) return skipped("another session is current");
      const view = read.view;
      const conversation = (await deps.store.getConversation(board))?.value;
      const title = view.topics.find((t) => t.id === timer.topicId)?.title ?? "The topic";
      const card = timeUpCard({
        topicId: timer.topicId,
        topicTitle: title,
        round: timer.round,
        tally: view.roman?.tally ?? { up: 0, sideways: 0, down: 0 },
        nextExtensionMinutes: view.timer.nextExtensionMinutes,
        myChoice: null,
        userIds: conversation?.recentUsers ?? [],
      });
      const id = await deps.messenger.postToBoard(board, { card });
      if (id !== null) {
        await deps.messenger.notifyMeeting(board, conversation?.recentAad ?? [], `Time's up: ${title}. Continue or move on?`).catch((err: unknown) => deps.log("sweep: meeting notification failed", err));
      }
      return posted(id);
    }
    case "actionDue": {
      const all = await deps.services.store.readBoard(board);
      const action = all?.actions.find((a) => a.value.id === r.data["actionId"])?.value;
      if (!all || !action || action.status === "done" || action.due !== r.data["due"]) return skipped("the action is done or its date changed");
      const card = actionDueCard({ text: action.text, due: action.due, owner: ownerLabel(action, all.teams) }, url);
      if (action.ownerUserId && (await deps.messenger.postToUser(board, action.ownerUserId, { card }))) return sent;
      return posted(await deps.messenger.postToBoard(board, { card }));
    }
    case "summary": {
      const outcome = await meetingOver(deps, board, String(r.data["sessionId"]), now);
      return outcome === "sent" ? sent : skipped(`summary ${outcome}`);
    }
    case "needRaised":
    case "needAnswered":
      return deliverNeedReminder(deps, r);
  }
}
