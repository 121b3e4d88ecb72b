import client from "prom-client";

// The Prometheus registry of the process, served at /metrics by server.ts. Kept on globalThis: server.ts
// (loaded by tsx) and the app's bundles (built by Next) each load this module, and both must count into
// the same metrics. All figures are the process's; the site runs as one Node process per instance.
const KEY = Symbol.for("newsroom.metrics");

export const ROUTE_KINDS = ["reader", "feed", "action", "admin", "api", "asset"] as const;
export type RouteKind = (typeof ROUTE_KINDS)[number];

export const COMMENT_DECISIONS = ["approved", "pending", "spam", "refused"] as const;
export type CommentDecision = (typeof COMMENT_DECISIONS)[number];

function createMetrics() {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 20 });
  const requests = new client.Counter({
    name: "newsroom_http_requests_total",
    help: "Requests answered, by route kind and status class.",
    labelNames: ["kind", "status"] as const,
    registers: [registry],
  });
  const duration = new client.Histogram({
    name: "newsroom_http_request_duration_seconds",
    help: "Time from a request's arrival to its response being handed to the socket, by route kind.",
    labelNames: ["kind"] as const,
    buckets: [0.0005, 0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const edge = new client.Counter({
    name: "newsroom_edge_requests_total",
    help: "Requests the edge answered from its store (hit) or passed to Next (miss).",
    labelNames: ["result"] as const,
    registers: [registry],
  });
  const commentDecisions = new client.Counter({
    name: "newsroom_comment_decisions_total",
    help: "Comments posted, by what became of them.",
    labelNames: ["decision"] as const,
    registers: [registry],
  });
  const signInFailures = new client.Counter({
    name: "newsroom_sign_in_failures_total",
    help: "Refused sign-ins: wrong email or password (invalid) or refused by a limit (throttled).",
    labelNames: ["reason"] as const,
    registers: [registry],
  });
  const signInLocks = new client.Counter({
    name: "newsroom_sign_in_locks_total",
    help: "Sign-ins refused because the account or address is locked for 15 minutes.",
    registers: [registry],
  });
  const queryDuration = new client.Histogram({
    name: "newsroom_db_query_duration_seconds",
    help: "Time each database statement took.",
    labelNames: ["engine"] as const,
    buckets: [0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
    registers: [registry],
  });
  // Every series exists from the start at zero, so rate() and alerts see the first event too.
  for (const decision of COMMENT_DECISIONS) commentDecisions.labels(decision).inc(0);
  edge.labels("hit").inc(0);
  edge.labels("miss").inc(0);
  signInFailures.labels("invalid").inc(0);
  signInFailures.labels("throttled").inc(0);
  signInLocks.inc(0);
  return { registry, requests, duration, edge, commentDecisions, signInFailures, signInLocks, queryDuration };
}

export type Metrics = ReturnType<typeof createMetrics>;

const holder = globalThis as unknown as { [KEY]?: Metrics };
export function metrics(): Metrics {
  return (holder[KEY] ??= createMetrics());
}

/** Which kind of route a request path is, for the request metrics. */
export function routeKind(method: string | undefined, url: string): RouteKind {
  if (url.startsWith("/admin")) return method === "POST" ? "action" : "admin";
  if (method === "POST") return "action";
  if (url.startsWith("/api/")) return "api";
  if (url.startsWith("/_next/") || url.startsWith("/uploads/") || url.startsWith("/icon") || url.startsWith("/apple-"))
    return "asset";
  if (/^\/(?:feed\.xml|atom\.xml|sitemap|news-sitemap|sitemaps\/|robots\.txt)|\/feed(?:\.xml)?(?:\?|$)/.test(url))
    return "feed";
  return "reader";
}

export function countCommentDecision(decision: CommentDecision): void {
  metrics().commentDecisions.labels(decision).inc();
}

export function countSignInFailure(reason: "invalid" | "throttled", locked: boolean): void {
  const m = metrics();
  m.signInFailures.labels(reason).inc();
  if (locked) m.signInLocks.inc();
}

export function observeQuery(engine: "sqlite" | "postgres", seconds: number): void {
  metrics().queryDuration.labels(engine).observe(seconds);
}

/** A gauge read when scraped (the edge store's bytes and entries, queue depths). */
export function registerGauge(name: string, help: string, read: () => number | Promise<number>): void {
  const { registry } = metrics();
  if (registry.getSingleMetric(name)) registry.removeSingleMetric(name);
  new client.Gauge({
    name,
    help,
    registers: [registry],
    async collect() {
      this.set(await read());
    },
  });
}

/** A gauge with labels, every series read when scraped (queue depths by kind and state). */
export function registerLabelledGauge<L extends string>(
  name: string,
  help: string,
  labelNames: readonly L[],
  read: () => Promise<{ labels: Record<L, string>; value: number }[]>,
): void {
  const { registry } = metrics();
  if (registry.getSingleMetric(name)) registry.removeSingleMetric(name);
  new client.Gauge({
    name,
    help,
    labelNames,
    registers: [registry],
    async collect() {
      const values = await read();
      this.reset();
      for (const { labels, value } of values) this.set(labels as Partial<Record<L, string>>, value);
    },
  });
}
