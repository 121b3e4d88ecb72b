// Runs once when the server starts: the one timer that makes scheduled stories appear by themselves.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startScheduleSweep } = await import("@/lib/cache/schedule");
  const { listScheduledComingDue } = await import("@/lib/data/admin-articles");
  const { listImportsEnded } = await import("@/lib/data/import-runs");
  startScheduleSweep({ comingDue: listScheduledComingDue, importsEnded: listImportsEnded });
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
