import { enqueueJobs } from "@/lib/data/jobs";
import { getNewestScheduledBackupAt, takeScheduledBackup } from "@/lib/data/backups";
import { defineJobHandler } from "@/lib/jobs/registry";
import { logger } from "@/lib/observability/logger";
import { backupDue, backupsKept, lastScheduledMoment, nextScheduledMoment, parseBackupSchedule } from "./schedule";

// Scheduled backups (BACKUP_SCHEDULE, SQLite; on PostgreSQL pg_dump does it, see the README) are jobs of
// the one queue: one per scheduled moment, keyed by its minute, so however many instances or starts
// queue it, one backup is taken; a failed one is retried with backoff.
export const SCHEDULED_BACKUP_JOB = "backup.scheduled";

export function backupSchedule() {
  return process.env.DATABASE_URL ? null : parseBackupSchedule(process.env.BACKUP_SCHEDULE);
}

const backupJob = (at: number) => ({
  kind: SCHEDULED_BACKUP_JOB,
  key: `${SCHEDULED_BACKUP_JOB}:${new Date(at).toISOString().slice(0, 16)}`,
  payload: { at },
  runAt: at,
});

/** The latest scheduled moment's job (taken at once if no backup followed it) and the next one's. */
export async function scheduleBackupJobs(now = Date.now()): Promise<void> {
  const schedule = backupSchedule();
  if (!schedule) return;
  await enqueueJobs([backupJob(lastScheduledMoment(schedule, now)), backupJob(nextScheduledMoment(schedule, now))]);
}

defineJobHandler(
  SCHEDULED_BACKUP_JOB,
  async () => {
    const schedule = backupSchedule();
    if (!schedule) return;
    const now = Date.now();
    if (backupDue(schedule, now, getNewestScheduledBackupAt())) {
      const backup = takeScheduledBackup(backupsKept(process.env.BACKUP_KEEP));
      logger.info({ dir: backup.dir, bytes: backup.databaseBytes, removed: backup.removed.length }, "scheduled backup");
    }
    await scheduleBackupJobs(now);
  },
  { concurrency: 1, timeoutMs: 30 * 60_000, maxAttempts: 5 },
);
