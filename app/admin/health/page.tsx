import type { Metadata } from "next";
import { PageTitle } from "@/components/admin/page-chrome";
import { requireRole } from "@/lib/auth/guards";
import { gatherHealthFacts } from "@/lib/observability/health-facts";
import { siteHealthChecks } from "@/lib/observability/site-health";

export const metadata: Metadata = { title: "Site health" };

export default async function HealthPage() {
  await requireRole("administrator", "/admin/health");
  const checks = siteHealthChecks(await gatherHealthFacts());
  const warnings = checks.filter((c) => c.warning);
  return (
    <>
      <PageTitle>Site health</PageTitle>
      <p className="mb-4 text-sm font-semibold" role="status">
        {warnings.length === 0
          ? "Everything looks right."
          : warnings.length === 1
            ? "1 thing needs your attention."
            : `${warnings.length} things need your attention.`}
      </p>
      <dl className="divide-y divide-neutral-200 border-y border-neutral-200 dark:divide-neutral-800 dark:border-neutral-800">
        {checks.map((c) => (
          <div key={c.id} className="grid gap-1 py-3 sm:grid-cols-[16rem_1fr]">
            <dt className="font-semibold">{c.label}</dt>
            <dd>
              <span>{c.value}</span>
              {c.warning ? (
                <div
                  role="alert"
                  className="mt-2 rounded border-l-4 border-amber-500 bg-amber-50 p-2 text-sm text-amber-950 dark:bg-amber-950 dark:text-amber-50"
                >
                  <p className="font-semibold">{c.warning}</p>
                  {c.fix ? <p className="mt-1">How to fix: {c.fix}</p> : null}
                </div>
              ) : c.fix ? (
                <p className="mt-1 text-sm text-neutral-600 dark:text-neutral-400">{c.fix}</p>
              ) : null}
            </dd>
          </div>
        ))}
      </dl>
    </>
  );
}
