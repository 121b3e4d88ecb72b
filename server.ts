// The request edge: Next's documented custom server (`next()`, `prepare()`, one node:http server)
// with lib/edge in front of it. `npm start` runs this (through scripts/start.ts).
import http from "node:http";
import path from "node:path";
import { closeDatabase } from "./db/index";
import { onSharedReconnect, pageTagsFor, sharedChannel, subscribe } from "./lib/cache/bus.mjs";
import { CACHE_TAGS } from "./lib/cache/tags";
import { inCluster, shareOfBudget } from "./lib/cluster/ipc.mjs";
import { commentActionId, createCommentDoor } from "./lib/edge/comment-post";
import { listPublicFiles } from "./lib/edge/files";
import { createEdgeHandler } from "./lib/edge/handler";
import { NOT_FOUND_PATH } from "./lib/edge/reader-page";
import { ResponseStore } from "./lib/edge/response-store";
import { securityHeaders } from "./lib/edge/security-headers";
import { jobsStop } from "./lib/jobs/stop";
import { closeLiveChannel } from "./lib/live/bus.mjs";
import { LiveHub } from "./lib/live/hub";
import { flushLogs, logger, requestLines } from "./lib/observability/logger";
import { registerGauge } from "./lib/observability/metrics";
import {
  answerMetricsForCluster,
  METRICS_PATH,
  metricsAllowed,
  refuseMetrics,
  serveMetrics,
} from "./lib/observability/metrics-endpoint";
import { createRequestLog } from "./lib/observability/request-log";

// How long a stopping server keeps reading requests that were already on their way to it.
const STOP_GRACE_MS = 1_000;
// The longest a stop may take: in-flight requests get this long, then the rest are cut.
const STOP_DEADLINE_MS = 9_000;

export type RunningServer = { server: http.Server; stop: () => Promise<void>; live?: LiveHub };

