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

/** CPU seconds used so far by every process of the group `pgid` (the server and what it spawned). */
function cpuSeconds(pgid: number): number {
  const ticks = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout) || 100;
  let total = 0;
  for (const dir of fs.readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      // Fields after the command's closing parenthesis: state is [0], pgrp [2], utime [11], stime [12].
      const stat = fs.readFileSync(`/proc/${dir}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[2]) === pgid) total += (Number(fields[11]) + Number(fields[12])) / ticks;
    } catch {}
  }
  return total;
}

/**
 * One wrk run: its rate, and the server's CPU time per request. On a shared machine the rate moves with
 * whatever else runs; CPU per request is what the server itself spends, and moves far less.
 */
function run(url: string, pgid: number): { rps: number; cpuUs: number } {
  const before = cpuSeconds(pgid);
  const out = spawnSync("wrk", ["-t2", `-c${CONNECTIONS}`, `-d${DURATION}`, url], { encoding: "utf8" }).stdout;
  const requests = Number(/(\d+) requests in/.exec(out)?.[1] ?? 0);
  const cpuUs = requests ? ((cpuSeconds(pgid) - before) / requests) * 1e6 : 0;
  return { rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 0), cpuUs };
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

  const groups = { off: off.pid!, on: on.pid! };
  const runs: Record<"off" | "on", number[]> = { off: [], on: [] };
  const cpu: Record<"off" | "on", number[]> = { off: [], on: [] };
  console.log(`cached article, wrk -t2 -c${CONNECTIONS} -d${DURATION}, ${ROUNDS} alternating rounds`);
  for (let round = 0; round < ROUNDS; round++)
    for (const which of round % 2 ? (["on", "off"] as const) : (["off", "on"] as const)) {
      const r = run(urls[which], groups[which]);
      runs[which].push(r.rps);
      cpu[which].push(r.cpuUs);
      console.log(
        `  round ${round + 1}, logging ${which.padEnd(3)} ${r.rps.toFixed(0).padStart(8)} req/s, ${r.cpuUs.toFixed(1).padStart(6)} µs CPU/request`,
      );
    }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const ratio = mean(runs.on) / mean(runs.off);
  // The rate one core would serve with logging on, against off: what logging costs, whatever else runs.
  const cpuRatio = mean(cpu.off) / mean(cpu.on);
  const lines = fs
    .readFileSync(logFile, "utf8")
    .split("\n")
    .filter((l) => l.includes('"msg":"request"')).length;
  console.log(
    `\nlogging on ${mean(runs.on).toFixed(0)} req/s, off ${mean(runs.off).toFixed(0)} req/s, ${lines} lines logged`,
  );
  console.log(`hit rate with logging on / off: ${ratio.toFixed(3)} (moves with the machine's load)`);
  console.log(
    `${cpuRatio >= 0.9 ? "PASS" : "FAIL"}  CPU per request, logging off / on: ${mean(cpu.off).toFixed(1)} / ${mean(cpu.on).toFixed(1)} µs = ${cpuRatio.toFixed(3)} of the rate (target ≥ 0.90)`,
  );
} finally {
  for (const child of children) if (child.pid) process.kill(-child.pid, "SIGTERM");
  setTimeout(() => fs.rmSync(dataDir, { recursive: true, force: true }), 2_000);
}
