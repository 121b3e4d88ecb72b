// A front process (lib/edge/front.ts): `npm start` with FRONT_PROCESSES runs these on the site's port in
// front of its Next workers (lib/cluster/primary.ts). It never loads Next nor opens the database.
import http from "node:http";
import path from "node:path";
import type { Invalidation } from "./lib/cache/bus.mjs";
import { receive, shareOfBudget } from "./lib/cluster/ipc.mjs";
import { answeredStopping, closeHttpServer, stopOnSignals } from "./lib/cluster/lifecycle";
import { listPublicFiles } from "./lib/edge/files";
import { laneHits } from "./lib/edge/hit-lane";
import { createFront, decodeEntry, ENTRY_CHANNEL, INVALIDATION_CHANNEL, type EntryOnWire } from "./lib/edge/front";
import { ResponseStore } from "./lib/edge/response-store";
import { securityHeaders } from "./lib/edge/security-headers";
import { flushLogs, requestLines } from "./lib/observability/logger";
import { registerStoreGauges } from "./lib/observability/metrics";
import { answeredMetrics, answerMetricsForCluster } from "./lib/observability/metrics-endpoint";
import { createRequestLog, failedRequest } from "./lib/observability/request-log";

export async function startFront({
  port = Number(process.env.PORT || 3000),
  hostname = process.env.HOSTNAME,
  upstreams = (process.env.NEWSROOM_UPSTREAMS ?? "").split(",").filter(Boolean),
}: { port?: number; hostname?: string; upstreams?: string[] } = {}) {
  if (upstreams.length === 0) throw new Error("a front process needs the workers' sockets (NEWSROOM_UPSTREAMS)");
  // The same budgets as the workers' stores: the fronts hold the copies readers are answered from.
  const pages = new ResponseStore(shareOfBudget(process.env.EDGE_CACHE_MAX_BYTES, 64 * 1024 * 1024));
  const files = new ResponseStore(shareOfBudget(process.env.EDGE_FILES_MAX_BYTES, 16 * 1024 * 1024));
  const publicFiles = await listPublicFiles(path.join(process.cwd(), "public"));
  const front = createFront({
    pages,
    files,
    publicFiles,
    upstreams,
    security: securityHeaders({ https: (process.env.SITE_URL ?? "").startsWith("https://"), dev: false }),
  });
  // An entry that arrives after an invalidation of one of its tags that began later is refused by the
  // store itself (ResponseStore.set), whichever of the two messages came first.
  receive(ENTRY_CHANNEL, (wire: EntryOnWire) => front.keep(wire.kind, wire.key, decodeEntry(wire)));
  // Invalidations come from the workers as they applied them, on the same channel as their entries (with
  // Redis too: see server.ts), not from the bus.
  receive(INVALIDATION_CHANNEL, (message: Invalidation) => pages.invalidate(message));
  answerMetricsForCluster();
  registerStoreGauges(pages);

  const logged = createRequestLog(requestLines, { trustProxy: process.env.TRUST_PROXY === "1", passedOn: true });
  const metricsToken = process.env.METRICS_TOKEN || undefined;
  let stopping = false;
  const server = http.createServer((req, res) => {
    if (answeredMetrics(req, res, metricsToken, failedRequest)) return;
    if (answeredStopping(req, res, stopping)) return;
    try {
      logged(req, res, front.serve);
    } catch (error) {
      failedRequest(res, error, req.headers["x-request-id"]);
    }
  });
  server.keepAliveTimeout = 5_000;
  // Hits are read off the socket before node:http (lib/edge/native-lane.ts, lib/edge/hit-lane.ts).
  const lane = laneHits(server, (req, res) => logged(req, res, front.hit), server.keepAliveTimeout, {
    store: pages,
    files: { store: files, publicFiles },
    lines: requestLines,
    idPrefix: logged.idPrefix,
  });
  await new Promise<void>((resolve) => server.listen(port, hostname, resolve));

  async function stop() {
    if (stopping) return;
    stopping = true;
    await closeHttpServer(server, lane);
    flushLogs();
  }
  return { server, stop };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  (process.env as Record<string, string>).NODE_ENV ??= "production";
  stopOnSignals(await startFront());
}
