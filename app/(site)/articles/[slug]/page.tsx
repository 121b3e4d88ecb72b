import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ArticleView } from "@/components/article/article-view";
import { getArticleBySlug } from "@/lib/data/articles";
import { buildCommentTree, listApprovedComments } from "@/lib/data/comments";
import { getSettings } from "@/lib/data/settings";
import { isoInZone } from "@/lib/format";
import { articlePath } from "@/lib/site";

export const revalidate = 60;

// Articles render on their first request and are then served from the cache; nothing is
// prerendered at build time.
export function generateStaticParams() {
  return [];
}

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug } = await params;
  const [article, settings] = await Promise.all([getArticleBySlug(slug), getSettings()]);
  if (!article) return {};
  const image = article.featureImage;
  return {
    title: article.headline,
    description: article.dek,
    alternates: { canonical: articlePath(article.slug) },
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

export default async function ArticlePage({ params }: Props) {
  const { slug } = await params;
  const article = await getArticleBySlug(slug);
  if (!article) notFound();
  const [settings, comments] = await Promise.all([getSettings(), listApprovedComments(article.id)]);
  return (
    <ArticleView
      article={article}
      comments={buildCommentTree(comments)}
      commentCount={comments.length}
      siteTitle={settings.siteTitle}
      timeZone={settings.timezone}
    />
  );
}
