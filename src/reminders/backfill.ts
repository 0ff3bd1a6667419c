import type { BotDeps } from "../bot/deps";
import { fileReminders } from "./file";

/**
 * Boards the bot joined before reminders were filed by their causes have nothing filed: their
 * topic calls, action due dates, needs and summaries would never go out. Once per deployment
 * every board the bot is in has its causes filed, and the job is marked done only when it went
 * through, so a crash means the next sweep runs it again. Filing is idempotent (reminder ids are
 * deterministic), so two instances running it at once file each reminder once. It costs
 * O(boards) that once; every sweep after it reads only due buckets.
 */
export const BACKFILL_JOB = "reminders-filed-by-cause-v1";

export interface BackfillReport {
  boards: number;
  filed: number;
  failed: number;
}

/** Null when the job was done already (here or on another instance). */
export async function backfillReminders(deps: BotDeps, now: number): Promise<BackfillReport | null> {
  if (await deps.store.migrationDone(BACKFILL_JOB)) return null;
  const report: BackfillReport = { boards: 0, filed: 0, failed: 0 };
  for (const board of await deps.store.listBoards()) {
    report.boards++;
    try {
      // Actions and needs have their own causes; the board's cause files topic calls and unsent summaries.
      for (const kind of ["board", "actions", "needs"] as const) report.filed += await fileReminders(deps, board, { kind }, now);
    } catch (err) {
      // One board that cannot be read must not keep every other board's reminders unfiled.
      report.failed++;
      deps.log(`reminders backfill: board not filed`, err);
    }
  }
  if (report.failed === 0) await deps.store.markMigrationDone(BACKFILL_JOB, now);
  return report;
}
