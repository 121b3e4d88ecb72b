import fs from "node:fs";
import http from "node:http";
import net, { type AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { PEER_HEADER } from "@/lib/edge/client-ip";
import { createFront, createPassOn, decodeEntry, encodeEntry } from "@/lib/edge/front";
import { buildStoredResponse, ResponseStore } from "@/lib/edge/response-store";

// A front process (lib/edge/front.ts) answers hits from the copies the workers hand it and passes
// everything else to a worker over a private socket. Real servers on both sides: a worker stand-in on a
// unix socket that records what reached it, and the front on a TCP port, asked as a browser would.

type Seen = { method: string; url: string; headers: http.IncomingHttpHeaders; body: string };
type Upstream = { socket: string; seen: Seen[]; server: http.Server };

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function socketDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "front-test-"));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function upstream(dir: string, name: string, answer?: http.RequestListener): Promise<Upstream> {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (body += chunk));
    req.on("end", () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      if (answer) return answer(req, res);
      res.setHeader("set-cookie", ["a=1; Path=/", "b=2; Path=/"]);
      res.writeHead(200, { "content-type": "text/plain", "x-from": name });
      res.end(`${name}:${req.method} ${req.url} ${body}`);
    });
  });
  server.keepAliveTimeout = 0;
  const socket = path.join(dir, `${name}.sock`);
  await new Promise<void>((resolve) => server.listen(socket, resolve));
  cleanups.push(() => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))));
  return { socket, seen, server };
}

