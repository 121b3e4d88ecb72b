// The shared page and data cache for reader traffic (next.config.js `cacheHandler`).
//
// Why not Next's default file-system cache: it keeps revalidated tags in memory only, so a page
// written to disk before an editor's change is served stale again after a restart. This cache lives
// in memory, so a restarted server always renders from the database first. It also ignores the
// build-time prerenders (custom handlers are never asked for them), so a build made against another
// database can never leak into what readers see.

import { publish, recordPageTags, subscribe } from "./bus.mjs";

const MAX_BYTES = Number(process.env.PAGE_CACHE_MAX_BYTES || 256 * 1024 * 1024);
const TAGS_HEADER = "x-next-cache-tags";

/** @type {Map<string, { value: any, lastModified: number, cacheControl: any, tags: string[], size: number }>} */
const entries = new Map();
/** tag -> time it was last invalidated */
const invalidatedAt = new Map();
let totalBytes = 0;

// An entry is stamped with the time its render began, not the time it was stored: a render that
// read the database just before an editor's change (or a scheduled story's time) but finished just
// after must not pass for fresh. A render begins when a get() misses, or finds an entry Next will
// revalidate; that moment is kept here until the set() that ends it.
/** key -> when the render that will store it began */
const renderStartedAt = new Map();
const MAX_PENDING_RENDERS = 10_000;
// A start older than any real render belongs to a miss that was never stored (an error page, say).
const MAX_RENDER_MS = 30_000;

function renderStarts(key, now) {
  if (renderStartedAt.has(key)) return;
  // Misses that are never stored (errors, uncacheable responses) must not pile up.
  if (renderStartedAt.size >= MAX_PENDING_RENDERS) renderStartedAt.delete(renderStartedAt.keys().next().value);
  renderStartedAt.set(key, now);
}

function sizeOf(value) {
  if (!value) return 64;
  let size = 256;
  for (const part of [value.html, value.rscData, value.body, value.data?.body]) {
    if (typeof part === "string") size += part.length;
    else if (part && typeof part.byteLength === "number") size += part.byteLength;
  }
  if (value.segmentData instanceof Map) for (const seg of value.segmentData.values()) size += seg.byteLength ?? 0;
  if (value.kind === "FETCH") size += JSON.stringify(value.data ?? "").length;
  return size;
}

function tagsOf(value, ctxTags) {
  const header = value?.headers?.[TAGS_HEADER];
  const fromHeader = typeof header === "string" ? header.split(",") : [];
  return [...new Set([...(ctxTags ?? []), ...(value?.tags ?? []), ...fromHeader])];
}

function remove(key) {
  const entry = entries.get(key);
  if (!entry) return;
  totalBytes -= entry.size;
  entries.delete(key);
}

// Every invalidation arrives through the bus, whoever published it (an action's revalidateTag here, the
// scheduled-story sweep in instrumentation.ts): what carries one of its tags and was rendered at or
// before its moment is stale.
subscribe(({ tags, at }) => {
  for (const tag of tags) invalidatedAt.set(tag, Math.max(invalidatedAt.get(tag) ?? -Infinity, at));
});

export default class MemoryCacheHandler {
  constructor(options) {
    this.options = options;
  }

  async get(key, ctx) {
    const now = Date.now();
    const entry = entries.get(key);
    if (!entry) {
      renderStarts(key, now);
      return null;
    }
    const tags = [...entry.tags, ...(ctx?.softTags ?? []), ...(ctx?.tags ?? [])];
    if (tags.some((tag) => (invalidatedAt.get(tag) ?? -Infinity) >= entry.lastModified)) {
      remove(key);
      renderStarts(key, now);
      return null;
    }
    const revalidate = entry.cacheControl?.revalidate ?? entry.value?.revalidate;
    if (typeof revalidate === "number" && now - entry.lastModified >= revalidate * 1000) renderStarts(key, now);
    // Least-recently-used eviction relies on Map insertion order.
    entries.delete(key);
    entries.set(key, entry);
    return { value: entry.value, lastModified: entry.lastModified, cacheControl: entry.cacheControl };
  }

  async set(key, data, ctx) {
    const now = Date.now();
    const started = renderStartedAt.get(key);
    const startedAt = started !== undefined && now - started < MAX_RENDER_MS ? started : now;
    renderStartedAt.delete(key);
    remove(key);
    if (!data) return;
    const entry = {
      value: data,
      lastModified: startedAt,
      cacheControl: ctx?.fetchCache ? undefined : ctx?.cacheControl,
      tags: tagsOf(data, ctx?.tags),
      size: sizeOf(data),
    };
    entries.set(key, entry);
    totalBytes += entry.size;
    if (data.kind === "APP_PAGE" || data.kind === "APP_ROUTE") recordPageTags(key, entry.tags);
    for (const oldest of entries.keys()) {
      if (totalBytes <= MAX_BYTES) break;
      remove(oldest);
    }
  }

  // Editors expect their change on the page at once, so every invalidation expires immediately
  // (the next request renders fresh) rather than serving one more stale copy.
  async revalidateTag(tags) {
    publish({ tags: typeof tags === "string" ? [tags] : [...tags], at: Date.now() });
  }

  resetRequestCache() {}
}
