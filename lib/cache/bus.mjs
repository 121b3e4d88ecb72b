// The one way an invalidation travels: `publish({ tags, at })`. The cache handler (tag
// invalidations) and the scheduled-story sweep publish; the cache handler and the edge's response
// store listen and drop what carries one of the tags and was rendered at or before `at`.
//
// Plain JavaScript on globalThis because three copies of this module meet in one process: the cache
// handler (loaded by Next as is), server.ts (run by tsx) and the bundled server code (instrumentation).
// A later shared channel (Redis pub/sub) replaces `publish` and feeds `deliver` on every instance.

const KEY = Symbol.for("newsroom.cache.bus");

/**
 * @typedef {{ tags: string[], at: number }} Invalidation
 * @typedef {{ listeners: Set<(message: Invalidation) => void>, pageTags: Map<string, string[]> }} Bus
 */

/** @returns {Bus} */
function bus() {
  const g = /** @type {Record<symbol, Bus | undefined>} */ (/** @type {unknown} */ (globalThis));
  return (g[KEY] ??= { listeners: new Set(), pageTags: new Map() });
}

/** @param {Invalidation} message */
export function publish(message) {
  deliver(message);
}

/** Hands a message to this process's listeners (the local half of publish). @param {Invalidation} message */
export function deliver(message) {
  if (message.tags.length === 0) return;
  for (const listener of bus().listeners) listener(message);
}

/** @param {(message: Invalidation) => void} listener @returns {() => void} */
export function subscribe(listener) {
  bus().listeners.add(listener);
  return () => bus().listeners.delete(listener);
}

// The tags of each page and route the cache handler stored, by pathname: Next keeps them off the
// response outside its hosted mode, so the edge learns them here.
const MAX_PAGES = 100_000;

/**
 * The pathname a page cache key stands for: Next 16 keys pages and routes as
 * `/route-cache/APP_PAGE/<build>/$/articles/slug` (the home page as `/index`).
 * @param {string} key
 */
export function pathnameOfCacheKey(key) {
  const at = key.indexOf("/$/");
  const pathname = at >= 0 ? key.slice(at + 2) : key;
  return pathname === "/index" ? "/" : pathname;
}

/** @param {string} key the cache handler's key @param {string[]} tags */
export function recordPageTags(key, tags) {
  const map = bus().pageTags;
  key = pathnameOfCacheKey(key);
  map.delete(key);
  if (map.size >= MAX_PAGES) map.delete(/** @type {string} */ (map.keys().next().value));
  map.set(key, tags);
}

/** @param {string} pathname @returns {string[] | undefined} */
export function pageTagsFor(pathname) {
  const map = bus().pageTags;
  return map.get(pathname);
}
