// `npm run bench -- --live`: how many live update streams one instance holds (LIVE_BENCH_STREAMS, 10,000
// by default), how long a published update takes to reach the last of them (p50/p99 per stream, and the
// slowest, over LIVE_BENCH_UPDATES updates), the server's resident memory, and the rate of ordinary page
// hits while the streams are open against the same page before they were.
//
// The updates arrive as another instance's would: published on the Redis live channel (lib/live/bus.mjs),
// so the server frames each once and fans it out. Needs Redis (BENCH_REDIS_URL, default
// redis://127.0.0.1:6379/14), wrk, and a build (`npm start` once, or `npm run build`).
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import Redis from "ioredis";

const STREAMS = Number(process.env.LIVE_BENCH_STREAMS || 10_000);
const UPDATES = Number(process.env.LIVE_BENCH_UPDATES || 10);
const REDIS_URL = process.env.BENCH_REDIS_URL || "redis://127.0.0.1:6379/14";
const DURATION = process.env.BENCH_DURATION || "10s";
const PREFIX = `bench-live-${process.pid}:`;

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

function residentMb(group: number): number {
  let kb = 0;
  for (const dir of fs.readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = fs.readFileSync(`/proc/${dir}/stat`, "utf8");
      if (Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]) !== group) continue;
      kb += Number(/^VmRSS:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${dir}/status`, "utf8"))?.[1] ?? 0);
    } catch {}
  }
  return kb / 1024;
}

function wrkRate(url: string): number {
  const out = spawnSync("wrk", ["-t1", "-c50", `-d${DURATION}`, url], { encoding: "utf8" }).stdout;
  return Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 0);
}

type Reader = { socket: net.Socket; tail: string; waitingFor: string | null; arrived: (at: number) => void };

/** One reader's stream over a raw socket, each from its own client address (the server trusts X-Forwarded-For). */
function openReader(port: number, pathname: string, i: number): Promise<Reader | null> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    const reader: Reader = { socket, tail: "", waitingFor: null, arrived: () => {} };
    let opened = false;
    socket.setEncoding("utf8");
    socket.on("error", () => resolve(null));
    socket.on("close", () => resolve(null));
    socket.on("data", (chunk: string) => {
      if (!opened) {
        opened = true;
        return resolve(chunk.startsWith("HTTP/1.1 200") ? reader : (socket.destroy(), null));
      }
      if (reader.waitingFor === null) return;
      const text = reader.tail + chunk;
      if (text.includes(reader.waitingFor)) {
        reader.waitingFor = null;
        reader.arrived(performance.now());
      }
      reader.tail = text.slice(-64);
    });
    const ip = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
    socket.write(
      `GET ${pathname} HTTP/1.1\r\nHost: bench\r\nAccept: text/event-stream\r\nX-Forwarded-For: ${ip}\r\n\r\n`,
    );
  });
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

export async function benchLive(): Promise<void> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "newsroom-bench-live-"));
  const server = spawn(process.execPath, ["scripts/start.mjs"], {
    env: {
      ...process.env,
      PORT: String(port),
      DATA_DIR: dataDir,
      DATABASE_PATH: path.join(dataDir, "news.db"),
      ADMIN_PASSWORD: "bench-password-123",
      TRUST_PROXY: "1",
      REDIS_URL,
      REDIS_PREFIX: PREFIX,
    },
    stdio: ["ignore", "ignore", "inherit"],
    detached: true,
  });
  const redis = new Redis(REDIS_URL);
  const readers: Reader[] = [];
  try {
    await waitFor(`${base}/`);
    const slug = "russia-ukraine-talks-istanbul";
    const db = new Database(path.join(dataDir, "news.db"));
    const { id } = db.prepare("select id from articles where slug = ?").get(slug) as { id: number };
    const startedAt = Date.now();
    db.prepare("insert into live_coverage (article_id, started_at) values (?, ?)").run(id, startedAt);
    db.close();
    const page = `${base}/articles/${slug}`;
    for (let i = 0; i < 3; i++) await fetch(page);
    const before = wrkRate(page);
    const idleMb = residentMb(server.pid!);

    const stream = `/api/live/${id}/events?since=${startedAt}`;
    const opening = performance.now();
    for (let i = 0; i < STREAMS; i += 500) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(500, STREAMS - i) }, (_, j) => openReader(port, stream, i + j)),
      );
      for (const r of batch) if (r) readers.push(r);
    }
    const openSeconds = (performance.now() - opening) / 1000;
    console.log(`live streams held: ${readers.length} of ${STREAMS} (opened in ${openSeconds.toFixed(1)} s)`);

    const delays: number[] = [];
    const lasts: number[] = [];
    for (let u = 0; u < UPDATES; u++) {
      const marker = `bench-update-${u}-${Date.now()}`;
      const event = {
        kind: "update",
        id: 1_000_000 + u,
        at: Date.now(),
        createdAt: Date.now(),
        pinned: false,
        key: null,
      };
      const html = `<li id="update-${event.id}"><p>${marker} ${"A line of a live update. ".repeat(20)}</p></li>`;
      const message = { articleId: id, at: event.at, data: JSON.stringify({ ...event, html }), from: "bench" };
      const arrivals = readers.map(
        (r) =>
          new Promise<number>((resolve) => {
            r.waitingFor = marker;
            r.arrived = resolve;
          }),
      );
      const sent = performance.now();
      await redis.publish(`${PREFIX}live`, JSON.stringify(message));
      const times = (await Promise.race([
        Promise.all(arrivals),
        new Promise<null>((r) => setTimeout(() => r(null), 30_000)),
      ])) as number[] | null;
      if (!times) throw new Error(`update ${u} did not reach every stream within 30 s`);
      const each = times.map((t) => t - sent);
      delays.push(...each);
      lasts.push(Math.max(...each));
    }
    delays.sort((a, b) => a - b);
    lasts.sort((a, b) => a - b);
    const heldMb = residentMb(server.pid!);

    // Readers keep their streams open while others load pages; one update a second meanwhile.
    const ticking = setInterval(() => {
      const at = Date.now();
      const data = JSON.stringify({
        kind: "update",
        id: 2_000_000,
        at,
        createdAt: at,
        pinned: false,
        key: null,
        html: "<li>tick</li>",
      });
      void redis.publish(`${PREFIX}live`, JSON.stringify({ articleId: id, at, data, from: "bench" }));
    }, 1_000);
    const during = wrkRate(page);
    clearInterval(ticking);

    console.log(
      `fan-out over ${UPDATES} updates to ${readers.length} streams: p50 ${quantile(delays, 0.5).toFixed(1)} ms, ` +
        `p99 ${quantile(delays, 0.99).toFixed(1)} ms; the last stream reached after ${quantile(lasts, 0.5).toFixed(1)} ms ` +
        `(median update), ${lasts.at(-1)!.toFixed(1)} ms (slowest)`,
    );
    console.log(`server resident memory: ${idleMb.toFixed(0)} MB idle, ${heldMb.toFixed(0)} MB holding the streams`);
    console.log(
      `article page hits (edge): ${before.toFixed(0)} req/s before, ${during.toFixed(0)} req/s with the streams open ` +
        `(${(during / before).toFixed(3)} of before)`,
    );
    const verdict = (name: string, pass: boolean, shown: string) =>
      console.log(`${pass ? "PASS" : "FAIL"}  ${name.padEnd(48)} ${shown}`);
    console.log("");
    verdict("streams held", readers.length >= STREAMS, `${readers.length} (target ${STREAMS})`);
    verdict(
      "update reaches the last stream",
      lasts.at(-1)! <= 2_000,
      `${lasts.at(-1)!.toFixed(0)} ms (target ≤ 2000 ms)`,
    );
    verdict("resident memory holding the streams", heldMb < 1024, `${heldMb.toFixed(0)} MB (target < 1024 MB)`);
    verdict(
      "page hits with the streams open",
      during / before >= 0.5,
      `${(during / before).toFixed(3)} of before (target ≥ 0.5)`,
    );
  } finally {
    for (const r of readers) r.socket.destroy();
    redis.disconnect();
    process.kill(-server.pid!, "SIGTERM");
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
