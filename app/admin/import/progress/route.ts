import { hasRole } from "@/lib/auth/roles";
import { getSessionUser } from "@/lib/auth/session";
import { getLatestImportRun } from "@/lib/data/import-runs";

// What the import screen polls while its upload runs: the latest run's status and progress.
export async function GET() {
  const user = await getSessionUser();
  if (!user || !hasRole(user, "administrator")) return Response.json({ error: "forbidden" }, { status: 403 });
  const run = await getLatestImportRun();
  const body = run ? { id: run.id, status: run.status, progress: run.progress } : null;
  return Response.json(body, { headers: { "Cache-Control": "no-store" } });
}
