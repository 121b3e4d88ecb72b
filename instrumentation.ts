// Runs once when the server starts: the timer that makes scheduled stories appear by themselves, and
// the durable job queue's runner (lib/jobs).
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startScheduleSweep } = await import("@/lib/cache/schedule");
  const { listScheduledComingDue } = await import("@/lib/data/admin-articles");
  const { listImportsEnded } = await import("@/lib/data/import-runs");
  const { listCurationExpiring } = await import("@/lib/data/front-page");
  startScheduleSweep({
    comingDue: listScheduledComingDue,
    importsEnded: listImportsEnded,
    expiring: listCurationExpiring,
  });
  const { startJobRunner } = await import("@/lib/jobs/runner");
  startJobRunner();
  // The edge's live stream hub (server.ts) catches a reconnecting page up through the database.
  const { registerLiveLoader } = await import("@/lib/live/bus.mjs");
  const { liveCatchUp } = await import("@/lib/live/catch-up");
  registerLiveLoader(liveCatchUp);
  const { startMailRunner } = await import("@/lib/mail/runner");
  startMailRunner();
}
