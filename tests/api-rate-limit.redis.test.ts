import { randomUUID } from "node:crypto";
import net from "node:net";
import Redis from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { takeRequest } from "@/lib/api/rate-limit";
import { createSharedChannel, type SharedChannel } from "@/lib/cache/redis.mjs";

// The API's per-key limit across instances: each "instance" below has its own connection to Redis, as
// two processes behind a balancer would, and a key's requests to both count once.
const url = process.env.TEST_REDIS_URL!;
const prefix = `test-${randomUUID()}:`;
const raw = new Redis(url);
const opened: SharedChannel[] = [];

function instance(via = url) {
  const channel = createSharedChannel({ url: via, prefix, onMessage: () => {} });
  opened.push(channel);
  return channel;
}

beforeAll(() => {
  process.env.API_RATE_LIMIT_PER_MINUTE = "5";
});

afterAll(async () => {
  delete process.env.API_RATE_LIMIT_PER_MINUTE;
  const keys = await raw.keys(`${prefix}*`);
  if (keys.length) await raw.del(...keys);
  await Promise.all(opened.map((c) => c.close()));
  await raw.quit();
});

describe("the API rate limit with Redis", () => {
  it("counts a key's requests to every instance together, then opens again the next minute", async () => {
    const [a, b, c] = [instance(), instance(), instance()];
    await Promise.all([a.ready, b.ready, c.ready]);
    const minute = Math.floor(Date.now() / 60_000) * 60_000;
    const at = minute + 20_000;
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await takeRequest(101, at, i % 2 ? b : a));
    expect(answers.map((d) => d.allowed)).toEqual([true, true, true, true, true, false]);
    expect(answers[4].remaining).toBe(0);
    expect(answers[5].retryAfterSeconds).toBe(40);
    // A third instance knows it too; another key is counted apart.
    expect((await takeRequest(101, at + 1_000, c)).allowed).toBe(false);
    expect((await takeRequest(102, at, c)).allowed).toBe(true);
    // The window's count lives in Redis no longer than it matters.
    const ttl = await raw.pttl(`${prefix}api-rate:101:${minute}`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(120_000);
    expect((await takeRequest(101, minute + 60_000, a)).allowed).toBe(true);
  });

  it("counts in this process when Redis cannot answer, rather than refusing or letting everything through", async () => {
    // A port nobody listens on: Redis is down for this instance.
    const port = await new Promise<number>((resolve) => {
      const server = net.createServer().listen(0, "127.0.0.1", () => {
        const { port } = server.address() as net.AddressInfo;
        server.close(() => resolve(port));
      });
    });
    const down = instance(`redis://127.0.0.1:${port}/0`);
    const at = Date.now();
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await takeRequest(201, at, down));
    expect(answers.map((d) => d.allowed)).toEqual([true, true, true, true, true, false]);
    // Nor is it waited for: a request is not held while the connection retries.
    expect(Date.now() - at).toBeLessThan(1_000);
  });
});
