import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { ArticleActions } from "@/components/admin/article-actions";
import { ArticleEditor } from "@/components/admin/editor/article-editor";
import { LivePanel } from "@/components/admin/live/live-panel";
import { PageTitle } from "@/components/admin/page-chrome";
import { ArticleStatusBadge } from "@/components/admin/status-badge";
import { ToastOnMount } from "@/components/ui/toast";
import { toEditorArticle } from "@/lib/articles/editor";
import { requireStaff } from "@/lib/auth/guards";
import { canChooseBylines, canEditArticle, canPublish } from "@/lib/auth/roles";
import { effectiveStatus, getArticleForEdit, listSectionOptions } from "@/lib/data/admin-articles";
import { getAutosaveCopy } from "@/lib/data/article-editing";
import type { EditorValues } from "@/lib/articles/editing";
import { getSettingsUncached } from "@/lib/data/settings";
import { listAuthorOptions } from "@/lib/data/users";
import { formatDateTime } from "@/lib/format/dates";
import { SentBackNotice, StatusHistory } from "@/components/admin/review/status-history";
import { isSendBack, listStatusChanges } from "@/lib/data/status-history";
import { NotesPanel } from "@/components/admin/notes/notes-panel";
import { listArticleNotes, markMentionsRead } from "@/lib/data/notes";

export const metadata: Metadata = { title: "Edit article" };

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ saved?: string }> };

export default async function EditArticlePage({ params, searchParams }: Props) {
  const { id } = await params;
  const user = await requireStaff(`/admin/articles/${id}`);
  const article = await getArticleForEdit(Number(id) || 0);
  if (!article) notFound();
  if (!canEditArticle(user, article.ownership)) redirect("/admin?denied=1");
  const { saved } = await searchParams;
  const [{ timezone }, sections, authors, copy, history, notes] = await Promise.all([
    getSettingsUncached(),
    listSectionOptions(),
    listAuthorOptions(),
    getAutosaveCopy(article.id, user.id),
    listStatusChanges(article.id),
    listArticleNotes(article.id),
    // Opening the story is what takes its mentions of this user off their "For you".
    markMentionsRead(user.id, article.id),
  ]);
  const sentBack = history[0] && isSendBack(history[0]) && article.status === "draft" ? history[0] : null;
  const editorArticle = toEditorArticle(article, timezone);
  // Offered back only when it holds something the story does not (a tab closed before Update).
  const autosaved = copy ? { values: JSON.parse(copy.values) as EditorValues, savedAt: copy.savedAt } : null;
  const worthRestoring =
    autosaved && JSON.stringify({ ...autosaved.values, id: null }) !== JSON.stringify({ ...editorArticle, id: null });
  const publish = canPublish(user, article.ownership);
  const shown = effectiveStatus(article.status, article.publishedAt);
  return (
    <>
      {saved ? <ToastOnMount message="Article created." /> : null}
      <PageTitle>Edit article</PageTitle>
      <p className="-mt-4 mb-4 flex flex-wrap items-center gap-2 text-sm text-neutral-600 dark:text-neutral-400">
        <ArticleStatusBadge status={article.trashedAt ? "trash" : shown} />
        {shown === "scheduled" && article.publishedAt ? (
          <span>Goes live {formatDateTime(article.publishedAt, timezone)}</span>
        ) : null}
        {shown === "published" && article.publishedAt ? (
          <span>Published {formatDateTime(article.publishedAt, timezone)}</span>
        ) : null}
        <span>· Last saved {formatDateTime(article.updatedAt, timezone)}</span>
      </p>
      {article.trashedAt ? (
        <p role="alert" className="rounded bg-amber-50 p-3 text-sm font-semibold text-amber-900">
          This article is in the trash. Restore it from the article list to edit it.
        </p>
      ) : (
        <>
          {sentBack ? <SentBackNotice change={sentBack} timezone={timezone} /> : null}
          <ArticleActions id={article.id} slug={article.slug} status={shown} canPublish={publish} />
          <ArticleEditor
            article={editorArticle}
            version={article.version}
            storedAt={article.updatedAt}
            autosaved={worthRestoring ? autosaved : null}
            sections={sections}
            authors={authors}
            timezone={timezone}
            canPublish={publish}
            canChooseBylines={canChooseBylines(user)}
          />
          {publish ? <LivePanel articleId={article.id} timeZone={timezone} /> : null}
        </>
      )}
      <NotesPanel articleId={article.id} notes={notes} timezone={timezone} />
      <StatusHistory changes={history} timezone={timezone} />
    </>
  );
}
