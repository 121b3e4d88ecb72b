import type { IncomingMessage, ServerResponse } from "node:http";
import { answerKeptApi, isApiRead, isKeptApiRequest, keepApiAnswer } from "@/lib/edge/api-answers";
import { bodyRefusal } from "@/lib/edge/body-limit";
import type { CommentDoor } from "@/lib/edge/comment-post";
import { CLIENT_IP_HEADER, clientIp, peerAddress } from "@/lib/edge/client-ip";
import { decodeRemembered } from "@/lib/comments/cookies";
import { fileCacheControl, fileKeepSeconds, fileMatch, isCompressible, type FileMatch } from "@/lib/edge/files";
import {
  fileHeaders,
  hasSessionCookie,
  hitHeaders,
  hitKey,
  isSearchKey,
  readFileHeaders,
  readHitHeaders,
  SEARCH_KEEP_SECONDS,
  SEARCH_TAGS,
} from "@/lib/edge/hit-path";
import { askForIdentity, decodeCookieValue, scrubRawHeader, writtenBytes } from "@/lib/edge/messages";
import { prefillReplyForm } from "@/lib/edge/prefill";
import { isReaderPageRequest, sendWithoutClientRuntime } from "@/lib/edge/reader-page";
import {
  buildStoredResponse,
  keepFor,
  keepRenderedFor,
  negotiateEncoding,
  sendStored,
  type ResponseStore,
  type StoredResponse,
} from "@/lib/edge/response-store";
import { securityHeaders } from "@/lib/edge/security-headers";
import { REQUEST_ID_HEADER, requestIdHeader } from "@/lib/observability/request-log";

export type EdgeOptions = {
  /** Next's request handler (or anything that answers what the edge does not). */
  next: (req: IncomingMessage, res: ServerResponse) => unknown;
  store: ResponseStore;
  trustProxy: boolean;
  https: boolean;
  dev?: boolean;
  /** The cache tags of the page Next stored under this pathname (lib/cache/bus.mjs). */
  tagsFor: (pathname: string) => string[] | undefined;
  now?: () => number;
  /** Where build output, public/ files, icons and resized images are kept (lib/edge/files.ts); none: Next answers them. */
  files?: ResponseStore;
  /** public/'s files by address (`/brand/icon-192.png`). */
  publicFiles?: ReadonlySet<string>;
  /** The reader's 404 page as the edge answers it (lib/edge/reader-page.ts), or null when it cannot. */
  notFoundPage?: () => Promise<Buffer | null>;
  /** Takes reply forms posted without JavaScript (lib/edge/comment-post.ts); none: Next takes every post. */
  commentDoor?: CommentDoor;
  /** Content API answers, kept apart from pages (lib/edge/api-answers.ts); none: Next answers them all. */
  apiAnswers?: ResponseStore;
};

// How many searches asked for once are remembered, waiting for a second asking (bounded memory).
const MAX_SEARCHES_SEEN_ONCE = 10_000;

// Larger pages are served by Next each time rather than held in memory.
const MAX_CAPTURE_BYTES = 4 * 1024 * 1024;

// Past its s-maxage an entry keeps answering while one request fetches its successor from Next (as
// Next's own stale-while-revalidate does), so a hot page's expiry is not a burst of renders and a
// latency spike; an edit never waits for this, invalidation drops entries at once.
export const STALE_GRACE_MS = 60_000;

// The clock as it was before Next loaded: Next wraps Date.now (to track clock reads in prerenders) and
// the hit path reads it per request. server.ts imports this module before it imports Next.
const systemNow = Date.now;

/**
 * Every request, in order: a stored response, or client IP, security headers, body limit, then Next.
 * The handler returns true when it answered from the store (a hit).
 */
