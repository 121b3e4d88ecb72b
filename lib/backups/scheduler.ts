import "server-only";
import { pruneAuditEntries } from "@/lib/data/audit";
import { logger } from "@/lib/observability/logger";
import { parseBackupSchedule } from "./schedule";

const TICK_MS = 60_000;
const DAY_MS = 24 * 60 * 60_000;

export const auditRetentionDays = () => {
  const days = Number(process.env.AUDIT_RETENTION_DAYS);
  return Number.isInteger(days) && days >= 1 ? days : 365;
};

/**
 * The server's own upkeep, once a minute: once a day the audit entries past AUDIT_RETENTION_DAYS. (The
 * scheduled backups are jobs: lib/backups/jobs.ts.)
 */
export function startMaintenance(): void {
  if (process.env.BACKUP_SCHEDULE && !process.env.DATABASE_URL && !parseBackupSchedule(process.env.BACKUP_SCHEDULE))
    logger.warn(`BACKUP_SCHEDULE="${process.env.BACKUP_SCHEDULE}" is not a time like 03:30: no scheduled backups.`);
  let prunedAt = 0;
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    const now = Date.now();
    try {
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
