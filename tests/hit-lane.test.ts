import http from "node:http";
import net, { type AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { closeHttpServer } from "@/lib/cluster/lifecycle";
import { laneHits, readHead, type HitLane } from "@/lib/edge/hit-lane";
import { answers, bodyOf, exchange, HOSTILE_HEADS, nodeAnswer } from "./support/raw-http";

// The hit lane (lib/edge/hit-lane.ts) reads a connection's requests itself while they are hits and hands
// the connection to node:http at the first that is not. Real servers, asked over raw TCP as a client
// (or an attacker) would: what comes back, byte for byte, and which side answered.

const BODY = Buffer.from("<p>stored page</p>");

type Lane = {
  port: number;
  server: http.Server;
  lane: HitLane;
  laneAnswered: string[];
  nodeAnswered: string[];
  sockets: net.Socket[];
};

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function listen(server: http.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanups.push(() => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))));
  return (server.address() as AddressInfo).port;
}

/** A server with the lane in front: `/hit` and `/big` are stored answers; `/throws` fails inside the lane. */
async function laneServer({ keepAliveMs = 5_000, big = 0 } = {}): Promise<Lane> {
  const laneAnswered: string[] = [];
  const nodeAnswered: string[] = [];
  const sockets: net.Socket[] = [];
  const server = http.createServer(nodeAnswer(nodeAnswered));
  const bigBody = Buffer.alloc(big, 120);
  const lane = laneHits(
    server,
    (req, res) => {
      if (req.url === "/throws") throw new Error("a bug in the hit path");
      if (req.url !== "/hit" && req.url !== "/big") return;
      laneAnswered.push(`${req.method} ${req.url}`);
      const body = req.url === "/big" ? bigBody : BODY;
      res.writeHead(200, ["Content-Type", "text/html", "Content-Length", String(body.length)] as never);
      res.end(body as never);
    },
    keepAliveMs,
  );
  // After the lane's own listener: the server's side of each connection, to watch.
  server.on("connection", (socket: net.Socket) => sockets.push(socket));
  cleanups.push(() => lane.closeIdle());
  return { port: await listen(server), server, lane, laneAnswered, nodeAnswered, sockets };
}

