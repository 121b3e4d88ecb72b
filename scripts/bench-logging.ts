// `npm run bench -- --logging`: the cost of the request log on the edge's hit path. Two servers on one
// build and one database, the same but for LOG_LEVEL (silent, or info with every line written to a file
// as a journal would take it), each serving a cached article; wrk runs alternate between them so both
// meet the same machine. Prints each run and, per round, the CPU per request with logging off against on;
// the verdict is the median of the rounds (target: logging keeps ≥ 0.90). On a shared machine a whole
// run can be slowed by a neighbour (every function in a profile slower alike), so short alternating
// rounds, each compared with its partner, and their median, say more than one long run each.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

const DURATION = process.env.BENCH_DURATION || "5s";
const CONNECTIONS = process.env.BENCH_CONNECTIONS || "50";
const ROUNDS = Number(process.env.BENCH_ROUNDS || 8);
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

// On a machine of several cores the servers share the last core and wrk has the others, so the two never
// compete for a core and the scheduler's choices do not move the figures (taskset, util-linux).
const cores = os.availableParallelism();
const pinned = cores >= 2 && spawnSync("taskset", ["--version"]).status === 0;
const serverCore = String(cores - 1);
const wrkCores = `0-${cores - 2}`;

/** Moves every process (and thread) of the group `pgid` onto the servers' core. */
function pinGroup(pgid: number): void {
  if (!pinned) return;
  for (const dir of fs.readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = fs.readFileSync(`/proc/${dir}/stat`, "utf8");
      if (Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]) === pgid)
        spawnSync("taskset", ["-a", "-p", "-c", serverCore, dir], { stdio: "ignore" });
    } catch {}
  }
}

function wrk(args: string[]) {
  const [command, prefix] = pinned ? ["taskset", ["-c", wrkCores, "wrk"]] : ["wrk", [] as string[]];
  return spawnSync(command as string, [...(prefix as string[]), ...args], { encoding: "utf8" }).stdout;
}

/**
 * One wrk run: its rate, and the server's CPU time per request. On a shared machine the rate moves with
 * whatever else runs; CPU per request is what the server itself spends, and moves far less.
 */
function run(url: string, pgid: number): { rps: number; cpuUs: number; requests: number } {
  const before = cpuSeconds(pgid);
  const out = wrk(["-t2", `-c${CONNECTIONS}`, `-d${DURATION}`, url]);
  const requests = Number(/(\d+) requests in/.exec(out)?.[1] ?? 0);
  const cpuUs = requests ? ((cpuSeconds(pgid) - before) / requests) * 1e6 : 0;
  return { rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 0), cpuUs, requests };
}

type Profile = {
  nodes: { id: number; callFrame: { functionName: string; url: string }; children?: number[] }[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
};

// What the request line is, in the logging server's CPU profile: building and gathering it (logger.ts),
// writing the gathered lines out (its flush, the write system call included), and the two fields only
// the line needs (the logged path, the client's address).
const LOGGING_FRAMES = [
  { name: "write", file: "observability/logger.ts" },
  { name: "flush", file: "observability/logger.ts" },
  { name: "loggedPath", file: "observability/request-log.ts" },
  { name: "clientIp", file: "edge/client-ip.ts", under: "finish" },
];

/**
 * The logging server's busy time (idle left out) within the windows of its wrk runs, and the part of it
 * spent in LOGGING_FRAMES and below them. Every function of a profile slows alike when a neighbour takes
 * the machine, so this share holds where rates and CPU times move by a third from one run to the next.
 */
function attribute(profile: Profile, windows: [number, number][]) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const matches = (id: number) => {
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const { functionName, url } = byId.get(at)!.callFrame;
      const frame = LOGGING_FRAMES.find((f) => f.name === functionName && url.endsWith(f.file));
      if (!frame) continue;
      if (!frame.under) return true;
      const up = parent.get(at);
      if (up !== undefined && byId.get(up)!.callFrame.functionName === frame.under) return true;
    }
    return false;
  };
  const logging = new Map<number, boolean>();
  let time = profile.startTime;
  let busy = 0;
  let inLogging = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    time += profile.timeDeltas[i];
    const delta = profile.timeDeltas[i + 1] ?? 0;
    if (!windows.some(([from, to]) => time >= from && time < to)) continue;
    const id = profile.samples[i];
    const name = byId.get(id)!.callFrame.functionName;
    if (name === "(idle)") continue;
    busy += delta;
    if (!logging.has(id)) logging.set(id, matches(id));
    if (logging.get(id)) inLogging += delta;
  }
  return { busyMs: busy / 1000, loggingMs: inLogging / 1000 };
}

/** SIGTERM to the group, and its leader's exit (a profiled server writes its profile first). */
async function stopGroup(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once("exit", resolve)));
  process.kill(-child.pid!, "SIGTERM");
  await exited;
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "newsroom-bench-logging-"));
const common = { ...process.env, DATA_DIR: dataDir, DATABASE_PATH: path.join(dataDir, "news.db") };
const children: ChildProcess[] = [];

