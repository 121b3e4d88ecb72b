import fs from "node:fs";
import http from "node:http";
import net, { type AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { closeHttpServer } from "@/lib/cluster/lifecycle";
import { answerHit } from "@/lib/edge/handler";
import { laneHits, type HitLane } from "@/lib/edge/hit-lane";
import { nativeBinding } from "@/lib/edge/native-lane";
import { buildStoredResponse, ResponseStore } from "@/lib/edge/response-store";
import type { RequestLines } from "@/lib/observability/logger";
import { answers, bodyOf, exchange, HOSTILE_HEADS, nodeAnswer } from "./support/raw-http";

// The native lane (native/hit-lane.cc, lib/edge/native-lane.ts) answers the plainest hits from a mirror of
// the edge's page store on a thread of its own, and hands a connection to the JavaScript lane at the first
// request that is anything else. Real servers, asked over raw TCP: what comes back, and who answered it —
// the JavaScript lane (the edge's own stored-page answer), node:http (anything else), or, when neither
// did, the native lane.

const BODY = Buffer.from("<p>stored page</p>".repeat(20));
const HIT = "GET /hit HTTP/1.1\r\nHost: a\r\n\r\n";
const SCRIPT = Buffer.from("self.reader=function(){return 'kept';};".repeat(40));
const SVG = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg">${"<path d='M0 0h10v10z'/>".repeat(30)}</svg>`);
// Bytes of every value, as an image's are.
const WEBP = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7) % 256));
const IMAGE = "/_next/image?url=%2Fimages%2Fstory.webp&w=640&q=75";

type NativeServer = {
  port: number;
  server: http.Server;
  lane: HitLane;
  store: ResponseStore;
  /** The edge's file store (lib/edge/files.ts), with `/reader.js` and `/brand/logo.svg` in public/. */
  files: ResponseStore;
  /** Requests the JavaScript lane answered from the store. */
  jsAnswered: string[];
  /** Requests node:http answered. */
  nodeAnswered: string[];
  sockets: net.Socket[];
  logFile: string;
};

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

beforeAll(() => {
  // `npm install` builds it (binding.gyp); this suite is about it, so it must be there.
  expect(nativeBinding(), "build/Release/hit_lane.node").not.toBeNull();
});

async function keep(store: ResponseStore, key: string, body: Buffer, { storedAt = Date.now(), seconds = 60 } = {}) {
  const entry = await buildStoredResponse({
    status: 200,
    headers: { "content-type": "text/html; charset=utf-8", "cache-control": "s-maxage=60" },
    body,
    tags: [`page:${key}`, key.startsWith("/old") ? "archive" : "site"],
    storedAt,
    ttlSeconds: seconds,
    extraHeaders: [["X-Frame-Options", "DENY"]],
  });
  expect(store.set(key, entry)).toBe(true);
  return entry;
}

/** Keeps a file as the edge keeps what Next answers for it (lib/edge/handler.ts createFileCapture). */
async function keepFile(
  files: ResponseStore,
  key: string,
  body: Buffer,
  { type = "application/javascript", compress = true, seconds = Infinity, vary = "Accept-Encoding" } = {},
) {
  const entry = await buildStoredResponse({
    status: 200,
    headers: { "content-type": type, "cache-control": "public, max-age=31536000, immutable" },
    body,
    tags: [],
    storedAt: Date.now(),
    ttlSeconds: seconds,
    extraHeaders: [["X-Frame-Options", "DENY"]],
    compress,
    best: true,
    vary,
  });
  expect(files.set(key, entry)).toBe(true);
  return entry;
}

// As the edge keeps what Next answers for /_next/image: per Accept, not compressed again, for its max-age.
const AS_IMAGE = { type: "image/webp", compress: false, seconds: 60, vary: "Accept" };

/** A reader's view's files, kept as the edge keeps them: a script, an image for `accept`, the icon, a versioned script. */
async function keepViewFiles(files: ResponseStore, accept: string) {
  await keepFile(files, "/_next/static/chunks/app-1a2b.js", SCRIPT);
  await keepFile(files, `${IMAGE}\n${accept}`, WEBP, AS_IMAGE);
  await keepFile(files, "/icon.svg?", SVG, { type: "image/svg+xml" });
  await keepFile(files, "/reader.js?", SCRIPT);
}

