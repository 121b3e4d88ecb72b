import type { Metadata } from "next";
import Image from "next/image";
import { notFound } from "next/navigation";
import { ArticleListPage } from "@/components/article/article-list-page";
import { listAuthorArticles } from "@/lib/data/articles";
import { getSettings } from "@/lib/data/settings";
import { getAuthorBySlug } from "@/lib/data/taxonomy";
import { feedLinks } from "@/lib/feeds/links";
import { listSharing } from "@/lib/metadata/sharing";
import { initials } from "@/lib/format/text";
import { pageFromSegments, pageTitle } from "@/lib/pagination";
import { authorPath } from "@/lib/site";

export const revalidate = 60;

export function generateStaticParams() {
  return [];
}

type Props = { params: Promise<{ slug: string; page?: string[] }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug, page: segments } = await params;
  const [author, settings] = await Promise.all([getAuthorBySlug(slug), getSettings()]);
  const page = pageFromSegments(segments);
  if (!author || !page) return {};
  const path = authorPath(slug);
  const sharing = listSharing(author.name, author.bio, path, author.avatarPath);
  return {
    title: pageTitle(author.name, page),
    description: author.bio,
    alternates: {
      canonical: page > 1 ? `${path}?page=${page}` : path,
      types: feedLinks(settings.siteTitle, { name: author.name, path }),
    },
    ...sharing,
    openGraph: { ...sharing.openGraph, type: "profile" },
  };
}

export default async function AuthorPage({ params }: Props) {
  const { slug, page: segments } = await params;
  const page = pageFromSegments(segments);
  const author = page ? await getAuthorBySlug(slug) : null;
  if (!page || !author) notFound();
  const [list, settings] = await Promise.all([listAuthorArticles(author.id, page), getSettings()]);
  if (!list) notFound();
  return (
    <ArticleListPage
      kicker="Author"
      title={author.name}
      description={author.bio}
      basePath={authorPath(author.slug)}
      list={list}
      timeZone={settings.timezone}
      aside={
        <div className="mt-4">
          {author.avatarPath ? (
            <Image src={author.avatarPath} alt="" width={72} height={72} className="rounded-full" />
          ) : (
            <span
              aria-hidden="true"
              className="flex size-16 items-center justify-center rounded-full bg-neutral-200 text-xl font-bold dark:bg-neutral-800"
            >
              {initials(author.name)}
            </span>
          )}
        </div>
      }
    />
  );
}
