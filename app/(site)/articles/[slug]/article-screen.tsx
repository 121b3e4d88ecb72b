import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ArticleView } from "@/components/article/article-view";
import { NewsletterSignup } from "@/components/newsletter/newsletter-signup";
import { Respond } from "@/components/comments/respond";
import type { RememberedAuthor } from "@/lib/comments/cookies";
import { commentPageCount, commentPagePath, threadsOnPage } from "@/lib/comments/pages";
import { canReplyAt, commentsAreOpen, depthIn } from "@/lib/comments/rules";
import { getArticleBySlug } from "@/lib/data/articles";
import { buildCommentTree, listApprovedComments, listOwnPendingComments } from "@/lib/data/comments";
import { getImageSize } from "@/lib/data/image-size";
import { getLiveBlog } from "@/lib/data/live";
import { getSettings } from "@/lib/data/settings";
import { isoInZone } from "@/lib/format/dates";
import { articlePath } from "@/lib/site";

/** `commentPage`: an earlier page of comments (`/comment-page-N`), which is its own canonical URL. */
export async function articleMetadata(slug: string, commentPage: number | null = null): Promise<Metadata> {
  const [article, settings] = await Promise.all([getArticleBySlug(slug), getSettings()]);
  if (!article) return {};
  const image = article.featureImage;
  const path = articlePath(article.slug);
  return {
    title: commentPage ? `${article.headline} – Comments, page ${commentPage}` : article.headline,
    description: article.dek,
    alternates: { canonical: commentPage ? `${path}/comment-page-${commentPage}` : path },
    authors: article.authors.map((a) => ({ name: a.name })),
    openGraph: {
      type: "article",
      title: article.headline,
      description: article.dek,
      siteName: settings.siteTitle,
      url: articlePath(article.slug),
      publishedTime: isoInZone(article.publishedAt, settings.timezone),
      modifiedTime: isoInZone(article.updatedAt, settings.timezone),
      section: article.section?.name,
      tags: article.tags.map((t) => t.name),
      images: image ? [{ url: image.path, alt: image.alt }] : undefined,
    },
    twitter: { card: image ? "summary_large_image" : "summary" },
  };
}

/** What only this visitor may see: read from their cookies and query on the uncached route. */
export type Viewer = { remembered: RememberedAuthor | null; pendingIds: number[]; replyToId: number | null };

/**
 * The article with one page of its comments: `commentPage` null is the article's own URL, which shows
 * the newest page. `viewer` is null on the cached public routes, which must render the same page for
 * everyone.
 */
export async function ArticleScreen({
  slug,
  commentPage,
  viewer,
}: {
  slug: string;
  commentPage: number | null;
  viewer: Viewer | null;
}) {
  const article = await getArticleBySlug(slug);
  if (!article) notFound();
  const [settings, approved, imageSize, live] = await Promise.all([
    getSettings(),
    listApprovedComments(article.id),
    article.featureImage ? getImageSize(article.featureImage.path) : null,
    article.liveCoverage ? getLiveBlog(article.id, article.slug) : null,
  ]);
  const own = viewer ? await listOwnPendingComments(article.id, viewer.pendingIds) : [];
  const shown = [...approved, ...own].sort((a, b) => a.createdAt - b.createdAt || a.id - b.id);
  const open = commentsAreOpen(article, settings.commentCloseAfterDays);
  const path = articlePath(article.slug);
  const threads = buildCommentTree(shown);
  const pages = commentPageCount(threads.length);
  const page = commentPage ?? pages;
  if (page > pages) notFound();
  const onPage = threadsOnPage(threads, page);
  const pagePath = commentPagePath(path, page, pages);

  const replyTarget = open && viewer?.replyToId ? approved.find((c) => c.id === viewer.replyToId) : undefined;
  const replyTo =
    replyTarget && canReplyAt(depthIn(approved, replyTarget.id), settings.commentThreadDepth)
      ? { id: replyTarget.id, authorName: replyTarget.authorName }
      : null;
  const remembered = viewer?.remembered;

  return (
    <ArticleView
      article={article}
      comments={onPage}
      commentCount={approved.length}
      commentPages={{ page, pages, articlePath: path }}
      siteTitle={settings.siteTitle}
      timeZone={settings.timezone}
      imageSize={imageSize}
      live={live}
      signup={<NewsletterSignup heading="Get stories like this in your inbox" />}
      reply={open ? { pagePath, threadDepth: settings.commentThreadDepth } : null}
    >
      <Respond
        open={open}
        articleId={article.id}
        pagePath={pagePath}
        replyTo={replyTo}
        prefill={remembered ? { author: remembered.name, email: remembered.email, url: remembered.url } : null}
      />
    </ArticleView>
  );
}
