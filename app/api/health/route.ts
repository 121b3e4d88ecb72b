import { checkSharedCacheHealth } from "@/lib/cache/health";
import { getNewestBackupAt } from "@/lib/data/backups";
import { checkDatabaseHealth } from "@/lib/data/health";

// For load balancers and orchestrators: never cached, one small query (and a Redis PING) per call.
export const dynamic = "force-dynamic";

export async function GET() {
  const [database, redis] = await Promise.all([checkDatabaseHealth(), checkSharedCacheHealth()]);
  const failed = [database, redis].find((health) => !health.ok);
  // The newest backup's age in seconds (null: none, or PostgreSQL, backed up by pg_dump); not a failure.
  const backupAt = getNewestBackupAt();
  const backupAgeSeconds = backupAt === null ? null : Math.max(0, Math.round((Date.now() - backupAt) / 1000));
  const body = failed ? { status: "unavailable", reason: failed.reason } : { status: "ok" };
  return Response.json(
    { ...body, backupAgeSeconds },
    {
      status: failed ? 503 : 200,
      headers: { "cache-control": "no-store" },
    },
  );
}
