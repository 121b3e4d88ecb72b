import { articleCacheTags, type ArticleCacheState } from "@/lib/cache/article-change";
import { publish as publishOnBus, type Invalidation } from "@/lib/cache/bus.mjs";
import { CACHE_TAGS } from "@/lib/cache/tags";

/** What changed by the clock, or from another process, in (after, upTo]: read from lib/data. */
export type ClockReads = {
  comingDue: (after: number, upTo: number) => Promise<{ publishedAt: number; state: ArticleCacheState }[]>;
  /** When imports run from the command line ended: they wrote around this process's caches. */
  importsEnded: (after: number, upTo: number) => Promise<number[]>;
};

// How often the server asks whether a scheduled story has come due: the delay before it appears.
export const SCHEDULE_SWEEP_MS = 1000;

/**
 * A scheduled story goes live by the clock, with no action to invalidate anything. Each tick asks the
 * data layer which stories came due since the last one and publishes their tags, stamped with the
 * moment each became due: every page rendered before it that the story joins (home, section, tags,
 * bylines, its own page, feeds) is dropped from both caches. An import that ended drops every page
 * rendered before it (all carry the site tag).
 */
export function createScheduleSweep(
  reads: ClockReads,
  publish: (message: Invalidation) => void = publishOnBus,
  startedAt = Date.now(),
) {
  let checkedUpTo = startedAt;
  return async function tick(now = Date.now()): Promise<void> {
    // Nothing rendered before this process started is cached (both caches live in memory).
    const [due, imports] = await Promise.all([reads.comingDue(checkedUpTo, now), reads.importsEnded(checkedUpTo, now)]);
    for (const { publishedAt, state } of due) publish({ tags: articleCacheTags(null, state), at: publishedAt });
    for (const at of imports) publish({ tags: [CACHE_TAGS.site], at });
    checkedUpTo = now;
  };
}

const started = Symbol.for("newsroom.schedule.sweep");

/** Starts the one sweep of this process (instrumentation.ts); a failed tick is retried on the next. */
export function startScheduleSweep(reads: ClockReads): void {
  const g = globalThis as unknown as Record<symbol, boolean>;
  if (g[started]) return;
  g[started] = true;
  const tick = createScheduleSweep(reads);
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    tick()
      .catch((error: unknown) => console.error("Scheduled-story sweep:", error))
      .finally(() => (running = false));
  }, SCHEDULE_SWEEP_MS);
  timer.unref();
}