async function nativeServer({ keepAliveMs = 5_000, big = 0, logFd = true } = {}): Promise<NativeServer> {
  const store = new ResponseStore(64 * 1024 * 1024);
  const files = new ResponseStore(64 * 1024 * 1024);
  const publicFiles = new Set(["/reader.js", "/brand/logo.svg"]);
  const jsAnswered: string[] = [];
  const nodeAnswered: string[] = [];
  const sockets: net.Socket[] = [];
  const logFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "native-lane-")), "requests.log");
  const fd = fs.openSync(logFile, "a");
  const lines: RequestLines = { enabled: true, fd: logFd ? fd : null, write: () => {}, flush: () => {} };
  const server = http.createServer(nodeAnswer(nodeAnswered));
  const stored = { store, now: Date.now, capturing: new Set<string>() };
  const lane = laneHits(
    server,
    (req, res) => {
      if (answerHit(stored, files, publicFiles, req, res)) jsAnswered.push(`${req.method} ${req.url}`);
    },
    keepAliveMs,
    { store, files: { store: files, publicFiles }, lines, idPrefix: "a1b2c3d4" },
  );
  server.on("connection", (socket: net.Socket) => sockets.push(socket));
  await keep(store, "/hit", BODY);
  if (big > 0) await keep(store, "/big", Buffer.alloc(big, 120));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanups.push(async () => {
    lane.closeAll();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    lane.stop();
    fs.closeSync(fd);
  });
  const port = (server.address() as AddressInfo).port;
  return { port, server, lane, store, files, jsAnswered, nodeAnswered, sockets, logFile };
}

// What differs between two answers of the same copy: this request's id, the copy's age and the clock.
const timeless = (answer: string) => answer.replace(/(?:Age|X-Request-Id|Date): [^\r]*\r\n/g, "");

