// `npm run bench`: requests per second and p99 latency for reader pages, each set against nginx serving
// byte-identical copies of the same pages in the same run, so figures compare across noisy machines.
// Needs nginx and wrk (apt-get install -y nginx wrk) and a build (`npm start` once, or `npm run build`).
// BENCH_DURATION (default 10s) and BENCH_CONNECTIONS (default 50) tune each wrk run.
// `npm run bench -- --live` measures only the live update streams (scripts/bench-live.ts): streams held by
// one instance, fan-out time to the last of them, memory, and page hits meanwhile.
// `npm run bench -- --api` measures only the Content API's cached list and story (with a key) against nginx
// serving the same bytes.
// `npm run bench -- --page-view` measures only a reader's whole page view (scripts/support/page-view.ts):
// every request Chromium makes for one view of the Istanbul story and of the home page, for a first-time
// and a returning reader, replayed with wrk against the site and against nginx serving the same bytes.
// BENCH_URL=http://127.0.0.1:PORT uses a site already running there instead of starting one.
// `npm run bench -- --scale` adds the 100,000-article / 1,000,000-comment figures (scripts/measure-scale.ts
// on a database scripts/fake-data.ts fills, a few minutes). `npm run bench -- --logging` measures only the
// request log's cost on the hit path (scripts/bench-logging.ts).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { PENDING_COOKIE, REMEMBER_COOKIE } from "../lib/comments/cookie-names";
import { benchNewsletter } from "./bench-newsletter";
import { postComments, type IntakeResult } from "./support/comment-intake";
import {
  describeView,
  materialize,
  nginxLocations,
  recordPageView,
  writeReplayScript,
  type Materialized,
} from "./support/page-view";

if (process.argv.includes("--live")) {
  const { benchLive } = await import("./bench-live");
  await benchLive();
  process.exit(0);
}

const apiOnly = process.argv.includes("--api");
if (process.argv.includes("--newsletter")) {
  await benchNewsletter();
  process.exit(0);
}

const DURATION = process.env.BENCH_DURATION || "10s";
const CONNECTIONS = process.env.BENCH_CONNECTIONS || "50";
const NGINX = process.env.NGINX || "/usr/sbin/nginx";

for (const [tool, args] of [
  ["wrk", ["--version"]],
  [NGINX, ["-v"]],
] as const) {
  if (spawnSync(tool, args).error) {
    console.error(`${tool} is not installed: apt-get install -y nginx wrk`);
    process.exit(1);
  }
}

if (process.argv.includes("--logging")) {
  await import("./bench-logging");
  process.exit(0);
}

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

type Result = { rps: number; p99ms: number; errors: number; cpuUsPerRequest: number };

function toMs(value: string, unit: string): number {
  return Number(value) * ({ us: 0.001, ms: 1, s: 1000, m: 60_000 }[unit] ?? 1);
}

