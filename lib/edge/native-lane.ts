// The native lane (native/hit-lane.cc) from JavaScript. A connection is given to it first; its thread
// answers the plainest hits (an anonymous GET or HEAD of a fresh page or file from the edge's page and file
// stores, with nothing in the head that the JavaScript lane would have to weigh) without this process's
// event loop,
// and hands the connection back at the first request that is anything else, with every byte it has not
// answered, to the JavaScript lane (lib/edge/hit-lane.ts), which goes on as if it had read them itself.
// Why: Node's stream layer is a hit's floor, ~12 µs of user time where nginx spends ~3, and a cached page
// could not reach nginx's rate from JavaScript (docs/performance.md, "The native lane").
//
// What it answers, it answers as the JavaScript lane would, byte for byte but the request id and Date:
// the store's head lines and bodies per encoding, the 304 on a matching If-None-Match, Age, X-Request-Id,
// Date, Connection and Keep-Alive. Each hit is logged (the same line as lib/observability/logger.ts writes,
// on the same file) and counted in the request metrics, and it keeps the store's LRU order and
// recompression (`touch`) going: both from the counts it gives back once a second.
import http from "node:http";
import { createRequire } from "node:module";
import type net from "node:net";
import path from "node:path";
import type { RequestLines } from "@/lib/observability/logger";
import { countRequest, routeKind } from "@/lib/observability/metrics";
import { loggedPath } from "@/lib/observability/request-log";
import { keyQueries } from "./files";
import { STALE_GRACE_MS } from "./handler";
import type { ResponseStore, StoreMirror, StoredResponse } from "./response-store";

type LaneHandle = { readonly __lane: unique symbol };
type Binding = {
  start(options: {
    keepAliveMs: number;
    graceMs: number;
    notHere: string[];
    logFd: number;
    pid: number;
    idPrefix: string;
    onEvent: (handed: boolean, fd: number, unsent: Buffer, unread: Buffer, heard: boolean) => void;
  }): LaneHandle;
  put(
    lane: LaneHandle,
    store: Store,
    key: string,
    entry: {
      heads: Buffer[];
      bodies: Buffer[];
      head304: Buffer;
      etag: string;
      storedAt: number;
      expiresAt: number;
      logPath: string;
      logWhole: boolean;
      queries: number;
    },
  ): void;
  drop(lane: LaneHandle, store: Store, key: string): void;
  adopt(lane: LaneHandle, fd: number, ip: string): boolean;
  releaseAll(lane: LaneHandle): [number, Buffer, Buffer, boolean][];
  takeHits(lane: LaneHandle): Hits[];
  stop(lane: LaneHandle): void;
  settle(lane: LaneHandle, store: Store, key: string): void;
  version: number;
};

/** The module's version this code speaks to (kVersion in native/hit-lane.cc). */
const NATIVE_LANE_VERSION = 5;

/** The edge's stores the module mirrors (Store in native/hit-lane.cc). */
const PAGES = 0;
const FILES = 1;
type Store = typeof PAGES | typeof FILES;
/** What the module answered since it was last asked: store, key, 200s, 304s, their seconds. */
type Hits = [Store, string, number, number, number];
// Which queries reach a file kept under `<path>?` (Queries in native/hit-lane.cc).
const ICON_QUERY = 1;
const VERSION_QUERY = 2;

/** Where `npm install` builds it (binding.gyp). */
export const NATIVE_LANE_FILE = path.join(process.cwd(), "build", "Release", "hit_lane.node");

let binding: Binding | null | undefined;

/** The built module, or null: not built (no compiler), built from an older source, or turned off with NATIVE_LANE=0. */
export function nativeBinding(): Binding | null {
  if (binding !== undefined) return binding;
  binding = null;
  if (process.env.NATIVE_LANE === "0") return binding;
  try {
    const loaded = createRequire(import.meta.url)(NATIVE_LANE_FILE) as Binding;
    // Built from an older source (a pull without `npm install`): not used.
    if (loaded.version === NATIVE_LANE_VERSION) binding = loaded;
    else console.warn("native lane out of date (run npm install): hits are answered in JavaScript");
  } catch (error) {
    console.warn(
      `native lane not loaded (${(error as Error).message.split("\n")[0]}): hits are answered in JavaScript`,
    );
  }
  return binding;
}

// The order of encodings the module reads its heads and bodies in.
const ENCODINGS = ["br", "gzip", "identity"] as const;

