import "server-only";
import { asc, count, inArray } from "drizzle-orm";
import { db } from "@/db";
import { articles } from "@/db/schema";
import { cachedRead } from "@/lib/cache/cached";
import { CACHE_TAGS } from "@/lib/cache/tags";
import { visibleToReaders } from "./articles";

/** The sitemap protocol's limit per file. */
export const SITEMAP_URLS_PER_FILE = 50_000;

export type SitemapArticle = { slug: string; lastModified: number };

/**
 * The sitemap's count and file queries (exported for the query-plan test). Files hold stories oldest
 * first, so publishing only ever changes the last file; a file's ids come from the covering index on
 * (published_at, id, status, trashed_at), so the OFFSET of a later file skips index entries, not rows.
 */
export function buildSitemapQueries(now: number) {
  const visible = visibleToReaders(now);
  return {
    count: db.select({ n: count() }).from(articles).where(visible),
    page: (file: number) =>
      db
        .select({ slug: articles.slug, publishedAt: articles.publishedAt, updatedAt: articles.updatedAt })
        .from(articles)
        .where(
          inArray(
            articles.id,
            db
              .select({ id: articles.id })
              .from(articles)
              .where(visible)
              .orderBy(asc(articles.publishedAt), asc(articles.id))
              .limit(SITEMAP_URLS_PER_FILE)
              .offset(file * SITEMAP_URLS_PER_FILE),
          ),
        ),
  };
}

/** How many article files the sitemap index lists: at least one, even before the first story. */
export const countSitemapFiles = cachedRead(
  "sitemap-files",
  async (): Promise<number> => {
    const total = Number((await buildSitemapQueries(Date.now()).count)[0]?.n ?? 0);
    return Math.max(1, Math.ceil(total / SITEMAP_URLS_PER_FILE));
  },
  () => [CACHE_TAGS.latest],
);

export const listSitemapArticles = cachedRead(
  "sitemap-articles",
  async (file: number): Promise<SitemapArticle[]> =>
    (await buildSitemapQueries(Date.now()).page(file)).map((a) => ({
      slug: a.slug,
      lastModified: Math.max(Number(a.updatedAt), Number(a.publishedAt ?? 0)),
    })),
  () => [CACHE_TAGS.latest],
);
