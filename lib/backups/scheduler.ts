import "server-only";
import { pruneAuditEntries } from "@/lib/data/audit";
import { getNewestScheduledBackupAt, takeScheduledBackup } from "@/lib/data/backups";
import { logger } from "@/lib/observability/logger";
import { backupDue, backupsKept, parseBackupSchedule } from "./schedule";

const TICK_MS = 60_000;
const DAY_MS = 24 * 60 * 60_000;

export const auditRetentionDays = () => {
  const days = Number(process.env.AUDIT_RETENTION_DAYS);
  return Number.isInteger(days) && days >= 1 ? days : 365;
};

/**
 * The server's own upkeep, once a minute: the scheduled backup when it is due (BACKUP_SCHEDULE,
 * SQLite; on PostgreSQL pg_dump does it, see the README), and once a day the audit entries past
 * AUDIT_RETENTION_DAYS. A failed backup is logged and tried again on the next tick.
 */
export function startMaintenance(): void {
  const schedule = process.env.DATABASE_URL ? null : parseBackupSchedule(process.env.BACKUP_SCHEDULE);
  if (process.env.BACKUP_SCHEDULE && !process.env.DATABASE_URL && !schedule)
    logger.warn(`BACKUP_SCHEDULE="${process.env.BACKUP_SCHEDULE}" is not a time like 03:30: no scheduled backups.`);
  let prunedAt = 0;
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    const now = Date.now();
    try {
      if (schedule && backupDue(schedule, now, getNewestScheduledBackupAt())) {
        const backup = takeScheduledBackup(backupsKept(process.env.BACKUP_KEEP));
        logger.info(
          { dir: backup.dir, bytes: backup.databaseBytes, removed: backup.removed.length },
          "scheduled backup",
        );
      }
      if (now - prunedAt >= DAY_MS) {
        const removed = await pruneAuditEntries(auditRetentionDays(), now);
        prunedAt = now;
        if (removed) logger.info({ removed }, "old audit entries pruned");
      }
    } catch (error) {
      logger.error({ err: error }, "maintenance failed");
    } finally {
      running = false;
    }
  };
  void tick();
  setInterval(tick, TICK_MS).unref();
}
