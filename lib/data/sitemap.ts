import "server-only";
import { asc, count } from "drizzle-orm";
import { db, rows } from "@/db";
import { articles } from "@/db/schema";
import { cachedRead } from "@/lib/cache/cached";
import { CACHE_TAGS } from "@/lib/cache/tags";
import { visibleToReaders } from "./articles";

/** The sitemap protocol's limit per file. */
export const SITEMAP_URLS_PER_FILE = 50_000;

export type SitemapArticle = { slug: string; lastModified: number };

/**
 * The sitemap's count and file queries (exported for the query-plan test). Files hold stories oldest
 * first, so publishing only ever changes the last file; both read only the covering index on
 * (published_at, id, status, trashed_at, updated_at, slug), so a later file's OFFSET skips index entries.
 */
export function buildSitemapQueries(now: number) {
  const visible = visibleToReaders(now);
  return {
    count: db.select({ n: count() }).from(articles).where(visible),
    page: (file: number) =>
      db
        .select({ slug: articles.slug, publishedAt: articles.publishedAt, updatedAt: articles.updatedAt })
        .from(articles)
        .where(visible)
        .orderBy(asc(articles.publishedAt), asc(articles.id))
        .limit(SITEMAP_URLS_PER_FILE)
        .offset(file * SITEMAP_URLS_PER_FILE),
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

type SitemapRow = { slug: string; published_at: number | string | null; updated_at: number | string };

export const listSitemapArticles = cachedRead(
  "sitemap-articles",
  async (file: number): Promise<SitemapArticle[]> => {
    // Run raw: for 50,000 rows Drizzle's mapping of each row costs several times the query itself.
    // PostgreSQL returns the bigint timestamps as strings.
    const list = await rows<SitemapRow>(buildSitemapQueries(Date.now()).page(file).getSQL());
    return list.map((a) => ({
      slug: a.slug,
      lastModified: Math.max(Number(a.updated_at), Number(a.published_at ?? 0)),
    }));
  },
  () => [CACHE_TAGS.latest],
);
