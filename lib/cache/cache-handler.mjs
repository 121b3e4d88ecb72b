// The shared page and data cache for reader traffic (next.config.js `cacheHandler`).
//
// Why not Next's default file-system cache: it keeps revalidated tags in memory only, so a page
// written to disk before an editor's change is served stale again after a restart. This cache lives
// in memory, so a restarted server always renders from the database first. It also ignores the
// build-time prerenders (custom handlers are never asked for them), so a build made against another
// database can never leak into what readers see.
//
// With REDIS_URL (several instances behind a load balancer) entries live in Redis, shared by every
// instance, with a small copy in memory here that obeys the bus; each tag's latest invalidation time is
// kept in Redis too, so an instance that started later, or missed a message, still refuses an entry
// rendered before a change it never heard of.

import v8 from "node:v8";
import { shareOfBudget } from "../cluster/ipc.mjs";
import { onSharedReconnect, publish, recordPageTags, sharedChannel, subscribe } from "./bus.mjs";

const TAGS_HEADER = "x-next-cache-tags";
const PENDING_RENDERS = 10_000;
// A start older than any real render belongs to a miss that was never stored (an error page, say).
const MAX_RENDER_MS = 30_000;
// How long Redis keeps an entry nobody stored again: pages not asked for in a day are rendered anew.
const SHARED_TTL_SECONDS = Number(process.env.REDIS_CACHE_TTL_SECONDS || 24 * 60 * 60);

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

let reported = 0;
function reportSharedFailure(error) {
  // A Redis outage must not flood the log: once every ten seconds is enough to notice.
  if (Date.now() - reported < 10_000) return;
  reported = Date.now();
  console.error("page cache: Redis unavailable, rendering from the database", error?.message ?? error);
}

/**
 * One page and data cache: entries in memory (all of them, or with `shared` a small copy of what Redis
 * holds), and each tag's latest invalidation time. `invalidate` applies a bus message; `dropLocal`
 * forgets the memory copy (after the Redis subscription was lost and came back).
 */
export class PageCache {
  /** @type {Map<string, { value: any, lastModified: number, cacheControl: any, tags: string[], size: number }>} */
  entries = new Map();
  /** tag -> time it was last invalidated, as this process heard it */
  invalidatedAt = new Map();
  totalBytes = 0;
  // An entry is stamped with the time its render began, not the time it was stored: a render that
  // read the database just before an editor's change (or a scheduled story's time) but finished just
  // after must not pass for fresh. A render begins when a get() misses, or finds an entry Next will
  // revalidate; that moment is kept here until the set() that ends it.
  /** key -> when the render that will store it began */
  renderStartedAt = new Map();

  /**
   * @param {{
   *   shared: import("./redis.mjs").SharedChannel | null,
   *   publish: (message: { tags: string[], at: number }) => Promise<void> | void,
   *   maxBytes: number,
   * }} options
   */
  constructor({ shared, publish, maxBytes }) {
    this.shared = shared;
    this.publish = publish;
    this.maxBytes = maxBytes;
  }

  /** @param {{ tags: string[], at: number }} message */
  invalidate({ tags, at }) {
    for (const tag of tags) this.invalidatedAt.set(tag, Math.max(this.invalidatedAt.get(tag) ?? -Infinity, at));
  }

  dropLocal() {
    this.entries.clear();
    this.totalBytes = 0;
  }

  async get(key, ctx) {
    const now = Date.now();
    const askedTags = [...(ctx?.softTags ?? []), ...(ctx?.tags ?? [])];
    let entry = this.entries.get(key);
    if (entry && this.isStale([...entry.tags, ...askedTags], entry.lastModified)) {
      this.remove(key);
      entry = undefined;
    }
    if (!entry && this.shared) {
      entry = (await this.readShared(key, askedTags)) ?? undefined;
      // A message may have arrived while Redis answered.
      if (entry && this.isStale([...entry.tags, ...askedTags], entry.lastModified)) entry = undefined;
      if (entry) {
        this.keep(key, entry);
        // The edge on this instance learns the tags of a page another instance rendered.
        if (entry.value?.kind === "APP_PAGE" || entry.value?.kind === "APP_ROUTE") recordPageTags(key, entry.tags);
      }
    }
    if (!entry) {
      this.renderStarts(key, now);
      return null;
    }
    const revalidate = entry.cacheControl?.revalidate ?? entry.value?.revalidate;
    if (typeof revalidate === "number" && now - entry.lastModified >= revalidate * 1000) this.renderStarts(key, now);
    // Least-recently-used eviction relies on Map insertion order.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return { value: entry.value, lastModified: entry.lastModified, cacheControl: entry.cacheControl };
  }

