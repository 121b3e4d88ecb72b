import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ArticleListPage } from "@/components/article/article-list-page";
import { listTagArticles } from "@/lib/data/articles";
import { getSettings } from "@/lib/data/settings";
import { getTagBySlug } from "@/lib/data/taxonomy";
import { feedLinks } from "@/lib/feeds/links";
import { listSharing } from "@/lib/metadata/sharing";
import { pageFromSegments, pageTitle } from "@/lib/pagination";
import { tagPath } from "@/lib/site";

export const revalidate = 60;

export function generateStaticParams() {
  return [];
}

type Props = { params: Promise<{ tag: string; page?: string[] }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { tag: slug, page: segments } = await params;
  const [tag, settings] = await Promise.all([getTagBySlug(slug), getSettings()]);
  const page = pageFromSegments(segments);
  if (!tag || !page) return {};
  const path = tagPath(slug);
  return {
    title: pageTitle(`Stories tagged ${tag.name}`, page),
    alternates: {
      canonical: page > 1 ? `${path}?page=${page}` : path,
      types: feedLinks(settings.siteTitle, { name: tag.name, path }),
    },
    ...listSharing(`Stories tagged ${tag.name}`, "", path),
  };
}

export default async function TagPage({ params }: Props) {
  const { tag: slug, page: segments } = await params;
  const page = pageFromSegments(segments);
  const tag = page ? await getTagBySlug(slug) : null;
  if (!page || !tag) notFound();
  const [list, settings] = await Promise.all([listTagArticles(tag.id, page), getSettings()]);
  if (!list) notFound();
  return (
    <ArticleListPage
      kicker="Tag"
      title={tag.name}
      basePath={tagPath(tag.slug)}
      list={list}
      timeZone={settings.timezone}
    />
  );
}
