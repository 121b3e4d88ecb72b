import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { ActionForm } from "@/components/admin/action-form";
import { WordDiff } from "@/components/admin/editor/word-diff";
import { PageTitle } from "@/components/admin/page-chrome";
import { SubmitButton } from "@/components/ui/button";
import { restoreRevisionAction } from "@/lib/actions/articles";
import { comparable, COMPARED_FIELDS, type ComparableVersion, type EditorValues } from "@/lib/articles/editing";
import { requireStaff } from "@/lib/auth/guards";
import { canEditArticle } from "@/lib/auth/roles";
import { getArticleForEdit } from "@/lib/data/admin-articles";
import { listAutosaveCopies } from "@/lib/data/article-editing";
import { getRevision } from "@/lib/data/revisions";
import { getSettingsUncached } from "@/lib/data/settings";
import { formatDateTime } from "@/lib/format/dates";

export const metadata: Metadata = { title: "Compare revisions" };

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ from?: string; to?: string }> };

type Version = { title: string; content: ComparableVersion; revisionId: number | null };

/** A revision by id, or a writer's autosave copy as `autosave-{userId}`. */
async function loadVersion(articleId: number, key: string | undefined, timezone: string): Promise<Version | null> {
  const autosave = /^autosave-(\d+)$/.exec(key ?? "");
  if (autosave) {
    const copy = (await listAutosaveCopies(articleId)).find((c) => c.userId === Number(autosave[1]));
    if (!copy) return null;
    const values = JSON.parse(copy.values) as EditorValues;
    const title = `Autosave of ${formatDateTime(copy.savedAt, timezone)} by ${copy.userName}`;
    return { title, content: comparable(values), revisionId: null };
  }
  const revision = await getRevision(articleId, Number(key) || 0);
  if (!revision) return null;
  const title = `${formatDateTime(revision.createdAt, timezone)} by ${revision.userName ?? "a deleted user"}`;
  return { title, content: comparable(revision.snapshot), revisionId: revision.id };
}

/** Two versions of a story side by side, word by word, as WordPress's revision compare shows them. */
export default async function CompareRevisionsPage({ params, searchParams }: Props) {
  const { id } = await params;
  const user = await requireStaff(`/admin/articles/${id}/revisions`);
  const article = await getArticleForEdit(Number(id) || 0);
  if (!article) notFound();
  if (!canEditArticle(user, article.ownership)) redirect("/admin?denied=1");
  const { from, to } = await searchParams;
  const { timezone } = await getSettingsUncached();
  const [older, newer] = await Promise.all([
    loadVersion(article.id, from, timezone),
    loadVersion(article.id, to, timezone),
  ]);
  if (!older || !newer) notFound();
  const changed = COMPARED_FIELDS.filter(([key]) => older.content[key] !== newer.content[key]);
  return (
    <>
      <PageTitle>Compare revisions</PageTitle>
      <p className="-mt-4 mb-2 text-sm">
        From <strong>{older.title}</strong> to <strong>{newer.title}</strong> ·{" "}
        <Link href={`/admin/articles/${article.id}/revisions`} className="underline">
          All revisions
        </Link>{" "}
        ·{" "}
        <Link href={`/admin/articles/${article.id}`} className="underline">
          Back to the editor
        </Link>
      </p>
      <p className="mb-6 text-sm text-neutral-600 dark:text-neutral-400">
        Removed words are struck out, added words underlined.
      </p>
      {changed.length === 0 ? <p>These two versions are the same.</p> : null}
      <div className="space-y-6">
        {changed.map(([key, label]) => (
          <section key={key} aria-labelledby={`diff-${key}`}>
            <h2 id={`diff-${key}`} className="mb-2 text-lg font-bold">
              {label}
            </h2>
            <WordDiff label={`${label}: changes`} before={older.content[key]} after={newer.content[key]} />
          </section>
        ))}
      </div>
      <div className="mt-8 flex flex-wrap gap-3">
        {[older, newer].map((v) =>
          v.revisionId !== null ? (
            <ActionForm
              key={v.revisionId}
              action={restoreRevisionAction}
              hidden={{ articleId: article.id, revisionId: v.revisionId }}
            >
              <SubmitButton variant="secondary" pendingLabel="Restoring…">
                Restore {v.title}
              </SubmitButton>
            </ActionForm>
          ) : null,
        )}
      </div>
    </>
  );
}
