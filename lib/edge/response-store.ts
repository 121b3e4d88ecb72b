import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { promisify } from "node:util";
import zlib from "node:zlib";
import { SECURITY_HEADER_NAMES } from "@/lib/edge/security-headers";

const gzip = promisify(zlib.gzip);
const brotli = promisify(zlib.brotliCompress);

export type Encoding = "br" | "gzip" | "identity";

/** A finished reader response, ready to send as is: one flat header list per encoding. */
export type StoredResponse = {
  status: number;
  etag: string;
  tags: string[];
  /** When the request that rendered it began: a change after this moment makes it stale. */
  storedAt: number;
  expiresAt: number;
  /** When a hit last moved it to the recent end of the LRU order (at most once a second: a Map re-insert per hit costs). */
  usedAt: number;
  bodies: Record<Encoding, Buffer>;
  headers: Record<Encoding, string[]>;
  notModifiedHeaders: string[];
  /** From the response's Last-Modified (feeds set one), for If-Modified-Since; null without one. */
  lastModified: number | null;
  size: number;
  /** How hard the bodies are compressed (COMPRESSION_LEVELS); "none" for bytes compressed already. */
  compression: Compression;
};

export type Compression = "fast" | "best" | "none";

export type StoreMirror = {
  put(key: string, entry: StoredResponse): void;
  drop(key: string): void;
  /** A fetch of the successor of the entry under `key` (past its time) ended without keeping one. */
  settle(key: string): void;
};

// A page is kept compressed at levels that cost a fraction of a millisecond: a story with new comments
// is rendered again every few seconds, and brotli's best level took 24 ms of CPU for the Istanbul story
// (39 ms for the home page) where level 5 took 0.3 ms for 15 % more bytes. A copy that is still read
// BEST_AFTER_MS after its render has earned the best levels, compressed once in the background.
const COMPRESSION_LEVELS = { fast: { gzip: 6, brotli: 5 }, best: { gzip: 9, brotli: 11 } } as const;
const BEST_AFTER_MS = 10_000;

function compressBody(body: Buffer, compression: "fast" | "best"): Promise<[Buffer, Buffer]> {
  const levels = COMPRESSION_LEVELS[compression];
  return Promise.all([
    gzip(body, { level: levels.gzip }),
    brotli(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: levels.brotli } }),
  ]);
}

// Headers of Next's response that describe one transfer, not the page, or that the edge sets itself.
const NOT_STORED = new Set([
  "connection",
  "content-encoding",
  "content-length",
  "date",
  "etag",
  "keep-alive",
  "set-cookie",
  "transfer-encoding",
  "vary",
  "x-nextjs-cache",
  // Next's notes for its own client router, which reader pages leave without (lib/edge/reader-page.ts):
  // two header lines fewer for Node to check and write on every hit.
  "x-nextjs-prerender",
  "x-nextjs-stale-time",
  // One request's id (lib/observability/request-log.ts): each hit carries its own.
  "x-request-id",
  ...SECURITY_HEADER_NAMES,
]);

type Headers = Record<string, string | string[] | number | undefined>;

/**
 * Seconds a response may be kept, or null when it must not be: only a plain 200 that Next itself
 * served from (or just wrote to) its page cache (`x-nextjs-cache` HIT or MISS, never STALE, whose
 * body Next is replacing in the background), public (`s-maxage`, nothing private), without cookies
 * and uncompressed.
 */
export function keepFor(status: number, headers: Headers): number | null {
  if (status !== 200) return null;
  const cache = String(headers["x-nextjs-cache"] ?? "");
  if (cache !== "HIT" && cache !== "MISS") return null;
  if (headers["set-cookie"] !== undefined || headers["content-encoding"] !== undefined) return null;
  const control = String(headers["cache-control"] ?? "");
  if (/private|no-store|no-cache/.test(control)) return null;
  const sMaxAge = /s-maxage=(\d+)/.exec(control);
  return sMaxAge ? Number(sMaxAge[1]) : null;
}

/**
 * Seconds a page Next renders for each request (a search) may be kept by the edge, which alone decides
 * it may be shared (lib/edge/hit-path.ts): a plain 200 without cookies, uncompressed.
 */
