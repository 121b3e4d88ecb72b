import type { IncomingMessage, ServerResponse } from "node:http";
import { buildStoredResponse, sendStored, type ResponseStore } from "@/lib/edge/response-store";
import { askForIdentity } from "@/lib/edge/messages";
import { handOver } from "@/lib/hand-over.mjs";
import { requestIdHeader } from "@/lib/observability/request-log";

// The Content API's answers are the same for every key (lib/api/content.ts): a story, a list. Next's
// router costs 1.3–1.6 ms of CPU for any route handler request, so a cached answer went out at some
// 700–1,000 a second. The edge keeps them, apart from reader pages, and answers them again after the
// key has been checked for that request — every request, as Next does: an unknown, revoked or wrong
// kind of key, or one over its limit, is refused by the same code (lib/api/key.ts), through the same
// count. What Next's answer may be kept, and under which tags, it says in KEEP_HEADER, which never
// leaves the server.

/** "<seconds> <tag> <tag>…", on an answer the same for every key; removed before the answer is sent. */
export const KEEP_HEADER = "x-newsroom-keep";

/** The key check's verdict: headers to add to the kept answer, or the refusal to send instead. */
export type ApiKeyVerdict =
  { ok: true; headers: [string, string][] } | { ok: false; status: number; headers: [string, string][]; body: string };

/** Checks the key `authorization` carries and counts the request, as the Content API does. */
export type ApiKeyCheck = (authorization: string) => Promise<ApiKeyVerdict>;

const keyCheck = handOver<ApiKeyCheck>("edge.apiKeyCheck");

/** Called in Next's module graph (instrumentation.ts), where the data layer lives. */
export function registerApiKeyCheck(check: ApiKeyCheck): void {
  keyCheck.give(check);
}

const PREFIX = "/api/content/";

/** Any request to the Content API. */
export function isApiRead(req: IncomingMessage): boolean {
  return (req.url ?? "").startsWith(PREFIX);
}

/**
 * A Content API read that carries its key in the Authorization header. A key in the query string
 * (`?key=`) would make the address one key's own, so those always go to Next.
 */
export function isKeptApiRequest(req: IncomingMessage): boolean {
  return (
    isApiRead(req) &&
    (req.method === "GET" || req.method === "HEAD") &&
    typeof req.headers.authorization === "string" &&
    !/[?&]key=/.test(req.url!)
  );
}

/**
 * Answers a kept Content API request once its key passes (true: the answer is on its way); false when
 * nothing is kept for it, and Next answers.
 */
export function answerKeptApi(
  store: ResponseStore,
  req: IncomingMessage,
  res: ServerResponse,
  security: [string, string][],
  now: number,
): boolean {
  if (!isKeptApiRequest(req)) return false;
  const entry = store.get(req.url!, now);
  const check = keyCheck.take();
  if (entry === undefined || check === undefined) return false;
  const own = requestIdHeader(req);
  check(req.headers.authorization!)
    .then((verdict) => {
      if (!verdict.ok) {
        res.writeHead(verdict.status, [...[...security, ...verdict.headers].flat(), ...own]);
        res.end(req.method === "HEAD" ? undefined : verdict.body);
        return;
      }
      const ask = {
        ifNoneMatch: req.headers["if-none-match"],
        ifModifiedSince: req.headers["if-modified-since"],
        acceptEncoding: req.headers["accept-encoding"],
      };
      sendStored(req, res, entry, ask, [...verdict.headers.flat(), ...own]);
    })
    .catch((error: unknown) => {
      console.error("edge: the API key check failed", error);
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
      res.end("Internal server error.\n");
    });
  return true;
}

/**
 * On a miss of a Content API read: takes KEEP_HEADER off Next's answer before it leaves and, given a
 * way to copy the answer's bytes (`tee`, used only by the one request per address that keeps a copy),
 * keeps it when Next marked it as the same for every key. The per-key headers are not kept.
 */
export function keepApiAnswer(
  store: ResponseStore,
  req: IncomingMessage,
  res: ServerResponse,
  tee: ((res: ServerResponse) => () => Buffer | null) | null,
  security: [string, string][],
  now: () => number,
): void {
  const startedAt = now();
  let keep: string | null = null;
  const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse;
  res.writeHead = ((...args: unknown[]) => {
    const marked = res.getHeader(KEEP_HEADER);
    res.removeHeader(KEEP_HEADER);
    if (typeof marked === "string") keep = marked;
    return writeHead(...args);
  }) as typeof res.writeHead;
  // One copy made per address at a time: a burst of misses compresses the answer once, not per request.
  if (tee === null || capturing.has(req.url!)) return;
  capturing.add(req.url!);
  // Next compresses for the client; the kept copy must be the identity bytes.
  askForIdentity(req);
  const body = tee(res);
  let building = false;
  res.once("close", () => {
    if (!building) capturing.delete(req.url!);
  });
  res.once("finish", () => {
    const [seconds, ...tags] = (keep ?? "").split(" ");
    const bytes = body();
    if (res.statusCode !== 200 || bytes === null || !tags.length || !(Number(seconds) > 0)) return;
    const headers = res.getHeaders();
    for (const perKey of PER_KEY_HEADERS) delete headers[perKey];
    building = true;
    void buildStoredResponse({
      ...{ status: 200, headers, body: bytes, tags, storedAt: startedAt, ttlSeconds: Number(seconds) },
      ...{ extraHeaders: security, vary: "Authorization, Accept-Encoding" },
    })
      .then((entry) => store.set(req.url!, entry))
      .catch((error: unknown) => console.error("edge: could not keep", req.url, error))
      .finally(() => capturing.delete(req.url!));
  });
}

const capturing = new Set<string>();

// A key's own: its limit and what is left of it are added to each answer after its check.
const PER_KEY_HEADERS = ["x-ratelimit-limit", "x-ratelimit-remaining", "x-request-id"];
