import type { MetadataRoute } from "next";
import { listArticlesForFeeds } from "@/lib/data/articles";
import { listSections } from "@/lib/data/taxonomy";
import { absoluteUrl, articlePath, sectionPath } from "@/lib/site";

export const revalidate = 60;

export default async function sitemap(): Promise<MetadataRoute.Sitemap> {
  const [articles, sections] = await Promise.all([listArticlesForFeeds(50_000), listSections()]);
  return [
    { url: absoluteUrl("/"), changeFrequency: "always", priority: 1 },
    ...sections.map((s) => ({
      url: absoluteUrl(sectionPath(s.slug)),
      changeFrequency: "hourly" as const,
      priority: 0.8,
    })),
    ...articles.map((a) => ({
      url: absoluteUrl(articlePath(a.slug)),
      lastModified: new Date(Math.max(a.updatedAt, a.publishedAt)),
    })),
  ];
}
