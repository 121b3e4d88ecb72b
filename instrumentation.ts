// Runs once when the server starts: the one timer that makes scheduled stories appear by themselves.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startScheduleSweep } = await import("@/lib/cache/schedule");
  const { listScheduledComingDue } = await import("@/lib/data/admin-articles");
  const { listImportsEnded } = await import("@/lib/data/import-runs");
  startScheduleSweep({ comingDue: listScheduledComingDue, importsEnded: listImportsEnded });
  const { startMailRunner } = await import("@/lib/mail/runner");
  startMailRunner();
}
