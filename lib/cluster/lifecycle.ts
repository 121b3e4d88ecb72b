// How a serving process stops: the site's server (server.ts) and a front process (front.ts) alike.
import type http from "node:http";
import type { HitLane } from "@/lib/edge/hit-lane";
import { inCluster } from "./ipc.mjs";

// How long a stopping server keeps reading requests that were already on their way to it.
const STOP_GRACE_MS = 1_000;
// The longest a stop may take: in-flight requests get this long, then the rest are cut.
export const STOP_DEADLINE_MS = 9_000;

/**
 * Stops taking connections and settles once the server has closed: idle keep-alive connections would
 * hold close() open, busy ones finish their request first; a connection that has sent nothing yet is
 * most likely sending its first request, so it gets a moment to arrive; past the deadline the rest are
 * cut. `lane`: the connections the hit lane holds (lib/edge/hit-lane.ts), which node:http does not know
 * of — every connection, until its first request that is not a hit.
 */
export async function closeHttpServer(server: http.Server, lane?: HitLane): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  // As node:http's close() does with its own idle connections, but for the silent ones: node:http
  // cuts those too, and a reader whose request crossed the stop saw a reset (e2e/edge.spec.ts, once).
  lane?.closeIdle(true);
  setTimeout(() => {
    server.closeIdleConnections();
    lane?.closeIdle();
  }, STOP_GRACE_MS).unref();
  const deadline = new Promise<"late">((resolve) => setTimeout(() => resolve("late"), STOP_DEADLINE_MS).unref());
  if ((await Promise.race([closed, deadline])) === "late") {
    server.closeAllConnections();
    lane?.closeAll();
  }
  lane?.stop();
}

/**
 * A stopping server tells load balancers first: its health check answers 503 (true when it did). The
 * health route itself lives in Next.
 */
export function answeredStopping(req: http.IncomingMessage, res: http.ServerResponse, stopping: boolean): boolean {
  if (!stopping || req.url !== "/api/health") return false;
  res.writeHead(503, { "content-type": "application/json", "cache-control": "no-store", connection: "close" });
  res.end(JSON.stringify({ status: "stopping" }));
  return true;
}

// SIGTERM (and Ctrl-C): stop taking connections, finish what is in flight, close what the process holds
// (SQLite checkpoints its WAL on the last close), exit. A worker whose primary is gone (killed, even
// with SIGKILL) does the same: nobody would replace it or relay its invalidations any more.
export function stopOnSignals(running: { stop: () => Promise<void> }): void {
  const stop = () => {
    setTimeout(() => process.exit(1), STOP_DEADLINE_MS + 900).unref();
    running.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  for (const signal of ["SIGTERM", "SIGINT"] as const) process.once(signal, stop);
  if (inCluster()) process.once("disconnect", stop);
}
