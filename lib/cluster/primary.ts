// `npm start` on a machine with several cores: one worker per core (WEB_CONCURRENCY to choose), each a
// whole server.ts on the same port (node:cluster hands each new connection to the next worker). This
// process only forks, relays and answers (lib/cluster/ipc.mjs); it never loads Next.
import cluster, { type Worker } from "node:cluster";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { AggregatorRegistry } from "prom-client";
import { createRateWindows } from "../api/rate-window";
import { isEnvelope } from "./ipc.mjs";

type Envelope = { newsroom: string; payload?: unknown; ask?: number; answer?: number; to?: "primary" | "fronts" };

// A worker that dies before it ever listened is a broken start (a port in use, a bad build): starting
// it again would loop, so the whole server stops instead.
const LISTENING_TIMEOUT_MS = 180_000;
// How long workers get to finish what they are doing on SIGTERM before they are killed.
const STOP_DEADLINE_MS = 12_000;

/** How many workers `npm start` runs: WEB_CONCURRENCY when set, else one per core the process may use. */
export function workerCount(env = process.env): number {
  const asked = Number(env.WEB_CONCURRENCY);
  if (Number.isInteger(asked) && asked > 0) return asked;
  return Math.max(1, os.availableParallelism());
}

/** How many front processes `npm start` runs before its workers (lib/edge/front.ts): FRONT_PROCESSES, else none. */
export function frontCount(env = process.env): number {
  const asked = Number(env.FRONT_PROCESSES);
  return Number.isInteger(asked) && asked > 0 ? asked : 0;
}

type Slot = { worker: Worker; listened: boolean; front: boolean };

export type Primary = {
  /** Settles when every worker is listening; rejects (after stopping the rest) if one died first. */
  ready: Promise<void>;
  workers: () => Worker[];
  stop: () => Promise<void>;
};

export type PrimaryOptions = {
  count: number;
  entry: string;
  execArgv?: string[];
  env?: Record<string, string>;
  fronts?: { count: number; entry: string; execArgv?: string[] };
};

/**
 * Forks `count` workers running `entry` (server.ts) and keeps them running: one that dies after it
 * started serving is replaced under the same index (the background work stays with index 0).
 * `execArgv`: Node's options for the workers (this process's by default, so tsx's loader comes along);
 * `env`: variables they get on top of this process's. With `fronts`, that many processes running
 * `fronts.entry` (front.ts) take the port, and each worker listens on a socket of its own in a directory
 * only this user can open, to the fronts alone.
 */
export function runPrimary(options: PrimaryOptions): Primary {
  const { count, env = {} } = options;
  const roles = createRoles(options);
  const slots: Slot[] = [];
  const writeTurns = createWriteTurns();
  const answers = primaryAnswers(() => slots.map((s) => s.worker), writeTurns);
  let stopping = false;
  const ready = new Promise<void>((resolve, reject) => {
    const fork = (index: number) => {
      const { front, env: role } = roles.prepareFork(index);
      const worker = cluster.fork({ ...env, ...role, NEWSROOM_WORKER: String(index) });
      const slot: Slot = { worker, listened: false, front };
      slots[index] = slot;
      const late = setTimeout(() => worker.process.kill("SIGKILL"), LISTENING_TIMEOUT_MS);
      worker.on("message", (message: unknown) => {
        if (isEnvelope(message)) relay(worker, message as Envelope, slots, answers);
      });
      worker.once("listening", () => {
        clearTimeout(late);
        slot.listened = true;
        const allUp = slots.every((s) => s?.listened);
        // The fronts start once every worker listens: none of their first readers meets a closed socket.
        if (allUp && slots.length === count) for (let i = count; i < roles.total; i++) fork(i);
        if (allUp && slots.length === roles.total) resolve();
      });
      worker.once("exit", (code, signal) => {
        clearTimeout(late);
        writeTurns.forget(worker);
        if (stopping) return;
        if (!slot.listened) {
          stopping = true;
          stopWorkers(slots).finally(() => {
            roles.remove();
            reject(new Error(`worker ${index} exited before serving (${signal ?? code})`));
          });
          return;
        }
        console.error(`Worker ${index} (pid ${worker.process.pid}) exited (${signal ?? code}); starting another.`);
        fork(index);
      });
    };
    for (let index = 0; index < count; index++) fork(index);
  });
  return {
    ready,
    workers: () => slots.map((s) => s.worker),
    stop() {
      stopping = true;
      return stopWorkers(slots).finally(roles.remove);
    },
  };
}

/**
 * What each fork runs and is told: workers 0 … count−1 run `entry`; with fronts, the indexes after them
 * run `fronts.entry`, and each worker listens on its own socket in a directory of this user's alone.
 */
function createRoles({ count, entry, execArgv, fronts }: PrimaryOptions) {
  const frontsCount = fronts?.count ?? 0;
  const socketDir = frontsCount > 0 ? fs.mkdtempSync(path.join(os.tmpdir(), "newsroom-")) : null;
  const socketOf = (index: number) => path.join(socketDir!, `worker-${index}.sock`);
  return {
    total: count + frontsCount,
    prepareFork(index: number): { front: boolean; env: Record<string, string> } {
      const front = index >= count;
      // Settings apply to the forks that follow: the fronts run another file, with their own options.
      const [exec, args] = front ? [fronts!.entry, fronts!.execArgv] : [entry, execArgv];
      cluster.setupPrimary({ exec, ...(args ? { execArgv: args } : {}) });
      if (front) {
        const upstreams = Array.from({ length: count }, (_, i) => socketOf(i)).join(",");
        return { front, env: { NEWSROOM_WORKERS: String(frontsCount), NEWSROOM_UPSTREAMS: upstreams } };
      }
      return {
        front,
        env: { NEWSROOM_WORKERS: String(count), ...(socketDir ? { NEWSROOM_SOCKET: socketOf(index) } : {}) },
      };
    },
    remove: () => socketDir && fs.rmSync(socketDir, { recursive: true, force: true }),
  };
}

