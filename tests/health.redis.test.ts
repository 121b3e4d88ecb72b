import { afterEach, describe, expect, it, vi } from "vitest";

// /api/health checks Redis when REDIS_URL is set, as it checks the database: an instance that cannot
// reach Redis hears no invalidations, so the load balancer must take it out.
const BUS = Symbol.for("newsroom.cache.bus");

async function healthWith(redisUrl: string) {
  vi.stubEnv("REDIS_URL", redisUrl);
  vi.stubEnv("REDIS_PREFIX", `test-health-${process.pid}:`);
  const { GET } = await import("@/app/api/health/route");
  const started = Date.now();
  const response = await GET();
  return { status: response.status, body: await response.json(), ms: Date.now() - started };
}

afterEach(async () => {
  // The bus opens this process's Redis connections once; each case starts without them.
  const { sharedChannel } = await import("@/lib/cache/bus.mjs");
  await sharedChannel()?.close();
  delete (globalThis as Record<symbol, unknown>)[BUS];
  vi.unstubAllEnvs();
});

describe("/api/health with REDIS_URL", () => {
  it("answers 200 when the database and Redis answer", async () => {
    const health = await healthWith(process.env.TEST_REDIS_URL!);
    expect(health).toMatchObject({ status: 200, body: { status: "ok" } });
  });

  it("answers 503 within two seconds when Redis is unreachable", async () => {
    const health = await healthWith("redis://127.0.0.1:1/0");
    expect(health).toMatchObject({ status: 503, body: { status: "unavailable", reason: "redis unreachable" } });
    expect(health.ms).toBeLessThan(2_000);
  });
});
