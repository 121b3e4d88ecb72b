import { CLIENT_IP_HEADER } from "@/lib/edge/client-ip";

/**
 * The client's IP: for the comment flood rule, moderators, and sign-in throttling. server.ts
 * decides it once per request (the socket's address, or with TRUST_PROXY=1 the right-most
 * X-Forwarded-For entry) and always overwrites this header with it, so no client can choose it;
 * see lib/edge/client-ip.ts.
 */
export function clientIpFrom(headers: Pick<Headers, "get">): string {
  return headers.get(CLIENT_IP_HEADER)?.trim().slice(0, 100) ?? "";
}
