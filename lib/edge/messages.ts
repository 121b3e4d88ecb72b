// Small pieces the edge (lib/edge/handler.ts, its page rewrite lib/edge/reader-page.ts) and the comment
// door's Next side (lib/comments/door.ts) need on Node's request and response objects.
import type { IncomingMessage } from "node:http";

// Node keeps the client's original header lines beside `headers`; drop the name there too so nothing
// downstream can read a client-chosen value from them.
export function scrubRawHeader(req: IncomingMessage, name: string): void {
  const raw = req.rawHeaders;
  for (let i = raw.length - 2; i >= 0; i -= 2) if (raw[i].toLowerCase() === name) raw.splice(i, 2);
}

/** Asks Next for identity bytes: the edge compresses what it keeps or rewrites itself. */
export function askForIdentity(req: IncomingMessage): void {
  delete req.headers["accept-encoding"];
  scrubRawHeader(req, "accept-encoding");
}

/** The bytes of what was passed to `res.write`/`res.end`, or null for no chunk (a callback, nothing). */
export function writtenBytes(chunk: unknown, encoding: unknown): Buffer | null {
  if (chunk === undefined || chunk === null || typeof chunk === "function") return null;
  return typeof chunk === "string"
    ? Buffer.from(chunk, typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8")
    : Buffer.from(chunk as Uint8Array);
}

/** A cookie's value as set (percent-encoded by Next's cookies()), or as it came when not valid encoding. */
export function decodeCookieValue(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