// CPU time (user + system, in clock ticks) of the processes `counted` picks, from /proc. On a machine
// shared with other work, req/s follows how much CPU each server happens to get; the CPU each request
// costs it does not, so the bench prints both (Linux only; NaN elsewhere).
type Proc = { pid: number; ppid: number; pgrp: number; ticks: number };
function procs(counted: (p: Proc) => boolean): Proc[] {
  let dirs: string[] = [];
  try {
    dirs = fs.readdirSync("/proc").filter((d) => /^\d+$/.test(d));
  } catch {
    return [];
  }
  return dirs.flatMap((dir) => {
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${dir}/stat`, "utf8");
    } catch {
      return []; // exited meanwhile
    }
    // Fields after the parenthesised command name: state ppid pgrp … utime(12th) stime(13th).
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const proc = { pid: Number(dir), ppid: Number(f[1]), pgrp: Number(f[2]), ticks: Number(f[11]) + Number(f[12]) };
    return counted(proc) ? [proc] : [];
  });
}
function cpuTicks(counted: (p: Proc) => boolean): number {
  const found = procs(counted);
  return fs.existsSync("/proc/self/stat") ? found.reduce((sum, p) => sum + p.ticks, 0) : NaN;
}
/** Resident memory of the processes `counted` picks, in MB, from /proc (Linux only; NaN elsewhere). */
function residentMb(counted: (p: Proc) => boolean, each?: (line: string) => void): number {
  let kb = 0;
  for (const { pid } of procs(counted)) {
    try {
      const rss = Number(/^VmRSS:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
      kb += rss;
      const command = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").slice(0, 70);
      each?.(`  ${String(Math.round(rss / 1024)).padStart(5)} MB  ${pid}  ${command}`);
    } catch {}
  }
  return kb / 1024;
}
const CLOCK_TICKS = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout) || 100;

// Without Accept-Encoding: both servers send the identity bytes (the issue's target is measured so).
// `script`: a wrk Lua script (e.g. one that varies the query string per request).
function wrk(
  url: string,
  headers: string[] = [],
  counted: (p: Proc) => boolean = () => false,
  script?: string,
): Result {
  const args = ["-t2", `-c${CONNECTIONS}`, `-d${DURATION}`, "--latency", ...headers.flatMap((h) => ["-H", h])];
  if (script) args.push("-s", script);
  args.push(url);
  const before = cpuTicks(counted);
  const out = spawnSync("wrk", args, { encoding: "utf8" }).stdout;
  const ticks = cpuTicks(counted) - before;
  const p99 = /^\s+99%\s+([\d.]+)(us|ms|s|m)\s*$/m.exec(out);
  const requests = Number(/(\d+) requests in/.exec(out)?.[1] ?? 0);
  return {
    rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 0),
    p99ms: p99 ? toMs(p99[1], p99[2]) : NaN,
    errors: Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0),
    cpuUsPerRequest: requests > 0 ? (ticks * 1e6) / CLOCK_TICKS / requests : NaN,
  };
}

// How long the edge keeps a reader page (its s-maxage), and how many new connections ask for it to
// reach every worker's copy (the primary hands connections round).
const PAGE_KEPT_SECONDS = 60;
const ASKS_PER_WORKER = 4;
const SITE_WORKERS = Number(process.env.WEB_CONCURRENCY) || os.availableParallelism();
const MEASURED_SECONDS = toMs(...(/^([\d.]+)([a-z]+)$/.exec(DURATION)!.slice(1) as [string, string])) / 1000;

/** One GET on a connection of its own: whether the edge's store answered it, and the copy's Age. */
function askOnce(url: string, headers: Record<string, string>): Promise<{ stored: boolean; age: number }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent: false, headers }, (res) => {
      res.resume();
      res.on("end", () =>
        resolve({ stored: res.headers["x-newsroom-cache"] === "hit", age: Number(res.headers.age ?? NaN) }),
      );
    });
    req.on("error", reject);
  });
}

/**
 * Waits until every worker's stored copy of `url` will still be fresh `seconds` from now. The edge keeps
 * a page for its s-maxage; a measurement running past that moment measures Next regenerating it (Next
 * answers STALE, which the edge does not keep, until the successor is rendered), not the edge. The copy's
 * Age says how old it is; past its time, these requests are the anonymous readers who fetch the successor.
 */
async function freshFor(url: string, seconds: number, headers: Record<string, string> = {}): Promise<void> {
  const until = Date.now() + 3 * 60_000;
  while (Date.now() < until) {
    const asked = await Promise.all(
      Array.from({ length: SITE_WORKERS * ASKS_PER_WORKER }, () => askOnce(url, headers)),
    );
    if (asked.every((a) => a.stored && a.age + seconds + 2 < PAGE_KEPT_SECONDS)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url}: no fresh copy in the edge's store within 3 minutes`);
}

async function waitFor(url: string, ms = 600_000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`server at ${url} did not start`);
}