try {
  // `npm start` prepares the database and builds if needed, and is stopped; then the two servers start
  // the same way, from server.ts, but for LOG_LEVEL.
  const preparePort = await freePort();
  const prepare = spawn(process.execPath, ["scripts/start.mjs"], {
    env: { ...common, PORT: String(preparePort), LOG_LEVEL: "silent", ADMIN_PASSWORD: "bench-password-123" },
    stdio: ["ignore", "ignore", "inherit"],
    detached: true,
  });
  children.push(prepare);
  await waitForHit(`http://127.0.0.1:${preparePort}${ARTICLE}`);
  await stopGroup(prepare);
  const logFile = path.join(dataDir, "requests.log");
  /** A server; with logging, its lines appended to the log file as a journal would take them. */
  const startServer = async (port: number, logging: boolean, nodeOptions: string[] = []) => {
    const child = spawn(process.execPath, [...nodeOptions, "--import", "tsx", "server.ts"], {
      env: { ...common, NODE_ENV: "production", PORT: String(port), LOG_LEVEL: logging ? "info" : "silent" },
      stdio: ["ignore", logging ? fs.openSync(logFile, "a") : "ignore", "inherit"],
      detached: true,
    });
    children.push(child);
    await waitForHit(`http://127.0.0.1:${port}${ARTICLE}`);
    return child;
  };
  const offPort = await freePort();
  const off = await startServer(offPort, false);
  const onPort = await freePort();
  const on = await startServer(onPort, true);
  const urls = { off: `http://127.0.0.1:${offPort}${ARTICLE}`, on: `http://127.0.0.1:${onPort}${ARTICLE}` };
  const groups = { off: off.pid!, on: on.pid! };
  for (const pgid of Object.values(groups)) pinGroup(pgid);
  for (const url of Object.values(urls)) wrk(["-t2", `-c${CONNECTIONS}`, "-d2s", url]);
  const runs: Record<"off" | "on", number[]> = { off: [], on: [] };
  const cpu: Record<"off" | "on", number[]> = { off: [], on: [] };
  console.log(
    `cached article, wrk -t2 -c${CONNECTIONS} -d${DURATION}, ${ROUNDS} alternating rounds${pinned ? `, servers on core ${serverCore}, wrk on ${wrkCores}` : ""}`,
  );
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
  const median = (xs: number[]) => {
    const sorted = [...xs].sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  };
  const ratio = mean(runs.on) / mean(runs.off);
  // The rate one core would serve with logging on, against off: what logging costs, whatever else runs.
  const roundRatios = cpu.off.map((off, i) => off / cpu.on[i]);
  const cpuRatio = median(roundRatios);
  const lines = fs
    .readFileSync(logFile, "utf8")
    .split("\n")
    .filter((l) => l.includes('"msg":"request"')).length;
  console.log(
    `\nlogging on ${mean(runs.on).toFixed(0)} req/s, off ${mean(runs.off).toFixed(0)} req/s, ${lines} lines logged`,
  );
  console.log(`hit rate with logging on / off: ${ratio.toFixed(3)} (moves with the machine's load)`);
  console.log(`CPU per request, logging off / on, each round: ${roundRatios.map((r) => r.toFixed(3)).join(" ")}`);
  console.log(
    `CPU per request, logging off / on: means ${mean(cpu.off).toFixed(1)} / ${mean(cpu.on).toFixed(1)} µs; median of the rounds ${cpuRatio.toFixed(3)} of the rate`,
  );

  // Then where the logging server's time goes: the same server again, now writing a CPU profile when it
  // stops (the profiler's own cost would have weighed on the comparison above), through a few more runs.
  await stopGroup(on);
  const profileDir = path.join(dataDir, "profile");
  const profiledPort = await freePort();
  const profiled = await startServer(profiledPort, true, ["--cpu-prof", `--cpu-prof-dir=${profileDir}`]);
  pinGroup(profiled.pid!);
  const profiledUrl = `http://127.0.0.1:${profiledPort}${ARTICLE}`;
  wrk(["-t2", `-c${CONNECTIONS}`, "-d2s", profiledUrl]);
  // Its runs, on the monotonic clock the profile uses (µs).
  const windows: [number, number][] = [];
  const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);
  let loggedInWindows = 0;
  for (let round = 0; round < 3; round++) {
    const from = monotonicUs();
    loggedInWindows += run(profiledUrl, profiled.pid!).requests;
    windows.push([from, monotonicUs()]);
  }
  await stopGroup(profiled);
  const profileFile = fs.readdirSync(profileDir).find((f) => f.endsWith(".cpuprofile"));
  const profile = JSON.parse(fs.readFileSync(path.join(profileDir, profileFile!), "utf8")) as Profile;
  const { busyMs, loggingMs } = attribute(profile, windows);
  const kept = 1 - loggingMs / busyMs;
  console.log(
    `${kept >= 0.9 ? "PASS" : "FAIL"}  in the logging server's CPU profile during its runs: ${loggingMs.toFixed(0)} of ${busyMs.toFixed(0)} ms busy in the request line (${((loggingMs * 1000) / loggedInWindows).toFixed(2)} µs a line, ${((busyMs * 1000) / loggedInWindows).toFixed(1)} µs a request); the hit path keeps ${kept.toFixed(3)} of its rate (target ≥ 0.90)`,
  );
} finally {
  for (const child of children)
    if (child.pid && child.exitCode === null && child.signalCode === null) process.kill(-child.pid, "SIGTERM");
  setTimeout(() => fs.rmSync(dataDir, { recursive: true, force: true }), 2_000);
}
