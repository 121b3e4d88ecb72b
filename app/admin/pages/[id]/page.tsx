import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ActionForm } from "@/components/admin/action-form";
import { PageTitle } from "@/components/admin/page-chrome";
import { PageEditor } from "@/components/admin/pages/page-editor";
import { SubmitButton } from "@/components/ui/button";
import { ToastOnMount } from "@/components/ui/toast";
import { restorePageRevisionAction } from "@/lib/actions/pages";
import { requireEditor } from "@/lib/auth/guards";
import { getPageForEditing, listPageRevisions } from "@/lib/data/pages";
import { getSettingsUncached } from "@/lib/data/settings";
import { formatDateTime } from "@/lib/format/dates";
import { pagePath } from "@/lib/site";

export const metadata: Metadata = { title: "Edit page" };

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ saved?: string }> };

export default async function EditPageScreen({ params, searchParams }: Props) {
  const { id } = await params;
  await requireEditor(`/admin/pages/${id}`);
  const page = await getPageForEditing(Number(id) || 0);
  if (!page) notFound();
  const [revisions, { timezone }, { saved }] = await Promise.all([
    listPageRevisions(page.id),
    getSettingsUncached(),
    searchParams,
  ]);
  return (
    <>
      {saved ? <ToastOnMount message="Page created." /> : null}
      <PageTitle
        actions={
          page.status === "published" ? (
            <Link href={pagePath(page.slug)} className="text-sm underline">
              View page
            </Link>
          ) : null
        }
      >
        Edit page
      </PageTitle>
      {/* Keyed by version: a restored revision opens the form afresh with what it holds. */}
      <PageEditor key={page.version} page={page} version={page.version} />
      <section aria-labelledby="revisions-title" className="mt-10 max-w-3xl">
        <h2 id="revisions-title" className="mb-3 text-xl font-bold">
          Revisions
        </h2>
        {revisions.length ? (
          <ol className="divide-y divide-neutral-200 text-sm dark:divide-neutral-800">
            {revisions.map((r, i) => (
              <li key={r.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                <span>
                  {formatDateTime(r.createdAt, timezone)} by {r.userName ?? "someone since removed"}
                  {i === 0 ? " (current)" : ""}
                </span>
                {i > 0 ? (
                  <ActionForm
                    action={restorePageRevisionAction}
                    hidden={{ pageId: page.id, revisionId: r.id, baseVersion: page.version }}
                  >
                    <SubmitButton variant="secondary" size="sm" pendingLabel="Restoring…">
                      Restore<span className="sr-only"> the revision of {formatDateTime(r.createdAt, timezone)}</span>
                    </SubmitButton>
                  </ActionForm>
                ) : null}
              </li>
            ))}
          </ol>
        ) : (
          <p className="text-sm text-neutral-600 dark:text-neutral-400">No revisions yet.</p>
        )}
      </section>
    </>
  );
}