export function createEdgeHandler(options: EdgeOptions) {
  const { store, trustProxy, files, apiAnswers } = options;
  const now = options.now ?? systemNow;
  const security = securityHeaders({ https: options.https, dev: options.dev ?? false });
  const { capturing, toNext } = createMissPath(options, now, security);
  const publicFiles = options.publicFiles ?? new Set<string>();
  const stored: StoredContext = { store, now, capturing };
  const passToNext = (req: IncomingMessage, res: ServerResponse) => toNext(req, res, null, null);

  const hit = (req: IncomingMessage, res: ServerResponse) => answerHit(stored, files, publicFiles, req, res);

  function edge(req: IncomingMessage, res: ServerResponse): boolean {
    // 0. Files (build output, public/, icons, resized images): the same for everyone.
    const file = files === undefined ? null : answerFile(req, res, files, publicFiles, now);
    if (file === true) return true;
    // 1. Hit path first: it needs no client IP, and a stored response carries its own headers.
    if (answerStoredPage(stored, req, res)) return true;
    // 1½. A kept Content API answer, sent once the request's key has passed.
    if (apiAnswers && answerKeptApi(apiAnswers, req, res, security, now())) return true;
    const key = hitKey(req);

    // 2. Client IP: decided here, always overwriting the one header the app reads.
    req.headers[CLIENT_IP_HEADER] = clientIp(peerAddress(req), req.headers["x-forwarded-for"], trustProxy);
    scrubRawHeader(req, CLIENT_IP_HEADER);

    // 3. Security headers on everything Next answers too, and the request's id.
    for (const [name, value] of security) res.setHeader(name, value);
    const id = req.headers[REQUEST_ID_HEADER];
    if (typeof id === "string") res.setHeader(REQUEST_ID_HEADER, id);

    // 4. Body limit, before anything reads the body; an address that cannot be decoded is refused
    //    here too (Next would fail to render its 400 page for it and answer 500).
    if (refusedRequest(req, res)) return false;

    // 4½. A reply form posted without JavaScript: stored here when the rules accept it, else on to Next
    //     (steps 5–6) with its body given again.
    if (options.commentDoor?.(req, res, passToNext)) return false;
    toNext(req, res, key, file);
    return false;
  }
  return Object.assign(edge, { hit });
}

/**
 * Steps 5 and 6, what Next answers: `toNext` lets Next answer and keeps a copy in the store it belongs
 * to when it may be shared; `capturing` holds the pages whose successor is being fetched.
 */
function createMissPath(options: EdgeOptions, now: () => number, security: [string, string][]) {
  const { store, files, apiAnswers } = options;
  const { capture, capturing } = createCapture({ store, now, tagsFor: options.tagsFor, security });
  const captureFile = files ? createFileCapture(files, now, security) : undefined;
  // 5. A miss of a storable request: let Next answer, and keep a copy if Next says it may be shared.
  // 6. A reader page leaves without Next's client runtime (lib/edge/reader-page.ts), kept copies too.
  function toNext(req: IncomingMessage, res: ServerResponse, key: string | null, file: FileMatch | null): void {
    const encoding = negotiateEncoding(req.headers["accept-encoding"]);
    let kept = false;
    if (key !== null && req.method === "GET") kept = capture(req, res, key);
    else if (file && captureFile && req.method === "GET") captureFile(req, res, file);
    else if (apiAnswers && isApiRead(req)) {
      const keep = req.method === "GET" && isKeptApiRequest(req);
      keepApiAnswer(apiAnswers, req, res, keep ? teeBody : null, security, now);
    }
    if (file === null && isReaderPageRequest(req.method, req.url ?? "/"))
      sendWithoutClientRuntime(req, res, kept ? "identity" : encoding, options.notFoundPage);
    void options.next(req, res);
  }
  return { capturing, toNext };
}

/** `capturing`: the keys whose successor is being fetched, which may serve past their time within the grace. */
export type StoredContext = { store: ResponseStore; now: () => number; capturing: Pick<ReadonlySet<string>, "has"> };

/**
 * Steps 0 and 1 alone, a stored file or page (true when answered): for the hit lane
 * (lib/edge/hit-lane.ts) and a front process (lib/edge/front.ts). `files`: none, files are Next's.
 */
