// Reader pages are sent without Next's client runtime. Reading, commenting, search and navigation all
// work as plain HTML (they must, for readers without JavaScript), so React, the router and the page's
// RSC payload (inlined for hydration, half of a story's bytes) buy a reader nothing but a slower view:
// 9–11 scripts, 144–174 KB gzip. What a reader page does with JavaScript is its own few KB in public/
// (reader.js, comment-form.js, live.js). The newsroom (/admin, /login) keeps the runtime it needs.
import type { IncomingMessage, ServerResponse } from "node:http";
import zlib from "node:zlib";
import { askForIdentity, writtenBytes } from "@/lib/edge/messages";
import type { Encoding } from "@/lib/edge/response-store";

// Addresses whose HTML keeps Next's runtime: the newsroom and its sign-in. /api answers no HTML.
const RUNTIME_PREFIXES = ["/admin", "/login", "/api/", "/_next/"];

/** Whether an HTML answer to this request is a reader page, sent without the client runtime. */
export function isReaderPageRequest(method: string | undefined, url: string): boolean {
  if (method !== "GET" && method !== "POST") return false;
  for (const prefix of RUNTIME_PREFIXES) {
    if (url.startsWith(prefix)) {
      const next = url.charAt(prefix.length);
      // "/admin" and "/admin/…", never "/administration-news".
      if (prefix.endsWith("/") || next === "" || next === "/" || next === "?" || next === "#") return false;
    }
  }
  return true;
}

