// The serving half of `npm start`, bundled with the build into .next/newsroom/serve.mjs (scripts/
// bundle-server.ts) and run by scripts/start.mjs with plain Node once scripts/start.ts has prepared the
// data and the build: on one core the server in this process; on several, a worker per core, this process
// their primary (lib/cluster/primary.ts), which never loads Next; with FRONT_PROCESSES, that many front
// processes (front.ts) before them.
import path from "node:path";
import { frontCount, runPrimary, workerCount } from "../lib/cluster/primary";
import { exportAuthSecret } from "./data-location";

process.env.NEXT_TELEMETRY_DISABLED = "1";
(process.env as Record<string, string>).NODE_ENV = "production";
exportAuthSecret();

// Beside this file in the build: the request edge (server.ts), bundled.
const server = path.join(path.dirname(new URL(import.meta.url).pathname), "server.mjs");
const port = process.env.PORT || "3000";
const workers = workerCount();
const fronts = frontCount();

if (workers > 1 || fronts > 0) {
  // Each worker's memory is held down: left to itself V8 lets a worker's garbage grow to hundreds of MB
  // after a spike of renders (its live heap is under 100 MB), so the old generation is capped
  // (WORKER_HEAP_MB) and the young one kept small; glibc's per-thread arenas (compression runs on
  // libuv's threads) are limited to two.
  const heapMb = Number(process.env.WORKER_HEAP_MB) > 0 ? Number(process.env.WORKER_HEAP_MB) : 256;
  const primary = runPrimary({
    count: workers,
    entry: server,
    execArgv: [`--max-old-space-size=${heapMb}`, "--max-semi-space-size=8"],
    env: { MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX || "2" },
    // Beside this file too: the front processes (front.ts), with the same young generation.
    ...(fronts > 0
      ? {
          fronts: {
            count: fronts,
            entry: path.join(path.dirname(server), "front.mjs"),
            execArgv: ["--max-semi-space-size=8"],
          },
        }
      : {}),
  });
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => void primary.stop().then(() => process.exit(0)));
  }
  await primary.ready.catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
  console.log(`${workers} workers${fronts > 0 ? ` behind ${fronts} front processes` : ""} serving on port ${port}.`);
} else {
  const { startServer, stopOnSignals } = (await import(server)) as typeof import("../server");
  stopOnSignals(await startServer({ port: Number(port) }));
}
