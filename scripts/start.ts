// `npm start`: migrate, seed an empty database, build if the build is missing or out of date,
// then serve on PORT through server.ts, one worker per core (`--dev`: `next dev`).
import { createHash } from "node:crypto";
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { runPrimary, workerCount } from "../lib/cluster/primary";
import { bundleServer, SERVER_BUNDLE } from "./bundle-server";
import { ensureAuthSecret } from "./data-location";

// Next's anonymous telemetry stays off however this is started: the site never calls home (the builds
// and `next dev` below inherit it).
process.env.NEXT_TELEMETRY_DISABLED = "1";

const root = process.cwd();
const SOURCES = [
  "app",
  "components",
  "lib",
  "db",
  "public",
  "proxy.ts",
  "server.ts",
  "scripts/bundle-server.ts",
  "instrumentation.ts",
  "next.config.js",
  "package-lock.json",
  "tsconfig.json",
  "postcss.config.mjs",
];

function sourceFingerprint(): string {
  const hash = createHash("sha256");
  const walk = (p: string) => {
    if (!fs.existsSync(p)) return;
    const stat = fs.statSync(p);
    if (stat.isDirectory()) {
      for (const name of fs.readdirSync(p).sort()) walk(path.join(p, name));
    } else {
      hash.update(path.relative(root, p)).update("\0").update(fs.readFileSync(p)).update("\0");
    }
  };
  for (const s of SOURCES) walk(path.join(root, s));
  return hash.digest("hex");
}

async function buildIfNeeded(): Promise<void> {
  const stamp = path.join(root, ".next", "source-fingerprint");
  const fingerprint = sourceFingerprint();
  const current =
    fs.existsSync(path.join(root, ".next", "BUILD_ID")) &&
    fs.existsSync(SERVER_BUNDLE) &&
    fs.existsSync(stamp) &&
    fs.readFileSync(stamp, "utf8") === fingerprint;
  if (current) return;
  console.log("Building the site (first start or sources changed)…");
  const result = spawnSync(
    process.execPath,
    [path.join(root, "node_modules", "next", "dist", "bin", "next"), "build"],
    {
      stdio: "inherit",
      env: process.env,
    },
  );
  if (result.status !== 0) process.exit(result.status ?? 1);
  await bundleServer();
  fs.writeFileSync(stamp, fingerprint);
}

const secret = ensureAuthSecret();
process.env.AUTH_SECRET = secret;
process.env.NEXTAUTH_SECRET = secret;
// In a process of its own: the server's processes never hold the migrations and the sample content.
const prepared = spawnSync(process.execPath, ["--import", "tsx", path.join(root, "scripts", "prepare.ts")], {
  stdio: "inherit",
  env: process.env,
});
if (prepared.status !== 0) process.exit(prepared.status ?? 1);

const dev = process.argv.includes("--dev");
if (!dev) await buildIfNeeded();

const port = process.env.PORT || "3000";
if (dev) {
  const server = spawn(
    process.execPath,
    [path.join(root, "node_modules", "next", "dist", "bin", "next"), "dev", "-p", port],
    { stdio: "inherit", env: { ...process.env, NODE_ENV: "development" } },
  );
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
  server.on("exit", (code) => process.exit(code ?? 0));
} else {
  // The custom server (server.ts): the request edge in front of Next. In this process on one core; on
  // several, in a worker per core, this process their primary (lib/cluster/primary.ts).
  (process.env as Record<string, string>).NODE_ENV = "production";
  const workers = workerCount();
  if (workers > 1) {
    // The workers run the bundled server with plain Node (scripts/bundle-server.ts), each with a heap of
    // WORKER_HEAP_MB: left to itself V8 lets a worker's garbage grow to hundreds of MB after a spike of
    // renders, and collects it in long pauses.
    const heapMb = Number(process.env.WORKER_HEAP_MB) > 0 ? Number(process.env.WORKER_HEAP_MB) : 256;
    const primary = runPrimary({
      count: workers,
      entry: SERVER_BUNDLE,
      execArgv: [`--max-old-space-size=${heapMb}`],
    });
    for (const signal of ["SIGTERM", "SIGINT"] as const) {
      process.once(signal, () => void primary.stop().then(() => process.exit(0)));
    }
    await primary.ready.catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    });
    console.log(`${workers} workers serving on port ${port}.`);
  } else {
    const { startServer, stopOnSignals } = (await import(SERVER_BUNDLE)) as typeof import("../server");
    stopOnSignals(await startServer({ port: Number(port) }));
  }
}