async function frontServer(handler: (req: http.IncomingMessage, res: http.ServerResponse) => unknown) {
  const server = http.createServer((req, res) => void handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanups.push(() => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

type Answer = { status: number; headers: http.IncomingHttpHeaders; body: string };

function ask(url: string, options: http.RequestOptions = {}, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { agent: false, ...options }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

async function storedPage(body: string, tags = ["article:1"]) {
  return buildStoredResponse({
    status: 200,
    headers: { "content-type": "text/html; charset=utf-8", "cache-control": "s-maxage=60" },
    body: Buffer.from(body),
    tags,
    storedAt: Date.now(),
    ttlSeconds: 60,
    extraHeaders: [],
  });
}

describe("a front's copies of the workers' entries", () => {
  it("travel as JSON and arrive byte for byte, an image's one body once", async () => {
    const page = await storedPage("<p>Ünïcödé page</p>".repeat(50));
    const wire = JSON.parse(JSON.stringify(encodeEntry("pages", "/articles/a", page)));
    const back = decodeEntry(wire);
    expect(back.bodies.identity.equals(page.bodies.identity)).toBe(true);
    expect(back.bodies.gzip.equals(page.bodies.gzip)).toBe(true);
    expect(back.bodies.br.equals(page.bodies.br)).toBe(true);
    expect(back.headers).toEqual(page.headers);
    expect({ ...back, bodies: null }).toEqual({ ...page, bodies: null });

    // A file is kept until the next build (Infinity, which JSON alone would turn into null).
    const image = await buildStoredResponse({
      ...{ status: 200, headers: { "content-type": "image/webp" }, body: Buffer.from([1, 2, 3, 250]) },
      ...{ tags: [], storedAt: Date.now(), ttlSeconds: Infinity, extraHeaders: [], compress: false },
    });
    const onWire = JSON.parse(JSON.stringify(encodeEntry("files", "/_next/image?url=x&w=640&q=75", image)));
    expect(onWire.entry.bodies.gzip).toBe("");
    expect([...decodeEntry(onWire).bodies.br]).toEqual([1, 2, 3, 250]);
    expect(decodeEntry(onWire).expiresAt).toBe(Infinity);
  });

  it("are refused when an invalidation of one of their tags began after their render did", async () => {
    const pages = new ResponseStore(1024 * 1024);
    const page = await storedPage("old");
    pages.invalidate({ tags: ["article:1"], at: page.storedAt + 1 });
    expect(pages.set("/articles/a", decodeEntry(encodeEntry("pages", "/articles/a", page)))).toBe(false);
    expect(pages.peek("/articles/a")).toBeUndefined();
  });
});

describe("a front in front of the workers", () => {
  it("answers a reader from its copy, and never reaches a worker for it", async () => {
    const worker = await upstream(socketDir(), "w0");
    const pages = new ResponseStore(1024 * 1024);
    pages.set("/articles/a", await storedPage("<h1>Stored</h1>"));
    const base = await frontServer(
      createFront({
        pages,
        files: new ResponseStore(1024),
        publicFiles: new Set(),
        upstreams: [worker.socket],
        security: [],
      }).serve,
    );
    const answer = await ask(`${base}/articles/a`, { headers: { "accept-encoding": "identity" } });
    expect(answer.body).toBe("<h1>Stored</h1>");
    expect(answer.headers["x-newsroom-cache"]).toBe("hit");
    expect(worker.seen).toEqual([]);
  });

  it("past a page's time, passes one request on and answers the rest from the old copy until the new one comes", async () => {
    const worker = await upstream(socketDir(), "w0");
    let clock = Date.now();
    const pages = new ResponseStore(1024 * 1024);
    pages.set("/articles/a", await storedPage("<h1>Old</h1>"));
    const front = createFront({
      ...{ pages, files: new ResponseStore(1024), publicFiles: new Set<string>() },
      ...{ upstreams: [worker.socket], security: [], now: () => clock },
    });
    const base = await frontServer(front.serve);
    const read = () => ask(`${base}/articles/a`, { headers: { "accept-encoding": "identity" } }).then((a) => a.body);
    clock += 61_000;
    expect(await read()).toBe("w0:GET /articles/a ");
    expect(await read()).toBe("<h1>Old</h1>");
    expect(await read()).toBe("<h1>Old</h1>");
    expect(worker.seen).toHaveLength(1);
    front.keep("pages", "/articles/a", {
      ...(await storedPage("<h1>New</h1>")),
      storedAt: clock,
      expiresAt: clock + 60_000,
    });
    expect(await read()).toBe("<h1>New</h1>");
    expect(worker.seen).toHaveLength(1);
  });

  it("refuses an oversized post itself, before its body, with the security headers; no worker sees it", async () => {
    const worker = await upstream(socketDir(), "w0");
    const front = createFront({
      ...{ pages: new ResponseStore(1024), files: new ResponseStore(1024), publicFiles: new Set<string>() },
      ...{ upstreams: [worker.socket], security: [["x-content-type-options", "nosniff"]] },
    });
    const base = await frontServer(front.serve);
    // Only the head is sent: the answer must come before any of the 3 MB.
    const answer = await new Promise<http.IncomingMessage>((resolve, reject) => {
      const req = http.request(`${base}/articles/a`, {
        agent: false,
        method: "POST",
        headers: { "content-type": "application/octet-stream", "content-length": String(3 * 1024 * 1024) },
      });
      req.on("response", (res) => {
        resolve(res);
        req.destroy();
      });
      req.on("error", reject);
      req.flushHeaders();
    });
    expect(answer.statusCode).toBe(413);
    expect(answer.headers["x-content-type-options"]).toBe("nosniff");
    expect(worker.seen).toEqual([]);
  });

  it("passes a signed-in editor's request to a worker, never the shared copy (attack)", async () => {
    const worker = await upstream(socketDir(), "w0");
    const pages = new ResponseStore(1024 * 1024);
    pages.set("/articles/a", await storedPage("<h1>Shared copy</h1>"));
    const base = await frontServer(
      createFront({
        pages,
        files: new ResponseStore(1024),
        publicFiles: new Set(),
        upstreams: [worker.socket],
        security: [],
      }).serve,
    );
    const answer = await ask(`${base}/articles/a`, {
      headers: { cookie: "next-auth.session-token=abc", "accept-encoding": "identity" },
    });
    expect(answer.body).toBe("w0:GET /articles/a ");
    expect(answer.headers["x-newsroom-cache"]).toBeUndefined();
    expect(worker.seen).toHaveLength(1);
  });

  it("passes a post on with its body, the reader's address replacing a forged one (attack), every cookie back", async () => {
    const worker = await upstream(socketDir(), "w0");
    const base = await frontServer(createPassOn([worker.socket]));
    const answer = await ask(
      `${base}/articles/a?x=1`,
      {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          [PEER_HEADER]: "203.0.113.9",
          connection: "keep-alive",
        },
      },
      "comment=hello",
    );
    expect(answer.status).toBe(200);
    expect(answer.body).toBe("w0:POST /articles/a?x=1 comment=hello");
    expect(answer.headers["set-cookie"]).toEqual(["a=1; Path=/", "b=2; Path=/"]);
    const [seen] = worker.seen;
    expect(seen.headers[PEER_HEADER]).toBe("127.0.0.1");
    expect(seen.headers["content-type"]).toBe("application/x-www-form-urlencoded");
  });

  it("passes a GET's body on with it, so a request hidden in it stays a body, never a request of its own (attack)", async () => {
    const worker = await upstream(socketDir(), "w0");
    const base = await frontServer(createPassOn([worker.socket]));
    const hidden = "GET /forged HTTP/1.1\r\nHost: a\r\nx-newsroom-peer: 6.6.6.6\r\n\r\n";
    const first = await ask(`${base}/x`, { headers: { "content-length": String(hidden.length) } }, hidden);
    expect(first.body).toBe(`w0:GET /x ${hidden}`);
    expect((await ask(`${base}/after`)).body).toBe("w0:GET /after ");
    expect(worker.seen.map((r) => r.url)).toEqual(["/x", "/after"]);
    expect(worker.seen.map((r) => r.headers[PEER_HEADER])).toEqual(["127.0.0.1", "127.0.0.1"]);
  });

  it("passes on an HTTP/1.0 request without a Host (a load balancer's health probe)", async () => {
    const worker = await upstream(socketDir(), "w0");
    const base = new URL(await frontServer(createPassOn([worker.socket])));
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(Number(base.port), base.hostname, () =>
        socket.write("GET /api/health HTTP/1.0\r\n\r\n"),
      );
      let text = "";
      socket.setEncoding("utf8");
      socket.on("data", (chunk: string) => (text += chunk));
      socket.on("end", () => resolve(text));
      socket.on("error", reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
    expect(answer).toContain("w0:GET /api/health ");
  });

  it("streams an answer as the worker writes it (a live stream), and lets the worker go when the reader does", async () => {
    let closedByReader!: () => void;
    const readerGone = new Promise<void>((resolve) => (closedByReader = resolve));
    const worker = await upstream(socketDir(), "w0", (req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write("data: first\n\n");
      res.on("close", closedByReader);
    });
    const base = await frontServer(createPassOn([worker.socket]));
    const first = await new Promise<string>((resolve, reject) => {
      const req = http.get(`${base}/api/live/1`, { agent: false }, (res) => {
        res.setEncoding("utf8");
        res.once("data", (chunk: string) => {
          resolve(chunk);
          req.destroy();
        });
      });
      req.on("error", reject);
    });
    expect(first).toBe("data: first\n\n");
    await readerGone;
  });

  it("tries a reader's GET on the next worker when one cannot be reached, and answers a post 502", async () => {
    const dir = socketDir();
    const alive = await upstream(dir, "w1");
    const gone = path.join(dir, "w0.sock");
    const base = await frontServer(createPassOn([gone, alive.socket]));
    // At once, as readers come: each is tried on the next worker from where it began, never twice on one.
    const reads = await Promise.all(Array.from({ length: 20 }, () => ask(`${base}/`)));
    expect(reads.map((r) => r.body)).toEqual(Array(20).fill("w1:GET / "));
    const posts = await Promise.all([0, 1].map(() => ask(`${base}/`, { method: "POST" }, "x=1")));
    expect(posts.map((p) => p.status).sort()).toEqual([200, 502]);
  });
});