/** First (uncached) reads of each page on a database of 100,000 stories and 1,000,000 comments. */
function measureAtScale() {
  const scaleDb = path.join(os.tmpdir(), `newsroom-scale-${process.pid}.db`);
  const npm = (args: string[]) => {
    const run = spawnSync("npm", args, { stdio: "inherit", env: { ...process.env, DATABASE_PATH: scaleDb } });
    if (run.status !== 0) throw new Error(`npm ${args.join(" ")} failed`);
  };
  try {
    console.log("\nat scale: filling a database of 100,000 stories and 1,000,000 comments");
    npm(["run", "db:fake", "--", "--articles", "100000", "--comments", "1000000", "--path", scaleDb]);
    npm(["run", "measure:scale"]);
  } finally {
    for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(`${scaleDb}${suffix}`, { force: true });
  }
}

// nginx as the ceiling, with `workers` worker processes (a number, or "auto" = one per core).
function startNginx(dir: string, port: number, workers: string, locations = ""): ChildProcess {
  for (const sub of ["www", "tmp"]) fs.mkdirSync(path.join(dir, sub), { recursive: true });
  const conf = path.join(dir, `nginx-${port}.conf`);
  fs.writeFileSync(
    conf,
    `daemon off;
worker_processes ${workers};
pid ${dir}/nginx-${port}.pid;
error_log ${dir}/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  client_body_temp_path ${dir}/tmp/body;
  proxy_temp_path ${dir}/tmp/proxy;
  fastcgi_temp_path ${dir}/tmp/fastcgi;
  uwsgi_temp_path ${dir}/tmp/uwsgi;
  scgi_temp_path ${dir}/tmp/scgi;
  types { text/html html; }
  charset utf-8;
  server {
    listen 127.0.0.1:${port};
    root ${dir}/www;
${locations}
  }
}
`,
  );
  return spawn(NGINX, ["-c", conf, "-p", dir, "-e", path.join(dir, "error.log")], { stdio: "inherit" });
}

/**
 * Node's own ceiling: node:http on as many cluster workers as the site runs, answering every request with
 * `file`'s bytes and the headers the edge sends with them, and doing nothing else. What the edge adds to
 * a hit is the distance between this and the site; what nginx has over any Node server, this and nginx.
 */
function startNodeCeiling(dir: string, port: number, file: string, headers: string[]): ChildProcess {
  const script = path.join(dir, "node-ceiling.mjs");
  fs.writeFileSync(
    script,
    `import cluster from "node:cluster";
import http from "node:http";
import fs from "node:fs";
import os from "node:os";
const body = fs.readFileSync(${JSON.stringify(file)});
const headers = ${JSON.stringify(headers)};
const workers = Number(process.env.WEB_CONCURRENCY) || os.availableParallelism();
if (cluster.isPrimary && workers > 1) for (let i = 0; i < workers; i++) cluster.fork();
else http.createServer({ keepAliveTimeout: 5000 }, (req, res) => { res.writeHead(200, headers); res.end(body); }).listen(${port}, "127.0.0.1");
`,
  );
  return spawn(process.execPath, [script], { stdio: "inherit", detached: true });
}

const STORY = "/articles/russia-ukraine-talks-istanbul";

/**
 * Page views per second of a reader's whole view (every request Chromium made for it, replayed in turn
 * by wrk), the site against nginx answering each request with the same bytes, one worker and `auto`.
 */