export function answerHit(
  stored: StoredContext,
  files: ResponseStore | undefined,
  publicFiles: ReadonlySet<string>,
  req: IncomingMessage,
  res: ServerResponse,
): boolean {
  return (
    (files !== undefined && answerFile(req, res, files, publicFiles, stored.now) === true) ||
    answerStoredPage(stored, req, res)
  );
}

/**
 * Step 1: a stored page. Only URLs that passed hitKey's URL rules are ever stored, so a store lookup on
 * the raw URL stands in for them; the method and header rules are checked here, on the raw header lines.
 */
export function answerStoredPage(
  { store, now, capturing }: StoredContext,
  req: IncomingMessage,
  res: ServerResponse,
): boolean {
  const url = req.url!;
  const entry = store.peek(url);
  if (entry === undefined || (req.method !== "GET" && req.method !== "HEAD") || !readHitHeaders(req.rawHeaders))
    return false;
  const at = now();
  // A remembered commenter cannot fetch the successor (Next renders their own variant), so within
  // the grace they get the old copy too, and the next anonymous reader refreshes it.
  const graced = capturing.has(url) || hitHeaders.remembered !== undefined;
  if (entry.expiresAt > at || (graced && at < entry.expiresAt + STALE_GRACE_MS)) {
    if (hitHeaders.remembered === undefined) {
      store.touch(url, entry, at);
      serveStored(req, res, entry, at);
      return true;
    }
    if (servePrefilled(req, res, entry, hitHeaders.remembered, at)) {
      store.touch(url, entry, at);
      return true;
    }
  }
  // Expired and nobody fetching its successor: this request does (below), or it is too old to serve.
  if (at >= entry.expiresAt + STALE_GRACE_MS) store.delete(url);
  return false;
}

/**
 * Answers from a stored response, with the request's conditional and Accept-Encoding headers in
 * `hitHeaders`, and the copy's Age (RFC 9111 §5.1): a cache in front of the site counts the time the copy
 * has already spent here against its s-maxage, rather than keeping it a whole s-maxage more.
 */
function serveStored(req: IncomingMessage, res: ServerResponse, entry: StoredResponse, at: number): void {
  const age = String(Math.max(0, Math.floor((at - entry.storedAt) / 1000)));
  sendStored(req, res, entry, hitHeaders, ["Age", age, ...requestIdHeader(req)]);
}

/**
 * Answers a remembered commenter from a stored page with the reply form filled in from their cookie
 * (lib/edge/prefill.ts); false when that page cannot be filled in, and Next renders it for them.
 * Their copy is theirs alone: no validator, never stored by a browser or a proxy.
 */
function servePrefilled(
  req: IncomingMessage,
  res: ServerResponse,
  entry: StoredResponse,
  cookie: string,
  at: number,
): boolean {
  const author = decodeRemembered(decodeCookieValue(cookie));
  const body = author ? prefillReplyForm(entry.bodies.identity, author) : entry.bodies.identity;
  if (body === null) return false;
  // Nothing of theirs in it (no reply form on the page, or no details in the cookie): the shared answer.
  if (body === entry.bodies.identity) return (serveStored(req, res, entry, at), true);
  const headers: string[] = [];
  const flat = entry.headers.identity;
  for (let i = 0; i < flat.length; i += 2)
    if (!PRIVATE_COPY_DROPS.has(flat[i].toLowerCase())) headers.push(flat[i], flat[i + 1]);
  headers.push("Cache-Control", "private, no-store", "Content-Length", String(body.length), ...requestIdHeader(req));
  res.writeHead(entry.status, headers);
  if (req.method === "HEAD") res.end();
  else res.end(body);
  return true;
}

const PRIVATE_COPY_DROPS = new Set(["cache-control", "content-length", "etag", "last-modified"]);

/**
 * Step 4: a body larger than the route may take (413, or 411 without a length) or an address that cannot
 * be decoded (400), answered here (true). `security`: headers to send with the refusal, when nothing has
 * set them on the response yet (a front process, lib/edge/front.ts).
 */
