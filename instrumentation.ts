// Runs once when the server starts: the timer that makes scheduled stories appear by themselves, and
// the durable job queue's runner (lib/jobs).
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // The edge's live stream hub (server.ts) catches a reconnecting page up through the database.
  const { registerLiveLoader } = await import("@/lib/live/bus.mjs");
  const { liveCatchUp } = await import("@/lib/live/catch-up");
  registerLiveLoader(liveCatchUp);
  // The edge's door for reply forms posted without JavaScript judges and stores them here, where the
  // data layer lives (lib/edge/comment-post.ts).
  const { registerCommentTaker } = await import("@/lib/edge/comment-post");
  const { takePostedComment } = await import("@/lib/comments/door");
  registerCommentTaker(takePostedComment);
  // The edge sends a kept Content API answer once the request's key passes this check (lib/edge/api-answers.ts).
  const { registerApiKeyCheck } = await import("@/lib/edge/api-answers");
  const { checkKeptAnswerKey } = await import("@/lib/api/key");
  registerApiKeyCheck(checkKeptAnswerKey);
  // With a worker per core (lib/cluster), the clock's work runs once, in worker 0: its invalidations
  // reach the others over the bus, and its replacement takes it over.
  const { workerIndex } = await import("@/lib/cluster/ipc.mjs");
  if (workerIndex() === 0) await startBackgroundWork();
}

async function startBackgroundWork() {
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
  const { scheduleRecurringJobs } = await import("@/lib/jobs/handlers");
  startJobRunner();
  const { registerJobQueueGauges } = await import("@/lib/jobs/metrics");
  registerJobQueueGauges();
  // The daily briefing's and the scheduled backups' next jobs (each start may queue them: keyed, once).
  scheduleRecurringJobs().catch((error) => console.error("Could not queue the scheduled jobs.", error));
  const { startMaintenance } = await import("@/lib/backups/scheduler");
  startMaintenance();
}

// Errors thrown while rendering or in an action: one log line with the stack and the request's id
// (server.ts gives each request one, returned as X-Request-Id).
export async function onRequestError(
  error: unknown,
  request: { path: string; method: string; headers: Record<string, string | string[] | undefined> },
  context: { routeType: string },
) {
  const { logger } = await import("@/lib/observability/logger");
  const { loggedPath } = await import("@/lib/observability/request-log");
  logger.error(
    { err: error, id: request.headers["x-request-id"], method: request.method, path: loggedPath(request.path) },
    `${context.routeType} error`,
  );
}