export async function startServer({
  port = Number(process.env.PORT || 3000),
  hostname = process.env.HOSTNAME,
  dev = false,
}: { port?: number; hostname?: string; dev?: boolean } = {}): Promise<RunningServer> {
  process.env.NEXT_TELEMETRY_DISABLED = "1";
  // Imported here so that NODE_ENV is settled before Next's modules read it.
  const { default: next } = await import("next");
  const app = next({ dev, dir: process.cwd(), port, hostname });
  await app.prepare();
  const handle = app.getRequestHandler();

  const store = new ResponseStore(shareOfBudget(process.env.EDGE_CACHE_MAX_BYTES, 64 * 1024 * 1024));
  // Content API answers (lib/edge/api-answers.ts), apart from pages: a key's reads never push a page out.
  const apiAnswers = new ResponseStore(shareOfBudget(process.env.EDGE_API_MAX_BYTES, 8 * 1024 * 1024));
  const kept = [store, apiAnswers];
  subscribe((message) => kept.forEach((s) => s.invalidate(message)));
  // With REDIS_URL, messages sent while the subscription was down are lost: every reader page and kept
  // answer carries the site tag, so this drops them all.
  onSharedReconnect(() => kept.forEach((s) => s.invalidate({ tags: [CACHE_TAGS.site], at: Date.now() })));
  // Build output, public/ files, icons and resized images: what a reader's browser fetches besides the page.
  const files = new ResponseStore(shareOfBudget(process.env.EDGE_FILES_MAX_BYTES, 16 * 1024 * 1024));
  answerMetricsForCluster();
  registerGauge("newsroom_edge_store_bytes", "Bytes held by the edge's store.", () => store.totalBytes);
  registerGauge("newsroom_edge_store_entries", "Responses held by the edge's store.", () => store.size);
  let stopping = false;
  const trustProxy = process.env.TRUST_PROXY === "1";
  const commentAction = dev ? null : commentActionId(path.join(process.cwd(), ".next"));
  const edge = createEdgeHandler({
    // In development Next rebuilds files under the same names: it answers them itself.
    ...(dev ? {} : { files, publicFiles: await listPublicFiles(path.join(process.cwd(), "public")) }),
    next: (req, res) => handle(req, res),
    store,
    apiAnswers,
    trustProxy,
    https: (process.env.SITE_URL ?? "").startsWith("https://"),
    dev,
    tagsFor: pageTagsFor,
    // Asked of this server itself: the edge answers it from its store once it has been rendered.
    notFoundPage: () => ownPage(server, NOT_FOUND_PATH),
    ...(commentAction ? { commentDoor: createCommentDoor(commentAction, failed) } : {}),
  });

  // Live update streams are answered here, before the edge and Next: one socket per reader, no render.
  const live = new LiveHub({
    trustProxy: process.env.TRUST_PROXY === "1",
    // A machine-wide limit: each worker allows its share (a client's connections go to the workers in turn).
    maxPerClient: Math.max(1, shareOfBudget(process.env.LIVE_STREAMS_PER_CLIENT, 8)),
    headers: securityHeaders({ https: (process.env.SITE_URL ?? "").startsWith("https://"), dev }),
  });

  const logged = createRequestLog(requestLines, { trustProxy });
  const metricsToken = process.env.METRICS_TOKEN || undefined;
  const server = http.createServer((req, res) => {
    if (req.url === METRICS_PATH) {
      const allowed = metricsAllowed(req, metricsToken);
      if (allowed === 200) void serveMetrics(res).catch((error: unknown) => failed(res, error));
      else refuseMetrics(res, allowed);
      return;
    }
    // A stopping server tells load balancers first; the health route itself lives in Next.
    if (stopping && req.url === "/api/health") {
      res.writeHead(503, { "content-type": "application/json", "cache-control": "no-store", connection: "close" });
      res.end(JSON.stringify({ status: "stopping" }));
      return;
    }
    if (live.handle(req, res)) return;
    try {
      logged(req, res, edge);
    } catch (error) {
      failed(res, error, req.headers["x-request-id"]);
    }
  });
  // METRICS_PORT: /metrics (alone) on a port of its own, reachable from this machine only.
  const metricsServer = process.env.METRICS_PORT
    ? http.createServer((req, res) => {
        if (req.url === METRICS_PATH) void serveMetrics(res).catch((error: unknown) => failed(res, error));
        else refuseMetrics(res, 404);
      })
    : null;
  metricsServer?.listen(Number(process.env.METRICS_PORT), "127.0.0.1");
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve) => server.listen(port, hostname, resolve));
  logger.info(`Serving on http://${hostname ?? "localhost"}:${port}${dev ? " (dev)" : ""}`);

  async function stop() {
    if (stopping) return;
    stopping = true;
    // Streams never finish by themselves: end them now, and the browsers reconnect elsewhere.
    live.close();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    metricsServer?.close();
    // Idle keep-alive connections would hold close() open; busy ones finish their request first. A
    // request already sent but not yet read counts as idle to Node, so give those a moment to be read.
    setTimeout(() => server.closeIdleConnections(), STOP_GRACE_MS).unref();
    const deadline = new Promise<"late">((resolve) => setTimeout(() => resolve("late"), STOP_DEADLINE_MS).unref());
    if ((await Promise.race([closed, deadline])) === "late") server.closeAllConnections();
    await app.close().catch(() => {});
    await jobsStop
      .take()?.()
      .catch(() => {});
    await closeDatabase().catch(() => {});
    await sharedChannel()?.close();
    await closeLiveChannel();
    flushLogs();
  }
  return { server, stop, live };
}

/** An error the edge itself threw: logged with its stack and the request's id, answered 500. */
function failed(res: http.ServerResponse, error: unknown, requestId?: string | string[]): void {
  logger.error({ err: error, id: requestId }, "request failed");
  if (res.headersSent) res.destroy();
  else {
    res.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
    res.end("Internal server error.\n");
  }
}

// SIGTERM (and Ctrl-C): stop taking connections, finish what is in flight, close the database
// (SQLite checkpoints its WAL on the last close), exit. A worker whose primary is gone (killed, even
// with SIGKILL) does the same: nobody would replace it or relay its invalidations any more.
export function stopOnSignals(running: RunningServer): void {
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

if (import.meta.url === `file://${process.argv[1]}`) {
  (process.env as Record<string, string>).NODE_ENV ??= "production";
  stopOnSignals(await startServer());
}

/** A page of this site as an anonymous reader gets it (identity bytes), or null when it is not a 200. */
async function ownPage(server: http.Server, pathname: string): Promise<Buffer | null> {
  const address = server.address();
  if (address === null || typeof address === "string") return null;
  const host = address.address === "::" || address.address === "0.0.0.0" ? "127.0.0.1" : address.address;
  const response = await fetch(`http://${host.includes(":") ? `[${host}]` : host}:${address.port}${pathname}`, {
    headers: { "accept-encoding": "identity" },
  });
  return response.status === 200 ? Buffer.from(await response.arrayBuffer()) : null;
}
