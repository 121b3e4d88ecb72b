// Before serving: migrate, seed an empty database, build if the build is missing or out of date
// (`--prepare`, run by scripts/start.mjs for `npm start`); `--dev`: then `next dev`.
import { createHash } from "node:crypto";
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { bundleServer, FRONT_BUNDLE, SERVE_BUNDLE, SERVER_BUNDLE } from "./bundle-server";
import { exportAuthSecret } from "./data-location";
import { prepare } from "./prepare";

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
  "front.ts",
  "scripts/bundle-server.ts",
  "scripts/serve.ts",
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
    fs.existsSync(SERVE_BUNDLE) &&
    fs.existsSync(FRONT_BUNDLE) &&
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

exportAuthSecret();
await prepare();

const dev = process.argv.includes("--dev");
if (!dev) await buildIfNeeded();

// `--prepare` (scripts/start.mjs, `npm start`): that is all; the bundled scripts/serve.ts serves.
if (dev) {
  const port = process.env.PORT || "3000";
  const server = spawn(
    process.execPath,
    [path.join(root, "node_modules", "next", "dist", "bin", "next"), "dev", "-p", port],
    { stdio: "inherit", env: { ...process.env, NODE_ENV: "development" } },
  );
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
  server.on("exit", (code) => process.exit(code ?? 0));
} else if (process.argv.includes("--prepare")) {
  process.exit(0);
} else {
  console.error("Serve with `npm start` (scripts/start.mjs), or develop with `npm run dev`.");
  process.exit(1);
}