async function benchPageViews(site: string, dir: string, counted: (p: Proc) => boolean): Promise<string[]> {
  const views: [string, string, { returning?: boolean; previousPath?: string }][] = [
    ["story, first-time reader", STORY, {}],
    ["story, returning reader", STORY, { returning: true, previousPath: "/" }],
    ["home, first-time reader", "/", {}],
    ["home, returning reader", "/", { returning: true, previousPath: STORY }],
  ];
  const recorded: Materialized[][] = [];
  for (const [, page, options] of views)
    recorded.push(await materialize(site, await recordPageView(site, page, options)));
  const root = path.join(dir, "nginx-views");
  fs.mkdirSync(path.join(root, "www"), { recursive: true });
  const locations = recorded.map((view, i) => nginxLocations(path.join(root, "www"), `v${i}`, view)).join("\n");
  const port1 = await freePort();
  let portAuto = await freePort();
  while (portAuto === port1) portAuto = await freePort();
  const one = startNginx(root, port1, "1", locations);
  const auto = startNginx(root, portAuto, "auto", locations);
  const verdicts: string[] = [];
  try {
    await waitFor(`http://127.0.0.1:${port1}/v0/0`);
    await waitFor(`http://127.0.0.1:${portAuto}/v0/0`);
    const nginxOf = (child: ChildProcess) => (p: Proc) => p.pid === child.pid || p.ppid === child.pid;
    console.log(`\na reader's whole page view, replayed with wrk -c${CONNECTIONS} -d${DURATION} (page views/s)\n`);
    for (const [i, [name]] of views.entries()) {
      const view = recorded[i];
      const ours = path.join(dir, `view-${i}.lua`);
      const theirs = path.join(dir, `view-${i}-nginx.lua`);
      writeReplayScript(ours, view);
      writeReplayScript(theirs, view, `v${i}`);
      const bytes = view.reduce((sum, r) => sum + r.body.length, 0);
      const scripts = view.filter((r) => r.type === "Script");
      const html = view.find((r) => r.type === "Document");
      console.log(
        `${name}: ${view.length} requests, ${(bytes / 1024).toFixed(1)} KB on the wire; ` +
          `${scripts.length} scripts, ${(scripts.reduce((s, r) => s + r.gzipBytes, 0) / 1024).toFixed(1)} KB gzip` +
          (html ? `; HTML ${(html.identityBytes / 1024).toFixed(1)} KB` : ""),
      );
      console.log(describeView(view));
      spawnSync("wrk", ["-t2", `-c${CONNECTIONS}`, "-d2s", "-s", ours, site]); // warm-up
      const n1 = wrk(`http://127.0.0.1:${port1}`, [], nginxOf(one), theirs);
      const nAuto = wrk(`http://127.0.0.1:${portAuto}`, [], nginxOf(auto), theirs);
      if (html) await freshFor(`${site}${html.path}`, MEASURED_SECONDS);
      const r = wrk(site, [], counted, ours);
      const views = (x: Result) => (x.rps / view.length).toFixed(0).padStart(7);
      console.log(
        `  nginx 1 worker ${views(n1)}   nginx auto ${views(nAuto)}   site ${views(r)} page views/s` +
          `   ${(r.rps / n1.rps).toFixed(3)} × nginx (${(r.rps / nAuto.rps).toFixed(3)} × auto)` +
          `   site p99 ${r.p99ms.toFixed(1)} ms, ${r.cpuUsPerRequest.toFixed(1)} µs CPU/req` +
          (r.errors + n1.errors + nAuto.errors
            ? `   ERRORS: ${r.errors} site, ${n1.errors + nAuto.errors} nginx`
            : "") +
          "\n",
      );
      // Against the faster of nginx with one worker and with its default `auto`, in this run.
      const share = Math.min(r.rps / n1.rps, r.rps / nAuto.rps);
      verdicts.push(
        `${share >= 0.5 ? "PASS" : "FAIL"}  page view, ${name.padEnd(36)} ${share.toFixed(3)} × nginx, the faster (target ≥ 0.5)`,
      );
      if (!options(i).returning) {
        const js = scripts.reduce((s, r) => s + r.gzipBytes, 0) / 1024;
        verdicts.push(
          `${js <= 60 ? "PASS" : "FAIL"}  reader JavaScript, ${name.padEnd(29)} ${js.toFixed(1)} KB gzip (target ≤ 60)`,
        );
      }
    }
  } finally {
    one.kill("SIGQUIT");
    auto.kill("SIGQUIT");
  }
  return verdicts;
  function options(i: number) {
    return views[i][2];
  }
}

