import type { IncomingMessage } from "node:http";
import { AggregatorRegistry } from "prom-client";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { users } from "@/db/schema";
import { authenticate } from "@/lib/auth/credentials";
import { claimDueJobs, enqueueJobs } from "@/lib/data/jobs";
import { ISSUE_FAN_OUT_JOB, MAIL_SEND_JOB } from "@/lib/data/newsletter-sends";
import { registerJobQueueGauges } from "@/lib/jobs/metrics";
import { defineJobHandler } from "@/lib/jobs/registry";
import { countRequest, metrics, routeKind } from "@/lib/observability/metrics";
import { metricsAllowed } from "@/lib/observability/metrics-endpoint";

async function value(name: string, labels: Record<string, string> = {}): Promise<number> {
  const metric = (await metrics().registry.getMetricsAsJSON()).find((m) => m.name === name);
  const found = metric?.values.filter((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l)) ?? [];
  return found.reduce((n, v) => n + Number(v.value), 0);
}

async function statementCount(): Promise<number> {
  const metric = (await metrics().registry.getMetricsAsJSON()).find(
    (m) => m.name === "newsroom_db_query_duration_seconds",
  );
  return (metric?.values ?? [])
    .filter((v) => (v as { metricName?: string }).metricName === "newsroom_db_query_duration_seconds_count")
    .reduce((n, v) => n + Number(v.value), 0);
}

const request = (authorization?: string) => ({ headers: authorization ? { authorization } : {} }) as IncomingMessage;

describe("metrics", () => {
  it("names every figure the operator graphs, in Prometheus text", async () => {
    const text = await metrics().registry.metrics();
    for (const name of [
      "newsroom_http_requests_total",
      "newsroom_http_request_duration_seconds",
      "newsroom_edge_requests_total",
      "newsroom_comment_decisions_total",
      "newsroom_sign_in_failures_total",
      "newsroom_sign_in_locks_total",
      "newsroom_db_query_duration_seconds",
      "nodejs_eventloop_lag_seconds",
      "nodejs_heap_size_used_bytes",
      "process_cpu_seconds_total",
      "process_resident_memory_bytes",
    ])
      expect(text, name).toContain(`# TYPE ${name} `);
    for (const decision of ["approved", "pending", "spam", "refused"])
      expect(text).toContain(`newsroom_comment_decisions_total{decision="${decision}"}`);
  });

  it("counts refused sign-ins and locks, and times database statements", async () => {
    const invalid = await value("newsroom_sign_in_failures_total", { reason: "invalid" });
    const locks = await value("newsroom_sign_in_locks_total");
    const queries = await statementCount();
    for (let i = 0; i < 6; i++) await authenticate("metrics-nobody@example.com", "wrong", "192.0.2.77");
    expect(await value("newsroom_sign_in_failures_total", { reason: "invalid" })).toBe(invalid + 5);
    expect(await value("newsroom_sign_in_locks_total")).toBe(locks + 1);
    await db.select().from(users).limit(1);
    expect(await statementCount()).toBeGreaterThan(queries);
  }, 30_000);

  it("gives the job queue's depth by kind and state, read from the database when scraped", async () => {
    const kind = "metrics-test";
    defineJobHandler(kind, async () => {});
    registerJobQueueGauges();
    const depth = (k: string, state: string) => value("newsroom_jobs", { kind: k, state });
    // Every known kind has every state's series from the start.
    for (const known of [MAIL_SEND_JOB, ISSUE_FAN_OUT_JOB, kind])
      for (const state of ["queued", "running", "done", "dead"]) expect(await depth(known, state)).toBe(0);
    const now = Date.now();
    await enqueueJobs([1, 2, 3].map((n) => ({ kind, key: `${kind}:${n}`, payload: {}, runAt: now })));
    expect(await depth(kind, "queued")).toBe(3);
    await claimDueJobs([kind], 1, 60_000, now);
    expect(await depth(kind, "queued")).toBe(2);
    expect(await depth(kind, "running")).toBe(1);
    expect(await metrics().registry.metrics()).toContain(`newsroom_jobs{kind="${kind}",state="queued"} 2`);
  });

  it("counts each request under its kind and status class, in its duration bucket, summed across workers", async () => {
    const series = async (text?: string) => {
      text ??= await metrics().registry.metrics();
      const read = (line: string) =>
        Number(new RegExp(`^${line.replace(/[{}+.]/g, "\\$&")} (\\S+)$`, "m").exec(text!)?.[1] ?? 0);
      return {
        fast: read('newsroom_http_request_duration_seconds_bucket{le="0.001",kind="asset"}'),
        slow: read('newsroom_http_request_duration_seconds_bucket{le="0.25",kind="asset"}'),
        all: read('newsroom_http_request_duration_seconds_bucket{le="+Inf",kind="asset"}'),
        count: read('newsroom_http_request_duration_seconds_count{kind="asset"}'),
        sum: read('newsroom_http_request_duration_seconds_sum{kind="asset"}'),
        ok: read('newsroom_http_requests_total{kind="asset",status="2xx"}'),
        missing: read('newsroom_http_requests_total{kind="asset",status="4xx"}'),
        hits: read('newsroom_edge_requests_total{result="hit"}'),
        misses: read('newsroom_edge_requests_total{result="miss"}'),
      };
    };
    const before = await series();
    countRequest("asset", 200, 0.0004, true);
    countRequest("asset", 304, 0.001, true);
    countRequest("asset", 404, 0.2, false);
    countRequest("asset", 200, 30, false);
    const after = await series();
    expect(after.fast - before.fast).toBe(2); // 0.0004 and 0.001 (a bound holds what equals it)
    expect(after.slow - before.slow).toBe(3);
    expect(after.all - before.all).toBe(4); // 30 s is past every bound
    expect(after.count - before.count).toBe(4);
    expect(after.sum - before.sum).toBeCloseTo(30.2014, 6);
    expect(after.ok - before.ok).toBe(2);
    expect(after.missing - before.missing).toBe(1);
    expect([after.hits - before.hits, after.misses - before.misses]).toEqual([2, 2]);
    // A scrape takes what was counted since the last one, once: a second scrape adds nothing.
    expect(await series()).toEqual(after);

    // The primary sums its workers' series as prom-client aggregates them.
    const worker = await metrics().registry.getMetricsAsJSON();
    const summed = await series(await AggregatorRegistry.aggregate([worker, worker]).metrics());
    expect([summed.all, summed.count, summed.ok]).toEqual([2 * after.all, 2 * after.count, 2 * after.ok]);
  });

  it("sorts requests into route kinds", () => {
    expect(routeKind("GET", "/articles/a-story")).toBe("reader");
    expect(routeKind("GET", "/feed.xml")).toBe("feed");
    expect(routeKind("GET", "/sections/world/feed")).toBe("feed");
    expect(routeKind("POST", "/articles/a-story")).toBe("action");
    expect(routeKind("GET", "/admin/articles")).toBe("admin");
    expect(routeKind("GET", "/api/health")).toBe("api");
  });

  it("is closed without METRICS_TOKEN and asks for the bearer token with one", () => {
    expect(metricsAllowed(request("Bearer anything"), undefined)).toBe(404);
    expect(metricsAllowed(request(), "s3cret-token")).toBe(401);
    expect(metricsAllowed(request("Bearer wrong-token"), "s3cret-token")).toBe(401);
    expect(metricsAllowed(request("Basic s3cret-token"), "s3cret-token")).toBe(401);
    expect(metricsAllowed(request("Bearer s3cret-token"), "s3cret-token")).toBe(200);
  });
});
