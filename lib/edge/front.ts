// Front processes (FRONT_PROCESSES, lib/cluster/primary.ts): processes without Next in front of the
// site's Next workers. A hit answered inside a process that runs Next pays for Next's AsyncLocalStorage
// hooks on every async resource Node's HTTP internals make, and for call sites Next's own streams made
// megamorphic: a plain node:http server inside the site's workers answered 36,000–44,600 req/s where the
// same server in processes of its own answered 50,000–52,000 (docs/performance.md). A front holds copies
// of the workers' stored pages and files, answers hits from them with the edge's own rules
// (lib/edge/handler.ts), and passes everything else, as it came, to a worker over a private socket.
import http from "node:http";
import { answerHit, refusedRequest, type StoredContext } from "@/lib/edge/handler";
import { hitKey } from "@/lib/edge/hit-path";
import { PEER_HEADER } from "@/lib/edge/client-ip";
import type { Encoding, ResponseStore, StoredResponse } from "@/lib/edge/response-store";
import { REQUEST_ID_HEADER } from "@/lib/observability/request-log";

/** The channel on which workers hand their entries to the fronts (lib/cluster/ipc.mjs tellFronts). */
export const ENTRY_CHANNEL = "edge-entry";
/** The channel on which workers hand the fronts each invalidation as they applied it. */
export const INVALIDATION_CHANNEL = "edge-invalidation";

export type StoreKind = "pages" | "files";

/**
 * A stored response as it travels over the IPC channel (JSON): the bodies as base64, and a file's
 * endless time (Infinity, which JSON writes as null) as null.
 */
export type EntryOnWire = {
  kind: StoreKind;
  key: string;
  entry: Omit<StoredResponse, "bodies" | "expiresAt"> & { bodies: Record<Encoding, string>; expiresAt: number | null };
};

export function encodeEntry(kind: StoreKind, key: string, entry: StoredResponse): EntryOnWire {
  const { identity, gzip, br } = entry.bodies;
  const bodies = {
    identity: identity.toString("base64"),
    // Images are kept uncompressed under every encoding: one copy on the wire.
    gzip: gzip === identity ? "" : gzip.toString("base64"),
    br: br === identity ? "" : br.toString("base64"),
  };
  const expiresAt = Number.isFinite(entry.expiresAt) ? entry.expiresAt : null;
  return { kind, key, entry: { ...entry, bodies, expiresAt } };
}

export function decodeEntry({ entry }: EntryOnWire): StoredResponse {
  const identity = Buffer.from(entry.bodies.identity, "base64");
  const other = (text: string) => (text === "" ? identity : Buffer.from(text, "base64"));
  const bodies = { identity, gzip: other(entry.bodies.gzip), br: other(entry.bodies.br) };
  return { ...entry, bodies, expiresAt: entry.expiresAt ?? Infinity };
}

export type FrontOptions = {
  pages: ResponseStore;
  files: ResponseStore;
  publicFiles: ReadonlySet<string>;
  /** The workers' sockets, taken in turn. */
  upstreams: string[];
  /** The security headers (lib/edge/security-headers.ts), for the front's own refusals. */
  security: [string, string][];
  now?: () => number;
};

// How long a front keeps answering a page past its time after it passed one request for it on to a
// worker (which fetches the successor and hands it over): a render is seconds at worst.
const REFRESH_WAIT_MS = 5_000;

/** A front's request handler, and where the workers' entries arrive. */
export function createFront({ pages, files, publicFiles, upstreams, security, now = Date.now }: FrontOptions) {
  // Past its time a page's next request goes to a worker, which renders its successor and hands it to
  // the fronts; meanwhile the others are answered from the old copy within the edge's grace, as a worker
  // does (lib/edge/handler.ts), not all passed on.
  const refreshing = new Map<string, number>();
  const capturing = { has: (key: string) => (refreshing.get(key) ?? 0) > now() };
  const stored: StoredContext = { store: pages, now, capturing };
  const passOn = createPassOn(upstreams);
  const hit = (req: http.IncomingMessage, res: http.ServerResponse) => answerHit(stored, files, publicFiles, req, res);
  return {
    /** Keeps a worker's entry: the page's refresh, if one was awaited, has come. */
    keep(kind: StoreKind, key: string, entry: StoredResponse): void {
      if (kind === "files") files.set(key, entry);
      else {
        pages.set(key, entry);
        refreshing.delete(key);
      }
    },
    /** Answers a request from the front's copies: true when it did (a hit). */
    hit,
    /** A request: true when answered from the front's copies (a hit), else it went on to a worker. */
    serve(req: http.IncomingMessage, res: http.ServerResponse): boolean {
      if (hit(req, res)) return true;
      // Refused here, before any of the body is read: a worker that refused an upload it was still being
      // sent would close the connection under the front's copy of it.
      if (refusedRequest(req, res, [...security, [REQUEST_ID_HEADER, String(req.headers[REQUEST_ID_HEADER])]]))
        return false;
      const url = req.url!;
      // Only a request the worker would keep the answer of (an anonymous reader's) stands for the refresh.
      if (pages.peek(url) !== undefined && !capturing.has(url) && hitKey(req) === url) {
        if (refreshing.size >= MAX_REFRESHING) refreshing.clear();
        refreshing.set(url, now() + REFRESH_WAIT_MS);
      }
      passOn(req, res);
      return false;
    },
  };
}