const PAGE_VIEW_ONLY = process.argv.includes("--page-view");
const external = process.env.BENCH_URL;
const PORT = external ? Number(new URL(external).port) : await freePort();
const base = external ?? `http://127.0.0.1:${PORT}`;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "newsroom-bench-"));
// nginx's workers run as another user when started as root: they must be able to read the copies.
fs.chmodSync(dataDir, 0o755);
const server = spawn(
  external ? "true" : process.execPath,
  // As `npm start` runs it (package.json), without npm's own process.
  external ? [] : ["scripts/start.mjs"],
  {
    env: {
      ...process.env,
      PORT: String(PORT),
      DATA_DIR: dataDir,
      DATABASE_PATH: path.join(dataDir, "news.db"),
      ADMIN_PASSWORD: "bench-password-123",
      // The intake figure posts each comment from its own client IP (X-Forwarded-For), as many readers do.
      TRUST_PROXY: "1",
      // The API figure measures the key's check and the cached answer, not the key's limit per minute.
      API_RATE_LIMIT_PER_MINUTE: "1000000000",
    },
    stdio: ["ignore", "ignore", "inherit"],
    detached: true,
  },
);
let nginx: ChildProcess | undefined;
let nginxAuto: ChildProcess | undefined;
let ceiling: ChildProcess | undefined;