/** The status line and header lines the JavaScript lane writes for `flat` (lib/edge/hit-lane.ts LaneResponse). */
function headOf(status: number, flat: string[]): Buffer {
  let head = `HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? ""}\r\n`;
  for (let i = 0; i < flat.length; i += 2) head += `${flat[i]}: ${flat[i + 1]}\r\n`;
  return Buffer.from(head, "latin1");
}

type SocketHandle = { fd?: number; reading?: boolean; readStart(): number; readStop(): number };
const handleOf = (socket: net.Socket) => (socket as unknown as { _handle: SocketHandle | null })._handle;

export type NativeLane = {
  /** True when the native lane reads `socket` from now on; false, and the socket is untouched, otherwise. */
  adopt(socket: net.Socket): boolean;
  /** Every connection it holds goes back (a stopping server): what it had not sent is written first. */
  releaseAll(): void;
  /** Its thread ends (after releaseAll); the store is no longer mirrored. */
  stop(): void;
};

export type NativeLaneOptions = {
  store: ResponseStore;
  /** The edge's file store and public/'s files (lib/edge/files.ts); none: the edge keeps no files. */
  files?: { store: ResponseStore; publicFiles: ReadonlySet<string> };
  keepAliveMs: number;
  /** Header names (lowercase) a head it answers must not carry. */
  notHere: string[];
  lines: RequestLines;
  /** The process's request id prefix (lib/observability/request-log.ts): its ids are `<prefix>-N<count>`. */
  idPrefix: string;
  /** The address the request log gives a connection's requests (lib/observability/request-log.ts). */
  ip: (socket: net.Socket) => string;
  back: (socket: net.Socket, unread: Buffer, heard: boolean) => void;
};

/**
 * Starts the native lane in front of `back`, which takes a connection handed back (with what was read of it
 * and not answered, and whether its reader had sent anything), and mirrors `store` and `files` into it.
 * Null when the module is not there.
 */
export function startNativeLane(options: NativeLaneOptions): NativeLane | null {
  const native = nativeBinding();
  // Request lines going through pino (a terminal's pretty print) have no file for the lane to write to.
  if (native === null || (options.lines.enabled && options.lines.fd === null)) return null;
  const { back } = options;
  const held = new Map<number, net.Socket>();
  const giveBack = givingBack(held, back, () => held.size === 0 && timer.unref());
  const lane = native.start({
    keepAliveMs: options.keepAliveMs,
    graceMs: STALE_GRACE_MS,
    notHere: options.notHere,
    logFd: options.lines.enabled && options.lines.fd !== null ? options.lines.fd : -1,
    pid: process.pid,
    // "N" is not a base-36 digit: never one of the request log's own `<prefix>-<count>` ids.
    idPrefix: `${options.idPrefix}-N`,
    onEvent: giveBack,
  });
  const stores = mirrorStores(native, lane, options);
  const takeHits = () => countHits(native.takeHits(lane), stores);
  const timer = setInterval(takeHits, 1_000).unref();
  // Adopting new connections until the server stops; running until the thread is stopped.
  let stopped = false;
  let running = true;
  return {
    adopt(socket) {
      if (stopped || !adopted(native, lane, socket, JSON.stringify(options.ip(socket)))) return false;
      held.set(handleOf(socket)!.fd!, socket);
      // A socket the lane reads is not reading in Node's loop, so nothing of it keeps the process alive:
      // a stopping server would exit with a request still on its way back from the lane.
      timer.ref();
      return true;
    },
    releaseAll() {
      // Only a stopping server asks: a connection that comes after goes to the JavaScript lane.
      stopped = true;
      for (const [fd, unsent, unread, heard] of native.releaseAll(lane)) giveBack(true, fd, unsent, unread, heard);
    },
    stop() {
      if (!running) return;
      running = false;
      this.releaseAll();
      clearInterval(timer);
      takeHits();
      for (const mirrored of stores) mirrored.mirror = null;
      native.stop(lane);
    },
  };
}

/** Mirrors the page store and the file store into the lane: the stores, in the module's Store order. */
function mirrorStores(native: Binding, lane: LaneHandle, { store, files }: NativeLaneOptions): ResponseStore[] {
  store.mirror = mirrorOf(native, lane, PAGES, pageLog);
  if (!files) return [store];
  files.store.mirror = mirrorOf(native, lane, FILES, (key) => fileLog(key, files.publicFiles));
  return [store, files.store];
}

