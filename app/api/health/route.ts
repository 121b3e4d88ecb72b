import { checkDatabaseHealth } from "@/lib/data/health";

// For load balancers and orchestrators: never cached, one small query per call.
export const dynamic = "force-dynamic";

export async function GET() {
  const health = await checkDatabaseHealth();
  return Response.json(health.ok ? { status: "ok" } : { status: "unavailable", reason: health.reason }, {
    status: health.ok ? 200 : 503,
    headers: { "cache-control": "no-store" },
  });
}