  async set(key, data, ctx) {
    const now = Date.now();
    const started = this.renderStartedAt.get(key);
    const startedAt = started !== undefined && now - started < MAX_RENDER_MS ? started : now;
    this.renderStartedAt.delete(key);
    this.remove(key);
    if (!data) return;
    const entry = {
      value: data,
      lastModified: startedAt,
      cacheControl: ctx?.fetchCache ? undefined : ctx?.cacheControl,
      tags: tagsOf(data, ctx?.tags),
      size: sizeOf(data),
    };
    this.keep(key, entry);
    if (data.kind === "APP_PAGE" || data.kind === "APP_ROUTE") recordPageTags(key, entry.tags);
    // A render already known to be stale must not replace a fresher copy another instance shared.
    if (!this.isStale(entry.tags, entry.lastModified)) await this.writeShared(key, entry);
  }

  // Editors expect their change on the page at once, so every invalidation expires immediately
  // (the next request renders fresh) rather than serving one more stale copy.
  async revalidateTag(tags) {
    await this.publish({ tags: typeof tags === "string" ? [tags] : [...tags], at: Date.now() });
  }

  renderStarts(key, now) {
    if (this.renderStartedAt.has(key)) return;
    // Misses that are never stored (errors, uncacheable responses) must not pile up.
    if (this.renderStartedAt.size >= PENDING_RENDERS)
      this.renderStartedAt.delete(this.renderStartedAt.keys().next().value);
    this.renderStartedAt.set(key, now);
  }

  remove(key) {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.totalBytes -= entry.size;
    this.entries.delete(key);
  }

  keep(key, entry) {
    this.remove(key);
    this.entries.set(key, entry);
    this.totalBytes += entry.size;
    for (const oldest of this.entries.keys()) {
      if (this.totalBytes <= this.maxBytes) break;
      this.remove(oldest);
    }
  }

  /** @param {string[]} tags @param {number} lastModified @param {Map<string, number>} [sharedTimes] */
  isStale(tags, lastModified, sharedTimes) {
    return tags.some(
      (tag) => Math.max(this.invalidatedAt.get(tag) ?? -Infinity, sharedTimes?.get(tag) ?? -Infinity) >= lastModified,
    );
  }

  /** The entry Redis holds for `key`, unless a tag it carries was invalidated after its render began. */
  async readShared(key, askedTags) {
    const shared = /** @type {import("./redis.mjs").SharedChannel} */ (this.shared);
    // While Redis is away every request renders from the database rather than wait on it.
    if (shared.client.status !== "ready") return null;
    try {
      const blob = await shared.client.getBuffer(shared.keys.entry(key));
      if (!blob) return null;
      const stored = v8.deserialize(blob);
      const tags = [...new Set([...stored.tags, ...askedTags])];
      if (this.isStale(tags, stored.lastModified, await shared.tagTimes(tags))) return null;
      return { ...stored, size: sizeOf(stored.value) };
    } catch (error) {
      reportSharedFailure(error);
      return null;
    }
  }

  async writeShared(key, entry) {
    if (!this.shared || this.shared.client.status !== "ready") return;
    try {
      const { value, lastModified, cacheControl, tags } = entry;
      const blob = v8.serialize({ value, lastModified, cacheControl, tags });
      await this.shared.client.set(this.shared.keys.entry(key), blob, "EX", SHARED_TTL_SECONDS);
    } catch (error) {
      reportSharedFailure(error);
    }
  }
}

// The cache of this process. Every invalidation arrives through the bus, whoever published it (an
// action's revalidateTag here, the scheduled-story sweep in instrumentation.ts, another instance over
// Redis): what carries one of its tags and was rendered at or before its moment is stale.
const shared = sharedChannel();
const cache = new PageCache({
  shared,
  publish,
  // With Redis this is the small memory copy in front of it; alone, it is the whole cache (shared out
  // among the workers of one `npm start`).
  maxBytes: shareOfBudget(process.env.PAGE_CACHE_MAX_BYTES, (shared ? 32 : 96) * 1024 * 1024),
});
subscribe((message) => cache.invalidate(message));
onSharedReconnect(() => cache.dropLocal());

export default class MemoryCacheHandler {
  constructor(options) {
    this.options = options;
  }

  get(key, ctx) {
    return cache.get(key, ctx);
  }

  set(key, data, ctx) {
    return cache.set(key, data, ctx);
  }

  revalidateTag(tags) {
    return cache.revalidateTag(tags);
  }

  resetRequestCache() {}
}