try {
  await waitFor(`${base}/`);
  console.log(`site up on ${base}`);
  if (PAGE_VIEW_ONLY) {
    const site = external ? () => false : (p: Proc) => p.pgrp === server.pid;
    console.log(`\n${(await benchPageViews(base, dataDir, site)).join("\n")}`);
    cleanUp();
    process.exit(0);
  }
  const article = `${base}/articles/russia-ukraine-talks-istanbul`;
  const home = `${base}/`;
  // Warm both pages into the edge's store, then copy exactly the bytes it sends.
  const copies: [string, string][] = [
    [article, "article.html"],
    [home, "home.html"],
  ];
  fs.mkdirSync(path.join(dataDir, "nginx", "www"), { recursive: true });
  for (const [url, file] of copies) {
    // The first request may be the render the edge keeps; the second is the edge's copy.
    await (await fetch(url, { headers: { "accept-encoding": "identity" } })).arrayBuffer();
    const response = await fetch(url, { headers: { "accept-encoding": "identity" } });
    const kept = new RegExp(`s-maxage=${PAGE_KEPT_SECONDS}\\b`);
    if (!kept.test(response.headers.get("cache-control") ?? ""))
      throw new Error(`${url}: not kept as the bench expects`);
    fs.writeFileSync(path.join(dataDir, "nginx", "www", file), Buffer.from(await response.arrayBuffer()));
  }
  // The ratios are taken against nginx with one worker: one event loop against the site's one Node
  // process, on a machine where wrk takes cores too. nginx's default (one worker per core) is measured
  // for the article as well, the setting the issue's anchors were taken with.
  // Both ports before either nginx binds, or the second could be handed the first one's port.
  const nginxPort = await freePort();
  let nginxAutoPort = await freePort();
  while (nginxAutoPort === nginxPort) nginxAutoPort = await freePort();
  nginx = startNginx(path.join(dataDir, "nginx"), nginxPort, "1");
  nginxAuto = startNginx(path.join(dataDir, "nginx"), nginxAutoPort, "auto");
  await waitFor(`http://127.0.0.1:${nginxPort}/home.html`);
  await waitFor(`http://127.0.0.1:${nginxAutoPort}/home.html`);
  console.log(`nginx up on ${nginxPort} (1 worker) and ${nginxAutoPort} (auto)`);
  let ceilingPort = await freePort();
  while (ceilingPort === nginxPort || ceilingPort === nginxAutoPort) ceilingPort = await freePort();
  const stored = await fetch(article, { headers: { "accept-encoding": "identity" } });
  await stored.arrayBuffer();
  const storedHeaders = [...stored.headers].flatMap(([name, value]) =>
    ["date", "connection", "keep-alive", "x-request-id"].includes(name) ? [] : [name, value],
  );
  ceiling = startNodeCeiling(dataDir, ceilingPort, path.join(dataDir, "nginx", "www", "article.html"), storedHeaders);
  await waitFor(`http://127.0.0.1:${ceilingPort}/`);
  for (const [url, file] of copies) {
    const ours = Buffer.from(await (await fetch(url)).arrayBuffer());
    const theirs = Buffer.from(await (await fetch(`http://127.0.0.1:${nginxPort}/${file}`)).arrayBuffer());
    if (!ours.equals(theirs)) throw new Error(`${file}: nginx's copy differs from what the site sends`);
  }

  // A spike meets a server that has been up a while: two unmeasured seconds per page let V8 optimise the
  // hit path first (otherwise the first run measures JIT warm-up and start-up work, not the hit path).
  for (const [url] of copies) spawnSync("wrk", ["-t2", `-c${CONNECTIONS}`, "-d2s", url]);
  console.log(`wrk -t2 -c${CONNECTIONS} -d${DURATION} --latency, ${os.cpus().length} cores, no Accept-Encoding\n`);
  // The site is the process group the bench started; each nginx is its master and workers.
  const site = (p: Proc) => p.pgrp === server.pid;
  const nginxOf = (child: ChildProcess) => (p: Proc) => p.pid === child.pid || p.ppid === child.pid;
  const line = (name: string, r: Result, ref?: Result, refAuto?: Result) =>
    console.log(
      `${name.padEnd(44)} ${r.rps.toFixed(0).padStart(8)} req/s   p99 ${r.p99ms.toFixed(1).padStart(7)} ms` +
        `   ${r.cpuUsPerRequest.toFixed(1).padStart(6)} µs CPU/req` +
        (ref ? `   ${(r.rps / ref.rps).toFixed(3)} × nginx` : "") +
        (ref ? ` (CPU ${(ref.cpuUsPerRequest / r.cpuUsPerRequest).toFixed(3)})` : "") +
        (refAuto ? `   ${(r.rps / refAuto.rps).toFixed(3)} × nginx (auto)` : "") +
        (r.errors ? `   (${r.errors} non-2xx)` : ""),
    );
  const verdicts: string[] = [];
  const verdict = (figure: string, value: number, target: number, unit: string, atMost = false) => {
    const pass = atMost ? value <= target : value >= target;
    const shown = value.toFixed(unit === "× nginx" ? 3 : unit === "KB" ? 1 : 0);
    verdicts.push(
      `${pass ? "PASS" : "FAIL"}  ${figure.padEnd(52)} ${shown} ${unit} (target ${atMost ? "≤" : "≥"} ${target} ${unit})`,
    );
  };
  // The baseline for the other reader lines.
  let nginxArticle: Result | undefined;
  if (!apiOnly) {
    nginxArticle = wrk(`http://127.0.0.1:${nginxPort}/article.html`, [], nginxOf(nginx));
    line("nginx (1 worker): article copy", nginxArticle);
    await freshFor(article, MEASURED_SECONDS);
    const cachedArticle = wrk(article, [], site);
    const nginxHome = wrk(`http://127.0.0.1:${nginxPort}/home.html`, [], nginxOf(nginx));
    await freshFor(home, MEASURED_SECONDS);
    const cachedHome = wrk(home, [], site);
    const nginxAutoArticle = wrk(`http://127.0.0.1:${nginxAutoPort}/article.html`, [], nginxOf(nginxAuto));
    line("nginx (auto workers): article copy", nginxAutoArticle);
    line("article page (cached, edge)", cachedArticle, nginxArticle, nginxAutoArticle);
    const ceilingArticle = wrk(`http://127.0.0.1:${ceilingPort}/`, [], (p) => p.pgrp === ceiling!.pid);
    line("node:http alone, same workers: article copy", ceilingArticle, nginxArticle, nginxAutoArticle);
    console.log(
      `${"".padEnd(44)} the site's article: ${(cachedArticle.rps / ceilingArticle.rps).toFixed(3)} × node:http alone`,
    );
    verdict("cached article, share of nginx (1 worker)", cachedArticle.rps / nginxArticle.rps, 0.5, "× nginx");
    verdict("cached article p99", cachedArticle.p99ms, 50, "ms", true);
    // Issue 20's "every core" target: the site against nginx with a worker per core, taken in turn three
    // times (one pair of runs can fall on a busy moment of this shared machine), the middle ratio.
    const rounds: { share: number; p99ms: number }[] = [];
    for (let round = 0; round < 3; round++) {
      const theirs = wrk(`http://127.0.0.1:${nginxAutoPort}/article.html`, [], nginxOf(nginxAuto));
      await freshFor(article, MEASURED_SECONDS);
      const ours = wrk(article, [], site);
      rounds.push({ share: ours.rps / theirs.rps, p99ms: ours.p99ms });
    }
    const shares = rounds.map((r) => r.share).sort((a, b) => a - b);
    console.log(
      `cached article against nginx (auto), in turn: ${rounds.map((r) => r.share.toFixed(3)).join(", ")} × nginx, ` +
        `p99 ${rounds.map((r) => r.p99ms.toFixed(1)).join(", ")} ms`,
    );
    verdict("cached article × nginx (auto), middle of 3 rounds", shares[1], 1.0, "× nginx");
    verdict("cached article p99, worst of those rounds", Math.max(...rounds.map((r) => r.p99ms)), 10, "ms", true);
    line("nginx (1 worker): home copy", nginxHome);
    line("home page (cached, edge)", cachedHome, nginxHome);
    verdict("cached home, share of nginx (1 worker)", cachedHome.rps / nginxHome.rps, 0.5, "× nginx");
  }
  // The Content API, cached (lib/api/content.ts): a key made as the integrations screen makes one, then
  // the same list and story bytes served by nginx. The key is checked on every request.
  const apiKey = `mpc_bench${randomBytes(24).toString("base64url")}`;
  const keyDb = new Database(path.join(dataDir, "news.db"));
  keyDb
    .prepare("insert into api_keys (name, kind, key_hash, prefix) values (?, 'content', ?, ?)")
    .run("bench", createHash("sha256").update(apiKey).digest("hex"), apiKey.slice(0, 10));
  keyDb.close();
  const auth = [`Authorization: Bearer ${apiKey}`];
  const apiCopies: [string, string][] = [
    [`${base}/api/content/stories?limit=20`, "api-list.json"],
    [`${base}/api/content/stories/russia-ukraine-talks-istanbul`, "api-story.json"],
  ];
  // wrk ran synchronously for most of a minute since this process last fetched: a turn of the event loop
  // lets fetch see that the server closed those idle connections, rather than reuse one and fail.
  await new Promise((r) => setTimeout(r, 100));
  for (const [url, file] of apiCopies) {
    const response = await fetch(url, { headers: { authorization: `Bearer ${apiKey}` } });
    if (!response.ok) throw new Error(`${url}: ${response.status}`);
    fs.writeFileSync(path.join(dataDir, "nginx", "www", file), Buffer.from(await response.arrayBuffer()));
    spawnSync("wrk", ["-t2", `-c${CONNECTIONS}`, "-d2s", "-H", auth[0], url]);
  }
  for (const [url, file] of apiCopies) {
    const nginxCopy = wrk(`http://127.0.0.1:${nginxPort}/${file}`, [], nginxOf(nginx));
    line(`nginx (1 worker): ${file}`, nginxCopy);
    const ours = wrk(url, auth, site);
    line(`Content API ${file === "api-list.json" ? "list of 20" : "story"} (cached, key checked)`, ours, nginxCopy);
  }
  if (!apiOnly) {
    for (const [, file] of copies) {
      const bytes = fs.statSync(path.join(dataDir, "nginx", "www", file)).size;
      verdict(`${file}, uncompressed`, bytes / 1024, file === "article.html" ? 40 : 60, "KB", true);
    }
    // A new search query on every request, so none is answered from the edge's store: each wrk thread
    // counts in its own series (math.random draws the same sequence in every thread, and a query asked
    // twice is kept).
    const newQueries = path.join(dataDir, "new-queries.lua");
    fs.writeFileSync(
      newQueries,
      [
        "local threads = 0",
        'function setup(thread) threads = threads + 1; thread:set("series", threads) end',
        "local n = 0",
        "function request()",
        "  n = n + 1",
        '  return wrk.format(nil, "/search?q=istanbul+" .. series .. "x" .. n)',
        "end",
        "",
      ].join("\n"),
    );
    const remembered = Buffer.from(
      JSON.stringify({ name: "Bench Reader", email: "bench@example.org", url: "https://bench.example/" }),
    ).toString("base64url");
    // [name, url, headers, target req/s for pages with something per visitor or per query, wrk script]
    const rows: [string, string, string[], number?, string?][] = [
      ["section page 1 (cached)", `${base}/world`, []],
      ["RSS feed (cached)", `${base}/feed.xml`, []],
      ["search, one query (kept by the edge)", `${base}/search?q=istanbul`, [], 300],
      ["search, a new query each time (rendered)", `${base}/search`, [], 300, newQueries],
      // A remembered commenter gets the stored page with the form filled in (lib/edge/prefill.ts).
      ["article, remembered commenter (filled in)", article, [`Cookie: ${REMEMBER_COOKIE}=${remembered}`], 300],
      // One with a comment awaiting moderation sees it, so their page is rendered for them.
      ["article, commenter with a held comment", article, [`Cookie: ${PENDING_COOKIE}=x`], 300],
    ];
    for (const [name, url, headers, target, script] of rows) {
      // The stored copy, fresh for the whole run (a per-visitor or per-query row is Next's work anyway).
      if (!script) await freshFor(url, MEASURED_SECONDS);
      const result = wrk(url, headers, site, script);
      line(name, result, nginxArticle);
      if (target) verdict(name, result.rps, target, "req/s");
    }

    // 1,000 readers post at once through the no-JavaScript form, three times; every acknowledged one must
    // be stored once. The figure is the middle round's rate, of a warm server: the first thousands of
    // posts still run the intake code (and this process's, posting on the same cores) half-compiled
    // (docs/performance.md).
    const marker = `bench-intake-${Date.now()}`;
    const story = `${base}/articles/gobekli-tepe-new-enclosure`;
    for (const round of [0, 1]) await postComments(story, 1_000, `${marker}-warm-up-${round}`, 100_000 + round * 1_000);
    const rounds: IntakeResult[] = [];
    for (const round of [0, 1, 2]) rounds.push(await postComments(story, 1_000, `${marker}-${round}`, round * 1_000));
    const db = new Database(path.join(dataDir, "news.db"), { readonly: true });
    const stored = db
      .prepare("select count(*) as n, count(distinct body) as distinct_bodies from comments where body like ?")
      .get(`${marker}-_ %`) as { n: number; distinct_bodies: number };
    db.close();
    const rate = (r: IntakeResult) => r.acknowledged / r.seconds;
    const sum = (field: "acknowledged" | "refused" | "failed") => rounds.reduce((n, r) => n + r[field], 0);
    console.log(
      `\ncomment intake, 3 × 1,000 concurrent no-JS posts after 2,000 to warm up: ` +
        `${rounds.map((r) => `${Math.round(rate(r))}/s`).join(", ")}; ${sum("acknowledged")} acknowledged, ` +
        `${sum("refused")} refused, ${sum("failed")} without answer; ${stored.n} stored (${stored.distinct_bodies} distinct)`,
    );
    verdict(
      "comment intake, acknowledged per second (median round)",
      rounds.map(rate).sort((a, b) => a - b)[1],
      1_000,
      "/s",
    );
    verdict(
      "acknowledged comments not stored exactly once",
      Math.abs(sum("acknowledged") - stored.distinct_bodies) + (stored.n - stored.distinct_bodies),
      0,
      "",
      true,
    );
    verdict(
      "server memory after the bench (resident)",
      residentMb((p) => p.pgrp === server.pid, console.log),
      600,
      "MB",
      true,
    );
    verdicts.push(...(await benchPageViews(base, dataDir, site)));
  }
  console.log(`\n${verdicts.join("\n")}`);
  await benchNewsletter();
  if (process.argv.includes("--scale")) measureAtScale();
} finally {
  cleanUp();
}

function cleanUp() {
  nginx?.kill("SIGQUIT");
  nginxAuto?.kill("SIGQUIT");
  if (ceiling?.pid) process.kill(-ceiling.pid, "SIGTERM");
  if (!external) process.kill(-server.pid!, "SIGTERM");
  fs.rmSync(dataDir, { recursive: true, force: true });
}
