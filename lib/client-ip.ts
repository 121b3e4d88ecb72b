/**
 * The client's IP: for the comment flood rule, moderators, and sign-in throttling.
 *
 * `next start` fills `x-forwarded-for` from the socket only when the request does not already
 * carry one (base-server: `req.headers['x-forwarded-for'] ??= socket.remoteAddress`), so on its own
 * the header is whatever the client sent. The rule:
 * - TRUST_PROXY unset: proxy.ts deletes any incoming `x-forwarded-for` from every POST that can
 *   reach this (server actions and the NextAuth callback), so the value Next sets afterwards is
 *   the socket address.
 * - TRUST_PROXY=1: our own reverse proxy appends the address it saw, so the LAST entry is the one
 *   we trust; anything to its left was supplied by the client.
 * Either way the answer is the last entry of the header.
 */
export function clientIpFrom(headers: Pick<Headers, "get">): string {
  const last = headers.get("x-forwarded-for")?.split(",").pop()?.trim() ?? "";
  // IPv4 clients of a dual-stack socket appear as "::ffff:203.0.113.7".
  return last.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, "$1").slice(0, 100);
}
