// The request edge: Next's documented custom server (`next()`, `prepare()`, one node:http server)
// with lib/edge in front of it. `npm start` runs this (through scripts/start.ts).
import http from "node:http";
import path from "node:path";
import { closeDatabase } from "./db/index";
import { onSharedReconnect, pageTagsFor, sharedChannel, subscribe, type Invalidation } from "./lib/cache/bus.mjs";
import { CACHE_TAGS } from "./lib/cache/tags";
import { shareOfBudget, tellFronts } from "./lib/cluster/ipc.mjs";
import { answeredStopping, closeHttpServer, stopOnSignals } from "./lib/cluster/lifecycle";
import { commentActionId, createCommentDoor } from "./lib/edge/comment-post";
import { takePeersFromFronts } from "./lib/edge/client-ip";
import { listPublicFiles } from "./lib/edge/files";
import { encodeEntry, ENTRY_CHANNEL, INVALIDATION_CHANNEL, type StoreKind } from "./lib/edge/front";
import { createEdgeHandler } from "./lib/edge/handler";
import { laneHits, type HitLane } from "./lib/edge/hit-lane";
import { NOT_FOUND_PATH } from "./lib/edge/reader-page";
import { ResponseStore, type StoredResponse } from "./lib/edge/response-store";
import { securityHeaders } from "./lib/edge/security-headers";
import { jobsStop } from "./lib/jobs/stop";
import { closeLiveChannel } from "./lib/live/bus.mjs";
import { LiveHub } from "./lib/live/hub";
import { flushLogs, logger, requestLines } from "./lib/observability/logger";
import { registerStoreGauges } from "./lib/observability/metrics";
import {
  answeredMetrics,
  answerMetricsForCluster,
  METRICS_PATH,
  refuseMetrics,
  serveMetrics,
} from "./lib/observability/metrics-endpoint";
import { createRequestLog, failedRequest as failed } from "./lib/observability/request-log";

export { stopOnSignals };

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
  // Behind front processes (lib/edge/front.ts) this worker listens on a private socket, only to them:
  // what it keeps, what it answers from its store (a front lacked it), and each invalidation as it applied
  // it (a process dates another's message by its own arrival, lib/cache/bus.mjs: a front dating it
  // earlier than this worker could keep a page this worker rendered in between) go to them, in that one
  // order.
  const socketPath = process.env.NEWSROOM_SOCKET;
  const invalidate = (message: Invalidation) => {
    kept.forEach((s) => s.invalidate(message));
    if (socketPath) tellFronts(INVALIDATION_CHANNEL, message);
  };
  subscribe(invalidate);
  // With REDIS_URL, messages sent while the subscription was down are lost: every reader page and kept
  // answer carries the site tag, so this drops them all.
  onSharedReconnect(() => invalidate({ tags: [CACHE_TAGS.site], at: Date.now() }));
  // Build output, public/ files, icons and resized images: what a reader's browser fetches besides the page.
  const files = new ResponseStore(shareOfBudget(process.env.EDGE_FILES_MAX_BYTES, 16 * 1024 * 1024));
  if (socketPath) {
    takePeersFromFronts();
    const announce = (kind: StoreKind) => (key: string, entry: StoredResponse) =>
      tellFronts(ENTRY_CHANNEL, encodeEntry(kind, key, entry));
    store.onAnnounce = announce("pages");
    files.onAnnounce = announce("files");
  }
  answerMetricsForCluster();
  registerStoreGauges(store);
  let stopping = false;
  const trustProxy = process.env.TRUST_PROXY === "1";
  const commentAction = dev ? null : commentActionId(path.join(process.cwd(), ".next"));
  const publicFiles = await listPublicFiles(path.join(process.cwd(), "public"));
  const edge = createEdgeHandler({
    // In development Next rebuilds files under the same names: it answers them itself.
    ...(dev ? {} : { files, publicFiles }),
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
    if (answeredMetrics(req, res, metricsToken, failed)) return;
    if (answeredStopping(req, res, stopping)) return;
    if (live.handle(req, res)) return;
    try {
      // Behind fronts, the front that passed the request on logs and counts it.
      if (socketPath) edge(req, res);
      else logged(req, res, edge);
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
  // Hits are read off the socket before node:http (lib/edge/hit-lane.ts); behind fronts they answer them.
  let lane: HitLane | undefined;
  if (socketPath) {
    // The fronts keep their connections for as long as they run: none is closed under a request.
    server.keepAliveTimeout = 0;
    // node:cluster's primary holds the socket and hands this worker each connection (a front keeps
    // its connections, so that is once per connection, not per request).
    await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  } else {
    server.keepAliveTimeout = 5_000;
    if (!dev)
      lane = laneHits(server, (req, res) => logged(req, res, edge.hit), server.keepAliveTimeout, {
        store,
        files: { store: files, publicFiles },
        lines: requestLines,
        idPrefix: logged.idPrefix,
      });
    await new Promise<void>((resolve) => server.listen(port, hostname, resolve));
  }
  logger.info(`Serving on ${socketPath ?? `http://${hostname ?? "localhost"}:${port}`}${dev ? " (dev)" : ""}`);

  async function stop() {
    if (stopping) return;
    stopping = true;
    // Streams never finish by themselves: end them now, and the browsers reconnect elsewhere.
    live.close();
    metricsServer?.close();
    await closeHttpServer(server, lane);
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

if (import.meta.url === `file://${process.argv[1]}`) {
  (process.env as Record<string, string>).NODE_ENV ??= "production";
  stopOnSignals(await startServer());
}

/** A page of this site as an anonymous reader gets it (identity bytes), or null when it is not a 200. */
async function ownPage(server: http.Server, pathname: string): Promise<Buffer | null> {
  const address = server.address();
  if (address === null) return null;
  const where =
    typeof address === "string"
      ? { socketPath: address }
      : {
          host: address.address === "::" || address.address === "0.0.0.0" ? "127.0.0.1" : address.address,
          port: address.port,
        };
  return new Promise((resolve) => {
    http
      .get({ ...where, path: pathname, headers: { "accept-encoding": "identity" } }, (answer) => {
        const chunks: Buffer[] = [];
        answer.on("data", (chunk: Buffer) => chunks.push(chunk));
        answer.on("end", () => resolve(answer.statusCode === 200 ? Buffer.concat(chunks) : null));
        answer.on("error", () => resolve(null));
      })
      .on("error", () => resolve(null));
  });
}
