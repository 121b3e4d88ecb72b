// A reader's whole page view, recorded in Chromium and replayed with wrk (scripts/bench.ts --page-view).
// Recording: every same-origin request Chromium sends over the network for one view of a page (the
// document, stylesheets, scripts, images, icons and the router's prefetches), read from the DevTools
// protocol so requests answered from the browser's own cache are left out. A first-time reader starts
// with an empty cache; a returning one has viewed another page of the site before (their browser holds
// the scripts and images that page used) and comes to this one.
// Replay: wrk cycles through the recorded requests with their headers, once against the site and once
// against nginx serving, for each request, the very bytes the site answered it with.
import fs from "node:fs";
import { request } from "node:http";
import path from "node:path";
import { chromium, type Page } from "@playwright/test";

export type RecordedRequest = { path: string; type: string; headers: Record<string, string> };
export type Materialized = RecordedRequest & {
  status: number;
  contentType: string;
  contentEncoding: string;
  body: Buffer;
  /** The body's size as the site sends it to a browser that accepts gzip only (JavaScript budget). */
  gzipBytes: number;
  /** The uncompressed body's size. */
  identityBytes: number;
  /** Whether the edge answered it from memory (`x-newsroom-cache: hit`) rather than Next. */
  fromEdge: boolean;
};

// Headers that change what the site answers; the rest (user agent, sec-ch-*, referer) are left out.
const REPLAYED_HEADERS = new Set([
  "accept",
  "accept-encoding",
  "if-none-match",
  "if-modified-since",
  "rsc",
  "next-router-prefetch",
  "next-router-segment-prefetch",
  "next-router-state-tree",
  "next-url",
]);

/** Scrolls through the page as a reader does (lazy images and links coming into view), then waits for quiet. */
async function readThrough(page: Page): Promise<void> {
  await page.waitForLoadState("load");
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  for (let y = 0; y < height; y += 600) {
    await page.mouse.wheel(0, 600);
    await page.waitForTimeout(50);
  }
  await page.waitForLoadState("networkidle");
  // Next prefetches links in view from an idle callback: give it a moment after the last request.
  await page.waitForTimeout(1_000);
  await page.waitForLoadState("networkidle");
}

/**
 * The same-origin requests Chromium sends over the network for one view of `pagePath`. `returning`:
 * the reader first viewed `previousPath` (their cache holds what it loaded), then opens `pagePath`.
 */
export async function recordPageView(
  base: string,
  pagePath: string,
  options: { returning?: boolean; previousPath?: string } = {},
): Promise<RecordedRequest[]> {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium" });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const origin = new URL(base).origin;
    if (options.returning) {
      await page.goto(`${base}${options.previousPath ?? "/"}`);
      await readThrough(page);
    }
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    const sent = new Map<string, RecordedRequest>();
    const fromCache = new Set<string>();
    const onTheWire = new Map<string, Record<string, string>>();
    cdp.on("Network.requestWillBeSent", (event) => {
      if (new URL(event.request.url).origin !== origin || event.request.method !== "GET") return;
      const url = new URL(event.request.url);
      sent.set(event.requestId, {
        path: url.pathname + url.search,
        type: event.type ?? "Other",
        headers: event.request.headers,
      });
    });
    cdp.on("Network.requestServedFromCache", (event) => fromCache.add(event.requestId));
    cdp.on("Network.requestWillBeSentExtraInfo", (event) =>
      onTheWire.set(event.requestId, event.headers as Record<string, string>),
    );
    cdp.on("Network.responseReceived", (event) => {
      if (event.response.fromDiskCache || event.response.fromPrefetchCache) fromCache.add(event.requestId);
    });
    if (options.returning) {
      // A reader who comes back follows a link or types the address: a navigation, not a reload.
      await page.evaluate((target) => (window.location.href = target), `${base}${pagePath}`);
      await page.waitForURL(`${base}${pagePath}`);
    } else {
      await page.goto(`${base}${pagePath}`);
    }
    await readThrough(page);
    await cdp.detach().catch(() => {});
    const recorded: RecordedRequest[] = [];
    for (const [id, request] of sent) {
      if (fromCache.has(id)) continue;
      const all = { ...request.headers, ...onTheWire.get(id) };
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(all)) {
        if (REPLAYED_HEADERS.has(name.toLowerCase())) headers[name.toLowerCase()] = value;
      }
      recorded.push({ ...request, headers });
    }
    return recorded;
  } finally {
    await browser.close();
  }
}

