// The hit lane: a connection's requests are read by the edge itself while they are hits, and node:http
// takes the connection over at the first request that is not. Why: node:http's parser, IncomingMessage
// and ServerResponse cost more per hit than the answer itself. On this machine kind (2 cores, wrk at 50
// connections, the same 54 KB for every request, two processes each): node:http answered 17,700–20,300
// req/s, a bare socket reading heads and writing a kept answer 26,900–31,500, nginx (`auto`) 21,300–25,100
// (docs/performance.md, "The hit lane").
//
// The lane is a strict subset of HTTP/1.1: a head complete in what has arrived, no longer than node:http
// would take (16 KB), a GET or HEAD of an origin-form path in printable ASCII, HTTP/1.1, every header line
// a token name and printable ASCII value, each name once, a Host, and nothing that frames a body or
// changes the connection (Content-Length, Transfer-Encoding, Expect, Upgrade, Connection other than
// keep-alive). Anything else — a miss too — goes to node:http with every byte it has not answered put
// back in front of the socket, so node:http reads the connection exactly as it would have from its start:
// its limits, its refusals and its framing rules hold for every request the lane does not answer.
//
// In front of it, where it is built, the native lane (lib/edge/native-lane.ts) reads each new connection
// first and answers the plainest of these hits off Node's event loop; this lane takes a connection from it
// at the first request it leaves, with the bytes it read and did not answer.
import http from "node:http";
import type net from "node:net";
import type { RequestLines } from "@/lib/observability/logger";
import { clientIp } from "./client-ip";
import { NEXT_REQUEST_HEADERS } from "./hit-path";
import { startNativeLane } from "./native-lane";
import type { ResponseStore } from "./response-store";

/** The part of a request the edge's hit path and the request log read (lib/edge/handler.ts answerHit). */
export type LaneRequest = {
  method: "GET" | "HEAD";
  url: string;
  httpVersion: "1.1";
  rawHeaders: string[];
  /** Lower-case names, each once (a repeated name is handed to node:http). */
  headers: Record<string, string>;
  socket: net.Socket;
};

/**
 * Answers a request if it can (a hit), through the edge's ServerResponse-shaped calls: `writeHead` with a
 * flat header list, then `end`. Left unanswered, the request and the rest of the connection go to node:http.
 */
export type LaneAnswer = (req: http.IncomingMessage, res: http.ServerResponse) => void;

export type HitLane = {
  /**
   * Closes the connections the lane holds once their answers are out (a stopping server, as node:http's
   * closeIdleConnections). `spareSilent`: leave those that have sent nothing yet — their first request is
   * most likely on its way (node:http cuts them, and the reader whose request was sent sees a reset).
   */
  closeIdle(spareSilent?: boolean): void;
  /** Closes them at once (as closeAllConnections). */
  closeAll(): void;
  /** The server has closed: the native lane's thread ends. */
  stop(): void;
};

// node:http's HTTP_SERVER_KEEP_ALIVE_TIMEOUT_BUFFER (Node 20).
const KEEP_ALIVE_GRACE_MS = 1_000;
// node:http's default limit on a request head; a longer one goes to it, and it refuses it (431).
const MAX_HEAD_BYTES = 16 * 1024;
const HEAD_END = Buffer.from("\r\n\r\n");
// Lines about the body or the connection: node:http decides what follows them.
const NOT_IN_LANE = new Set(["content-length", "transfer-encoding", "expect", "upgrade", "te", "http2-settings"]);
// Lines the native lane (lib/edge/native-lane.ts) leaves to this one, besides these: those the hit path
// weighs (cookies, Authorization, Next's own; If-Modified-Since the native lane weighs itself), the
// forwarded address the request log reads behind a proxy, and names on Object.prototype, which this lane
// reads as already seen.
const NOT_NATIVE = [
  ...NOT_IN_LANE,
  ...NEXT_REQUEST_HEADERS,
  "cookie",
  "authorization",
  "x-forwarded-for",
  ...Object.getOwnPropertyNames(Object.prototype).map((name) => name.toLowerCase()),
];

/**
 * Puts the lane in front of `server`'s own connection handling: `answer` sees each request of a
 * connection in turn until one it leaves unanswered, which node:http then reads, with the rest of the
 * connection. `keepAliveMs`: how long an idle connection is kept between requests (node:http's
 * keepAliveTimeout, which it applies itself once it has the connection). `native`: the page and file stores
 * `answer` reads, the request lines it writes and its request ids' prefix, for the native lane
 * (lib/edge/native-lane.ts) in front of this one.
 */
