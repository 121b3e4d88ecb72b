import type { Metadata } from "next";
import { notFound, permanentRedirect } from "next/navigation";
import { resolveOldLink } from "@/lib/data/old-link-lookup";
import { ArticleListPage } from "@/components/article/article-list-page";
import { PageView } from "@/components/page/page-view";
import { getPublishedPage } from "@/lib/data/pages";
import { listSectionArticles } from "@/lib/data/articles";
import { getSettings } from "@/lib/data/settings";
import { getSectionBySlug } from "@/lib/data/taxonomy";
import { feedLinks } from "@/lib/feeds/links";
import { listSharing } from "@/lib/metadata/sharing";
import { pageFromSegments, pageTitle } from "@/lib/pagination";
import { pagePath, sectionPath } from "@/lib/site";

export const revalidate = 60;

export function generateStaticParams() {
  return [];
}

type Props = { params: Promise<{ section: string; page?: string[] }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { section: slug, page: segments } = await params;
  const [section, settings] = await Promise.all([getSectionBySlug(slug), getSettings()]);
  const page = pageFromSegments(segments);
  if (!section && !segments?.length) return staticPageMetadata(slug);
  if (!section || !page) return {};
  const path = sectionPath(slug);
  return {
    title: pageTitle(section.name, page),
    description: section.description,
    alternates: {
      canonical: page > 1 ? `${path}?page=${page}` : path,
      types: feedLinks(settings.siteTitle, { name: section.name, path }),
    },
    ...listSharing(section.name, section.description, path),
  };
}

// A static page (/about) answers at the root where no section does: a page may never take a section's
// address (lib/pages/rules.ts), so the section is looked up first and the page only on a miss.
async function staticPageMetadata(slug: string): Promise<Metadata> {
  const staticPage = await getPublishedPage(slug);
  if (!staticPage) return {};
  return { title: staticPage.title, alternates: { canonical: pagePath(staticPage.slug) } };
}

/** A WordPress post-name permalink (/slug/) has this route's shape; only a miss looks it up (cached). */
async function redirectOldLink(slug: string, segments: string[] = []) {
  const target = await resolveOldLink(`/${[slug, ...segments].map(encodeURIComponent).join("/")}`);
  if (target) permanentRedirect(encodeURI(target));
}

export default async function SectionPage({ params }: Props) {
  const { section: slug, page: segments } = await params;
  const page = pageFromSegments(segments);
  const section = page ? await getSectionBySlug(slug) : null;
  if (!section && !segments?.length) {
    const staticPage = await getPublishedPage(slug);
    if (staticPage) return <PageView page={staticPage} timeZone={(await getSettings()).timezone} />;
  }
  if (!section) await redirectOldLink(slug, segments);
  if (!page || !section) notFound();
  const [list, settings] = await Promise.all([listSectionArticles(section.id, page), getSettings()]);
  if (!list) notFound();
  return (
    <ArticleListPage
      kicker="Section"
      title={section.name}
      description={section.description}
      basePath={sectionPath(section.slug)}
      list={list}
      timeZone={settings.timezone}
    />
  );
}
