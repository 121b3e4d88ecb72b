import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { PageTitle } from "@/components/admin/page-chrome";
import { buttonClass } from "@/components/ui/button-class";
import { requireStaff } from "@/lib/auth/guards";
import { canEditArticle } from "@/lib/auth/roles";
import { getArticleForEdit } from "@/lib/data/admin-articles";
import { listAutosaveCopies } from "@/lib/data/article-editing";
import { listRevisions } from "@/lib/data/revisions";
import { getSettingsUncached } from "@/lib/data/settings";
import { formatDateTime } from "@/lib/format/dates";

export const metadata: Metadata = { title: "Revisions" };

type Props = { params: Promise<{ id: string }> };

type Row = { key: string; href: string | null; at: number; by: string; note: string };

export default async function RevisionsPage({ params }: Props) {
  const { id } = await params;
  const user = await requireStaff(`/admin/articles/${id}/revisions`);
  const article = await getArticleForEdit(Number(id) || 0);
  if (!article) notFound();
  if (!canEditArticle(user, article.ownership)) redirect("/admin?denied=1");
  const [revisions, copies, { timezone }] = await Promise.all([
    listRevisions(article.id),
    listAutosaveCopies(article.id),
    getSettingsUncached(),
  ]);
  // The autosave copies of a live story come first: they are newer than what readers see.
  const rows: Row[] = [
    ...copies.map((c) => ({
      key: `autosave-${c.userId}`,
      href: null,
      at: c.savedAt,
      by: c.userName,
      note: "autosave, not published",
    })),
    ...revisions.map((r, i) => ({
      key: String(r.id),
      href: `/admin/articles/${article.id}/revisions/${r.id}`,
      at: r.createdAt,
      by: r.userName ?? "a deleted user",
      note: [i === 0 ? "current" : "", r.autosave ? "autosave" : ""].filter(Boolean).join(", "),
    })),
  ];
  return (
    <>
      <PageTitle>Revisions</PageTitle>
      <p className="-mt-4 mb-6 text-sm">
        of{" "}
        <Link href={`/admin/articles/${article.id}`} className="font-semibold underline">
          {article.headline}
        </Link>
      </p>
      {rows.length === 0 ? (
        <p>No revisions yet.</p>
      ) : (
        <form action={`/admin/articles/${article.id}/revisions/compare`} method="get" className="space-y-4">
          <p className="text-sm text-neutral-600 dark:text-neutral-400">
            Choose two versions to compare: the first radio button of a row compares from it, the second to it.
          </p>
          <ol className="divide-y divide-neutral-200 dark:divide-neutral-800" aria-label="Revisions, newest first">
            {rows.map((r, i) => {
              const when = formatDateTime(r.at, timezone);
              return (
                <li key={r.key} className="flex flex-wrap items-center gap-3 py-2 text-sm">
                  <span className="flex gap-3">
                    <input
                      type="radio"
                      name="from"
                      value={r.key}
                      defaultChecked={i === 1}
                      aria-label={`Compare from ${when} by ${r.by}`}
                    />
                    <input
                      type="radio"
                      name="to"
                      value={r.key}
                      defaultChecked={i === 0}
                      aria-label={`Compare to ${when} by ${r.by}`}
                    />
                  </span>
                  <span>
                    {r.href ? (
                      <Link href={r.href} className="font-semibold underline">
                        {when}
                      </Link>
                    ) : (
                      <span className="font-semibold">{when}</span>
                    )}{" "}
                    by {r.by}
                    {r.note ? <span className="ml-2 text-neutral-500 dark:text-neutral-400">({r.note})</span> : null}
                  </span>
                </li>
              );
            })}
          </ol>
          {rows.length > 1 ? (
            <button type="submit" className={buttonClass("primary")}>
              Compare
            </button>
          ) : null}
        </form>
      )}
    </>
  );
}