/** Asks the site for each recorded request once more, keeping the status and bytes it answers with. */
export async function materialize(base: string, requests: RecordedRequest[]): Promise<Materialized[]> {
  const out: Materialized[] = [];
  for (const request of requests) {
    // Once unmeasured: a first asking may be the miss that fills the edge's store.
    await rawGet(base, request.path, request.headers);
    const raw = await rawGet(base, request.path, request.headers);
    const gzipped = await rawGet(base, request.path, { ...request.headers, "accept-encoding": "gzip" });
    const identity = await rawGet(base, request.path, { ...request.headers, "accept-encoding": "identity" });
    out.push({
      ...request,
      status: raw.status,
      contentType: raw.contentType,
      contentEncoding: raw.contentEncoding,
      body: raw.body,
      gzipBytes: gzipped.body.length,
      identityBytes: identity.contentEncoding ? NaN : identity.body.length,
      fromEdge: raw.fromEdge,
    });
  }
  return out;
}

/** One GET with exactly these headers; the bytes as sent (node:http decodes nothing). */
function rawGet(base: string, requestPath: string, headers: Record<string, string>) {
  return new Promise<{ status: number; contentType: string; contentEncoding: string; body: Buffer; fromEdge: boolean }>(
    (resolve, reject) => {
      const req = request(`${base}${requestPath}`, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            contentType: String(res.headers["content-type"] ?? "application/octet-stream"),
            contentEncoding: String(res.headers["content-encoding"] ?? ""),
            body: Buffer.concat(chunks),
            fromEdge: res.headers["x-newsroom-cache"] === "hit",
          }),
        );
        res.on("error", reject);
      });
      req.on("error", reject);
      req.end();
    },
  );
}

const lua = (value: string) => JSON.stringify(value);

/**
 * A wrk script that sends the view's requests in turn on every connection. `nginx`: each request goes
 * to `/<prefix>/<i>`, where nginx answers with that request's recorded bytes.
 */
export function writeReplayScript(file: string, view: Materialized[], nginxPrefix?: string): void {
  const entries = view.map((request, i) => {
    const target = nginxPrefix ? `/${nginxPrefix}/${i}` : request.path;
    const headers = Object.entries(request.headers)
      .map(([name, value]) => `[${lua(name)}] = ${lua(value)}`)
      .join(", ");
    return `    wrk.format("GET", ${lua(target)}, { ${headers} }),`;
  });
  // Built in init(): wrk sets the Host header only after the script's top level has run.
  fs.writeFileSync(
    file,
    `local requests\nlocal i = 0\n` +
      `function init(args)\n  requests = {\n${entries.join("\n")}\n  }\nend\n` +
      `request = function()\n  i = i % #requests + 1\n  return requests[i]\nend\n`,
  );
}

/**
 * nginx `location` blocks answering `/<prefix>/<i>` with request i's status, type, encoding and bytes,
 * written under `root/<prefix>/`.
 */
export function nginxLocations(root: string, prefix: string, view: Materialized[]): string {
  fs.mkdirSync(path.join(root, prefix), { recursive: true });
  return view
    .map((request, i) => {
      const where = `/${prefix}/${i}`;
      if (request.status === 304) return `  location = ${where} { return 304; }`;
      fs.writeFileSync(path.join(root, prefix, String(i)), request.body);
      const encoding = request.contentEncoding ? ` add_header Content-Encoding ${request.contentEncoding};` : "";
      return `  location = ${where} { default_type ${JSON.stringify(request.contentType)};${encoding} }`;
    })
    .join("\n");
}

/** One line per request: what the view is made of. */
export function describeView(view: Materialized[]): string {
  return view
    .map(
      (r) =>
        `    ${String(r.status).padEnd(4)}${(r.fromEdge ? "edge" : "Next").padEnd(5)}${r.type.padEnd(11)}${(r.contentEncoding || "-").padEnd(5)}` +
        `${String(r.body.length).padStart(8)} B  ${r.path.length > 90 ? `${r.path.slice(0, 87)}…` : r.path}` +
        (r.headers["next-router-prefetch"] ? " (prefetch)" : r.headers.rsc ? " (RSC)" : ""),
    )
    .join("\n");
}
