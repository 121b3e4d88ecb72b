import http from "node:http";
import type { AddressInfo } from "node:net";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { createRequestLines, REQUEST_LINES_PER_WRITE, type RequestLine } from "@/lib/observability/logger";
import { createRequestLog } from "@/lib/observability/request-log";
import { createEdgeHandler } from "@/lib/edge/handler";
import { ResponseStore } from "@/lib/edge/response-store";

// Request lines are built as strings rather than by pino (lib/observability/logger.ts): each must still be
// the JSON line pino writes, one per request, whatever a client puts in its path.

function capture(level = "info") {
  const written: string[] = [];
  const lines = createRequestLines(level, { write: (text: string) => void written.push(text) }, null);
  return {
    lines,
    parsed: () =>
      written
        .join("")
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l)),
  };
}

const line: RequestLine = {
  id: "0a1b2c3d-1",
  method: "GET",
  path: "/articles/istanbul",
  status: 200,
  ms: 0.42,
  edge: "hit",
  ip: "203.0.113.9",
};

describe("request lines", () => {
  it("are pino's JSON lines: level, time, pid, msg and the request's fields", () => {
    const { lines, parsed } = capture();
    const before = Date.now();
    lines.write(line);
    lines.flush();
    const [written] = parsed();
    expect(written).toEqual({
      level: pino.levels.values.info,
      time: written.time,
      pid: process.pid,
      msg: "request",
      ...line,
    });
    expect(written.time).toBeGreaterThanOrEqual(before);
  });

  it("are gathered, and none is lost at a flush", () => {
    const { lines, parsed } = capture();
    const count = REQUEST_LINES_PER_WRITE * 2 + 5;
    for (let i = 0; i < count; i++) lines.write({ ...line, id: `id-${i}` });
    // Two full batches went out on their own; the rest wait for the flush (each second, or a stop).
    expect(parsed()).toHaveLength(REQUEST_LINES_PER_WRITE * 2);
    lines.flush();
    expect(parsed().map((l) => l.id)).toEqual(Array.from({ length: count }, (_, i) => `id-${i}`));
  });

  it("a hostile path or forwarded address cannot forge a line or break one", () => {
    const { lines, parsed } = capture();
    const forged = `/x"}\n{"level":30,"msg":"request","id":"forged","path":"/admin`;
    const hostile = [forged, '/\\"\u0000\u001b[31m', "/caf\u00e9/\ud800", `/${"%22".repeat(5)}`];
    for (const path of hostile) lines.write({ ...line, path, ip: `1.2.3.4"\n` });
    lines.flush();
    const written = parsed();
    expect(written.map((l) => l.path)).toEqual(hostile.map((p) => JSON.parse(JSON.stringify(p))));
    expect(written.every((l) => l.id === line.id && l.ip === `1.2.3.4"\n`)).toBe(true);
  });

  it("LOG_LEVEL above info turns them off", () => {
    expect(capture("warn").lines.enabled).toBe(false);
    expect(capture("silent").lines.enabled).toBe(false);
    expect(capture("info").lines.enabled).toBe(true);
    expect(capture("debug").lines.enabled).toBe(true);
  });
});

describe("the request log on a real server", () => {
  // The edge in front of a stand-in for Next whose pages may be kept, as server.ts runs them.
  async function serve(trustProxy: boolean) {
    const { lines, parsed } = capture();
    const logged = createRequestLog(lines, { trustProxy });
    const store = new ResponseStore(1024 * 1024);
    const edge = createEdgeHandler({
      store,
      trustProxy,
      https: false,
      tagsFor: (path) => [`page:${path}`],
      next: (_req, res) => {
        setImmediate(() => {
          res.writeHead(200, { "x-nextjs-cache": "MISS", "cache-control": "s-maxage=60", "content-type": "text/html" });
          res.end("<p>ok</p>");
        });
      },
    });
    const server = http.createServer((req, res) => logged(req, res, edge));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const close = () => new Promise<void>((resolve) => server.close(() => resolve()));
    return { base, close, store, parsed: () => (lines.flush(), parsed()) };
  }

  it("each response carries its own request's id, a stored answer too, and the line names it", async () => {
    const server = await serve(false);
    const miss = await fetch(`${server.base}/articles/a`);
    for (let i = 0; i < 200 && server.store.size === 0; i++) await new Promise((r) => setTimeout(r, 5));
    const hits = [await fetch(`${server.base}/articles/a`), await fetch(`${server.base}/articles/a`)];
    const notModified = await fetch(`${server.base}/articles/a`, {
      headers: { "if-none-match": hits[0].headers.get("etag")! },
    });
    await server.close();
    const answers = [miss, ...hits, notModified];
    expect(answers.map((a) => [a.status, a.headers.get("x-newsroom-cache")])).toEqual([
      [200, null],
      [200, "hit"],
      [200, "hit"],
      [304, null],
    ]);
    const ids = answers.map((a) => a.headers.get("x-request-id"));
    expect(new Set(ids).size).toBe(4);
    expect(server.parsed().map((l) => [l.id, l.edge])).toEqual([
      [ids[0], "miss"],
      [ids[1], "hit"],
      [ids[2], "hit"],
      [ids[3], "hit"],
    ]);
  });

  it("a forged X-Forwarded-For does not change the logged address without TRUST_PROXY, on any request of a connection", async () => {
    const server = await serve(false);
    const first = await fetch(`${server.base}/a`, { headers: { "x-forwarded-for": "203.0.113.66" } });
    await fetch(`${server.base}/b`, { headers: { "x-forwarded-for": "198.51.100.7" } });
    await server.close();
    const written = server.parsed();
    expect(written.map((l) => [l.path, l.ip])).toEqual([
      ["/a", "127.0.0.1"],
      ["/b", "127.0.0.1"],
    ]);
    expect(written[0].id).toBe(first.headers.get("x-request-id"));
  });

  it("behind a trusted proxy, each request's own right-most X-Forwarded-For entry", async () => {
    const server = await serve(true);
    await fetch(`${server.base}/a`, { headers: { "x-forwarded-for": "10.0.0.1, 203.0.113.66" } });
    await fetch(`${server.base}/b`, { headers: { "x-forwarded-for": "198.51.100.7" } });
    await server.close();
    expect(server.parsed().map((l) => l.ip)).toEqual(["203.0.113.66", "198.51.100.7"]);
  });

  it("a sign-in's or the newsroom's query string is not logged", async () => {
    const server = await serve(false);
    await fetch(`${server.base}/login?callbackUrl=%2Fadmin%3Ftoken%3Dsecret`);
    await fetch(`${server.base}/admin/articles?q=private-search`);
    await fetch(`${server.base}/search?q=istanbul`);
    await server.close();
    expect(server.parsed().map((l) => l.path)).toEqual(["/login", "/admin/articles", "/search?q=istanbul"]);
  });
});
