import fs from "node:fs";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import path from "node:path";
import { PUBLIC_BODY_LIMIT } from "@/lib/edge/body-limit";
import { CLIENT_IP_HEADER } from "@/lib/edge/client-ip";
import { handOver } from "@/lib/hand-over.mjs";

// The reply form posted without JavaScript, taken at the edge when the rules accept it: Next's action
// machinery (its router, the form's decoding into React's action state, a render pass) costs a few
// milliseconds a post, where judging and storing one takes a fraction of one. Anything else — a refusal,
// which Next renders with the form's messages; a post with JavaScript (`Next-Action`); another action; a
// post from another origin, which Next refuses — goes on to Next with its body as it came. The judging
// and storing happen in Next's module graph, where the data layer lives (lib/comments/door.ts, handed
// over by instrumentation.ts), through the same lib/comments/intake.ts as the action's.

/** What the edge read of a post for the Next side to judge. */
export type PostedForm = {
  body: Buffer;
  contentType: string;
  /** The client IP the edge decided (lib/edge/client-ip.ts). */
  ip: string;
  userAgent: string;
  cookieHeader: string | undefined;
  /** The id this build gave postCommentAction. */
  actionId: string;
};

/** A stored comment's answer: 303 to it, with these Set-Cookie lines. */
export type TakenComment = { location: string; cookies: string[] };

export type CommentTaker = (posted: PostedForm) => Promise<TakenComment | null>;

const taker = handOver<CommentTaker>("edge.commentTaker");

/** Called in Next's module graph (instrumentation.ts), where the data layer lives. */
export function registerCommentTaker(take: CommentTaker): void {
  taker.give(take);
}

/** The id this build gave postCommentAction (Next's server reference manifest), or null without one. */
export function commentActionId(distDir: string): string | null {
  try {
    const manifest = JSON.parse(
      fs.readFileSync(path.join(distDir, "server", "server-reference-manifest.json"), "utf8"),
    ) as { node?: Record<string, { filename?: string; exportedName?: string }> };
    for (const [id, entry] of Object.entries(manifest.node ?? {}))
      if (entry.filename === "lib/actions/comments.ts" && entry.exportedName === "postCommentAction") return id;
  } catch {
    // No build (development): every post goes to Next.
  }
  return null;
}

// The reply form as a browser without JavaScript posts it, matched as Next matches an action post (which
// takes no urlencoded one without JavaScript).
const FORM_TYPE = /^multipart\/form-data;/;

/**
 * A form posted to a story's address by a browser without JavaScript, from this site: what a reply
 * form looks like before its body is read. Next's own check of the origin is stricter than none, so a
 * post without an Origin, or one whose Origin is not this Host, is left to it.
 */
function mayBeCommentPost(req: IncomingMessage): boolean {
  if (req.method !== "POST" || !req.url?.startsWith("/articles/") || req.headers["next-action"] !== undefined)
    return false;
  if (!FORM_TYPE.test(req.headers["content-type"] ?? "")) return false;
  const { origin, host } = req.headers;
  if (!origin || !host) return false;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

/** Takes the request (true) or leaves it untouched (false); `pass` hands a taken one on to Next. */
export type CommentDoor = (
  req: IncomingMessage,
  res: ServerResponse,
  pass: (req: IncomingMessage, res: ServerResponse) => void,
) => boolean;

/**
 * The edge's door for comments: reads the body of a request mayBeCommentPost lets through, stores the
 * comment and answers 303 when the rules accept it, else hands Next the request with its body again.
 */
export function createCommentDoor(
  actionId: string,
  onError: (res: ServerResponse, error: unknown) => void,
): CommentDoor {
  return function commentDoor(req, res, pass) {
    const take = taker.take();
    if (take === undefined || !mayBeCommentPost(req)) return false;
    readBody(req)
      .then(async (body) => {
        if (body === null) return void res.destroy();
        const taken = await take({
          body,
          contentType: req.headers["content-type"]!,
          ip: String(req.headers[CLIENT_IP_HEADER] ?? ""),
          userAgent: req.headers["user-agent"] ?? "",
          cookieHeader: req.headers.cookie,
          actionId,
        });
        if (taken === null) return pass(replayed(req, body), res);
        res.writeHead(303, {
          Location: taken.location,
          "Cache-Control": "private, no-store",
          "Content-Length": "0",
          "Set-Cookie": taken.cookies,
        });
        res.end();
      })
      .catch((error: unknown) => onError(res, error));
    return true;
  };
}

/** The whole body, at most PUBLIC_BODY_LIMIT bytes (body-limit.ts refused longer ones), or null when cut. */
function readBody(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= PUBLIC_BODY_LIMIT) chunks.push(chunk);
    });
    req.on("end", () => resolve(size <= PUBLIC_BODY_LIMIT ? Buffer.concat(chunks) : null));
    req.on("aborted", () => resolve(null));
    req.on("error", reject);
  });
}

/** The request again, its body not yet read: what Next reads when the edge leaves a post to it. */
function replayed(req: IncomingMessage, body: Buffer): IncomingMessage {
  const copy = new http.IncomingMessage(req.socket);
  copy.method = req.method;
  copy.url = req.url;
  copy.headers = req.headers;
  copy.rawHeaders = req.rawHeaders;
  copy.httpVersion = req.httpVersion;
  copy.httpVersionMajor = req.httpVersionMajor;
  copy.httpVersionMinor = req.httpVersionMinor;
  // Whole already: an IncomingMessage destroyed before it was complete takes its socket with it.
  copy.complete = true;
  copy.push(body);
  copy.push(null);
  return copy;
}
