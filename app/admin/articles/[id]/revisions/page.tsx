import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { PageTitle } from "@/components/admin/page-chrome";
import { requireStaff } from "@/lib/auth/guards";
import { canEditArticle } from "@/lib/auth/roles";
import { getArticleForEdit } from "@/lib/data/admin-articles";
import { listRevisions } from "@/lib/data/revisions";
import { getSettingsUncached } from "@/lib/data/settings";
import { formatDateTime } from "@/lib/format/dates";

export const metadata: Metadata = { title: "Revisions" };

type Props = { params: Promise<{ id: string }> };

export default async function RevisionsPage({ params }: Props) {
  const { id } = await params;
  const user = await requireStaff(`/admin/articles/${id}/revisions`);
  const article = await getArticleForEdit(Number(id) || 0);
  if (!article) notFound();
  if (!canEditArticle(user, article.ownership)) redirect("/admin?denied=1");
  const [revisions, { timezone }] = await Promise.all([listRevisions(article.id), getSettingsUncached()]);
  return (
    <>
      <PageTitle>Revisions</PageTitle>
      <p className="-mt-4 mb-6 text-sm">
        of{" "}
        <Link href={`/admin/articles/${article.id}`} className="font-semibold underline">
          {article.headline}
        </Link>
      </p>
      {revisions.length === 0 ? (
        <p>No revisions yet.</p>
      ) : (
        <ol className="divide-y divide-neutral-200 dark:divide-neutral-800" aria-label="Revisions, newest first">
          {revisions.map((r, i) => (
            <li key={r.id} className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm">
              <span>
                <Link href={`/admin/articles/${article.id}/revisions/${r.id}`} className="font-semibold underline">
                  {formatDateTime(r.createdAt, timezone)}
                </Link>{" "}
                by {r.userName ?? "a deleted user"}
                {i === 0 ? <span className="ml-2 text-neutral-500 dark:text-neutral-400">(current)</span> : null}
              </span>
            </li>
          ))}
        </ol>
      )}
    </>
  );
}
