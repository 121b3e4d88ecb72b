import { timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
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

export async function serveMetrics(res: ServerResponse): Promise<void> {
  const { registry } = metrics();
  const body = await registry.metrics();
  res.writeHead(200, { "content-type": registry.contentType, "cache-control": "no-store" });
  res.end(body);
}

export function refuseMetrics(res: ServerResponse, status: 401 | 404): void {
  const headers: Record<string, string> = { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" };
  if (status === 401) headers["www-authenticate"] = 'Bearer realm="metrics"';
  res.writeHead(status, headers);
  res.end(status === 401 ? "A metrics token is required.\n" : "Not found.\n");
}
