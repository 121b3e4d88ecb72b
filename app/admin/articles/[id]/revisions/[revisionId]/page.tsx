import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { ActionForm } from "@/components/admin/action-form";
import { PageTitle } from "@/components/admin/page-chrome";
import { SubmitButton } from "@/components/ui/button";
import { restoreRevisionAction } from "@/lib/actions/articles";
import { requireStaff } from "@/lib/auth/guards";
import { canEditArticle } from "@/lib/auth/roles";
import { getArticleForEdit } from "@/lib/data/admin-articles";
import { getRevision } from "@/lib/data/revisions";
import { getSettingsUncached } from "@/lib/data/settings";
import { formatDateTime } from "@/lib/format/dates";
import { renderMarkdown } from "@/lib/articles/markdown";

export const metadata: Metadata = { title: "Revision" };

type Props = { params: Promise<{ id: string; revisionId: string }> };

export default async function RevisionPage({ params }: Props) {
  const { id, revisionId } = await params;
  const user = await requireStaff(`/admin/articles/${id}/revisions/${revisionId}`);
  const article = await getArticleForEdit(Number(id) || 0);
  if (!article) notFound();
  if (!canEditArticle(user, article.ownership)) redirect("/admin?denied=1");
  const revision = await getRevision(article.id, Number(revisionId) || 0);
  if (!revision) notFound();
  const { timezone } = await getSettingsUncached();
  const s = revision.snapshot;
  const fields: [string, string][] = [
    ["Headline", s.headline],
    ["Slug", s.slug],
    ["Summary", s.dek],
    ["Dateline", s.dateline],
    ["Tags", s.tagNames.join(", ")],
    ["Correction", s.correction],
    ["Image alt text", s.featureImageAlt],
    ["Comments", s.commentStatus],
  ];
  return (
    <>
      <PageTitle
        actions={
          <ActionForm action={restoreRevisionAction} hidden={{ articleId: article.id, revisionId: revision.id }}>
            {/* One click, as WordPress's: the restore is itself a revision, so the version it replaces stays listed. */}
            <SubmitButton pendingLabel="Restoring…">Restore this revision</SubmitButton>
          </ActionForm>
        }
      >
        Revision of {formatDateTime(revision.createdAt, timezone)}
      </PageTitle>
      <p className="-mt-4 mb-6 text-sm">
        Saved by {revision.userName ?? "a deleted user"} ·{" "}
        <Link href={`/admin/articles/${article.id}/revisions`} className="underline">
          All revisions
        </Link>{" "}
        ·{" "}
        <Link href={`/admin/articles/${article.id}`} className="underline">
          Back to the editor
        </Link>
      </p>
      <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[10rem_1fr]">
        {fields.map(([label, value]) => (
          <div key={label} className="contents">
            <dt className="font-semibold">{label}</dt>
            <dd className="break-words">{value || "—"}</dd>
          </div>
        ))}
      </dl>
      <h2 className="mt-8 mb-3 text-lg font-bold">Body</h2>
      <div
        className="prose-news rounded border border-neutral-200 p-4 dark:border-neutral-800"
        dangerouslySetInnerHTML={{ __html: renderMarkdown(s.body) }}
      />
    </>
  );
}
