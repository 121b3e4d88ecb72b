import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { clientIp, peerAddress } from "@/lib/edge/client-ip";
import { logger, type RequestLines } from "./logger";
import { countRequest, routeKind } from "./metrics";

export const REQUEST_ID_HEADER = "x-request-id";

/**
 * This request's id as header lines to add to a stored answer's (lib/edge), which go to writeHead in
 * one list: a header set on the response first would make Node set every one of the list in turn (3%
 * of a hit).
 */
export function requestIdHeader(req: IncomingMessage): string[] {
  const id = req.headers[REQUEST_ID_HEADER];
  return typeof id === "string" ? ["X-Request-Id", id] : [];
}

// Query strings that may carry a sign-in's callback, a token or a reader's address are left out of the
// log: the newsroom, sign-in, the APIs, and anything naming an email or a token.
const QUERY_DROPPED = /^\/(?:admin|login|api|preview|newsletter|subscribe|unsubscribe)(?:[/?]|$)/;
const QUERY_SECRET = /[?&](?:email|token|key|code|password)=/i;

/** The path as logged: without its query string where the query could hold something private. */
export function loggedPath(url: string): string {
  const q = url.indexOf("?");
  if (q === -1) return url;
  return QUERY_DROPPED.test(url) || QUERY_SECRET.test(url) ? url.slice(0, q) : url;
}

// Without TRUST_PROXY the address is the socket's: worked out once per connection, not once per request
// of a keep-alive connection.
const SOCKET_IP = Symbol("newsroom.clientIp");
function socketIp(req: IncomingMessage): string {
  const socket = req.socket as IncomingMessage["socket"] & { [SOCKET_IP]?: string };
  return (socket[SOCKET_IP] ??= clientIp(socket.remoteAddress, undefined, false));
}

/**
 * One log line per request, written when its response has been handed to the socket: method, path,
 * status, duration, edge hit or miss, the client's address as the edge decides it, and a request id that
 * the response carries too (X-Request-Id), so a reader's report finds the line. The same moment feeds
 * the request metrics (lib/observability/metrics.ts).
 */
export function createRequestLog(
  lines: RequestLines,
  { trustProxy, passedOn = false }: { trustProxy: boolean; passedOn?: boolean },
) {
  // A per-process prefix and a counter: unique enough to find a line, and nothing to compute per request.
  const prefix = randomBytes(4).toString("hex");
  let counter = 0;
  const logging = lines.enabled;

  function finish(req: IncomingMessage, res: ServerResponse, id: string, startedAt: number, hit: boolean) {
    const seconds = (performance.now() - startedAt) / 1000;
    const url = req.url ?? "/";
    countRequest(routeKind(req.method, url), res.statusCode, seconds, hit);
    if (!logging) return;
    lines.write({
      id,
      method: req.method ?? "GET",
      path: loggedPath(url),
      status: res.statusCode,
      ms: Math.round(seconds * 100_000) / 100,
      edge: hit ? "hit" : "miss",
      ip: trustProxy ? clientIp(peerAddress(req), req.headers["x-forwarded-for"], true) : socketIp(req),
    });
  }

  /**
   * Gives the request its id, then runs `serve`. The id goes on the request, for the app, and on the
   * response: `serve` puts it there (the edge writes a stored answer's headers in one go, which a header
   * set beforehand would slow down); whatever it leaves unanswered gets it here.
   */
  function logged(
    req: IncomingMessage,
    res: ServerResponse,
    serve: (req: IncomingMessage, res: ServerResponse) => boolean,
  ): void {
    const id = `${prefix}-${(++counter).toString(36)}`;
    const startedAt = performance.now();
    // The id a client sent is replaced: errors logged inside the app name this request's line.
    req.headers[REQUEST_ID_HEADER] = id;
    const hit = serve(req, res);
    // `passedOn` (a front process, lib/edge/front.ts): what it did not answer went on with the id, and
    // comes back with it; a header set here would make Node merge the worker's list line by line.
    if (!passedOn && !res.headersSent && !res.hasHeader(REQUEST_ID_HEADER)) res.setHeader(REQUEST_ID_HEADER, id);
    // A stored answer is written at once; anything else is counted when it has been sent (or cut off).
    if (hit && res.writableEnded) finish(req, res, id, startedAt, hit);
    else res.once("close", () => finish(req, res, id, startedAt, hit));
  }
  // The process's prefix, for the native lane's own ids (lib/edge/native-lane.ts): a request id names
  // its process whoever answered it.
  return Object.assign(logged, { idPrefix: prefix });
}

/** An error the edge itself threw: logged with its stack and the request's id, answered 500. */
export function failedRequest(res: ServerResponse, error: unknown, requestId?: string | string[]): void {
  logger.error({ err: error, id: requestId }, "request failed");
  if (res.headersSent) res.destroy();
  else {
    res.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
    res.end("Internal server error.\n");
  }
}
