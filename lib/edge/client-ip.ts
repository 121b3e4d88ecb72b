// The one header that carries the client's IP into the app (read by clientIpFrom below, and nothing else). The edge
// writes it on every request, replacing whatever a client sent under that name.
export const CLIENT_IP_HEADER = "x-newsroom-client-ip";

// Behind the site's own front processes (lib/edge/front.ts) every connection a worker takes comes from a
// front, over a socket in a directory only this user can open; the front writes its reader's address here.
export const PEER_HEADER = "x-newsroom-peer";
let behindFronts = false;

/** Called once by a worker that listens only to the fronts: its peers' addresses come from PEER_HEADER. */
export function takePeersFromFronts(): void {
  behindFronts = true;
}

/** The address of the reader at the other end: the socket's, or the one a front forwarded. */
export function peerAddress(req: { socket: { remoteAddress?: string }; headers: Record<string, unknown> }) {
  if (!behindFronts) return req.socket.remoteAddress;
  const forwarded = req.headers[PEER_HEADER];
  return typeof forwarded === "string" ? forwarded : undefined;
}

/**
 * The client's IP: the socket's peer, or with `trustProxy` (our own reverse proxy in front) the
 * right-most `X-Forwarded-For` entry, the one that proxy appended; entries to its left are whatever
 * the client sent. Without `trustProxy` no header can change the answer.
 */
export function clientIp(
  socketAddress: string | undefined,
  forwardedFor: string | string[] | undefined,
  trustProxy: boolean,
): string {
  let ip = socketAddress ?? "";
  if (trustProxy && forwardedFor !== undefined) {
    const joined = Array.isArray(forwardedFor) ? forwardedFor.join(",") : forwardedFor;
    // The right-most non-empty entry (the usual single entry without splitting the header).
    const last = joined.includes(",")
      ? joined
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean)
          .pop()
      : joined.trim();
    if (last) ip = last;
  }
  // IPv4 clients of a dual-stack socket appear as "::ffff:203.0.113.7".
  if (ip.length > 7 && ip.charCodeAt(0) === 58 /* ":" */) ip = ip.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, "$1");
  return ip.length > 100 ? ip.slice(0, 100) : ip;
}

/**
 * The client's IP: for the comment flood rule, moderators, and sign-in throttling. server.ts
 * decides it once per request (the socket's address, or with TRUST_PROXY=1 the right-most
 * X-Forwarded-For entry) and always overwrites this header with it, so no client can choose it;
 * see clientIp above.
 */
export function clientIpFrom(headers: Pick<Headers, "get">): string {
  return headers.get(CLIENT_IP_HEADER)?.trim().slice(0, 100) ?? "";
}