export function refusedRequest(req: IncomingMessage, res: ServerResponse, security?: [string, string][]): boolean {
  if (!refusedBody(req, res, security)) return refusedPath(req, res, security);
  return true;
}

/** Answers 400 for a path with malformed percent-encoding (`/articles/%ff`); true when it did. */
function refusedPath(req: IncomingMessage, res: ServerResponse, security: [string, string][] = []): boolean {
  const url = req.url ?? "/";
  const pathname = url.slice(0, (url.indexOf("?") + 1 || url.length + 1) - 1);
  if (!pathname.includes("%")) return false;
  try {
    decodeURIComponent(pathname);
    return false;
  } catch {
    for (const [name, value] of security) res.setHeader(name, value);
    res.writeHead(400, { "content-type": "text/plain; charset=utf-8" });
    res.end("Bad request: the address is not valid.\n");
    return true;
  }
}

/** Answers 413 (or 411) for a body larger than the route may take; true when it did. */
function refusedBody(req: IncomingMessage, res: ServerResponse, security: [string, string][] = []): boolean {
  const refusal = bodyRefusal({
    method: req.method ?? "GET",
    pathname: (req.url ?? "/").split("?")[0],
    contentLength: req.headers["content-length"],
    chunked: req.headers["transfer-encoding"] !== undefined,
    hasSession: hasSessionCookie(req.headers.cookie),
  });
  if (refusal === null) return false;
  for (const [name, value] of security) res.setHeader(name, value);
  res.writeHead(refusal, { "content-type": "text/plain; charset=utf-8", connection: "close" });
  res.end(refusal === 413 ? "Request body too large.\n" : "Length required.\n");
  return true;
}

type CaptureOptions = {
  store: ResponseStore;
  now: () => number;
  tagsFor: EdgeOptions["tagsFor"];
  security: [string, string][];
};

/** Keeps what Next answers for a storable URL, when Next says it may be shared and its tags are known. */
function createCapture({ store, now, tagsFor, security }: CaptureOptions) {
  // One capture per URL at a time: a spike of misses for one page compresses it once, not per request.
  const capturing = new Set<string>();
  // A search is kept only once it has been asked for again: queries that come once (or a flood of
  // made-up ones) never push readers' pages out of the store.
  const searchesSeenOnce = new Set<string>();
  /** True when this answer is being kept (it must then reach the store as identity bytes). */
  function capture(req: IncomingMessage, res: ServerResponse, key: string): boolean {
    if (capturing.has(key)) return false;
    if (isSearchKey(key) && !searchesSeenOnce.delete(key)) {
      if (searchesSeenOnce.size >= MAX_SEARCHES_SEEN_ONCE) searchesSeenOnce.clear();
      searchesSeenOnce.add(key);
      return false;
    }
    const startedAt = now();
    capturing.add(key);
    let building = false;
    res.once("close", () => {
      if (building) return;
      capturing.delete(key);
      store.fetchEnded(key);
    });
    // Next compresses for the client; the stored copy must be the identity bytes (the store compresses them).
    askForIdentity(req);
    const body = teeBody(res);
    res.once("finish", () => {
      const bytes = body();
      const headers = res.getHeaders();
      const search = isSearchKey(key);
      const keep = search
        ? keepRenderedFor(res.statusCode, headers, SEARCH_KEEP_SECONDS)
        : keepFor(res.statusCode, headers);
      const ttl = bytes === null ? null : keep;
      const tags = ttl === null ? undefined : search ? SEARCH_TAGS : tagsFor(key);
      // Without the page's tags nothing could purge it: leave it to Next until the cache handler knows.
      if (bytes === null || ttl === null || ttl <= 0 || !tags?.length) return;
      building = true;
      void buildStoredResponse({
        ...{ status: res.statusCode, headers, body: bytes, tags },
        ...{ storedAt: startedAt, ttlSeconds: ttl, extraHeaders: security },
      })
        .then((entry) => store.set(key, entry))
        .catch((error: unknown) => console.error("edge: could not keep", key, error))
        .finally(() => {
          capturing.delete(key);
          store.fetchEnded(key);
        });
    });
    return true;
  }
  return { capture, capturing: capturing as ReadonlySet<string> };
}

