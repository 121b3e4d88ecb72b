import { sharedChannel } from "@/lib/cache/bus.mjs";

export type SharedCacheHealth = { ok: true } | { ok: false; reason: string };

/**
 * Redis answers PING, when REDIS_URL is set. An instance that cannot reach it would serve pages other
 * instances have invalidated (it hears no messages), so a load balancer should take it out.
 */
export async function checkSharedCacheHealth(): Promise<SharedCacheHealth> {
  const shared = sharedChannel();
  if (!shared) return { ok: true };
  return (await shared.ping()) ? { ok: true } : { ok: false, reason: "redis unreachable" };
}
