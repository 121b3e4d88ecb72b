// How a live update travels to the streams: `publishLive({ articleId, at, data })`, where `data` is the
// event already rendered (lib/live/render.ts) as JSON text. The pattern of lib/cache/bus.mjs with a
// channel of its own: applied in this process at once, then over Redis (REDIS_URL) to every other
// instance, which applies it when it arrives (a process never hears its own message back).
//
// Plain JavaScript on globalThis because two copies of this module meet in one process: the server
// actions (bundled by Next) publish, and the stream hub in server.ts (run by tsx) listens.

import { randomUUID } from "node:crypto";
import { connectRedis, redisConfig } from "../cache/redis.mjs";
import { broadcast, receive } from "../cluster/ipc.mjs";
import { handOver } from "../hand-over.mjs";

const KEY = Symbol.for("newsroom.live.bus");
const IPC_CHANNEL = "live";

/**
 * @typedef {{ articleId: number, at: number, data: string }} LiveMessage
 * @typedef {{ origin: string, channel: string, client: import("ioredis").Redis, subscriber: import("ioredis").Redis, ready: Promise<void> }} LiveShared
 * @typedef {{ listeners: Set<(message: LiveMessage) => void>, shared: LiveShared | null | undefined }} LiveBus
 */

/** @returns {LiveBus} */
function bus() {
  const g = /** @type {Record<symbol, LiveBus | undefined>} */ (/** @type {unknown} */ (globalThis));
  return (g[KEY] ??= { listeners: new Set(), shared: undefined });
}

/** @param {unknown} value @returns {value is LiveMessage} */
function isMessage(value) {
  const m = /** @type {Partial<LiveMessage>} */ (value);
  return !!m && Number.isInteger(m.articleId) && Number.isFinite(m.at) && typeof m.data === "string";
}

/** This process's Redis connections for live updates, opened on first use; null without REDIS_URL. */
export function liveChannel() {
  const state = bus();
  if (state.shared !== undefined) return state.shared;
  const config = process.env.NEXT_PHASE === "phase-production-build" ? null : redisConfig();
  if (!config) {
    // The workers of one `npm start` without Redis: through their primary (lib/cluster/ipc.mjs).
    receive(IPC_CHANNEL, (message) => {
      if (isMessage(message)) deliver(message);
    });
    return (state.shared = null);
  }
  const origin = randomUUID();
  const channel = `${config.prefix}live`;
  const client = connectRedis(config.url);
  const subscriber = connectRedis(config.url, { maxRetriesPerRequest: null });
  subscriber.on("message", (from, text) => {
    if (from !== channel) return;
    try {
      const message = JSON.parse(text);
      if (message.from === origin || !isMessage(message)) return;
      deliver({ articleId: message.articleId, at: message.at, data: message.data });
    } catch (error) {
      console.error("redis: unreadable live update", error);
    }
  });
  const connected = new Promise((resolve) =>
    client.status === "ready" ? resolve(undefined) : client.once("ready", resolve),
  );
  const ready = Promise.all([subscriber.subscribe(channel), connected]).then(
    () => {},
    () => {},
  );
  state.shared = { origin, channel, client, subscriber, ready };
  return state.shared;
}

/** @param {LiveMessage} message */
function deliver(message) {
  for (const listener of bus().listeners) listener(message);
}

/**
 * Hands `message` to this process's streams at once, then to every other instance.
 * @param {LiveMessage} message
 * @returns {Promise<void>}
 */
export function publishLive(message) {
  deliver(message);
  const shared = liveChannel();
  if (!shared) {
    broadcast(IPC_CHANNEL, message);
    return Promise.resolve();
  }
  const text = JSON.stringify({ ...message, from: shared.origin });
  return shared.client.publish(shared.channel, text).then(
    () => {},
    (error) => console.error("redis: could not publish a live update", error),
  );
}

/** @param {(message: LiveMessage) => void} listener @returns {() => void} */
export function subscribeLive(listener) {
  liveChannel();
  bus().listeners.add(listener);
  return () => bus().listeners.delete(listener);
}

export async function closeLiveChannel() {
  const state = bus();
  const shared = state.shared;
  state.shared = undefined;
  if (!shared) return;
  const end = (/** @type {import("ioredis").Redis} */ c) =>
    c.status === "ready" ? c.quit().catch(() => c.disconnect()) : c.disconnect();
  await Promise.allSettled([end(shared.client), end(shared.subscriber)]);
}

// The stream hub's catch-up for a reconnecting page lives in Next's bundle (it reads the database
// through lib/data); instrumentation.ts hands it over here for server.ts to call.

/**
 * @typedef {{ live: boolean, messages: LiveMessage[] }} LiveCatchUp
 * @typedef {(articleId: number, since: number) => Promise<LiveCatchUp | null>} LiveLoader
 */

/** @type {ReturnType<typeof handOver<LiveLoader>>} */
const loaderSlot = handOver("live.loader");

/** @param {LiveLoader} loader */
export function registerLiveLoader(loader) {
  loaderSlot.give(loader);
}

/** @returns {LiveLoader | undefined} */
export function liveLoader() {
  return loaderSlot.take();
}
