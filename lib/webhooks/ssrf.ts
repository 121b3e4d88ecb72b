import { lookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";

// Addresses a webhook may not reach: a newsroom's webhook form must not become a way into the server's
// own network (cloud metadata at 169.254.169.254, the database, Redis, the admin of a router).
const blocked = new BlockList();
for (const [net, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const)
  blocked.addSubnet(net, prefix, "ipv4");
for (const [net, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
  ["2001:db8::", 32],
  ["64:ff9b::", 96],
] as const)
  blocked.addSubnet(net, prefix, "ipv6");

export function privateTargetsAllowed(): boolean {
  return process.env.WEBHOOKS_ALLOW_PRIVATE === "1";
}

/** Whether an IP address is private, loopback, link-local or otherwise not on the public internet. */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return true;
  if (family === 6) {
    // An IPv4 address written as IPv6 (::ffff:127.0.0.1) is judged as the IPv4 address.
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    if (mapped) return blocked.check(mapped[1], "ipv4");
    return blocked.check(address, "ipv6");
  }
  return blocked.check(address, "ipv4");
}

export class UnsafeTargetError extends Error {
  override name = "UnsafeTargetError";
}

/** A URL a webhook may be registered with: http(s), no credentials, a host name or public address. */
export function checkWebhookUrl(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "Enter a full address starting with https:// or http://.";
  }
  if (url.protocol !== "https:" && url.protocol !== "http:")
    return "Only http and https addresses can receive webhooks.";
  if (url.username || url.password) return "Leave user names and passwords out of the address.";
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (
    !privateTargetsAllowed() &&
    (host === "localhost" || host.endsWith(".localhost") || (isIP(host) && isPrivateAddress(host)))
  )
    return "Webhooks cannot be sent to private, loopback or link-local addresses.";
  return null;
}

/**
 * The address to connect to for `url`, resolved once and checked: the request then goes to exactly
 * this address (no second lookup an attacker's DNS could answer differently).
 */
export async function resolveSafeTarget(url: URL): Promise<{ address: string; family: 4 | 6 }> {
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const family = isIP(host);
  const found = family ? [{ address: host, family }] : await lookup(host, { all: true, verbatim: true });
  if (found.length === 0) throw new UnsafeTargetError(`${host} does not resolve`);
  if (!privateTargetsAllowed()) {
    const bad = found.find((a) => isPrivateAddress(a.address));
    if (bad) throw new UnsafeTargetError(`${host} resolves to a private address (${bad.address})`);
  }
  return { address: found[0].address, family: found[0].family as 4 | 6 };
}
