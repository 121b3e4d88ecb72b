import { timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { answer, askPrimary, inCluster } from "../cluster/ipc.mjs";
import { metrics } from "./metrics";

export const METRICS_PATH = "/metrics";

/**
 * /metrics is for the operator's Prometheus, never the public: without METRICS_TOKEN it does not exist
 * (404, as any unknown page) unless served on METRICS_PORT, which binds to 127.0.0.1 only; with it, a
 * scrape must send `Authorization: Bearer <token>`.
 */
export function metricsAllowed(req: IncomingMessage, token: string | undefined): 200 | 401 | 404 {
  if (!token) return 404;
  const sent = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? "")?.[1]?.trim() ?? "";
  const a = Buffer.from(sent);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b) ? 200 : 401;
}

/**
 * The metrics of the whole server: this process's, or with a worker per core all of theirs, summed by the
 * primary (each worker answers it with its own, `answerMetricsForCluster`).
 */
export async function serveMetrics(res: ServerResponse): Promise<void> {
  const { registry } = metrics();
  const all = inCluster()
    ? ((await askPrimary("metrics", null)) as { contentType: string; body: string } | null)
    : null;
  if (inCluster() && !all) throw new Error("the primary did not answer for the workers' metrics");
  res.writeHead(200, { "content-type": all?.contentType ?? registry.contentType, "cache-control": "no-store" });
  res.end(all?.body ?? (await registry.metrics()));
}

/**
 * Answers /metrics (true), or leaves every other address to the caller (false). `failed` answers a
 * scrape that could not be gathered.
 */
export function answeredMetrics(
  req: IncomingMessage,
  res: ServerResponse,
  token: string | undefined,
  failed: (res: ServerResponse, error: unknown) => void,
): boolean {
  if (req.url !== METRICS_PATH) return false;
  const allowed = metricsAllowed(req, token);
  if (allowed === 200) void serveMetrics(res).catch((error: unknown) => failed(res, error));
  else refuseMetrics(res, allowed);
  return true;
}

/** In a worker: hands this process's metrics to the primary when it gathers them. */
export function answerMetricsForCluster(): void {
  answer("metrics", () => metrics().registry.getMetricsAsJSON());
}

export function refuseMetrics(res: ServerResponse, status: 401 | 404): void {
  const headers: Record<string, string> = { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" };
  if (status === 401) headers["www-authenticate"] = 'Bearer realm="metrics"';
  res.writeHead(status, headers);
  res.end(status === 401 ? "A metrics token is required.\n" : "Not found.\n");
}
