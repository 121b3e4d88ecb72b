// `npm run bench`: requests per second for reader pages, against a baseline measured in the same
// run (a bare node:http server sending the same bytes), so figures compare across noisy machines.
// Needs `wrk` (apt-get install -y wrk) and a build (`npm start` once, or `npm run build`).
import { spawn, spawnSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import fs from "node:fs";
import { REMEMBER_COOKIE } from "../lib/comments/cookie-names";

const PORT = Number(process.env.BENCH_PORT || 3200);
const BASE_PORT = PORT + 1;
const DURATION = process.env.BENCH_DURATION || "10s";
const CONNECTIONS = process.env.BENCH_CONNECTIONS || "50";
const base = `http://127.0.0.1:${PORT}`;

if (spawnSync("wrk", ["--version"]).error) {
  console.error("wrk is not installed: apt-get install -y wrk");
  process.exit(1);
}

function wrk(url: string, headers: string[] = []): number {
  const args = ["-t2", `-c${CONNECTIONS}`, `-d${DURATION}`, ...headers.flatMap((h) => ["-H", h]), url];
  const out = spawnSync("wrk", args, { encoding: "utf8" }).stdout;
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 0);
  const errors = /Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1];
  if (errors) console.log(`  (${errors} non-2xx responses)`);
  return rps;
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

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "newsroom-bench-"));
const server = spawn(process.execPath, [path.join("node_modules", "tsx", "dist", "cli.mjs"), "scripts/start.ts"], {
  env: {
    ...process.env,
    PORT: String(PORT),
    DATA_DIR: dataDir,
    DATABASE_PATH: path.join(dataDir, "news.db"),
    ADMIN_PASSWORD: "bench-password-123",
  },
  stdio: ["ignore", "ignore", "inherit"],
  detached: true,
});

try {
  await waitFor(`${base}/`);
  const article = `${base}/articles/russia-ukraine-talks-istanbul`;
  const htmlFile = path.join(dataDir, "article.html");
  fs.writeFileSync(htmlFile, await (await fetch(article)).text());
  // Its own process: wrk runs synchronously here and would otherwise starve it.
  const baseline = spawn(
    process.execPath,
    [
      "-e",
      `const b=require("fs").readFileSync(${JSON.stringify(htmlFile)});require("http").createServer((q,s)=>{s.writeHead(200,{"Content-Type":"text/html; charset=utf-8"});s.end(b)}).listen(${BASE_PORT},"127.0.0.1")`,
    ],
    { stdio: "ignore" },
  );
  await waitFor(`http://127.0.0.1:${BASE_PORT}/`);

  const rows: [string, string, string[]?][] = [
    ["baseline: node:http, same article HTML", `http://127.0.0.1:${BASE_PORT}/`],
    ["article page (cached)", article],
    ["home page (cached)", `${base}/`],
    ["section page 1 (cached)", `${base}/world`],
    ["RSS feed (cached)", `${base}/feed.xml`],
    ["search (rendered per request)", `${base}/search?q=istanbul`],
    // A remembered commenter gets the per-visitor variant, as WordPress caches bypass comment cookies.
    ["article, remembered commenter (per request)", article, [`Cookie: ${REMEMBER_COOKIE}=bench`]],
  ];
  console.log(`wrk, ${CONNECTIONS} connections, ${DURATION} each, ${os.cpus().length} cores\n`);
  let ref = 0;
  for (const [name, url, headers] of rows) {
    spawnSync("curl", ["-s", "-o", "/dev/null", url]); // warm the cache
    const rps = wrk(url, headers);
    if (!ref) ref = rps;
    console.log(`${name.padEnd(42)} ${rps.toFixed(0).padStart(8)} req/s   ${(rps / ref).toFixed(3)} × baseline`);
  }
  baseline.kill();
} finally {
  process.kill(-server.pid!, "SIGTERM");
  fs.rmSync(dataDir, { recursive: true, force: true });
}