// A bound on the pages awaited at once (each an entry past its time that a worker is refreshing).
const MAX_REFRESHING = 10_000;

// A connection's own headers (RFC 9110 §7.6.1), never passed on; Node frames each side's body itself.
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
]);

/**
 * Passes a request to a worker and its answer back, streamed both ways (a live stream stays open as
 * long as its reader). The reader's socket address goes along in PEER_HEADER, replacing any sent, and the
 * request's id (lib/observability/request-log.ts) in place of the one the reader sent; the worker's answer
 * carries it back. A request without a body that cannot reach a worker (one restarting) is tried on the
 * next. Header lines go both ways as the raw lists Node read, not as objects built and checked again.
 */
export function createPassOn(upstreams: string[]) {
  // Workers keep the fronts' connections open as long as the fronts do (keepAliveTimeout 0 there), so a
  // kept connection is not closed under a request. No cap on sockets: a live stream holds one for as long
  // as its reader stays, and a capped pool would make every other request wait behind them.
  const agents = upstreams.map(() => new http.Agent({ keepAlive: true, maxSockets: Infinity }));
  let turn = 0;
  return function passOn(req: http.IncomingMessage, res: http.ServerResponse): void {
    const headers = withoutHopByHop(req.rawHeaders, OWN_REQUEST_HEADERS);
    const id = req.headers[REQUEST_ID_HEADER];
    if (typeof id === "string") headers.push(REQUEST_ID_HEADER, id);
    headers.push(PEER_HEADER, req.socket.remoteAddress ?? "");
    // Node adds no Host to a raw list, and a worker refuses an HTTP/1.1 request without one (an HTTP/1.0
    // health probe sends none).
    if (req.headers.host === undefined) headers.push("Host", "localhost");
    // The body goes on by its framing, whatever the method: a chunked one chunked again (Node's client
    // would send a GET's unframed), one of a stated length as it is.
    const chunked = req.headers["transfer-encoding"] !== undefined;
    if (chunked) headers.push("Transfer-Encoding", "chunked");
    const bodyless = !chunked && (req.headers["content-length"] ?? "0") === "0";
    let asking: http.ClientRequest | null = null;
    res.once("close", () => {
      if (!res.writableFinished) asking?.destroy();
    });
    const first = turn++;
    const ask = (tries: number) => {
      const index = (first + tries) % upstreams.length;
      const request = http.request(
        { socketPath: upstreams[index], agent: agents[index], method: req.method, path: req.url, headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.statusMessage, withoutHopByHop(answer.rawHeaders));
          answer.on("error", () => res.destroy());
          answer.pipe(res);
        },
      );
      asking = request;
      request.on("error", () => {
        if (res.headersSent || res.destroyed) res.destroy();
        // Only a request with no body to give again, and only to each worker once.
        else if (bodyless && tries + 1 < upstreams.length) ask(tries + 1);
        else {
          res.writeHead(502, { "content-type": "text/plain; charset=utf-8", "retry-after": "1", ...idHeader(id) });
          res.end("The site is restarting: try again in a moment.\n");
        }
      });
      if (bodyless) request.end();
      else req.pipe(request);
    };
    ask(0);
  };
}

// What a reader may not say to a worker: the fronts write these themselves.
const OWN_REQUEST_HEADERS = new Set([PEER_HEADER, REQUEST_ID_HEADER]);

/** A raw header list (name, value, …) without a connection's own lines and the `dropped` names. */
function withoutHopByHop(raw: string[], dropped?: ReadonlySet<string>): string[] {
  const kept: string[] = [];
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i].toLowerCase();
    if (!HOP_BY_HOP.has(name) && !dropped?.has(name)) kept.push(raw[i], raw[i + 1]);
  }
  return kept;
}

const idHeader = (id: string | string[] | undefined) => (typeof id === "string" ? { [REQUEST_ID_HEADER]: id } : {});