export function keepRenderedFor(status: number, headers: Headers, seconds: number): number | null {
  if (status !== 200) return null;
  if (headers["set-cookie"] !== undefined || headers["content-encoding"] !== undefined) return null;
  return seconds;
}

export async function buildStoredResponse(input: {
  status: number;
  headers: Headers;
  body: Buffer;
  tags: string[];
  storedAt: number;
  ttlSeconds: number;
  extraHeaders: [string, string][];
  /** False for bytes already compressed (images): every encoding then answers the same bytes. */
  compress?: boolean;
  /** At the best levels at once: a file that never changes, compressed once. */
  best?: boolean;
  /** The Vary to send (default Accept-Encoding): a resized image varies by Accept. */
  vary?: string;
}): Promise<StoredResponse> {
  const compression: Compression = input.compress === false ? "none" : input.best ? "best" : "fast";
  const [gz, br] = compression === "none" ? [input.body, input.body] : await compressBody(input.body, compression);
  // The validator Next (or a feed) sent with the first answer, so a client's copy from the miss is
  // recognised by the hits; our own hash of the bytes when there was none.
  const upstream = input.headers["etag"];
  const etag =
    typeof upstream === "string" && upstream !== ""
      ? upstream
      : `"${createHash("sha1").update(input.body).digest("base64url")}"`;
  const common: string[] = [];
  for (const [name, value] of Object.entries(input.headers)) {
    if (value === undefined || NOT_STORED.has(name)) continue;
    for (const v of Array.isArray(value) ? value : [String(value)]) common.push(name, v);
  }
  for (const [name, value] of input.extraHeaders) common.push(name, value);
  common.push("etag", etag, "vary", input.vary ?? "Accept-Encoding", "x-newsroom-cache", "hit");
  return {
    status: input.status,
    etag,
    tags: input.tags,
    storedAt: input.storedAt,
    expiresAt: input.storedAt + input.ttlSeconds * 1000,
    usedAt: input.storedAt,
    ...encoded(common, { identity: input.body, gzip: gz, br }, compression),
    notModifiedHeaders: notModifiedHeadersOf(common),
    lastModified: lastModifiedOf(input.headers),
  };
}

/** The bodies with a header list for each (the `common` lines, then the encoding's own) and the size kept. */
function encoded(common: string[], bodies: Record<Encoding, Buffer>, compression: Compression) {
  const compressed = compression !== "none";
  // Content-Length last: compressedBest takes the common lines back from the identity list.
  const headersFor = (encoding: Encoding) => [
    ...common,
    ...(encoding === "identity" || !compressed ? [] : ["content-encoding", encoding]),
    "content-length",
    String(bodies[encoding].length),
  ];
  const size =
    bodies.identity.length + (compressed ? bodies.gzip.length + bodies.br.length : 0) + common.join("").length + 512;
  return {
    bodies,
    headers: { identity: headersFor("identity"), gzip: headersFor("gzip"), br: headersFor("br") },
    size,
    compression,
  };
}

/** The same answer with its bodies compressed at the best levels. */
async function compressedBest(entry: StoredResponse): Promise<StoredResponse> {
  const [gz, br] = await compressBody(entry.bodies.identity, "best");
  // The identity list is the common lines and its own Content-Length.
  const common = entry.headers.identity.slice(0, -2);
  return { ...entry, ...encoded(common, { identity: entry.bodies.identity, gzip: gz, br }, "best") };
}

// What a 304 repeats of the full answer (RFC 9110 §15.4.5), and the security headers.
const KEPT_FOR_NOT_MODIFIED = new Set([
  "cache-control",
  "etag",
  "vary",
  "content-location",
  "expires",
  "last-modified",
]);

function notModifiedHeadersOf(flat: string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < flat.length; i += 2) {
    const name = flat[i].toLowerCase();
    if (KEPT_FOR_NOT_MODIFIED.has(name) || SECURITY_HEADER_NAMES.has(name)) kept.push(flat[i], flat[i + 1]);
  }
  return kept;
}

