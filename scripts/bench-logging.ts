// `npm run bench -- --logging`: the cost of the request log on the edge's hit path. Two servers on one
// build and one database, the same but for LOG_LEVEL (silent, or info with every line written to a file
// as a journal would take it), each serving a cached article; wrk runs alternate between them so both
// meet the same machine. Prints each run and the ratio of the means (target: logging keeps ≥ 0.90).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

const DURATION = process.env.BENCH_DURATION || "10s";
const CONNECTIONS = process.env.BENCH_CONNECTIONS || "50";
const ROUNDS = Number(process.env.BENCH_ROUNDS || 3);
const ARTICLE = "/articles/russia-ukraine-talks-istanbul";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

async function waitForHit(url: string, ms = 600_000): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      if ((await fetch(url)).headers.get("x-newsroom-cache") === "hit") return;
    } catch {}
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} never became a hit`);
}

function rps(url: string): number {
  const out = spawnSync("wrk", ["-t2", `-c${CONNECTIONS}`, `-d${DURATION}`, url], { encoding: "utf8" }).stdout;
  return Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 0);
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "newsroom-bench-logging-"));
const common = { ...process.env, DATA_DIR: dataDir, DATABASE_PATH: path.join(dataDir, "news.db") };
const children: ChildProcess[] = [];
const tsx = path.join("node_modules", "tsx", "dist", "cli.mjs");

try {
  // The first start prepares the database and builds if needed; the second serves the same.
  const offPort = await freePort();
  const off = spawn(process.execPath, [tsx, "scripts/start.ts"], {
    env: { ...common, PORT: String(offPort), LOG_LEVEL: "silent", ADMIN_PASSWORD: "bench-password-123" },
    stdio: ["ignore", "ignore", "inherit"],
    detached: true,
  });
  children.push(off);
  await waitForHit(`http://127.0.0.1:${offPort}${ARTICLE}`);
  const onPort = await freePort();
  const logFile = path.join(dataDir, "requests.log");
  const on = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
    env: { ...common, NODE_ENV: "production", PORT: String(onPort), LOG_LEVEL: "info" },
    stdio: ["ignore", fs.openSync(logFile, "a"), "inherit"],
    detached: true,
  });
  children.push(on);
  await waitForHit(`http://127.0.0.1:${onPort}${ARTICLE}`);
  const urls = { off: `http://127.0.0.1:${offPort}${ARTICLE}`, on: `http://127.0.0.1:${onPort}${ARTICLE}` };
  for (const url of Object.values(urls)) spawnSync("wrk", ["-t2", `-c${CONNECTIONS}`, "-d2s", url]);

  const runs: Record<"off" | "on", number[]> = { off: [], on: [] };
  console.log(`cached article, wrk -t2 -c${CONNECTIONS} -d${DURATION}, ${ROUNDS} alternating rounds`);
  for (let round = 0; round < ROUNDS; round++)
    for (const which of round % 2 ? (["on", "off"] as const) : (["off", "on"] as const)) {
      const r = rps(urls[which]);
      runs[which].push(r);
      console.log(`  round ${round + 1}, logging ${which.padEnd(3)} ${r.toFixed(0).padStart(8)} req/s`);
    }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const ratio = mean(runs.on) / mean(runs.off);
  const lines = fs
    .readFileSync(logFile, "utf8")
    .split("\n")
    .filter((l) => l.includes('"msg":"request"')).length;
  console.log(
    `\nlogging on ${mean(runs.on).toFixed(0)} req/s, off ${mean(runs.off).toFixed(0)} req/s, ${lines} lines logged`,
  );
  console.log(`${ratio >= 0.9 ? "PASS" : "FAIL"}  hit rate with logging on / off: ${ratio.toFixed(3)} (target ≥ 0.90)`);
} finally {
  for (const child of children) if (child.pid) process.kill(-child.pid, "SIGTERM");
  setTimeout(() => fs.rmSync(dataDir, { recursive: true, force: true }), 2_000);
}
