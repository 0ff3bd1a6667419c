import { isExpired, ownerLabel } from "../domain";
import { nextTopicCall } from "../domain/reminders";
import { timeUpCard, topicCallCard } from "../bot/queue-cards";
import { actionDueCard } from "../bot/report-cards";
import { systemCaller, type BotDeps } from "../bot/deps";
import { deliverNeedReminder } from "../bot/needs";
import { meetingOver } from "../bot/meetings";
import { readState } from "../service/state";
import { MAX_ATTEMPTS, type Reminder } from "../store/bot";
import type { Stored } from "../store/table";
import { fileReminders, TOO_LATE } from "./file";

/**
 * The reminder sweep, run every minute by the Functions timer trigger and on an interval by the
 * local host. It is given `now`, so a late run (after an outage) catches up on everything due.
 *
 * Reminders are filed when their cause is written (`./file.ts`: topic calls, time's up, action due
 * dates, summaries, need announcements), so a sweep reads only the due hourly buckets: its cost
 * grows with the reminders due, not with the boards the bot is in. Every reminder due by `now` is
 * claimed with its ETag before it is sent, so overlapping sweeps never send one twice; each is
 * checked against its cause again just before sending (action done or moved, timer changed,
 * cadence changed), so a reminder whose cause changed is skipped.
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
/** How far back a sweep looks for reminders it has not sent: covers a long outage. */
export const LOOKBACK = 24 * 60 * MINUTE;

export async function sweep(deps: BotDeps, now: number): Promise<SweepReport> {
  const report: SweepReport = { planned: 0, sent: 0, skipped: 0, failed: 0, lost: 0 };
  // Only the due buckets are read: reminders are filed when their cause is written (./file.ts).
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
        const outcome = claimed.value.dueAt < now - TOO_LATE ? skipped("too late") : await deliver(deps, claimed.value, now);
        await deps.store.finish(claimed, outcome.state, now, outcome.note, outcome.postedId ?? null);
        report[outcome.state === "sent" ? "sent" : "skipped"]++;
      } catch (err) {
        deps.log(`sweep: reminder ${claimed.value.kind} not sent`, err);
        const giveUp = claimed.value.attempts >= MAX_ATTEMPTS;
        await deps.store.finish(claimed, giveUp ? "failed" : "pending", now, String((err as Error)?.message ?? err).slice(0, 200));
        if (giveUp) report.failed++;
      }
      // A handled topic call leaves the next weekly's filed.
      if (claimed.value.kind === "topicCall") {
        const board = { tenantId: claimed.value.tenantId, chatId: claimed.value.chatId };
        report.planned += await fileReminders(deps, board, { kind: "board" }, now).catch((err: unknown) => (deps.log("sweep: next topic call not filed", err), 0));
      }
    }
  });
  return report;
}

async function inBatches<T>(items: T[], size: number, run: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(run));
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
