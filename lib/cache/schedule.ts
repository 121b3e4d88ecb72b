import { articleCacheTags, type ArticleCacheState } from "@/lib/cache/article-change";
import { publish as publishOnBus, sharedChannel, type Invalidation } from "@/lib/cache/bus.mjs";
import { CACHE_TAGS } from "@/lib/cache/tags";
import { askPrimary, tellPrimary } from "@/lib/cluster/ipc.mjs";

/** What changed by the clock, or from another process, in (after, upTo]: read from lib/data. */
export type ClockReads = {
  comingDue: (after: number, upTo: number) => Promise<{ publishedAt: number; state: ArticleCacheState }[]>;
  /** When imports run from the command line ended: they wrote around this process's caches. */
  importsEnded: (after: number, upTo: number) => Promise<number[]>;
  /** What stops showing by the clock (a front-page pick's or the Breaking banner's expiry), with its tags. */
  expiring?: (after: number, upTo: number) => Promise<{ tags: string[]; at: number }[]>;
};

// How often the server asks whether a scheduled story has come due: the delay before it appears.
export const SCHEDULE_SWEEP_MS = 1000;

/**
 * A scheduled story goes live by the clock, with no action to invalidate anything. Each tick asks the
 * data layer which stories came due since the last one and publishes their tags, stamped with the
 * moment the sweep saw them (the due moment at the earliest): every page rendered before it that the
 * story joins (home, section, tags, bylines, its own page, feeds) is dropped from both caches. Not the
 * due moment itself: a page rendered between that moment and the tick read the cached data from before
 * it (nothing had invalidated it yet), and would outlive a message dated earlier than its render. An
 * import that ended drops every page rendered before the sweep saw it (all carry the site tag).
 */
export function createScheduleSweep(
  reads: ClockReads,
  publish: (message: Invalidation) => void = publishOnBus,
  startedAt = Date.now(),
) {
  let checkedUpTo = startedAt;
  return async function tick(now = Date.now()): Promise<void> {
    // Nothing rendered before `startedAt` is cached: this process's memory is new, and Redis is
    // caught up to where the last sweep of any instance left off.
    const [due, imports, expired] = await Promise.all([
      reads.comingDue(checkedUpTo, now),
      reads.importsEnded(checkedUpTo, now),
      reads.expiring?.(checkedUpTo, now) ?? [],
    ]);
    // After the reads: a render that began while they ran may have read the old data too.
    const seen = Math.max(now, Date.now());
    for (const { publishedAt, state } of due)
      publish({ tags: articleCacheTags(null, state), at: Math.max(publishedAt, seen) });
    // A pick or banner that expired: pages rendered before the sweep saw it still show it.
    for (const { tags, at } of expired) publish({ tags, at: Math.max(at, seen) });
    for (const at of imports) publish({ tags: [CACHE_TAGS.site], at: Math.max(at, seen) });
    checkedUpTo = now;
  };
}

const started = Symbol.for("newsroom.schedule.sweep");

// With Redis the page cache outlives any one instance: a story that came due while every instance was
// stopped must still drop the pages shared before it. The sweep's progress is kept there, and a starting
// instance begins where the last one left off (no further back than Redis keeps entries). Without it, the
// workers of one `npm start` outlive the one that sweeps: its progress is kept by their primary, and a
// worker started in its place begins where it left off.
const SHARED_LOOKBACK_MS = 24 * 60 * 60 * 1000;

async function sharedStart(now: number): Promise<number> {
  const shared = sharedChannel();
  try {
    const mark = Number(
      shared ? await shared.client.get(shared.keys.sweptUpTo) : await askPrimary("sweep-start", null),
    );
    return mark > 0 ? Math.min(now, Math.max(mark, now - SHARED_LOOKBACK_MS)) : now;
  } catch {
    return now - SHARED_LOOKBACK_MS;
  }
}

async function recordSharedProgress(upTo: number): Promise<void> {
  const shared = sharedChannel();
  // Lost progress only means a later start looks further back: not worth a log line every second.
  if (shared) await shared.client.set(shared.keys.sweptUpTo, String(upTo)).catch(() => {});
  else tellPrimary("sweep-progress", upTo);
}

/**
 * Starts the one sweep of this process (instrumentation.ts: in worker 0 of a cluster, whose bus reaches
 * the others); a failed tick is retried on the next. Every instance runs it (each reads the database):
 * the same story published twice is harmless, since invalidation times only move forward.
 */
export function startScheduleSweep(reads: ClockReads): void {
  const g = globalThis as unknown as Record<symbol, boolean>;
  if (g[started]) return;
  g[started] = true;
  let tick: ((now?: number) => Promise<void>) | undefined;
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    const now = Date.now();
    (async () => {
      tick ??= createScheduleSweep(reads, publishOnBus, await sharedStart(now));
      await tick(now);
      await recordSharedProgress(now);
    })()
      .catch((error: unknown) => console.error("Scheduled-story sweep:", error))
      .finally(() => (running = false));
  }, SCHEDULE_SWEEP_MS);
  timer.unref();
}
