// A fixed one-minute window per key, in this process's memory: cheap enough to run before every
// answer, cached or not. Several instances each allow the limit (the limit is per instance).
const WINDOW_MS = 60_000;

type Window = { start: number; count: number };
const windows = new Map<number, Window>();

export function apiRateLimit(): number {
  const configured = Number(process.env.API_RATE_LIMIT_PER_MINUTE);
  return Number.isInteger(configured) && configured > 0 ? configured : 600;
}

export type RateDecision = { allowed: boolean; limit: number; remaining: number; retryAfterSeconds: number };

export function takeRequest(keyId: number, now = Date.now()): RateDecision {
  const limit = apiRateLimit();
  let w = windows.get(keyId);
  if (!w || now - w.start >= WINDOW_MS) {
    // Forget finished windows now and then, so memory stays bounded by the keys in use.
    if (windows.size > 10_000) windows.clear();
    w = { start: now, count: 0 };
    windows.set(keyId, w);
  }
  const retryAfterSeconds = Math.max(1, Math.ceil((w.start + WINDOW_MS - now) / 1000));
  if (w.count >= limit) return { allowed: false, limit, remaining: 0, retryAfterSeconds };
  w.count++;
  return { allowed: true, limit, remaining: limit - w.count, retryAfterSeconds };
}
