import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { users } from "@/db/schema";
import { authenticate } from "@/lib/auth/credentials";
import { claimDueJobs, enqueueJobs } from "@/lib/data/jobs";
import { ISSUE_FAN_OUT_JOB, MAIL_SEND_JOB } from "@/lib/data/newsletter-sends";
import { registerJobQueueGauges } from "@/lib/jobs/metrics";
import { defineJobHandler } from "@/lib/jobs/registry";
import { metrics, routeKind } from "@/lib/observability/metrics";
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