/** SIGTERM to every worker (each finishes its requests and closes its database), SIGKILL when late. */
async function stopWorkers(slots: Slot[]): Promise<void> {
  const running = slots.filter((s) => s && !s.worker.isDead()).map((s) => s.worker);
  const exited = running.map((worker) => new Promise((resolve) => worker.once("exit", resolve)));
  for (const worker of running) worker.process.kill("SIGTERM");
  const late = setTimeout(() => running.forEach((worker) => worker.process.kill("SIGKILL")), STOP_DEADLINE_MS);
  await Promise.all(exited);
  clearTimeout(late);
}

type Answerers = Record<string, (payload: unknown, from: Worker) => unknown>;

function relay(from: Worker, message: Envelope, slots: Slot[], answers: Answerers): void {
  // A worker's answer to the primary's own question (askWorker listens for it).
  if (message.answer !== undefined) return;
  if (message.to !== "primary") {
    const fronts = message.to === "fronts";
    for (const slot of slots) {
      if (slot && slot.worker !== from && slot.worker.isConnected() && (!fronts || slot.front))
        slot.worker.send(message);
    }
    return;
  }
  const answerer = answers[message.newsroom];
  const result = answerer ? answerer(message.payload, from) : null;
  if (message.ask === undefined) return;
  void Promise.resolve(result).then(
    (payload) => from.isConnected() && from.send({ newsroom: message.newsroom, answer: message.ask, payload }),
    () => from.isConnected() && from.send({ newsroom: message.newsroom, answer: message.ask, payload: null }),
  );
}

/** What the primary alone knows, for every worker: the questions of lib/cluster/ipc.mjs's askPrimary. */
function primaryAnswers(workers: () => Worker[], writeTurns: WriteTurns): Answerers {
  const rates = createRateWindows();
  let sweptUpTo: number | null = null;
  return {
    // SQLite's write lock, taken in turn (db/index.ts): granted when the answer comes.
    "sqlite-write": (_payload, from) => writeTurns.take(from),
    "sqlite-written": (_payload, from) => writeTurns.give(from),
    // An API key's requests this minute, counted once for the whole machine.
    "api-rate": (payload) => {
      const { keyId, start, limit } = payload as { keyId: number; start: number; limit: number };
      return rates.take(keyId, start, limit);
    },
    // The schedule sweep's progress: a replaced worker 0 resumes where the one before it left off.
    "sweep-progress": (payload) => {
      if (typeof payload === "number" && payload > (sweptUpTo ?? 0)) sweptUpTo = payload;
    },
    "sweep-start": () => sweptUpTo,
    metrics: () => clusterMetrics(workers()),
  };
}

type WriteTurns = ReturnType<typeof createWriteTurns>;

/**
 * One SQLite writer at a time across the workers, first come first served. Without it, a worker whose
 * BEGIN IMMEDIATE meets another's lock sleeps in SQLite's busy handler (1, 2, 5, 10… ms), its whole event
 * loop with it, while the lock was free again within a fraction of a millisecond. A worker that dies
 * holding its turn gives it up with its life.
 */
export function createWriteTurns() {
  let holder: Worker | null = null;
  const waiting: { worker: Worker; grant: () => void }[] = [];
  const next = () => {
    const turn = waiting.shift();
    holder = turn?.worker ?? null;
    turn?.grant();
  };
  return {
    take(worker: Worker): Promise<true> {
      return new Promise((resolve) => {
        waiting.push({ worker, grant: () => resolve(true) });
        if (!holder) next();
      });
    },
    give(worker: Worker): void {
      if (holder === worker) next();
    },
    forget(worker: Worker): void {
      for (let i = waiting.length - 1; i >= 0; i--) if (waiting[i].worker === worker) waiting.splice(i, 1);
      if (holder === worker) next();
    },
  };
}

let nextAsk = 1;

/** Asks one worker on `channel`; null when it does not answer in time. */
function askWorker(worker: Worker, channel: string): Promise<unknown> {
  const id = nextAsk++;
  return new Promise((resolve) => {
    const timer = setTimeout(() => done(null), 2_000);
    const onMessage = (message: unknown) => {
      if (isEnvelope(message) && (message as Envelope).answer === id) done((message as Envelope).payload);
    };
    function done(payload: unknown) {
      clearTimeout(timer);
      worker.off("message", onMessage);
      resolve(payload);
    }
    worker.on("message", onMessage);
    worker.send({ newsroom: channel, ask: id });
  });
}

/** Every worker's metrics as one exposition: counters and histograms summed, as prom-client aggregates. */
async function clusterMetrics(workers: Worker[]): Promise<{ contentType: string; body: string }> {
  const replies = await Promise.all(workers.filter((w) => w.isConnected()).map((w) => askWorker(w, "metrics")));
  const registry = AggregatorRegistry.aggregate(replies.filter(Array.isArray));
  return { contentType: registry.contentType, body: await registry.metrics() };
}
