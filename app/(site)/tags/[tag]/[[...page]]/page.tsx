import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ArticleListPage } from "@/components/article/article-list-page";
import { listTagArticles } from "@/lib/data/articles";
import { getSettings } from "@/lib/data/settings";
import { getTagBySlug } from "@/lib/data/taxonomy";
import { pageFromSegments, pageTitle } from "@/lib/pagination";
import { tagPath } from "@/lib/site";

export const revalidate = 60;

export function generateStaticParams() {
  return [];
}

type Props = { params: Promise<{ tag: string; page?: string[] }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { tag: slug, page: segments } = await params;
  const tag = await getTagBySlug(slug);
  const page = pageFromSegments(segments);
  if (!tag || !page) return {};
  return {
    title: pageTitle(`Stories tagged ${tag.name}`, page),
    alternates: { canonical: page > 1 ? `${tagPath(slug)}?page=${page}` : tagPath(slug) },
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