describe("the native lane", () => {
  it("answers a kept page itself with the bytes the JavaScript lane sends, in every encoding, HEAD and 304 too", async () => {
    const { port, jsAnswered, nodeAnswered, store } = await nativeServer();
    const etag = store.peek("/hit")!.etag;
    const asks = [
      "",
      "Accept-Encoding: gzip, deflate, br\r\n",
      "Accept-Encoding: gzip\r\n",
      "Accept-Encoding: identity\r\n",
      `If-None-Match: W/${etag}\r\n`,
      `If-None-Match: "other", ${etag}\r\n`,
      "If-None-Match: *\r\n",
    ];
    for (const method of ["GET", "HEAD"]) {
      for (const ask of asks) {
        const head = `${method} /hit HTTP/1.1\r\nHost: a\r\n${ask}`;
        const [native] = answers(await exchange(port, [`${head}\r\n`], { until: 1 }));
        // A cookie of no meaning to the edge: the JavaScript lane answers it from the same copy.
        const [javascript] = answers(await exchange(port, [`${head}Cookie: theme=dark\r\n\r\n`], { until: 1 }));
        expect(native, JSON.stringify(head)).toMatch(/\r\nX-Request-Id: a1b2c3d4-N[0-9a-z]+\r\n/);
        expect(timeless(native), JSON.stringify(head)).toBe(timeless(javascript));
      }
    }
    expect(jsAnswered).toHaveLength(2 * asks.length);
    expect(nodeAnswered).toEqual([]);
  });

  it("weighs If-Modified-Since as the edge does: beside an If-None-Match, which decides alone; alone, not at all", async () => {
    const { port, store, jsAnswered } = await nativeServer();
    const lastModified = "Mon, 07 Dec 2026 09:00:00 GMT";
    const entry = await buildStoredResponse({
      status: 200,
      headers: { "content-type": "application/rss+xml", "cache-control": "s-maxage=60", "last-modified": lastModified },
      body: BODY,
      tags: ["site"],
      storedAt: Date.now(),
      ttlSeconds: 60,
      extraHeaders: [],
    });
    store.set("/feed.xml", entry);
    const later = "If-Modified-Since: Tue, 08 Dec 2026 09:00:00 GMT\r\n";
    const asks = [
      // The tag differs: a full answer, whatever the date says.
      `If-None-Match: "other"\r\n${later}`,
      `${later}If-None-Match: \r\n`,
      // The tag matches: 304, whatever the date says.
      `If-None-Match: ${entry.etag}\r\nIf-Modified-Since: Sun, 06 Dec 2026 09:00:00 GMT\r\n`,
    ];
    for (const ask of asks) {
      const head = `GET /feed.xml HTTP/1.1\r\nHost: a\r\n${ask}`;
      const [native] = answers(await exchange(port, [`${head}\r\n`], { until: 1 }));
      const [javascript] = answers(await exchange(port, [`${head}Cookie: theme=dark\r\n\r\n`], { until: 1 }));
      expect(native, JSON.stringify(ask)).toMatch(/\r\nX-Request-Id: a1b2c3d4-N[0-9a-z]+\r\n/);
      expect(timeless(native), JSON.stringify(ask)).toBe(timeless(javascript));
    }
    expect(jsAnswered).toHaveLength(asks.length);
    // A date alone: the JavaScript lane weighs it against Last-Modified (304 here).
    const [alone] = answers(await exchange(port, [`GET /feed.xml HTTP/1.1\r\nHost: a\r\n${later}\r\n`], { until: 1 }));
    expect(alone).toMatch(/^HTTP\/1\.1 304 /);
    expect(jsAnswered).toHaveLength(asks.length + 1);
  });

  it("answers a kept file itself — build output, public/, an image per Accept, an icon and a script whatever their hash — with the JavaScript lane's bytes", async () => {
    const { port, lane, files, jsAnswered, nodeAnswered, logFile } = await nativeServer();
    const accept = "image/avif,image/webp,image/apng,*/*;q=0.8";
    await keepViewFiles(files, accept);
    await keepFile(files, "/brand/logo.svg", SVG, { type: "image/svg+xml" });
    const asked: [string, string][] = [
      ["/_next/static/chunks/app-1a2b.js", ""],
      ["/brand/logo.svg", ""],
      [IMAGE, `Accept: ${accept}\r\n`],
      ["/icon.svg?icon.2zmrk0xu_yblx.svg", ""],
      ["/reader.js?v=TyWJkqcLlqRr", ""],
    ];
    let count = 0;
    for (const [where, accepting] of asked) {
      const etag = files.peek(files.peek(where) ? where : `${where.split("?")[0]}?`)?.etag ?? "";
      for (const ask of [
        "",
        "Accept-Encoding: gzip, deflate, br\r\n",
        "Accept-Encoding: gzip\r\n",
        `If-None-Match: ${etag}\r\n`,
      ]) {
        const head = `GET ${where} HTTP/1.1\r\nHost: a\r\n${accepting}${ask}`;
        const [native] = answers(await exchange(port, [`${head}\r\n`], { until: 1 }));
        const [javascript] = answers(await exchange(port, [`${head}Cookie: theme=dark\r\n\r\n`], { until: 1 }));
        expect(native, JSON.stringify(head)).toMatch(/\r\nX-Request-Id: a1b2c3d4-N[0-9a-z]+\r\n/);
        expect(native, JSON.stringify(head)).toMatch(/^HTTP\/1\.1 (?:200|304) /);
        expect(timeless(native), JSON.stringify(head)).toBe(timeless(javascript));
        count++;
      }
    }
    expect(jsAnswered).toHaveLength(count);
    expect(nodeAnswered).toEqual([]);
    // Logged as the request log logs them: the address asked for, without an image's Accept.
    lane.stop();
    const paths = fs
      .readFileSync(logFile, "utf8")
      .trim()
      .split("\n")
      .map((line) => (JSON.parse(line) as { path: string }).path);
    expect([...new Set(paths)]).toEqual(asked.map(([where]) => where));
  });

  it("answers a file only where the edge would answer it from that copy (attack)", async () => {
    const { port, files, jsAnswered, nodeAnswered } = await nativeServer();
    const accept = "image/avif,image/webp,*/*";
    await keepViewFiles(files, accept);
    await keepFile(files, "/comment-form.js?", SCRIPT);
    const get = (where: string, lines = "") => `GET ${where} HTTP/1.1\r\nHost: a\r\n${lines}\r\n`;
    const elsewhere = [
      // An image in another format (another Accept), or none, or a made-up parameter.
      get(IMAGE, "Accept: image/png\r\n"),
      get(IMAGE),
      get(`${IMAGE}&x=1`, `Accept: ${accept}\r\n`),
      get(IMAGE, `Accept: ${accept}\r\nAccept: image/png\r\n`),
      // Queries no icon or versioned script is asked with, and build output with any query.
      get("/icon.svg?v=1"),
      get(`/icon.svg?${"a".repeat(81)}`),
      get("/icon.svg?a%2Fb"),
      get("/icon.svg?="),
      get("/icon.svg?a=="),
      get(`/reader.js?v=${"a".repeat(41)}`),
      get("/reader.js?v=a.b"),
      get("/reader.js?x=1"),
      get("/reader.js?v=1&v=2"),
      // Kept under `<path>?`, but not a public file: never asked with a version.
      get("/comment-form.js?v=1"),
      get("/_next/static/chunks/app-1a2b.js?x"),
      get("/_next/static/chunks/APP-1a2b.js"),
    ];
    for (const head of elsewhere) {
      const raw = await exchange(port, [get("/hit") + head], { until: 2 });
      expect(answers(raw).map(bodyOf)[0], head).toBe(BODY.toString());
      expect(answers(raw).map(bodyOf)[1], head).toMatch(/^node GET /);
    }
    expect(jsAnswered).toEqual([]);
    expect(nodeAnswered).toHaveLength(elsewhere.length);
    // And where it would: the same file whatever the hash says.
    for (const [where, body] of [
      ["/icon.svg?other.svg", SVG],
      // Chromium's own favicon fetch.
      ["/icon.svg?other.svg=", SVG],
      ["/reader.js?v=another-1_2", SCRIPT],
    ] as const) {
      const raw = await exchange(port, [get("/hit") + get(where)], { until: 2 });
      expect(answers(raw).map(bodyOf)).toEqual([BODY.toString(), body.toString()]);
    }
    expect(jsAnswered).toEqual([]);
  });

  it("fetches a file past its time again, as the edge does, rather than answer it meanwhile", async () => {
    const { port, files, nodeAnswered } = await nativeServer();
    // An image goes with its time (Next's max-age); a file without a query stands for any other kept so.
    const kept = [
      { key: `${IMAGE}\n`, where: IMAGE, type: "image/webp" },
      { key: "/brand/logo.svg", where: "/brand/logo.svg", type: "image/svg+xml" },
    ];
    for (const { key, where, type } of kept) {
      const entry = await keepFile(files, key, WEBP, { ...AS_IMAGE, type });
      const ask = `GET ${where} HTTP/1.1\r\nHost: a\r\n\r\n`;
      expect(bodyOf(await exchange(port, [ask], { until: 1 }))).toBe(WEBP.toString("latin1"));
      // The store's copy changes only through set(): kept again with its time past, the lane's copy too.
      entry.expiresAt = Date.now() - 1;
      expect(files.set(key, entry)).toBe(true);
      // Both go on (a page's copy would answer the second while the first fetches its successor).
      const raw = await exchange(port, [ask + ask], { until: 2 });
      expect(answers(raw).map(bodyOf)).toEqual([`node GET ${where} body=`, `node GET ${where} body=`]);
      expect(files.peek(key)).toBeUndefined();
    }
    expect(nodeAnswered).toHaveLength(2 * kept.length);
  });

  it("logs each of its hits with the request line the server writes for any other", async () => {
    const { port, lane, logFile } = await nativeServer();
    const raw = await exchange(port, [HIT + "HEAD /hit HTTP/1.1\r\nHost: a\r\n\r\n"], { until: 2 });
    const ids = [...raw.matchAll(/X-Request-Id: ([^\r]+)/g)].map((m) => m[1]);
    lane.stop();
    const logged = fs
      .readFileSync(logFile, "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(logged.map((line) => [line.id, line.method, line.path, line.status, line.edge, line.ip])).toEqual([
      [ids[0], "GET", "/hit", 200, "hit", "127.0.0.1"],
      [ids[1], "HEAD", "/hit", 200, "hit", "127.0.0.1"],
    ]);
    // The fields of lib/observability/logger.ts's request line, in its order.
    expect(Object.keys(logged[0])).toEqual([
      "level",
      "time",
      "pid",
      "msg",
      "id",
      "method",
      "path",
      "status",
      "ms",
      "edge",
      "ip",
    ]);
    expect(logged[0]).toMatchObject({ level: 30, pid: process.pid, msg: "request" });
    expect(Math.abs((logged[0].time as number) - Date.now())).toBeLessThan(60_000);
  });

  it("stays out when the request lines go through pino (a terminal's pretty print), which it could not log to", async () => {
    const { port, jsAnswered } = await nativeServer({ logFd: false });
    expect(bodyOf(await exchange(port, [HIT], { until: 1 }))).toBe(BODY.toString());
    expect(jsAnswered).toEqual(["GET /hit"]);
  });

  it("never answers a signed-in reader, a commenter, a key or Next's own requests from the shared copy (attack)", async () => {
    const { port, jsAnswered, nodeAnswered } = await nativeServer();
    const perVisitor = [
      "Cookie: next-auth.session-token=abc",
      "Cookie: theme=dark; __Secure-next-auth.session-token.0=abc",
      "Cookie: comment_pending=1.abc",
      "Authorization: Bearer abc",
      "RSC: 1",
      "Next-Router-Prefetch: 1",
      "Next-Router-State-Tree: %5B%5D",
      "Next-Router-Segment-Prefetch: /_tree",
      "Next-Url: /hit",
      "Next-Action: abc",
    ];
    for (const line of perVisitor) {
      // Behind a hit on the same connection, so the native lane is reading it when it comes.
      const raw = await exchange(port, [HIT + `GET /hit HTTP/1.1\r\nHost: a\r\n${line}\r\nConnection: close\r\n\r\n`]);
      expect(answers(raw).map(bodyOf), line).toEqual([BODY.toString(), "node GET /hit body="]);
    }
    expect(jsAnswered).toEqual([]);
    expect(nodeAnswered).toHaveLength(perVisitor.length);
  });

  it("hands every head it does not read to the JavaScript lane, and node:http answers it as it would alone (attack)", async () => {
    const plainSeen: string[] = [];
    const plain = http.createServer(nodeAnswer(plainSeen));
    await new Promise<void>((resolve) => plain.listen(0, "127.0.0.1", resolve));
    cleanups.push(() => new Promise<void>((resolve) => (plain.closeAllConnections(), plain.close(() => resolve()))));
    const plainPort = (plain.address() as AddressInfo).port;
    const { port, jsAnswered } = await nativeServer();
    const closer = "GET /closer HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n";
    const undated = (text: string) => text.replace(/Date: [^\r]*\r\n/g, "");
    // Also what it leaves to the JavaScript lane's rules: weighted encodings, dates, forwarded addresses.
    const leftToJavaScript = [
      "GET /hit HTTP/1.1\r\nHost: a\r\nIf-Modified-Since: Mon, 07 Dec 2026 09:00:00 GMT\r\n\r\n",
      "GET /hit HTTP/1.1\r\nHost: a\r\nAccept-Encoding: br;q=0, gzip\r\n\r\n",
    ];
    for (const head of HOSTILE_HEADS) {
      const ours = undated(await exchange(port, [head + closer]));
      const theirs = undated(await exchange(plainPort, [head + closer]));
      expect(ours, JSON.stringify(head.slice(0, 80))).toBe(theirs);
    }
    expect(jsAnswered).toEqual([]);
    for (const head of leftToJavaScript) await exchange(port, [head], { until: 1 });
    expect(jsAnswered).toEqual(["GET /hit", "GET /hit"]);
  });

  it("goes on in the JavaScript lane after the first request it leaves, and in node:http after a miss, in order", async () => {
    const { port, jsAnswered, nodeAnswered } = await nativeServer();
    const toJavaScript = await exchange(
      port,
      [HIT + "HEAD /hit HTTP/1.1\r\nHost: a\r\n\r\n" + "GET /hit HTTP/1.1\r\nHost: a\r\nCookie: a=b\r\n\r\n" + HIT],
      { until: 4 },
    );
    expect(answers(toJavaScript).map(bodyOf)).toEqual([BODY.toString(), "", BODY.toString(), BODY.toString()]);
    expect(jsAnswered).toEqual(["GET /hit", "GET /hit"]);
    const toNode = await exchange(port, [HIT, "GET /miss HTTP/1.1\r\nHost: a\r\n\r\n", HIT], { until: 3 });
    expect(answers(toNode).map(bodyOf)).toEqual([BODY.toString(), "node GET /miss body=", "node GET /hit body="]);
    expect(nodeAnswered).toEqual(["GET /miss", "GET /hit"]);
  });

  it("drops its copy with the store's, and past its time lets one request fetch the successor while it answers the rest", async () => {
    const { port, store, nodeAnswered } = await nativeServer();
    expect(bodyOf(await exchange(port, [HIT], { until: 1 }))).toBe(BODY.toString());
    const at = Date.now();
    store.invalidate({ tags: ["site"], at });
    expect(bodyOf(await exchange(port, [HIT], { until: 1 }))).toBe("node GET /hit body=");

    // Rendered after the change: kept, and answered in place of the old one.
    await keep(store, "/hit", Buffer.from("<p>the new one</p>"), { storedAt: at + 1 });
    expect(bodyOf(await exchange(port, [HIT], { until: 1 }))).toBe("<p>the new one</p>");
    await keep(store, "/hit", Buffer.from("<p>and again</p>"), { storedAt: at + 2 });
    expect(bodyOf(await exchange(port, [HIT], { until: 1 }))).toBe("<p>and again</p>");

    // Past its time: one request goes on to fetch the successor (here node:http stands for Next); the
    // others get the old copy meanwhile, with its age.
    await keep(store, "/old", BODY, { storedAt: Date.now() - 61_000, seconds: 60 });
    const old = "GET /old HTTP/1.1\r\nHost: a\r\n\r\n";
    expect(bodyOf(await exchange(port, [old], { until: 1 }))).toBe("node GET /old body=");
    const stale = await exchange(port, [old], { until: 1 });
    expect(bodyOf(stale)).toBe(BODY.toString());
    expect(Number(/\r\nAge: (\d+)\r\n/.exec(stale)?.[1])).toBeGreaterThanOrEqual(61);
    // That fetch ended without a successor (Next answered STALE, or failed): the next request goes on too.
    store.fetchEnded("/old");
    expect(bodyOf(await exchange(port, [old], { until: 1 }))).toBe("node GET /old body=");
    // A HEAD fetches nothing (Next's answer to it is not kept): the GET after it still goes on.
    await keep(store, "/old-head", BODY, { storedAt: Date.now() - 61_000, seconds: 60 });
    const head = "HEAD /old-head HTTP/1.1\r\nHost: a\r\n\r\n";
    expect(answers(await exchange(port, [head], { until: 1 }))).toHaveLength(1);
    expect(bodyOf(await exchange(port, ["GET /old-head HTTP/1.1\r\nHost: a\r\n\r\n"], { until: 1 }))).toBe(
      "node GET /old-head body=",
    );
    // Past the grace too: never answered from it again.
    await keep(store, "/older", BODY, { storedAt: Date.now() - 130_000, seconds: 60 });
    const older = "GET /older HTTP/1.1\r\nHost: a\r\n\r\n";
    expect(bodyOf(await exchange(port, [older], { until: 1 }))).toBe("node GET /older body=");
    expect(bodyOf(await exchange(port, [older], { until: 1 }))).toBe("node GET /older body=");
    expect(nodeAnswered).toEqual([
      "GET /hit",
      "GET /old",
      "GET /old",
      "HEAD /old-head",
      "GET /old-head",
      "GET /older",
      "GET /older",
    ]);
  });

  it("holds what a reader does not read, and sends every answer whole once it does (attack)", async () => {
    const size = 256 * 1024;
    const { port, nodeAnswered, jsAnswered } = await nativeServer({ big: size });
    const client = net.connect(port, "127.0.0.1");
    client.pause();
    await new Promise<void>((resolve) => client.once("connect", resolve));
    const count = 200;
    client.write("GET /big HTTP/1.1\r\nHost: a\r\n\r\n".repeat(count) + "GET /end HTTP/1.1\r\nHost: a\r\n\r\n");
    const chunks: Buffer[] = [];
    const ended = new Promise<void>((resolve) =>
      client.on("data", (chunk: Buffer) => {
        chunks.push(chunk);
        if (chunk.includes("node GET /end body=")) resolve();
      }),
    );
    client.resume();
    await ended;
    client.destroy();
    const received = Buffer.concat(chunks).toString("latin1");
    const all = answers(received);
    expect(all).toHaveLength(count + 1);
    for (const answer of all.slice(0, count)) expect(bodyOf(answer).length).toBe(size);
    expect(jsAnswered).toEqual([]);
    expect(nodeAnswered).toEqual(["GET /end"]);
  });

  it("keeps an idle connection a second past the keep-alive time it announces, then closes it", async () => {
    const { port } = await nativeServer({ keepAliveMs: 1_000 });
    const client = net.connect(port, "127.0.0.1");
    let received = "";
    client.on("data", (chunk: Buffer) => (received += chunk.toString("latin1")));
    const closed = new Promise<number>((resolve) => client.on("close", () => resolve(Date.now())));
    client.write(HIT);
    await expect.poll(() => answers(received).length).toBe(1);
    const answeredAt = Date.now();
    expect(received).toContain("Keep-Alive: timeout=1\r\n");
    const closedAt = await closed;
    expect(closedAt - answeredAt).toBeGreaterThanOrEqual(1_900);
  });

  it("answers what a reader sent before ending its side, then closes", async () => {
    const { port } = await nativeServer({ keepAliveMs: 60_000 });
    const client = net.connect(port, "127.0.0.1");
    let received = "";
    client.on("data", (chunk: Buffer) => (received += chunk.toString("latin1")));
    const closed = new Promise<void>((resolve) => client.on("close", () => resolve()));
    client.end(HIT + "HEAD /hit HTTP/1.1\r\nHost: a\r\n\r\n");
    await closed;
    expect(answers(received).map(bodyOf)).toEqual([BODY.toString(), ""]);
  });

  it("gives its connections back when the server stops: an idle one closes at once, a silent one gets its moment", async () => {
    const { port, server, lane, jsAnswered, nodeAnswered } = await nativeServer();
    const idle = net.connect(port, "127.0.0.1");
    let idleReceived = "";
    idle.on("data", (chunk: Buffer) => (idleReceived += chunk.toString("latin1")));
    const idleClosed = new Promise<void>((resolve) => idle.on("close", () => resolve()));
    idle.write(HIT);
    await expect.poll(() => answers(idleReceived).length).toBe(1);
    const silent = net.connect(port, "127.0.0.1");
    let silentReceived = "";
    silent.on("data", (chunk: Buffer) => (silentReceived += chunk.toString("latin1")));
    silent.on("error", () => {});
    await new Promise<void>((resolve) => silent.once("connect", resolve));
    const stopped = closeHttpServer(server, lane);
    await idleClosed;
    // Its request crossed the stop: answered (by the JavaScript lane, which has it now).
    silent.write(HIT);
    await expect.poll(() => answers(silentReceived).length).toBe(1);
    expect(bodyOf(silentReceived)).toBe(BODY.toString());
    expect(jsAnswered).toEqual(["GET /hit"]);
    expect(nodeAnswered).toEqual([]);
    silent.destroy();
    await stopped;
  });
});
