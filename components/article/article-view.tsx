import { CommentList, commentCountHeading, type ReplyOptions } from "@/components/comments/comment-list";
import { CommentPagesNav, type CommentPages } from "@/components/comments/comment-pages-nav";
import { tagPath } from "@/lib/site";
import { jsonLdScriptText, newsArticleJsonLd } from "@/lib/metadata/json-ld";
import type { Article } from "@/lib/data/articles";
import type { ImageSize } from "@/lib/data/image-size";
import type { CommentNode } from "@/lib/data/comments";
import type { LiveBlog as LiveBlogData } from "@/lib/data/live";
import { LiveBlog } from "@/components/live/live-blog";
import { asLiveBlogPosting } from "@/lib/live/json-ld";
import { ArticleBody } from "./article-body";
import { ArticleHeader } from "./article-header";
import { FeatureImage } from "./feature-image";

export function ArticleView({
  article,
  comments,
  commentCount,
  commentPages,
  siteTitle,
  timeZone,
  imageSize,
  reply,
  live,
  signup,
  children,
}: {
  /** The newsletter signup box at the end of the story (an async server component, so passed in). */
  signup?: React.ReactNode;
  /** The story's live coverage and its updates (lib/data/live.ts), when it has any. */
  live?: LiveBlogData | null;
  article: Article;
  /** The feature image's pixel size, for structured data (lib/data/image-size.ts). */
  imageSize?: ImageSize | null;
  comments: CommentNode[];
  commentCount: number;
  /** Which page of the comments is shown; one page needs no links. */
  commentPages?: CommentPages;
  siteTitle: string;
  timeZone: string;
  /** "Reply" links under each comment, while comments are open. */
  reply?: ReplyOptions;
  /** The reply form, or the "Comments are closed." notice. */
  children?: React.ReactNode;
}) {
  return (
    <>
      <script
        type="application/ld+json"
        dangerouslySetInnerHTML={{
          __html: jsonLdScriptText(
            live
              ? asLiveBlogPosting(newsArticleJsonLd(article, { siteTitle, timeZone, imageSize }), live, timeZone)
              : newsArticleJsonLd(article, { siteTitle, timeZone, imageSize }),
          ),
        }}
      />
      <article className="space-y-8">
        <ArticleHeader article={article} timeZone={timeZone} />
        {article.featureImage ? (
          <div className="mx-auto max-w-4xl">
            <FeatureImage image={article.featureImage} priority sizes="(min-width: 1024px) 896px, 100vw" />
          </div>
        ) : null}
        <div className="mx-auto max-w-2xl">
          <ArticleBody body={article.body} dateline={article.dateline} />
          {live ? <LiveBlog blog={live} articleId={article.id} timeZone={timeZone} /> : null}
          {article.correction ? (
            <aside
              aria-label="Correction"
              className="mt-8 border-l-4 border-amber-500 bg-amber-50 p-4 text-sm dark:bg-amber-950/40"
            >
              <strong>Correction:</strong> {article.correction}
            </aside>
          ) : null}
          {article.tags.length > 0 ? (
            <nav aria-label="Tags" className="mt-8 flex flex-wrap items-center gap-2 text-sm">
              <span className="font-semibold">Tags:</span>
              {article.tags.map((t) => (
                <a
                  key={t.id}
                  href={tagPath(t.slug)}
                  rel="tag"
                  className="rounded-full border border-neutral-300 px-3 py-1 hover:bg-neutral-100 dark:border-neutral-700 dark:hover:bg-neutral-900"
                >
                  {t.name}
                </a>
              ))}
            </nav>
          ) : null}
          {signup ? <div className="mt-10">{signup}</div> : null}
        </div>
      </article>
      <section
        id="comments"
        aria-labelledby="comments-title"
        className="mx-auto mt-12 max-w-2xl border-t-4 border-neutral-900 pt-6 dark:border-neutral-200"
      >
        <h2 id="comments-title" className="font-serif text-2xl font-bold">
          {commentCountHeading(commentCount, article.headline)}
        </h2>
        <CommentList comments={comments} timeZone={timeZone} reply={reply} />
        {commentPages ? <CommentPagesNav {...commentPages} /> : null}
        {children}
      </section>
    </>
  );
}
