import type { Metadata } from "next";
import { ImportForm } from "@/components/admin/import-form";
import { PageTitle } from "@/components/admin/page-chrome";
import { requireRole } from "@/lib/auth/guards";
import { getLatestImportRun, type ImportRun } from "@/lib/data/import-runs";
import { getSettingsUncached } from "@/lib/data/settings";
import { formatDateTime } from "@/lib/format/dates";
import { ENTITY_KINDS } from "@/lib/wordpress/sink";
import { formatSummary } from "@/lib/wordpress/summary";

export const metadata: Metadata = { title: "Import" };

export default async function ImportPage() {
  await requireRole("administrator", "/admin/import");
  const [run, settings] = await Promise.all([getLatestImportRun(), getSettingsUncached()]);
  return (
    <>
      <PageTitle>Import from WordPress</PageTitle>
      <p className="mb-6 max-w-2xl text-sm text-neutral-700 dark:text-neutral-300">
        Brings over stories, bylines, sections, tags, comment threads and old links. Importing the same file again, or a
        newer export, updates what changed and never duplicates. Images are copied by the command line import, which
        reads the site&apos;s uploads folder:{" "}
        <code>npm run import:wordpress -- export.xml --uploads wp-content/uploads</code>.
      </p>
      <ImportForm />
      {run ? <LastImport run={run} timeZone={settings.timezone} /> : null}
    </>
  );
}

function LastImport({ run, timeZone }: { run: ImportRun; timeZone: string }) {
  const state = { running: "still running", done: "finished", failed: "stopped" }[run.status];
  return (
    <section aria-labelledby="last-import" className="mt-10 space-y-4">
      <h2 id="last-import" className="text-xl font-bold">
        Last import
      </h2>
      <p className="text-sm">
        {run.source}, started {formatDateTime(run.startedAt, timeZone)}: {state}.
        {run.error ? <span className="text-red-700 dark:text-red-400"> {run.error}</span> : null}
      </p>
      {run.summary ? (
        <>
          <table className="text-sm">
            <caption className="sr-only">What the import did</caption>
            <thead>
              <tr className="text-left">
                <th className="pr-6">Kind</th>
                <th className="pr-6">New</th>
                <th className="pr-6">Updated</th>
                <th>Unchanged</th>
              </tr>
            </thead>
            <tbody>
              {ENTITY_KINDS.map((kind) => (
                <tr key={kind}>
                  <th scope="row" className="pr-6 text-left font-semibold capitalize">
                    {kind}
                  </th>
                  <td className="pr-6">{run.summary!.counts[kind].created}</td>
                  <td className="pr-6">{run.summary!.counts[kind].updated}</td>
                  <td>{run.summary!.counts[kind].unchanged}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <pre
            aria-label="Import summary"
            className="overflow-x-auto rounded bg-neutral-100 p-4 text-xs whitespace-pre-wrap dark:bg-neutral-900"
          >
            {formatSummary(run.summary)}
          </pre>
        </>
      ) : null}
    </section>
  );
}
