// The one way this app talks to Redis (REDIS_URL): a connection factory, the key prefix, and the
// shared half of the invalidation bus (pub/sub plus a hash of tag → last invalidation time).
//
// Plain JavaScript because the cache handler, which Next loads as is, needs it too.
//
// Several publications, or several test runs, may share one Redis: the database index in the URL
// (redis://host:6379/3) is honoured, and every key and channel this app touches starts with the prefix
// (REDIS_PREFIX, "newsroom:" unless set).

import { randomUUID } from "node:crypto";
import Redis from "ioredis";

export const DEFAULT_PREFIX = "newsroom:";

/** @returns {{ url: string, prefix: string } | null} the configured Redis, or null without REDIS_URL */
export function redisConfig(env = process.env) {
  const url = env.REDIS_URL?.trim();
  if (!url) return null;
  return { url, prefix: env.REDIS_PREFIX?.trim() || DEFAULT_PREFIX };
}

/**
 * A connection to `url` (ioredis reads host, port, password and the /db index from it). Commands wait
 * while it (re)connects rather than failing at once, but not for ever: a request must not hang on a
 * Redis that is gone.
 * @param {string} url
 * @param {import("ioredis").RedisOptions} [options]
 */
export function connectRedis(url, options = {}) {
  const client = new Redis(url, {
    maxRetriesPerRequest: 2,
    connectTimeout: 2_000,
    enableOfflineQueue: true,
    retryStrategy: (times) => Math.min(times * 200, 2_000),
    ...options,
  });
  // ioredis reports every failed reconnect as an "error" event; without a listener Node would crash.
  let reported = 0;
  client.on("error", (error) => {
    if (Date.now() - reported < 10_000) return;
    reported = Date.now();
    console.error(`redis: ${error.message}`);
  });
  return client;
}

/** The names under `prefix`: every key and channel this app uses, in one place. @param {string} prefix */
export function redisKeys(prefix) {
  return {
    /** pub/sub channel of invalidations */
    channel: `${prefix}invalidations`,
    /** hash: cache tag → the latest moment (ms) it was invalidated */
    tagTimes: `${prefix}tag-times`,
    /** one Next cache entry */
    entry: (/** @type {string} */ key) => `${prefix}cache:${key}`,
    /** the schedule sweep's progress: up to when due stories have been published */
    sweptUpTo: `${prefix}schedule:swept-up-to`,
    /** an API key's request count in the minute starting at `windowStart` (every instance counts here) */
    apiRate: (/** @type {number} */ keyId, /** @type {number} */ windowStart) =>
      `${prefix}api-rate:${keyId}:${windowStart}`,
  };
}

// Tag times only move forward (a scheduled story is published stamped with its past due time), and the
// message goes out in the same step, so nobody reads the channel before the hash says so.
const MAX_UNSENT = 10_000;
const PUBLISH_SCRIPT = `
local at = tonumber(ARGV[1])
for i = 3, #ARGV do
  local old = tonumber(redis.call('HGET', KEYS[1], ARGV[i]) or '-1')
  if at > old then redis.call('HSET', KEYS[1], ARGV[i], ARGV[1]) end
end
return redis.call('PUBLISH', KEYS[2], ARGV[2])
`;

/**
 * @typedef {{ tags: string[], at: number }} Invalidation
 * @typedef {{
 *   origin: string,
 *   client: import("ioredis").Redis,
 *   keys: ReturnType<typeof redisKeys>,
 *   ready: Promise<void>,
 *   publish: (message: Invalidation) => Promise<void>,
 *   tagTimes: (tags: string[]) => Promise<Map<string, number>>,
 *   ping: (timeoutMs?: number) => Promise<boolean>,
 *   close: () => Promise<void>,
 * }} SharedChannel
 */

/**
 * A second connection that only listens (a subscribed connection can do nothing else); `ready` settles
 * once the subscription is in place.
 * @param {{ url: string, channel: string, origin: string, onMessage: (message: Invalidation) => void, onReconnect?: () => void }} options
 */