describe("the hit lane", () => {
  it("answers a hit itself with node:http's connection headers, HEAD without a body", async () => {
    const { port, laneAnswered, nodeAnswered } = await laneServer();
    const raw = await exchange(port, [
      "GET /hit HTTP/1.1\r\nHost: a\r\nConnection: keep-alive\r\n\r\n",
      "HEAD /hit HTTP/1.1\r\nHost: a\r\n\r\nGET /other HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n",
    ]);
    const [get, head, other] = answers(raw);
    expect(get).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(get).toMatch(/\r\nDate: \w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT\r\n/);
    expect(get).toContain("\r\nConnection: keep-alive\r\nKeep-Alive: timeout=5\r\n");
    expect(bodyOf(get)).toBe(BODY.toString());
    expect(head).toContain(`Content-Length: ${BODY.length}`);
    expect(bodyOf(head)).toBe("");
    expect(bodyOf(other)).toBe("node GET /other body=");
    expect(laneAnswered).toEqual(["GET /hit", "HEAD /hit"]);
    expect(nodeAnswered).toEqual(["GET /other"]);
  });

  it("hands the connection to node:http at the first miss, which then reads every request after it", async () => {
    const { port, laneAnswered, nodeAnswered } = await laneServer();
    const raw = await exchange(port, [
      "GET /hit HTTP/1.1\r\nHost: a\r\n\r\n",
      "GET /miss HTTP/1.1\r\nHost: a\r\n\r\n",
      "GET /hit HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n",
    ]);
    expect(answers(raw).map(bodyOf)).toEqual([BODY.toString(), "node GET /miss body=", "node GET /hit body="]);
    expect(laneAnswered).toEqual(["GET /hit"]);
    expect(nodeAnswered).toEqual(["GET /miss", "GET /hit"]);
  });

  it("keeps a body a request hides another request in as its body, pipelined behind a hit (attack)", async () => {
    const { port, laneAnswered, nodeAnswered } = await laneServer();
    const hidden = "GET /hit HTTP/1.1\r\nHost: a\r\n\r\n";
    const raw = await exchange(port, [
      "GET /hit HTTP/1.1\r\nHost: a\r\n\r\n" +
        `POST /comments HTTP/1.1\r\nHost: a\r\nContent-Length: ${hidden.length}\r\n\r\n${hidden}` +
        "GET /last HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n",
    ]);
    expect(answers(raw).map(bodyOf)).toEqual([
      BODY.toString(),
      `node POST /comments body=${hidden}`,
      "node GET /last body=",
    ]);
    expect(laneAnswered).toEqual(["GET /hit"]);
    expect(nodeAnswered).toEqual(["POST /comments", "GET /last"]);
  });

  it("leaves every head it does not read exactly as node:http does to node:http, answered as node:http answers it (attack)", async () => {
    // A plain node:http server with the same handler: the lane must not change any of these answers.
    const plainSeen: string[] = [];
    const plainPort = await listen(http.createServer(nodeAnswer(plainSeen)));
    const { port, laneAnswered } = await laneServer();
    // The same bytes to both, a closing request after them, and everything read until the server closes.
    const closer = "GET /closer HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n";
    const undated = (text: string) => text.replace(/Date: [^\r]*\r\n/g, "");
    for (const head of HOSTILE_HEADS) {
      const ours = undated(await exchange(port, [head + closer]));
      const theirs = undated(await exchange(plainPort, [head + closer]));
      expect(ours, JSON.stringify(head.slice(0, 80))).toBe(theirs);
    }
    expect(laneAnswered).toEqual([]);
  });

  it("hands on a head split across packets, with the part it had read", async () => {
    const { port, laneAnswered } = await laneServer();
    const raw = await exchange(port, ["GET /hit HTTP/1.1\r\nHo", "st: a\r\nConnection: close\r\n\r\n"]);
    expect(bodyOf(raw)).toBe("node GET /hit body=");
    expect(laneAnswered).toEqual([]);
  });

  it("a failure inside the hit path goes to node:http, and the server goes on", async () => {
    const { port } = await laneServer();
    const raw = await exchange(port, ["GET /throws HTTP/1.1\r\nHost: a\r\n\r\nGET /hit HTTP/1.1\r\nHost: a\r\n\r\n"], {
      until: 2,
    });
    expect(answers(raw).map(bodyOf)).toEqual(["node GET /throws body=", "node GET /hit body="]);
    expect(bodyOf(await exchange(port, ["GET /hit HTTP/1.1\r\nHost: a\r\n\r\n"], { until: 1 }))).toBe(BODY.toString());
  });

  it("stops reading a reader that sends requests without reading the answers, and goes on once it reads (attack)", async () => {
    const { port, laneAnswered, sockets } = await laneServer({ big: 256 * 1024 });
    const client = net.connect(port, "127.0.0.1");
    client.pause();
    await new Promise<void>((resolve) => client.once("connect", resolve));
    const count = 400;
    client.write("GET /big HTTP/1.1\r\nHost: a\r\n\r\n".repeat(count));
    // 400 answers are 100 MB: the lane has stopped reading long before, holding at most one answer queued.
    await expect.poll(() => sockets[0]?.isPaused()).toBe(true);
    expect(laneAnswered.length).toBeLessThan(count);
    expect(sockets[0].writableLength).toBeLessThanOrEqual(256 * 1024 + 1024);
    let bytes = 0;
    client.on("data", (chunk: Buffer) => (bytes += chunk.length));
    client.resume();
    await expect.poll(() => laneAnswered.length, { timeout: 20_000 }).toBe(count);
    await expect.poll(() => bytes, { timeout: 20_000 }).toBeGreaterThan(count * 256 * 1024);
    client.destroy();
  });

  it("keeps a connection a second past the keep-alive time it announces, as node:http does, then closes it", async () => {
    const idle = await laneServer({ keepAliveMs: 1_000 });
    const client = net.connect(idle.port, "127.0.0.1");
    let received = "";
    client.on("data", (chunk: Buffer) => (received += chunk.toString("latin1")));
    const closed = new Promise<number>((resolve) => client.on("close", () => resolve(Date.now())));
    client.write("GET /hit HTTP/1.1\r\nHost: a\r\n\r\n");
    await expect.poll(() => answers(received).length).toBe(1);
    expect(received).toContain("Keep-Alive: timeout=1\r\n");
    // Reused just past the announced second (a proxy's timer racing the server's): still answered.
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    client.write("GET /hit HTTP/1.1\r\nHost: a\r\n\r\n");
    await expect.poll(() => answers(received).length).toBe(2);
    const answeredAt = Date.now();
    expect((await closed) - answeredAt).toBeGreaterThanOrEqual(1_900);
  });

  it("answers the hits held for a reader that ended its side while it waited, and drops what follows as node:http does (attack)", async () => {
    const { port, laneAnswered, nodeAnswered, sockets } = await laneServer({ big: 256 * 1024 });
    const client = net.connect({ port, host: "127.0.0.1", allowHalfOpen: true });
    const socketErrors: string[] = [];
    client.pause();
    await new Promise<void>((resolve) => client.once("connect", resolve));
    // Enough answers to fill the socket, so the lane waits for the reader with requests still held; then
    // a post for node:http, and the reader's end, all before it reads anything.
    client.end(
      "GET /big HTTP/1.1\r\nHost: a\r\n\r\n".repeat(40) +
        "POST /p HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello",
    );
    await expect.poll(() => laneAnswered.length).toBeGreaterThan(0);
    sockets[0].on("error", (error: Error) => socketErrors.push(error.message));
    let received = 0;
    client.on("data", (chunk: Buffer) => (received += chunk.length));
    const closed = new Promise<void>((resolve) => client.on("close", () => resolve()));
    client.resume();
    await closed;
    expect(laneAnswered).toHaveLength(40);
    expect(received).toBeGreaterThan(40 * 256 * 1024);
    // node:http drops an unanswered request of a reader that ended (no half-open HTTP connections, its
    // default): the lane does not hand one on after the end, where Node would refuse the bytes put back.
    expect(nodeAnswered).toEqual([]);
    expect(socketErrors).toEqual([]);
  });

  it("ends the connections it holds when the server stops, at once as node:http does, a reader that never reads too", async () => {
    const quiet = await laneServer();
    const kept = net.connect(quiet.port, "127.0.0.1");
    kept.resume();
    kept.write("GET /hit HTTP/1.1\r\nHost: a\r\n\r\n");
    await expect.poll(() => quiet.laneAnswered.length).toBe(1);
    const server = quiet.server;
    // closeHttpServer's grace is a second: an idle connection does not wait for it.
    const stopped = await Promise.race([
      closeHttpServer(server, quiet.lane).then(() => "stopped"),
      new Promise((resolve) => setTimeout(() => resolve("waited for the grace"), 800)),
    ]);
    expect(stopped).toBe("stopped");

    const stopping = await laneServer();
    // A reader that never reads its answer nor ends its side: closed all the same.
    const client = net.connect(stopping.port, "127.0.0.1");
    client.pause();
    const closed = new Promise<void>((resolve) => client.on("close", () => resolve()));
    client.on("error", () => {});
    client.write("GET /hit HTTP/1.1\r\nHost: a\r\n\r\n");
    await expect.poll(() => stopping.laneAnswered.length).toBe(1);
    stopping.lane.closeIdle();
    await expect.poll(() => stopping.sockets[0].destroyed).toBe(true);
    client.resume();
    await closed;
  });

  it("gives a connection that has sent nothing when the stop comes a moment for its first request, which is answered", async () => {
    const { port, server, lane, sockets, laneAnswered, nodeAnswered } = await laneServer();
    // Connected, its request not yet sent (or not yet read): the stop must not cut it.
    const hit = net.connect(port, "127.0.0.1");
    const miss = net.connect(port, "127.0.0.1");
    const silent = net.connect(port, "127.0.0.1");
    const received = new Map<net.Socket, string>();
    const closed = [hit, miss, silent].map((client) => {
      received.set(client, "");
      client.on("data", (chunk: Buffer) => received.set(client, received.get(client) + chunk.toString("latin1")));
      client.on("error", () => {});
      return new Promise<void>((resolve) => client.on("close", () => resolve()));
    });
    await expect.poll(() => sockets.length).toBe(3);
    const stopped = closeHttpServer(server, lane);
    hit.write("GET /hit HTTP/1.1\r\nHost: a\r\n\r\n");
    miss.write("GET /elsewhere HTTP/1.1\r\nHost: a\r\n\r\n");
    await expect.poll(() => received.get(hit)).toContain(BODY.toString());
    await expect.poll(() => received.get(miss)).toMatch(/^HTTP\/1\.1 200 /);
    expect(laneAnswered).toEqual(["GET /hit"]);
    expect(nodeAnswered).toEqual(["GET /elsewhere"]);
    // One that stays silent is closed at the grace, and the stop ends.
    await stopped;
    await Promise.all(closed);
    expect(received.get(silent)).toBe("");
  });

  it("closes its side once a reader that ended its own has its answers, not at the keep-alive time", async () => {
    const { port } = await laneServer({ keepAliveMs: 60_000 });
    const client = net.connect(port, "127.0.0.1");
    let received = "";
    client.on("data", (chunk: Buffer) => (received += chunk.toString("latin1")));
    const closed = new Promise<void>((resolve) => client.on("close", () => resolve()));
    client.end("GET /hit HTTP/1.1\r\nHost: a\r\n\r\nHEAD /hit HTTP/1.1\r\nHost: a\r\n\r\n");
    await closed;
    expect(answers(received)).toHaveLength(2);
  });
});