// Browsers send a handful of distinct Accept-Encoding values; parsing one allocates, so hits look the
// answer up. Bounded: a client sending a new value per request only empties the memo.
const negotiated = new Map<string, Encoding>();

/** The best encoding the client accepts (brotli, then gzip); identity without Accept-Encoding. */
export function negotiateEncoding(acceptEncoding: string | string[] | undefined): Encoding {
  if (!acceptEncoding) return "identity";
  const value = Array.isArray(acceptEncoding) ? acceptEncoding.join(",") : acceptEncoding;
  let encoding = negotiated.get(value);
  if (encoding === undefined) {
    if (negotiated.size >= 256) negotiated.clear();
    negotiated.set(value, (encoding = parseAcceptEncoding(value)));
  }
  return encoding;
}

function parseAcceptEncoding(value: string): Encoding {
  const accepted = new Set<string>();
  for (const part of value.toLowerCase().split(",")) {
    const [name, ...params] = part.trim().split(";");
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((x) => x !== undefined);
    if (q === undefined || Number(q) > 0) accepted.add(name.trim());
  }
  if (accepted.has("br")) return "br";
  if (accepted.has("gzip")) return "gzip";
  return "identity";
}

/** Whether If-None-Match names this entity (weak comparison, as for GET). */
function lastModifiedOf(headers: Record<string, unknown>): number | null {
  const value = headers["last-modified"];
  const at = typeof value === "string" ? Date.parse(value) : NaN;
  return Number.isNaN(at) ? null : at;
}

/**
 * Whether the client's copy is current (RFC 9110 §13.2.2): If-None-Match, when sent, decides alone;
 * otherwise If-Modified-Since against the stored Last-Modified, to the second.
 */
export function isNotModified(
  entry: Pick<StoredResponse, "etag" | "lastModified">,
  ifNoneMatch: string | undefined,
  ifModifiedSince: string | undefined,
): boolean {
  if (ifNoneMatch !== undefined) return matchesEtag(ifNoneMatch, entry.etag);
  if (ifModifiedSince === undefined || entry.lastModified === null) return false;
  const since = Date.parse(ifModifiedSince);
  return !Number.isNaN(since) && Math.floor(entry.lastModified / 1000) * 1000 <= since;
}

/** The request's headers a stored answer depends on. */
export type StoredAnswerAsk = {
  ifNoneMatch: string | undefined;
  ifModifiedSince: string | undefined;
  acceptEncoding: string | undefined;
};

/**
 * Answers from a stored response: 304 when the client's copy is current, else the body in the encoding
 * the client takes. The prebuilt flat header list (Content-Length included) with `extra` added goes to
 * writeHead in one piece, with no header set on the response before (Node then writes the list as it
 * is, and the headers and body leave in one writev).
 */
export function sendStored(
  req: IncomingMessage,
  res: ServerResponse,
  entry: StoredResponse,
  ask: StoredAnswerAsk,
  extra: string[],
): void {
  if (isNotModified(entry, ask.ifNoneMatch, ask.ifModifiedSince)) {
    res.writeHead(304, [...entry.notModifiedHeaders, ...extra]);
    res.end();
    return;
  }
  const encoding = negotiateEncoding(ask.acceptEncoding);
  res.writeHead(entry.status, [...entry.headers[encoding], ...extra]);
  if (req.method === "HEAD") res.end();
  else res.end(entry.bodies[encoding]);
}

