// Every kind of job the runner knows: each feature's module calls defineJobHandler when imported. One
// import line per feature (webhook deliveries, newsletter sends and the daily briefing, scheduled backups).
import "@/lib/webhooks/jobs";
import { scheduleMailJobs } from "@/lib/mail/jobs";
import { scheduleBackupJobs } from "@/lib/backups/jobs";

/** The jobs that come back on a schedule, queued on start: their keys make a second start queue nothing. */
export async function scheduleRecurringJobs(): Promise<void> {
  await scheduleMailJobs();
  await scheduleBackupJobs();
}