describe("the lane's head reader", () => {
  it("reads names as sent, values without their surrounding blanks, and refuses anything outside its subset", () => {
    const socket = new net.Socket();
    const read = readHead("HEAD /a?b=1 HTTP/1.1\r\nHost: a\r\nX-Thing:\t one\ttwo \r\nAccept-Encoding: gzip", socket);
    expect(read).toMatchObject({ method: "HEAD", url: "/a?b=1" });
    expect(read?.rawHeaders).toEqual(["Host", "a", "X-Thing", "one\ttwo", "Accept-Encoding", "gzip"]);
    expect(read?.headers["accept-encoding"]).toBe("gzip");
    for (const refused of [
      "GET /a HTTP/1.1\r\nHost: a\r\nconstructor: x",
      "GET /a HTTP/1.1\r\nHost: a\r\nHOST: b",
      "GET /a HTTP/1.1\r\nHost: a\r\n: empty",
      "GET /a HTTP/1.1\r\nHost: a\r\nX: \u007f",
      "GET /\u0080 HTTP/1.1\r\nHost: a",
      "GET /a HTTP/1.1\r\nHost: a\r\nConnection: keep-alive, Upgrade",
      "GET /a HTTP/1.1\r\nX: 1",
      "GET /a HTTP/1.1",
      "POST /a HTTP/1.1\r\nHost: a",
    ])
      expect(readHead(refused, socket), JSON.stringify(refused)).toBeNull();
  });
});