function listen({ url, channel, origin, onMessage, onReconnect }) {
  // The SUBSCRIBE waits for Redis however long it is away: an instance started during an outage must
  // still hear every message once it is back.
  const subscriber = connectRedis(url, { maxRetriesPerRequest: null });
  let subscribedOnce = false;
  subscriber.on("message", (from, text) => {
    if (from !== channel) return;
    try {
      const message = JSON.parse(text);
      if (message.from === origin || !Array.isArray(message.tags)) return;
      onMessage({ tags: message.tags.map(String), at: Number(message.at) });
    } catch (error) {
      console.error("redis: unreadable invalidation", error);
    }
  });
  // ioredis resubscribes by itself after a reconnect; "ready" fires each time the connection is usable.
  subscriber.on("ready", () => {
    if (subscribedOnce) onReconnect?.();
  });
  const ready = subscriber.subscribe(channel).then(
    () => {
      subscribedOnce = true;
    },
    (error) => {
      if (subscriber.status !== "end") console.error("redis: could not subscribe", error);
    },
  );
  return { subscriber, ready };
}

/**
 * Publishes an invalidation (its tags' times and the message, in one script). Messages Redis did not
 * take (it was away) go out when it is back: until then the other instances may serve what they hold,
 * but once back no copy rendered before the change is valid anywhere.
 * @param {import("ioredis").Redis} client
 * @param {ReturnType<typeof redisKeys>} keys
 * @param {string} origin
 * @returns {(invalidation: Invalidation) => Promise<void>}
 */
function createPublisher(client, keys, origin) {
  /** @type {string[][]} */
  const unsent = [];
  const send = (/** @type {Invalidation} */ { tags, at }) => {
    const text = JSON.stringify({ tags, at, from: origin });
    return client.eval(PUBLISH_SCRIPT, 2, keys.tagTimes, keys.channel, String(at), text, ...tags);
  };
  client.on("ready", () => {
    for (const args of unsent.splice(0)) {
      send({ tags: args.slice(1), at: Number(args[0]) }).catch(() => unsent.push(args));
    }
  });
  return async ({ tags, at }) => {
    if (tags.length === 0) return;
    const later = () => {
      if (unsent.length < MAX_UNSENT) unsent.push([String(at), ...tags]);
    };
    // No waiting on a Redis that is away: the editor's save must not hang on it.
    if (client.status !== "ready") return later();
    try {
      await send({ tags, at });
    } catch (error) {
      later();
      throw error;
    }
  };
}

/**
 * The shared half of the bus for one process: `publish` records the tags' times and sends the message;
 * `ready` settles once both connections are up (tests wait for it; requests never do).
 * `onMessage` receives every message another process published (a process never hears its own: it has
 * applied it already, at once). `onReconnect` is called when the subscription was re-established, since
 * messages sent while it was down are lost: whoever keeps a copy must drop it then.
 * @param {{ url: string, prefix: string, onMessage: (message: Invalidation) => void, onReconnect?: () => void }} options
 * @returns {SharedChannel}
 */
export function createSharedChannel({ url, prefix, onMessage, onReconnect }) {
  const origin = randomUUID();
  const keys = redisKeys(prefix);
  const client = connectRedis(url);
  const { subscriber, ready } = listen({ url, channel: keys.channel, origin, onMessage, onReconnect });
  const publish = createPublisher(client, keys, origin);
  const connected = new Promise((resolve) =>
    client.status === "ready" ? resolve(undefined) : client.once("ready", resolve),
  );
  return {
    origin,
    client,
    keys,
    ready: Promise.all([ready, connected]).then(() => {}),
    publish,
    async tagTimes(tags) {
      const times = new Map();
      if (tags.length === 0) return times;
      const values = await client.hmget(keys.tagTimes, ...tags);
      values.forEach((value, i) => {
        if (value !== null) times.set(tags[i], Number(value));
      });
      return times;
    },
    async ping(timeoutMs = 1_500) {
      // A health check answers in time even while the client is still retrying a dead server.
      const late = new Promise((resolve) => setTimeout(() => resolve(false), timeoutMs).unref());
      const answer = client.ping().then(
        (reply) => reply === "PONG",
        () => false,
      );
      return /** @type {Promise<boolean>} */ (Promise.race([answer, late]));
    },
    async close() {
      // QUIT waits for an answer a server that is away never gives.
      const end = (/** @type {import("ioredis").Redis} */ c) =>
        c.status === "ready" ? c.quit().catch(() => c.disconnect()) : c.disconnect();
      await Promise.allSettled([end(client), end(subscriber)]);
    },
  };
}
