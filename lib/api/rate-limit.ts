import { sharedChannel } from "@/lib/cache/bus.mjs";
import type { SharedChannel } from "@/lib/cache/redis.mjs";

// A fixed one-minute window per key, aligned to the clock's minutes. With Redis (REDIS_URL) every
// instance counts in one place, so two instances behind a balancer still allow the limit once; without
// it, or while Redis cannot answer, this process's memory counts (the limit is then per instance).
const WINDOW_MS = 60_000;

type Window = { start: number; count: number };
const windows = new Map<number, Window>();

export function apiRateLimit(): number {
  const configured = Number(process.env.API_RATE_LIMIT_PER_MINUTE);
  return Number.isInteger(configured) && configured > 0 ? configured : 600;
}

export type RateDecision = { allowed: boolean; limit: number; remaining: number; retryAfterSeconds: number };

function decide(count: number, limit: number, start: number, now: number): RateDecision {
  const retryAfterSeconds = Math.max(1, Math.ceil((start + WINDOW_MS - now) / 1000));
  if (count > limit) return { allowed: false, limit, remaining: 0, retryAfterSeconds };
  return { allowed: true, limit, remaining: limit - count, retryAfterSeconds };
}

function takeLocally(keyId: number, start: number, now: number, limit: number): RateDecision {
  let w = windows.get(keyId);
  if (!w || w.start !== start) {
    // Forget finished windows now and then, so memory stays bounded by the keys in use.
    if (windows.size > 10_000) windows.clear();
    w = { start, count: 0 };
    windows.set(keyId, w);
  }
  // A refused request does not count: the window's count stops at one past the limit.
  if (w.count <= limit) w.count++;
  return decide(w.count, limit, start, now);
}

/** Counts one request of `keyId` and says whether it is within the key's limit for this minute. */
export async function takeRequest(
  keyId: number,
  now = Date.now(),
  shared: SharedChannel | null = sharedChannel(),
): Promise<RateDecision> {
  const limit = apiRateLimit();
  const start = Math.floor(now / WINDOW_MS) * WINDOW_MS;
  // A Redis that is not connected right now is not waited for: the request is counted here instead.
  if (!shared || shared.client.status !== "ready") return takeLocally(keyId, start, now, limit);
  const key = shared.keys.apiRate(keyId, start);
  try {
    const replies = await shared.client
      .multi()
      .incr(key)
      .pexpire(key, 2 * WINDOW_MS)
      .exec();
    const count = Number(replies?.[0]?.[1]);
    if (!Number.isFinite(count)) throw new Error("no count");
    return decide(count, limit, start, now);
  } catch {
    return takeLocally(keyId, start, now, limit);
  }
}
