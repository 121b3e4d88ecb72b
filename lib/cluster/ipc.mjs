// How the processes of one `npm start` talk when it runs a worker per core (lib/cluster/primary.ts):
// over the IPC channel node:cluster opens between the primary and each worker. The primary holds no
// page and serves no request; it relays what one worker says to the others and answers what only one
// place may know (an API key's count this minute, where the schedule sweep left off, the metrics of all).
//
// Without REDIS_URL this is the bus between the workers (lib/cache/bus.mjs, lib/live/bus.mjs); with it,
// Redis already reaches every process and this carries only what the primary answers.
//
// Plain JavaScript on globalThis because several copies of this module meet in one worker: server.ts
// (run by tsx), the cache handler (loaded by Next as is) and the app's bundles.

const KEY = Symbol.for("newsroom.cluster.ipc");
// Next traces this module into its Edge bundles too (through the cache handler and instrumentation),
// where none of it runs; reached through globalThis, the IPC half of `process` raises no Edge warnings.
const node = /** @type {NodeJS.Process} */ (globalThis.process);
// How long a worker waits for the primary's answer before going on without it.
const ASK_TIMEOUT_MS = 2_000;

/**
 * What travels: `{ newsroom: channel, payload }` to be relayed to the other workers, or with `ask` (an
 * id) a question for the other side, answered by `{ newsroom: channel, answer: id, payload }`.
 * @typedef {{ newsroom: string, payload?: unknown, ask?: number, answer?: number, to?: "primary" | "fronts" }} Envelope
 * @typedef {(payload: any) => unknown} Handler
 * @typedef {{
 *   listening: boolean,
 *   receivers: Map<string, Handler>,
 *   answerers: Map<string, Handler>,
 *   waiting: Map<number, (payload: unknown) => void>,
 *   nextAsk: number,
 * }} Ipc
 */

/** @returns {Ipc} */
function state() {
  const g = /** @type {Record<symbol, Ipc | undefined>} */ (/** @type {unknown} */ (globalThis));
  return (g[KEY] ??= { listening: false, receivers: new Map(), answerers: new Map(), waiting: new Map(), nextAsk: 1 });
}

/** Whether this process is one of several workers of a site (the primary sets NEWSROOM_WORKER). */
export function inCluster() {
  return process.env.NEWSROOM_WORKER !== undefined && typeof node.send === "function";
}

/** This worker's place among the workers (0 … n−1), kept by its replacement if it dies; 0 when alone. */
export function workerIndex() {
  return Number(process.env.NEWSROOM_WORKER || 0);
}

/**
 * A budget for the whole server (bytes of memory, streams per client), divided among its workers:
 * `configured` (an environment variable) when set, else `fallback`. A site's caches fit the machine
 * however many cores it has.
 * @param {string | undefined} configured @param {number} fallback
 */
export function shareOfBudget(configured, fallback) {
  const total = Number(configured || fallback);
  return Math.floor(total / Math.max(1, Number(process.env.NEWSROOM_WORKERS || 1)));
}

/**
 * @param {unknown} value
 * @returns {value is Envelope}
 */
export function isEnvelope(value) {
  return !!value && typeof value === "object" && typeof (/** @type {Envelope} */ (value).newsroom) === "string";
}

/** @param {Envelope} message */
function send(message) {
  // A worker whose primary is gone is about to be stopped: nothing it says can reach anyone.
  if (node.connected) node.send?.(message);
}

function listen() {
  const ipc = state();
  if (ipc.listening) return;
  ipc.listening = true;
  node.on("message", (message) => {
    if (!isEnvelope(message)) return;
    if (message.answer !== undefined) {
      ipc.waiting.get(message.answer)?.(message.payload);
      ipc.waiting.delete(message.answer);
    } else if (message.ask !== undefined) {
      const answerer = ipc.answerers.get(message.newsroom);
      void Promise.resolve(answerer ? answerer(message.payload) : null).then(
        (payload) => send({ newsroom: message.newsroom, answer: message.ask, payload }),
        () => send({ newsroom: message.newsroom, answer: message.ask, payload: null }),
      );
    } else ipc.receivers.get(message.newsroom)?.(message.payload);
  });
}

/**
 * Hands `payload` to every other worker's receiver for `channel` (never back to this one). Does nothing
 * outside a cluster.
 * @param {string} channel @param {unknown} payload
 */
export function broadcast(channel, payload) {
  if (inCluster()) send({ newsroom: channel, payload });
}

/**
 * Hands `payload` to the front processes' receivers for `channel` (lib/edge/front.ts), not to the other
 * workers. Does nothing outside a cluster.
 * @param {string} channel @param {unknown} payload
 */
export function tellFronts(channel, payload) {
  if (inCluster()) send({ newsroom: channel, payload, to: "fronts" });
}

/** Tells the primary alone (it does not relay it). @param {string} channel @param {unknown} payload */
export function tellPrimary(channel, payload) {
  if (inCluster()) send({ newsroom: channel, payload, to: "primary" });
}

/**
 * What this worker does with what another worker broadcast on `channel`. One receiver per channel per
 * process, whichever copy of this module sets it.
 * @param {string} channel @param {Handler} receiver
 */
export function receive(channel, receiver) {
  if (!inCluster()) return;
  listen();
  state().receivers.set(channel, receiver);
}

/**
 * How this worker answers the primary's question on `channel` (for instance its metrics).
 * @param {string} channel @param {Handler} answerer
 */
export function answer(channel, answerer) {
  if (!inCluster()) return;
  listen();
  state().answerers.set(channel, answerer);
}

/**
 * Asks the primary; resolves with its answer, or null when there is no cluster or no answer within
 * `timeoutMs` (Infinity: for as long as it takes, as for a turn that must not be granted to nobody).
 * @param {string} channel @param {unknown} payload @param {number} [timeoutMs] @returns {Promise<any>}
 */
export function askPrimary(channel, payload, timeoutMs = ASK_TIMEOUT_MS) {
  if (!inCluster() || !node.connected) return Promise.resolve(null);
  listen();
  const ipc = state();
  const id = ipc.nextAsk++;
  return new Promise((resolve) => {
    const timer =
      timeoutMs === Infinity
        ? undefined
        : setTimeout(() => {
            ipc.waiting.delete(id);
            resolve(null);
          }, timeoutMs).unref();
    ipc.waiting.set(id, (payload) => {
      clearTimeout(timer);
      resolve(payload ?? null);
    });
    send({ newsroom: channel, ask: id, payload, to: "primary" });
  });
}
