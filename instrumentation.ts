// Runs once when the server starts: the timer that makes scheduled stories appear by themselves, and
// the durable job queue's runner (lib/jobs).
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startScheduleSweep } = await import("@/lib/cache/schedule");
  const { listScheduledComingDue } = await import("@/lib/data/admin-articles");
  const { listImportsEnded } = await import("@/lib/data/import-runs");
  startScheduleSweep({ comingDue: listScheduledComingDue, importsEnded: listImportsEnded });
  const { startJobRunner } = await import("@/lib/jobs/runner");
  startJobRunner();
}
