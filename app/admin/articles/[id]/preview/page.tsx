import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { ArticleView } from "@/components/article/article-view";
import { requireStaff } from "@/lib/auth/guards";
import { canEditArticle } from "@/lib/auth/roles";
import { getArticleForEdit } from "@/lib/data/admin-articles";
import { getArticleForPreview } from "@/lib/data/articles";
import { getSettingsUncached } from "@/lib/data/settings";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Preview", robots: { index: false, follow: false } };

type Props = { params: Promise<{ id: string }> };

export default async function PreviewPage({ params }: Props) {
  const { id } = await params;
  const user = await requireStaff(`/admin/articles/${id}/preview`);
  const editable = await getArticleForEdit(Number(id) || 0);
  if (!editable) notFound();
  // Whoever may edit the story while it is a draft may preview it in any status.
  if (!canEditArticle(user, { ...editable.ownership, status: "draft" })) redirect("/admin?denied=1");
  const article = await getArticleForPreview(editable.id);
  if (!article) notFound();
  const settings = await getSettingsUncached();
  return (
    <>
      <p
        role="note"
        className="mb-6 rounded bg-sky-50 p-3 text-sm font-semibold text-sky-900 dark:bg-sky-950 dark:text-sky-100"
      >
        Preview — {editable.trashedAt ? "in the trash" : editable.status}. Readers cannot see this page.{" "}
        <a href={`/admin/articles/${editable.id}`} className="underline">
          Back to the editor
        </a>
      </p>
      <ArticleView
        article={article}
        comments={[]}
        commentCount={0}
        siteTitle={settings.siteTitle}
        timeZone={settings.timezone}
      />
    </>
  );
}
