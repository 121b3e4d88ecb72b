/**
 * The client's IP for throttling. Next fills `x-forwarded-for` from the socket when the request has
 * none; only behind a proxy we trust (TRUST_PROXY=1) does a client-sent value count, as the first hop.
 * Without a trusted proxy the last entry is used, which is the closest thing to the socket Next exposes.
 */
export function clientIpFrom(headers: Headers): string {
  const forwarded = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const ip = process.env.TRUST_PROXY === "1" ? forwarded[0] : forwarded[forwarded.length - 1];
  return (ip ?? "unknown").replace(/^::ffff:/, "");
}
