import type { IncomingMessage, ServerResponse } from "node:http";
import { bodyRefusal } from "@/lib/edge/body-limit";
import { CLIENT_IP_HEADER, clientIp } from "@/lib/edge/client-ip";
import { hasSessionCookie, hitKey } from "@/lib/edge/hit-path";
import {
  buildStoredResponse,
  keepFor,
  matchesEtag,
  negotiateEncoding,
  type ResponseStore,
} from "@/lib/edge/response-store";
import { securityHeaders } from "@/lib/edge/security-headers";

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
};

// Larger pages are served by Next each time rather than held in memory.
const MAX_CAPTURE_BYTES = 4 * 1024 * 1024;

/** Every request, in order: client IP, body limit, security headers, then a stored response or Next. */
export function createEdgeHandler(options: EdgeOptions) {
  const { store, trustProxy, tagsFor } = options;
  const now = options.now ?? Date.now;
  const security = securityHeaders({ https: options.https, dev: options.dev ?? false });

  // One capture per URL at a time: a spike of misses for one page compresses it once, not per request.
  const capturing = new Set<string>();

  return function edge(req: IncomingMessage, res: ServerResponse): void {
    // 1. Hit path first: it needs no client IP, and a stored response carries its own headers.
    const key = hitKey(req);
    if (key !== null) {
      const entry = store.get(key, now());
      if (entry) {
        if (matchesEtag(req.headers["if-none-match"], entry.etag)) {
          res.writeHead(304, entry.notModifiedHeaders);
          res.end();
          return;
        }
        const encoding = negotiateEncoding(req.headers["accept-encoding"]);
        res.writeHead(entry.status, entry.headers[encoding]);
        res.end(req.method === "HEAD" ? undefined : entry.bodies[encoding]);
        return;
      }
    }

    // 2. Client IP: decided here, always overwriting the one header the app reads.
    req.headers[CLIENT_IP_HEADER] = clientIp(req.socket.remoteAddress, req.headers["x-forwarded-for"], trustProxy);
    scrubRawHeader(req, CLIENT_IP_HEADER);

    // 3. Security headers on everything Next answers too.
    for (const [name, value] of security) res.setHeader(name, value);

    // 4. Body limit, before anything reads the body.
    const refusal = bodyRefusal({
      method: req.method ?? "GET",
      pathname: (req.url ?? "/").split("?")[0],
      contentLength: req.headers["content-length"],
      chunked: req.headers["transfer-encoding"] !== undefined,
      hasSession: hasSessionCookie(req.headers.cookie),
    });
    if (refusal !== null) {
      res.writeHead(refusal, { "content-type": "text/plain; charset=utf-8", connection: "close" });
      res.end(refusal === 413 ? "Request body too large.\n" : "Length required.\n");
      return;
    }

    // 5. A miss of a storable request: let Next answer, and keep a copy if Next says it may be shared.
    if (key !== null && req.method === "GET" && !capturing.has(key)) capture(req, res, key);
    void options.next(req, res);
  };

  function capture(req: IncomingMessage, res: ServerResponse, key: string) {
    const startedAt = now();
    capturing.add(key);
    let building = false;
    res.once("close", () => {
      if (!building) capturing.delete(key);
    });
    // Next compresses for the client; the stored copy must be the identity bytes (compressed here once).
    delete req.headers["accept-encoding"];
    scrubRawHeader(req, "accept-encoding");
    const chunks: Buffer[] = [];
    let bytes = 0;
    let overflow = false;
    const collect = (chunk: unknown, encoding?: unknown) => {
      if (overflow || chunk === undefined || chunk === null || typeof chunk === "function") return;
      const buffer =
        typeof chunk === "string"
          ? Buffer.from(chunk, typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8")
          : Buffer.from(chunk as Uint8Array);
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
    res.once("finish", () => {
      if (overflow) return;
      const headers = res.getHeaders();
      const ttl = keepFor(res.statusCode, headers);
      const tags = ttl === null ? undefined : tagsFor(key);
      // Without the page's tags nothing could purge it: leave it to Next until the cache handler knows.
      if (ttl === null || ttl <= 0 || !tags?.length) return;
      building = true;
      void buildStoredResponse({
        status: res.statusCode,
        headers,
        body: Buffer.concat(chunks),
        tags,
        storedAt: startedAt,
        ttlSeconds: ttl,
        extraHeaders: security,
      })
        .then((entry) => store.set(key, entry))
        .catch((error: unknown) => console.error("edge: could not keep", key, error))
        .finally(() => capturing.delete(key));
    });
  }
}

// Node keeps the client's original header lines beside `headers`; drop the name there too so nothing
// downstream can read a client-chosen value from them.
function scrubRawHeader(req: IncomingMessage, name: string): void {
  const raw = req.rawHeaders;
  for (let i = raw.length - 2; i >= 0; i -= 2) if (raw[i].toLowerCase() === name) raw.splice(i, 2);
}
