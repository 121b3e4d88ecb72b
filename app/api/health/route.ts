import { checkSharedCacheHealth } from "@/lib/cache/health";
import { checkDatabaseHealth } from "@/lib/data/health";

// For load balancers and orchestrators: never cached, one small query (and a Redis PING) per call.
export const dynamic = "force-dynamic";

export async function GET() {
  const [database, redis] = await Promise.all([checkDatabaseHealth(), checkSharedCacheHealth()]);
  const failed = [database, redis].find((health) => !health.ok);
  return Response.json(failed ? { status: "unavailable", reason: failed.reason } : { status: "ok" }, {
    status: failed ? 503 : 200,
    headers: { "cache-control": "no-store" },
  });
}
