// BACKUP_SCHEDULE: the time of day ("03:30", 24-hour, the server's local time zone as set by TZ) at which
// the running server takes a backup; "daily" means 03:00. Unset or "off": no scheduled backups.

export type BackupSchedule = { hour: number; minute: number };

export const DEFAULT_BACKUPS_KEPT = 7;
/** Site health and /api/health warn when the newest backup is older than this. */
export const BACKUP_STALE_MS = 2 * 24 * 60 * 60_000;

export function parseBackupSchedule(value: string | undefined): BackupSchedule | null {
  const text = (value ?? "").trim().toLowerCase();
  if (!text || text === "off") return null;
  if (text === "daily") return { hour: 3, minute: 0 };
  const match = /^(\d{1,2}):(\d{2})$/.exec(text);
  if (!match) return null;
  const hour = Number(match[1]);
  const minute = Number(match[2]);
  return hour < 24 && minute < 60 ? { hour, minute } : null;
}

/** How many scheduled backups are kept (BACKUP_KEEP, at least 1). */
export function backupsKept(value: string | undefined): number {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 ? n : DEFAULT_BACKUPS_KEPT;
}

/** The latest scheduled moment at or before `now` (today's, or yesterday's if today's is still ahead). */
export function lastScheduledMoment(schedule: BackupSchedule, now: number): number {
  const today = new Date(now);
  today.setHours(schedule.hour, schedule.minute, 0, 0);
  if (today.getTime() <= now) return today.getTime();
  today.setDate(today.getDate() - 1);
  return today.getTime();
}

/** A backup is due when none has been taken since the latest scheduled moment. */
export function backupDue(schedule: BackupSchedule, now: number, lastTakenAt: number | null): boolean {
  return lastTakenAt === null || lastTakenAt < lastScheduledMoment(schedule, now);
}

/** The first scheduled moment after `now`. */
export function nextScheduledMoment(schedule: BackupSchedule, now: number): number {
  const next = new Date(lastScheduledMoment(schedule, now));
  next.setDate(next.getDate() + 1);
  next.setHours(schedule.hour, schedule.minute, 0, 0);
  return next.getTime();
}