// Next's bootstrap: its chunk scripts and their preloads, the bundler's chunk list and the RSC payload
// pushes. React's own inline instructions ($RC, $RS: they reveal streamed Suspense content) and data
// scripts (JSON-LD) stay. React escapes "<" inside inline scripts, so "</script>" ends each one.
const RUNTIME_SCRIPT = /<script\b[^>]*\bsrc="\/_next\/[^"]*"[^>]*><\/script>/g;
const RUNTIME_PRELOAD = /<link\b[^>]*\bas="script"[^>]*\bhref="\/_next\/[^"]*"[^>]*\/?>/g;
const RUNTIME_INLINE = /<script(?: id="[\w-]+")?>(?:\(?self\.__next_f|\(globalThis\["TURBOPACK"\])[\s\S]*?<\/script>/g;

/** A reader page's HTML without Next's client runtime (scripts, their preloads, the RSC payload). */
export function withoutClientRuntime(html: string): string {
  return html.replace(RUNTIME_SCRIPT, "").replace(RUNTIME_PRELOAD, "").replace(RUNTIME_INLINE, "");
}

// Marks the validator: Next's ETag names the page with its runtime, and a client holding that copy
// must not be told by Next (on a miss) that it is current.
const ETAG_SUFFIX = "-r";

// Below this, compressing costs more than it saves.
const MIN_COMPRESS_BYTES = 1024;

type Callback = (error?: Error | null) => void;

/**
 * Rewrites Next's HTML answer to a reader page on its way out: the body is gathered (a reader page is
 * tens of KB), cut to its content and sent with its own length, compressed here when the client asks
 * (Next is asked for identity bytes, as the edge's store needs anyway). Anything that is not HTML (a
 * redirect, an RSC payload, a file) passes through untouched. `encoding`: what the client accepts, or
 * identity while the edge keeps a copy of this answer (the store compresses its copy itself).
 */
export function sendWithoutClientRuntime(
  req: IncomingMessage,
  res: ServerResponse,
  encoding: Encoding,
  notFoundPage?: () => Promise<Buffer | null>,
): void {
  askForIdentity(req);
  // Next (its compression, on-headers) wraps these after this does: each override stays in place and
  // hands on to what it replaced, so those later wrappers keep seeing every call.
  const original = { writeHead: res.writeHead, write: res.write, end: res.end, flushHeaders: res.flushHeaders };
  const chunks: Buffer[] = [];
  // "through": not a page (decided at the first header write or body chunk); "sending": the rewritten
  // page is on its way, through the originals.
  let mode: "undecided" | "rewrite" | "through" | "sending" = "undecided";
  const rewriting = (): boolean => {
    if (mode === "undecided") {
      const type = String(res.getHeader("content-type") ?? "");
      mode = type.startsWith("text/html") && res.getHeader("content-encoding") === undefined ? "rewrite" : "through";
    }
    return mode === "rewrite";
  };

  // Headers wait for the rewritten body: Next flushes them with its first chunk.
  res.flushHeaders = () => {
    if (!rewriting()) original.flushHeaders.call(res);
  };
  res.writeHead = ((status: number, ...rest: unknown[]) => {
    if (mode === "through" || mode === "sending") return original.writeHead.call(res, status, ...(rest as []));
    res.statusCode = status;
    setHeadersOf(
      res,
      rest.find((r) => typeof r === "object" && r !== null),
    );
    return rewriting() ? res : original.writeHead.call(res, status);
  }) as typeof res.writeHead;
  res.write = ((chunk: unknown, encodingName?: unknown, callback?: Callback) => {
    if (!rewriting())
      return (original.write as (...args: unknown[]) => boolean).call(res, chunk, encodingName, callback);
    collect(chunks, chunk, encodingName);
    const done = typeof encodingName === "function" ? (encodingName as Callback) : callback;
    if (done) process.nextTick(done);
    return true;
  }) as typeof res.write;
  res.end = ((chunk?: unknown, encodingName?: unknown, callback?: Callback) => {
    const end = original.end as (...args: unknown[]) => ServerResponse;
    if (!rewriting()) return end.call(res, chunk, encodingName, callback);
    collect(chunks, chunk, encodingName);
    mode = "sending";
    const done = [chunk, encodingName, callback].find((a) => typeof a === "function") as Callback | undefined;
    const page = Buffer.concat(chunks);
    const send = (body: Buffer) => end.call(res, finishedPage(res, body, encoding), done);
    const instead = notFoundPageInstead(req, res, page, notFoundPage);
    if (instead) void instead.then(send);
    else send(page);
    return res;
  }) as typeof res.end;
}

/** The headers `writeHead` was given (an object or a flat list), set on `res` to be sent later. */
function setHeadersOf(res: ServerResponse, headers: unknown): void {
  if (Array.isArray(headers))
    for (let i = 0; i < headers.length; i += 2) res.setHeader(String(headers[i]), headers[i + 1] as string);
  else if (headers)
    for (const [name, value] of Object.entries(headers as Record<string, string | string[] | number>))
      res.setHeader(name, value);
}

function collect(chunks: Buffer[], chunk: unknown, encodingName: unknown): void {
  const bytes = writtenBytes(chunk, encodingName);
  if (bytes !== null) chunks.push(bytes);
}

/**
 * The reader's 404 page, a plain page in the site's layout: Next 16 answers a reader address with nothing
 * behind it (notFound()) with an empty `<html id="__next_error__">` shell that its client runtime fills
 * in from the RSC payload, which is blank without JavaScript. The edge sends this page in its place.
 */
export const NOT_FOUND_PATH = "/page-not-found";

/** The reader's 404 page to send in place of Next's empty not-found shell, or null when `page` is not one. */
function notFoundPageInstead(
  req: IncomingMessage,
  res: ServerResponse,
  page: Buffer,
  notFoundPage: (() => Promise<Buffer | null>) | undefined,
): Promise<Buffer> | null {
  if (!notFoundPage || res.statusCode !== 404 || req.url === NOT_FOUND_PATH) return null;
  if (!page.subarray(0, 64).includes('<html id="__next_error__"')) return null;
  return notFoundPage().then(
    (found) => found ?? page,
    () => page,
  );
}

/** The page's bytes as sent, with the headers that describe them set on `res`. */
function finishedPage(res: ServerResponse, page: Buffer, encoding: Encoding): Buffer {
  const body = Buffer.from(withoutClientRuntime(page.toString("utf8")));
  const etag = res.getHeader("etag");
  if (typeof etag === "string" && etag.endsWith('"') && !etag.endsWith(`${ETAG_SUFFIX}"`))
    res.setHeader("etag", `${etag.slice(0, -1)}${ETAG_SUFFIX}"`);
  const sent = encoding !== "identity" && body.length >= MIN_COMPRESS_BYTES ? compressed(body, encoding) : body;
  if (sent !== body) {
    res.setHeader("content-encoding", encoding);
    const vary = String(res.getHeader("vary") ?? "");
    if (!/accept-encoding/i.test(vary)) res.setHeader("vary", vary ? `${vary}, Accept-Encoding` : "Accept-Encoding");
  }
  res.setHeader("content-length", sent.length);
  return sent;
}

function compressed(body: Buffer, encoding: "br" | "gzip"): Buffer {
  // Fast settings: this answer is for one visitor (a stored page that stays read is compressed again at
  // the best levels, lib/edge/response-store.ts).
  return encoding === "br"
    ? zlib.brotliCompressSync(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } })
    : zlib.gzipSync(body, { level: 6 });
}
