import { sharedChannel } from "@/lib/cache/bus.mjs";
import type { SharedChannel } from "@/lib/cache/redis.mjs";
import { askPrimary } from "@/lib/cluster/ipc.mjs";
import { createRateWindows, RATE_WINDOW_MS } from "./rate-window";

// A fixed one-minute window per key, aligned to the clock's minutes. With Redis (REDIS_URL) every
// instance counts in one place, so two instances behind a balancer still allow the limit once; without
// it (or while Redis cannot answer) the workers of one `npm start` count in their primary, and a process
// alone counts in its own memory: the limit is then per machine.
// One count per process: this module is loaded once by the routes and again by instrumentation.ts for
// the edge's check of kept answers (lib/edge/api-answers.ts), and both count the same key.
const LOCAL = Symbol.for("newsroom.api.rateWindows");
const local = ((globalThis as Record<symbol, unknown>)[LOCAL] ??= createRateWindows()) as ReturnType<
  typeof createRateWindows
>;

export function apiRateLimit(): number {
  const configured = Number(process.env.API_RATE_LIMIT_PER_MINUTE);
  return Number.isInteger(configured) && configured > 0 ? configured : 600;
}

export type RateDecision = { allowed: boolean; limit: number; remaining: number; retryAfterSeconds: number };

function decide(count: number, limit: number, start: number, now: number): RateDecision {
  const retryAfterSeconds = Math.max(1, Math.ceil((start + RATE_WINDOW_MS - now) / 1000));
  if (count > limit) return { allowed: false, limit, remaining: 0, retryAfterSeconds };
  return { allowed: true, limit, remaining: limit - count, retryAfterSeconds };
}

/** Counts one request of `keyId` and says whether it is within the key's limit for this minute. */
export async function takeRequest(
  keyId: number,
  now = Date.now(),
  shared: SharedChannel | null = sharedChannel(),
): Promise<RateDecision> {
  const limit = apiRateLimit();
  const start = Math.floor(now / RATE_WINDOW_MS) * RATE_WINDOW_MS;
  const takeHere = async () => {
    const counted: unknown = await askPrimary("api-rate", { keyId, start, limit });
    return decide(typeof counted === "number" ? counted : local.take(keyId, start, limit), limit, start, now);
  };
  // A Redis that is not connected right now is not waited for: the request is counted here instead.
  if (!shared || shared.client.status !== "ready") return takeHere();
  const key = shared.keys.apiRate(keyId, start);
  try {
    const replies = await shared.client
      .multi()
      .incr(key)
      .pexpire(key, 2 * RATE_WINDOW_MS)
      .exec();
    const count = Number(replies?.[0]?.[1]);
    if (!Number.isFinite(count)) throw new Error("no count");
    return decide(count, limit, start, now);
  } catch {
    return takeHere();
  }
}