/**
 * Answers a file request from `files` when it holds a current copy (true); otherwise the file's match
 * (Next answers it and `createFileCapture` keeps the copy), or null for anything else.
 */
export function answerFile(
  req: IncomingMessage,
  res: ServerResponse,
  files: ResponseStore,
  publicFiles: ReadonlySet<string>,
  now: () => number,
): FileMatch | true | null {
  const url = req.url ?? "/";
  // Cheap refusal first: every file address starts with one of these characters' paths.
  if (url.startsWith("/_next/image")) readFileHeaders(req.rawHeaders);
  else fileHeaders.accept = undefined;
  const match = fileMatch(url, publicFiles, fileHeaders.accept);
  if (match === null || (req.method !== "GET" && req.method !== "HEAD")) return null;
  const entry = files.peek(match.key);
  if (entry === undefined) return match;
  const at = now();
  if (entry.expiresAt <= at) {
    files.delete(match.key);
    return match;
  }
  if (!url.startsWith("/_next/image")) readFileHeaders(req.rawHeaders);
  files.touch(match.key, entry, at);
  serveStored(req, res, entry, at);
  return true;
}

/** Keeps Next's 200 answer to a file request, one capture per key at a time. */
function createFileCapture(files: ResponseStore, now: () => number, security: [string, string][]) {
  const capturing = new Set<string>();
  return function captureFile(req: IncomingMessage, res: ServerResponse, { key, kind }: FileMatch): void {
    if (capturing.has(key)) return;
    capturing.add(key);
    let building = false;
    res.once("close", () => {
      if (!building) capturing.delete(key);
    });
    askForIdentity(req);
    const body = teeBody(res);
    const storedAt = now();
    res.once("finish", () => {
      const bytes = body();
      const headers = { ...res.getHeaders() };
      if (bytes === null || res.statusCode !== 200 || headers["content-encoding"] !== undefined) return;
      if (headers["set-cookie"] !== undefined) return;
      headers["cache-control"] = fileCacheControl(kind, req.url ?? "", headers["cache-control"]);
      building = true;
      void buildStoredResponse({
        ...{ status: 200, headers, body: bytes, tags: [], storedAt, extraHeaders: security },
        ttlSeconds: fileKeepSeconds(kind, headers["cache-control"]),
        compress: isCompressible(headers["content-type"]),
        best: true,
        vary: kind === "image" ? "Accept" : "Accept-Encoding",
      })
        .then((entry) => files.set(key, entry))
        .catch((error: unknown) => console.error("edge: could not keep", key, error))
        .finally(() => capturing.delete(key));
    });
  };
}

/** Copies what is written to `res` as it goes; the bytes at the end, or null past MAX_CAPTURE_BYTES. */
function teeBody(res: ServerResponse): () => Buffer | null {
  const chunks: Buffer[] = [];
  let bytes = 0;
  let overflow = false;
  const collect = (chunk: unknown, encoding?: unknown) => {
    const buffer = overflow ? null : writtenBytes(chunk, encoding);
    if (buffer === null) return;
    bytes += buffer.length;
    if (bytes > MAX_CAPTURE_BYTES) overflow = true;
    else chunks.push(buffer);
  };
  const write = res.write.bind(res) as (...args: unknown[]) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  res.write = ((...args: unknown[]) => {
    collect(args[0], args[1]);
    return write(...args);
  }) as typeof res.write;
  res.end = ((...args: unknown[]) => {
    collect(args[0], args[1]);
    return end(...args);
  }) as typeof res.end;
  return () => (overflow ? null : Buffer.concat(chunks));
}
