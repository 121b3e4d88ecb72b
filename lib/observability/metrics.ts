import client from "prom-client";

// The Prometheus registry of the process, served at /metrics by server.ts. Kept on globalThis: server.ts
// (loaded by tsx) and the app's bundles (built by Next) each load this module, and both must count into
// the same metrics. All figures are the process's; the site runs as one Node process per instance.
const KEY = Symbol.for("newsroom.metrics");

export const ROUTE_KINDS = ["reader", "feed", "action", "admin", "api", "asset"] as const;
export type RouteKind = (typeof ROUTE_KINDS)[number];

export const COMMENT_DECISIONS = ["approved", "pending", "spam", "refused"] as const;
export type CommentDecision = (typeof COMMENT_DECISIONS)[number];

const STATUS_CLASSES = ["1xx", "2xx", "3xx", "4xx", "5xx"] as const;
const DURATION_BUCKETS = [0.0005, 0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const KIND_INDEX = new Map<string, number>(ROUTE_KINDS.map((kind, i) => [kind, i]));

/**
 * What every request adds, counted in plain arrays: prom-client's own counting takes each call's labels
 * apart and hashes them again (1–2 µs a request, 4% of a cached hit's CPU). The request counters take
 * what was counted when scraped; the duration histogram is read from here.
 */
function createRequestCounts() {
  const width = DURATION_BUCKETS.length + 1;
  return {
    /** Per kind × status class, since the last scrape. */
    requests: new Float64Array(ROUTE_KINDS.length * STATUS_CLASSES.length),
    /** Per kind × bucket (the last one past every bound), since the process started. */
    buckets: new Float64Array(ROUTE_KINDS.length * width),
    sums: new Float64Array(ROUTE_KINDS.length),
    /** Edge hits and misses since the last scrape. */
    edge: new Float64Array(2),
    width,
  };
}
type RequestCounts = ReturnType<typeof createRequestCounts>;

/** The request duration histogram, as prom-client's Histogram gives its series (summed across workers). */
function durationHistogram(counts: RequestCounts) {
  const name = "newsroom_http_request_duration_seconds";
  const read = () => {
    const values: { labels: Record<string, string | number>; value: number; metricName: string }[] = [];
    ROUTE_KINDS.forEach((kind, k) => {
      let total = 0;
      DURATION_BUCKETS.forEach((le, b) => {
        total += counts.buckets[k * counts.width + b];
        values.push({ labels: { le, kind }, value: total, metricName: `${name}_bucket` });
      });
      total += counts.buckets[k * counts.width + DURATION_BUCKETS.length];
      values.push({ labels: { le: "+Inf", kind }, value: total, metricName: `${name}_bucket` });
      values.push({ labels: { kind }, value: counts.sums[k], metricName: `${name}_sum` });
      values.push({ labels: { kind }, value: total, metricName: `${name}_count` });
    });
    return {
      name,
      help: "Time from a request's arrival to its response being handed to the socket, by route kind.",
      type: "histogram" as const,
      aggregator: "sum" as const,
      values,
    };
  };
  return {
    name,
    get: async () => read(),
    // As prom-client's reset: everything counted so far, the counters' share not yet scraped too.
    reset() {
      counts.buckets.fill(0);
      counts.sums.fill(0);
      counts.requests.fill(0);
      counts.edge.fill(0);
    },
  };
}

/** The request figures: counters that take what was counted when scraped, and the duration histogram. */
function requestMetrics(registry: client.Registry) {
  const counted = createRequestCounts();
  new client.Counter({
    name: "newsroom_http_requests_total",
    help: "Requests answered, by route kind and status class.",
    labelNames: ["kind", "status"] as const,
    registers: [registry],
    collect() {
      ROUTE_KINDS.forEach((kind, k) =>
        STATUS_CLASSES.forEach((status, s) => {
          const n = counted.requests[k * STATUS_CLASSES.length + s];
          if (n > 0) this.labels(kind, status).inc(n);
        }),
      );
      counted.requests.fill(0);
    },
  });
  registry.registerMetric(durationHistogram(counted) as unknown as client.Metric);
  const edge = new client.Counter({
    name: "newsroom_edge_requests_total",
    help: "Requests the edge answered from its store (hit) or passed to Next (miss).",
    labelNames: ["result"] as const,
    registers: [registry],
    collect() {
      if (counted.edge[0] > 0) this.labels("hit").inc(counted.edge[0]);
      if (counted.edge[1] > 0) this.labels("miss").inc(counted.edge[1]);
      counted.edge.fill(0);
    },
  });
  // Both series exist from the start at zero, so rate() and alerts see the first event too.
  edge.labels("hit").inc(0);
  edge.labels("miss").inc(0);
  return counted;
}

function createMetrics() {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 20 });
  const counted = requestMetrics(registry);
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
  signInFailures.labels("invalid").inc(0);
  signInFailures.labels("throttled").inc(0);
  signInLocks.inc(0);
  return { registry, counted, commentDecisions, signInFailures, signInLocks, queryDuration };
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

/**
 * Counts answered requests: their route kind, status, time, and whether the edge's store answered them.
 * `count` alike at once (the native lane's hits, lib/edge/native-lane.ts): `seconds` is their total.
 */
export function countRequest(kind: RouteKind, status: number, seconds: number, hit: boolean, count = 1): void {
  const { counted } = metrics();
  const k = KIND_INDEX.get(kind)!;
  // Node sends only 100–599; anything else would be a bug of ours, counted with the 5xx.
  const s = Math.min(Math.max(Math.floor(status / 100), 1), 5) - 1;
  counted.requests[k * STATUS_CLASSES.length + s] += count;
  let b = 0;
  while (b < DURATION_BUCKETS.length && seconds / count > DURATION_BUCKETS[b]) b++;
  counted.buckets[k * counted.width + b] += count;
  counted.sums[k] += seconds;
  counted.edge[hit ? 0 : 1] += count;
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

/** The edge store's bytes and entries (lib/edge/response-store.ts), in a site worker and a front process alike. */
export function registerStoreGauges(store: { totalBytes: number; size: number }): void {
  registerGauge("newsroom_edge_store_bytes", "Bytes held by the edge's store.", () => store.totalBytes);
  registerGauge("newsroom_edge_store_entries", "Responses held by the edge's store.", () => store.size);
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