export function laneHits(
  server: http.Server,
  answer: LaneAnswer,
  keepAliveMs: number,
  native?: {
    store: ResponseStore;
    files?: { store: ResponseStore; publicFiles: ReadonlySet<string> };
    lines: RequestLines;
    idPrefix: string;
  },
): HitLane {
  const nodeHttp = server.listeners("connection") as ((socket: net.Socket) => void)[];
  server.removeAllListeners("connection");
  const lane: Lane = {
    answer,
    keepAliveMs,
    keepAlive: `timeout=${Math.floor(keepAliveMs / 1000)}`,
    held: new Map(),
    handOff: (socket) => nodeHttp.forEach((listener) => listener.call(server, socket)),
  };
  const nativeLane = native
    ? startNativeLane({
        ...native,
        keepAliveMs,
        notHere: NOT_NATIVE,
        ip: (socket) => clientIp(socket.remoteAddress, undefined, false),
        back: (socket, unread, heard) => new LaneConnection(socket, lane, unread, heard),
      })
    : null;
  server.on("connection", (socket: net.Socket) => {
    if (!nativeLane?.adopt(socket)) new LaneConnection(socket, lane);
  });
  return {
    closeIdle(spareSilent = false) {
      nativeLane?.releaseAll();
      // A connection here is never inside a request: answers are written whole, at once. What is still
      // queued goes out first; the connection is closed then, not left half open for the reader to end.
      for (const [socket, connection] of lane.held) {
        if (spareSilent && !connection.heard) continue;
        if (socket.writableLength === 0) socket.destroy();
        else socket.end(() => socket.destroy());
      }
    },
    closeAll() {
      nativeLane?.releaseAll();
      for (const socket of lane.held.keys()) socket.destroy();
    },
    stop() {
      nativeLane?.stop();
    },
  };
}

type Lane = {
  answer: LaneAnswer;
  keepAliveMs: number;
  /** The Keep-Alive header's value. */
  keepAlive: string;
  /** The connections the lane reads now. */
  held: Map<net.Socket, LaneConnection>;
  /** node:http's own connection handling. */
  handOff: (socket: net.Socket) => void;
};

/** One connection while the lane reads it. */
class LaneConnection {
  private pending: Buffer | null = null;
  /** Waiting for the reader to take what is queued before answering more. */
  private draining = false;
  /** The reader has ended its side (the server's connections are half-open, as node:http's): ours ends once every answer is out. */
  private ended = false;
  /** The reader has sent something. */
  heard = false;

  /** `unread`, `heard`: what the native lane read and did not answer, and whether the reader had sent anything. */
  constructor(
    private readonly socket: net.Socket,
    private readonly lane: Lane,
    unread?: Buffer,
    heard = false,
  ) {
    lane.held.set(socket, this);
    // node:http waits a second past the time it announces before it closes a kept connection, so that a
    // client reusing it just in time is not cut off; the lane does the same.
    socket.setTimeout(lane.keepAliveMs + KEEP_ALIVE_GRACE_MS, this.onTimeout);
    socket.on("error", this.onError);
    socket.once("close", this.onClose);
    socket.on("data", this.onData);
    socket.on("end", this.onEnd);
    this.heard = heard;
    if (unread !== undefined && unread.length > 0) this.onData(unread);
  }

  private readonly onTimeout = () => this.socket.destroy();
  private readonly onError = () => this.socket.destroy();
  private readonly onClose = () => this.lane.held.delete(this.socket);
  private readonly onDrain = () => {
    this.draining = false;
    this.socket.resume();
    this.answerPending();
  };
  private readonly onEnd = () => {
    this.ended = true;
    if (!this.draining) this.socket.end();
  };
  private readonly onData = (chunk: Buffer) => {
    this.heard = true;
    this.pending = this.pending === null ? chunk : Buffer.concat([this.pending, chunk]);
    if (!this.draining) this.answerPending();
  };

  private answerPending(): void {
    const { socket } = this;
    while (this.pending !== null) {
      const pending = this.pending;
      const end = pending.indexOf(HEAD_END);
      const req = end === -1 || end > MAX_HEAD_BYTES ? null : readHead(pending.toString("latin1", 0, end), socket);
      if (req === null) return this.handOff();
      const res = new LaneResponse(socket, req.method === "HEAD", this.lane.keepAlive);
      try {
        // The edge's hit path takes node:http's request and response; these carry what it reads and calls.
        this.lane.answer(req as unknown as http.IncomingMessage, res as unknown as http.ServerResponse);
      } catch {
        // Nothing written: node:http reads it again, and the server's own handler answers (and logs) the failure.
        if (!res.headersSent) return this.handOff();
        socket.destroy();
        return;
      }
      if (!res.writableEnded) return this.handOff();
      this.pending = end + 4 === pending.length ? null : pending.subarray(end + 4);
      // A reader that does not read its answers is not sent more until it has (node:http does the same).
      // An answer the system took whole leaves nothing queued: Node's drain flag alone is raised by every
      // answer larger than the stream's mark, and waiting for its event would cost each hit a turn.
      if (socket.writableNeedDrain && socket.writableLength > 0) {
        this.draining = true;
        socket.pause();
        socket.once("drain", this.onDrain);
        return;
      }
    }
    if (this.ended) socket.end();
  }