export function matchesEtag(ifNoneMatch: string | string[] | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const value = Array.isArray(ifNoneMatch) ? ifNoneMatch.join(",") : ifNoneMatch;
  if (value.trim() === "*") return true;
  return value.split(",").some((tag) => tag.trim().replace(/^W\//, "") === etag);
}

/**
 * Finished responses by URL, bounded by bytes (least recently used goes first). An invalidation drops
 * every entry that carries one of its tags and was rendered at or before its moment, and is remembered
 * so that a render which began before it and finishes after it is never kept.
 */
export class ResponseStore {
  private entries = new Map<string, StoredResponse>();
  private invalidatedAt = new Map<string, number>();
  private bytes = 0;
  private recompression: Promise<unknown> | null = null;
  /**
   * Told of an entry when it is kept and, at most once a second, when it answers a hit: a worker behind
   * front processes (lib/edge/front.ts) hands them its entries this way, and a hit here means a front
   * lacked it (one started since, or its copy was pushed out).
   */
  onAnnounce: ((key: string, entry: StoredResponse) => void) | null = null;
  /** Holds a copy of every entry kept here and drops it with the entry: the native lane (lib/edge/native-lane.ts). */
  mirror: StoreMirror | null = null;

  constructor(private readonly maxBytes: number) {}

  get size(): number {
    return this.entries.size;
  }

  get totalBytes(): number {
    return this.bytes;
  }

  /** The entry under `key`, expired or not (the caller decides whether a stale copy may still serve). */
  peek(key: string | undefined): StoredResponse | undefined {
    return key === undefined ? undefined : this.entries.get(key);
  }

  /**
   * Marks a hit: least-recently-used order is the Map's insertion order, refreshed at most once a second.
   * A copy compressed fast and still read BEST_AFTER_MS after its render, within its time, is compressed
   * again at the best levels; the result replaces it only if it is still the one kept (not invalidated or
   * renewed meanwhile).
   */
  touch(key: string, entry: StoredResponse, now: number): void {
    if (now - entry.usedAt < 1000 || this.entries.get(key) !== entry) return;
    entry.usedAt = now;
    this.entries.delete(key);
    this.entries.set(key, entry);
    this.onAnnounce?.(key, entry);
    if (entry.compression !== "fast" || now - entry.storedAt < BEST_AFTER_MS || now >= entry.expiresAt) return;
    // One at a time: after a site-wide change every page earns it at once, and the thread pool they run
    // on also compresses new copies and reads files. A copy passed over now is asked again at its next
    // touch, a second later.
    if (this.recompression) return;
    this.recompression = compressedBest(entry)
      .then((best) => this.entries.get(key) === entry && this.set(key, best))
      .catch((error: unknown) => console.error("edge: could not compress", key, error))
      .finally(() => (this.recompression = null));
  }

  /** How many copies are being compressed again at the best levels (at most one). */
  get recompressing(): number {
    return this.recompression ? 1 : 0;
  }

  /** Settles once the copies being compressed again meanwhile are done (kept, or dropped). */
  async recompressed(): Promise<void> {
    await this.recompression;
  }

  /** A fresh entry (touched), or undefined; an expired one is dropped. */
  get(key: string, now: number): StoredResponse | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= now) {
      this.remove(key);
      return undefined;
    }
    this.touch(key, entry, now);
    return entry;
  }

  delete(key: string): void {
    this.remove(key);
  }

  /** Keeps `entry` unless a tag it carries was invalidated since its render began. */
  set(key: string, entry: StoredResponse): boolean {
    if (entry.tags.some((tag) => (this.invalidatedAt.get(tag) ?? -Infinity) >= entry.storedAt)) return false;
    if (entry.size > this.maxBytes) return false;
    this.remove(key);
    this.entries.set(key, entry);
    this.mirror?.put(key, entry);
    this.bytes += entry.size;
    for (const oldest of this.entries.keys()) {
      if (this.bytes <= this.maxBytes) break;
      this.remove(oldest);
    }
    this.onAnnounce?.(key, entry);
    return true;
  }

  /** The fetch of a successor for `key` ended without keeping one (lib/edge/handler.ts capture). */
  fetchEnded(key: string): void {
    this.mirror?.settle(key);
  }

  invalidate({ tags, at }: { tags: string[]; at: number }): void {
    const hit = new Set(tags);
    for (const tag of tags) this.invalidatedAt.set(tag, Math.max(this.invalidatedAt.get(tag) ?? -Infinity, at));
    for (const [key, entry] of this.entries) {
      if (entry.storedAt <= at && entry.tags.some((tag) => hit.has(tag))) this.remove(key);
    }
  }

  private remove(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.bytes -= entry.size;
    this.entries.delete(key);
    this.mirror?.drop(key);
  }
}
