// The one way an invalidation travels: `publish({ tags, at })`. The cache handler (tag
// invalidations) and the scheduled-story sweep publish; the cache handler and the edge's response
// store listen and drop what carries one of the tags and was rendered at or before `at`.
//
// Plain JavaScript on globalThis because three copies of this module meet in one process: the cache
// handler (loaded by Next as is), server.ts (run by tsx) and the bundled server code (instrumentation).
//
// With REDIS_URL the bus is shared by every instance (lib/cache/redis.mjs): a message is applied here at
// once, then goes to Redis, and every other instance applies it when it arrives (exactly once each).
// Without it, the workers of one `npm start` pass it through their primary (lib/cluster/ipc.mjs) the
// same way.

import { broadcast, receive } from "../cluster/ipc.mjs";
import { createSharedChannel, redisConfig } from "./redis.mjs";

const IPC_CHANNEL = "invalidation";

const KEY = Symbol.for("newsroom.cache.bus");

/**
 * @typedef {{ tags: string[], at: number }} Invalidation
 * @typedef {import("./redis.mjs").SharedChannel} SharedChannel
 * @typedef {{
 *   listeners: Set<(message: Invalidation) => void>,
 *   reconnectListeners: Set<() => void>,
 *   pageTags: Map<string, string[]>,
 *   shared: SharedChannel | null | undefined,
 * }} Bus
 */

/** @returns {Bus} */
function bus() {
  const g = /** @type {Record<symbol, Bus | undefined>} */ (/** @type {unknown} */ (globalThis));
  return (g[KEY] ??= { listeners: new Set(), reconnectListeners: new Set(), pageTags: new Map(), shared: undefined });
}

/** This process's Redis channel, opened on first use; null without REDIS_URL. @returns {SharedChannel | null} */
export function sharedChannel() {
  const state = bus();
  if (state.shared !== undefined) return state.shared;
  // `next build` loads the cache handler too; it has nothing to share and must not hold connections.
  const config = process.env.NEXT_PHASE === "phase-production-build" ? null : redisConfig();
  state.shared = config
    ? createSharedChannel({
        ...config,
        onMessage: (message) => deliver(arrived(message.tags, message.at)),
        onReconnect: () => {
          for (const listener of state.reconnectListeners) listener();
        },
      })
    : null;
  if (!state.shared)
    receive(IPC_CHANNEL, (/** @type {Invalidation} */ message) => {
      if (Array.isArray(message?.tags)) deliver(arrived(message.tags.map(String), Number(message.at)));
    });
  return state.shared;
}

/**
 * A message from another process, dated by its arrival here when that is later than its own date. Until
 * it arrives this process still serves and renders from what the change made stale: a render begun in
 * that gap, dated after the change, would otherwise be kept with the old content until it expires. Such a
 * gap is a message's time on the way (an IPC channel behind a busy primary, Redis) or another machine's
 * clock lagging; dated by arrival, what was rendered before it is dropped (a spare render at worst).
 * @param {string[]} tags @param {number} at @returns {Invalidation}
 */
function arrived(tags, at) {
  return { tags, at: Math.max(at, Date.now()) };
}

/**
 * Applies `message` in this process at once (the next request here already sees the change), then
 * hands it to every other instance; the promise settles when Redis has it.
 * @param {Invalidation} message
 * @returns {Promise<void>}
 */
export function publish(message) {
  deliver(message);
  if (message.tags.length === 0) return Promise.resolve();
  const shared = sharedChannel();
  if (!shared) {
    broadcast(IPC_CHANNEL, message);
    return Promise.resolve();
  }
  return shared.publish(message).catch((error) => {
    console.error("redis: could not publish an invalidation", error);
  });
}

/** Hands a message to this process's listeners (the local half of publish). @param {Invalidation} message */
export function deliver(message) {
  if (message.tags.length === 0) return;
  for (const listener of bus().listeners) listener(message);
}

/** @param {(message: Invalidation) => void} listener @returns {() => void} */
export function subscribe(listener) {
  sharedChannel();
  bus().listeners.add(listener);
  return () => bus().listeners.delete(listener);
}

/**
 * `listener` runs when the Redis subscription came back after a drop: messages sent meanwhile are
 * lost, so whatever a listener keeps in memory must go.
 * @param {() => void} listener @returns {() => void}
 */
export function onSharedReconnect(listener) {
  bus().reconnectListeners.add(listener);
  return () => bus().reconnectListeners.delete(listener);
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