  /** node:http takes the connection, with what the lane read and did not answer put back in front. */
  private handOff(): void {
    const { socket } = this;
    this.lane.held.delete(socket);
    // The reader ended its side while requests waited behind answers it had not read yet: node:http
    // (no half-open HTTP connections, its default) drops a request still unanswered when its reader ends,
    // and so does the lane. What was answered goes out first.
    if (socket.readableEnded) {
      socket.end();
      return;
    }
    socket.setTimeout(0);
    socket.removeListener("timeout", this.onTimeout);
    socket.removeListener("error", this.onError);
    socket.removeListener("close", this.onClose);
    socket.removeListener("drain", this.onDrain);
    socket.removeListener("data", this.onData);
    socket.removeListener("end", this.onEnd);
    socket.pause();
    this.lane.handOff(socket);
    if (this.pending !== null) socket.unshift(this.pending);
    this.pending = null;
    socket.resume();
  }
}

/**
 * A request head the lane may answer, or null: node:http reads it. One pass over the characters, no
 * regular expression and no split: under load this runs between two system calls on a cold cache, where
 * a regex-and-split version cost 8–10 µs a request (a third of a hit).
 */
export function readHead(head: string, socket: net.Socket): LaneRequest | null {
  const method = head.startsWith("GET /") ? "GET" : head.startsWith("HEAD /") ? "HEAD" : null;
  if (method === null) return null;
  const urlStart = method.length + 1;
  const lineEnd = head.indexOf("\r\n", urlStart);
  // No header line at all: no Host.
  if (lineEnd === -1 || !head.startsWith(" HTTP/1.1", lineEnd - 9)) return null;
  const urlEnd = lineEnd - 9;
  for (let i = urlStart; i < urlEnd; i++) {
    const c = head.charCodeAt(i);
    if (c < 0x21 || c > 0x7e) return null;
  }
  const rawHeaders: string[] = [];
  // A name also found on Object.prototype (__proto__, constructor, …) reads as already seen: handed off.
  const headers: Record<string, string> = {};
  for (let start = lineEnd + 2; start < head.length;) {
    const found = head.indexOf("\r\n", start);
    const end = found === -1 ? head.length : found;
    let colon = start;
    while (colon < end && TOKEN[head.charCodeAt(colon)] === 1) colon++;
    if (colon === start || head.charCodeAt(colon) !== 0x3a /* : */) return null;
    let from = colon + 1;
    let to = end;
    while (from < to && isBlank(head.charCodeAt(from))) from++;
    while (to > from && isBlank(head.charCodeAt(to - 1))) to--;
    for (let i = from; i < to; i++) {
      const c = head.charCodeAt(i);
      if ((c < 0x20 && c !== 0x09) || c > 0x7e) return null;
    }
    const name = head.slice(start, colon);
    const value = head.slice(from, to);
    const lower = name.toLowerCase();
    if (headers[lower] !== undefined || NOT_IN_LANE.has(lower)) return null;
    if (lower === "connection" && value.toLowerCase() !== "keep-alive") return null;
    headers[lower] = value;
    rawHeaders.push(name, value);
    start = end + 2;
  }
  if (headers.host === undefined) return null;
  return { method, url: head.slice(urlStart, urlEnd), httpVersion: "1.1", rawHeaders, headers, socket };
}

// RFC 9110 §5.6.2: the characters of a token (a header's name), by character code.
const TOKEN = new Uint8Array(128);
for (const c of "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
  TOKEN[c.charCodeAt(0)] = 1;
const isBlank = (c: number) => c === 0x20 || c === 0x09;

/** What the edge's hit path calls on a response, written straight to the socket in one go. */
class LaneResponse {
  statusCode = 200;
  headersSent = false;
  writableEnded = false;
  private head = "";

  constructor(
    private readonly socket: net.Socket,
    private readonly headOnly: boolean,
    private readonly keepAlive: string,
  ) {}

  /** `headers`: a flat list (name, value, …), as the edge writes every stored answer. */
  writeHead(status: number, headers: string[]): this {
    let head = `HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? ""}\r\n`;
    for (let i = 0; i < headers.length; i += 2) head += `${headers[i]}: ${headers[i + 1]}\r\n`;
    this.head = `${head}Date: ${httpDate()}\r\nConnection: keep-alive\r\nKeep-Alive: ${this.keepAlive}\r\n\r\n`;
    this.statusCode = status;
    this.headersSent = true;
    return this;
  }

  end(body?: Buffer): this {
    this.socket.cork();
    this.socket.write(this.head, "latin1");
    if (body !== undefined && body.length > 0 && !this.headOnly) this.socket.write(body);
    this.socket.uncork();
    this.writableEnded = true;
    return this;
  }

  // What the request log (lib/observability/request-log.ts) asks of a response it did not see answered:
  // the lane hands such a request to node:http, which logs it there.
  hasHeader(): boolean {
    return false;
  }
  setHeader(): this {
    return this;
  }
  once(): this {
    return this;
  }
}

// The clock as it was before Next loaded (it wraps Date.now; see lib/edge/handler.ts). server.ts imports
// this module before it imports Next.
const systemNow = Date.now;
let dateSecond = -1;
let dateText = "";

/** The Date header's value, made once a second as node:http does. */
function httpDate(): string {
  const now = systemNow();
  const second = Math.floor(now / 1000);
  if (second !== dateSecond) {
    dateSecond = second;
    dateText = new Date(now).toUTCString();
  }
  return dateText;
}