/** How the module logs the hits of a key: the path the request log would write, or the request's own. */
type LogOf = (key: string) => { logPath: string; logWhole: boolean; queries: number };

/** A page is kept under its address (and query, for a search). */
const pageLog: LogOf = (key) => ({ logPath: JSON.stringify(loggedPath(key)), logWhole: false, queries: 0 });

/**
 * A file's key is its address, but for an image (its address, then its Accept on a line of its own) and a
 * file kept whatever its query says (`<path>?`), whose hits log the address they asked for, as the request
 * log does, unless it leaves such queries out.
 */
function fileLog(key: string, publicFiles: ReadonlySet<string>): ReturnType<LogOf> {
  const { icon, versioned } = keyQueries(key, publicFiles);
  const queries = (icon ? ICON_QUERY : 0) | (versioned ? VERSION_QUERY : 0);
  if (queries === 0) return { logPath: JSON.stringify(loggedPath(key.split("\n")[0])), logWhole: false, queries };
  const bare = key.slice(0, -1);
  return { logPath: JSON.stringify(bare), logWhole: loggedPath(`${key}v=0`) !== bare, queries };
}

/** The store's entries as the native lane keeps them: its heads and bodies in ENCODINGS order. */
function mirrorOf(native: Binding, lane: LaneHandle, which: Store, logOf: LogOf): StoreMirror {
  return {
    put(key: string, entry: StoredResponse) {
      native.put(lane, which, key, {
        heads: ENCODINGS.map((encoding) => headOf(entry.status, entry.headers[encoding])),
        bodies: ENCODINGS.map((encoding) => entry.bodies[encoding]),
        head304: headOf(304, entry.notModifiedHeaders),
        etag: entry.etag,
        storedAt: entry.storedAt,
        expiresAt: entry.expiresAt,
        ...logOf(key),
      });
    },
    drop: (key: string) => native.drop(lane, which, key),
    settle: (key: string) => native.settle(lane, which, key),
  };
}

/** What the native lane answered: counted in the request metrics, and its entries touched (LRU order, recompression). */
function countHits(hits: Hits[], stores: ResponseStore[]): void {
  const now = Date.now();
  for (const [which, key, ok, notModified, seconds] of hits) {
    const store = stores[which];
    const entry = store?.peek(key);
    if (entry !== undefined) store.touch(key, entry, now);
    const kind = routeKind("GET", key);
    const each = seconds / (ok + notModified);
    if (ok > 0) countRequest(kind, 200, each * ok, true, ok);
    if (notModified > 0) countRequest(kind, 304, each * notModified, true, notModified);
  }
}

/** Gives `socket` to the native lane: true when it reads it from now on; false, and it is untouched, otherwise. */
function adopted(native: Binding, lane: LaneHandle, socket: net.Socket, ip: string): boolean {
  const handle = handleOf(socket);
  if (handle === null || typeof handle.fd !== "number" || handle.fd < 0) return false;
  // A new socket has begun reading (nothing read yet: its first read comes in the next turn of the loop).
  handle.readStop();
  handle.reading = false;
  if (native.adopt(lane, handle.fd, ip)) return true;
  handle.reading = true;
  handle.readStart();
  return false;
}

/** A socket given back: what the lane had not sent yet goes first, and Node reads it again. */
function resume(socket: net.Socket, handle: SocketHandle, unsent: Buffer): void {
  if (unsent.length > 0) socket.write(unsent);
  // The read the socket began when it was made, which adopt() stopped: its stream still waits for it.
  handle.reading = true;
  handle.readStart();
}

/**
 * What becomes of a connection the thread lets go: `handed`, JavaScript reads on (`back`); else it is over.
 * `emptied`: called as each goes, for the process to stop being held open once none is left.
 */
function givingBack(
  held: Map<number, net.Socket>,
  back: (socket: net.Socket, unread: Buffer, heard: boolean) => void,
  emptied: () => void,
) {
  return (handed: boolean, fd: number, unsent: Buffer, unread: Buffer, heard: boolean) => {
    const socket = held.get(fd);
    held.delete(fd);
    emptied();
    if (socket === undefined || socket.destroyed) return;
    const handle = handleOf(socket);
    if (!handed || handle === null) return void socket.destroy();
    resume(socket, handle, unsent);
    back(socket, unread, heard);
  };
}
