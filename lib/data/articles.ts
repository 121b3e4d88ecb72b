import "server-only";
import { and, count, desc, eq, inArray, isNull, lte, sql, type Placeholder, type SQL } from "drizzle-orm";
import { db } from "@/db";
import { articleAuthors, articles, articleTags, sections } from "@/db/schema";
import { cachedRead } from "@/lib/cache/cached";
import { CACHE_TAGS } from "@/lib/cache/tags";
import { isLive, type LiveCoverage } from "@/lib/live/rules";
import { loadPage, pageCount, type Page } from "./paging";
import { slugRead } from "./slug-read";

export const PAGE_SIZE = 20;

export type Byline = { id: number; name: string; slug: string };
export type SectionRef = { id: number; name: string; slug: string };
export type TagRef = { id: number; name: string; slug: string };
export type FeatureImage = { path: string; alt: string; caption: string; credit: string };

export type ArticleSummary = {
  id: number;
  slug: string;
  headline: string;
  dek: string;
  publishedAt: number;
  updatedAt: number;
  featureImage: FeatureImage | null;
  section: SectionRef | null;
  authors: Byline[];
  /** Live coverage running now: lists mark the story "Live". */
  live?: boolean;
};

export type Article = ArticleSummary & {
  dateline: string;
  body: string;
  correction: string;
  commentStatus: "open" | "closed";
  tags: TagRef[];
  /** The story's live coverage, running or ended (an archive); null for an ordinary story. */
  liveCoverage?: LiveCoverage | null;
};

export type { Page } from "./paging";

/** Readers see published articles, and scheduled ones whose time has come; never drafts or trash. */
export function visibleToReaders(at: number | Placeholder = Date.now()): SQL {
  return and(
    inArray(articles.status, ["published", "scheduled"]),
    lte(articles.publishedAt, at),
    isNull(articles.trashedAt),
  ) as SQL;
}

const refColumns = { id: true, name: true, slug: true } as const;

const summaryRelations = {
  section: { columns: refColumns },
  authors: {
    columns: { position: true as const },
    orderBy: [articleAuthors.position],
    with: { author: { columns: refColumns } },
  },
  live: { columns: { startedAt: true as const, endedAt: true as const, lastUpdateAt: true as const } },
};

type SummaryRow = typeof articles.$inferSelect & {
  section: SectionRef | null;
  authors: { position: number; author: Byline }[];
  live: LiveCoverage | null;
};

function toSummary(row: SummaryRow): ArticleSummary {
  return {
    id: row.id,
    slug: row.slug,
    headline: row.headline,
    dek: row.dek,
    publishedAt: row.publishedAt ?? row.createdAt,
    updatedAt: row.updatedAt,
    featureImage: row.featureImagePath
      ? {
          path: row.featureImagePath,
          alt: row.featureImageAlt,
          caption: row.featureImageCaption,
          credit: row.featureImageCredit,
        }
      : null,
    section: row.section,
    authors: row.authors.map((a) => a.author),
    live: isLive(row.live),
  };
}

/**
 * The ids of one page of what readers see, newest first. Selecting only the id lets the database walk
 * the covering index on (published_at, id, status, trashed_at), per section or overall, so a deep
 * OFFSET skips index entries instead of whole rows.
 */
function visiblePageIds(where: SQL | undefined, limit: number, offset: number) {
  return db
    .select({ id: articles.id })
    .from(articles)
    .where(and(visibleToReaders(), where))
    .orderBy(desc(articles.publishedAt), desc(articles.id))
    .limit(limit)
    .offset(offset);
}

/** The query behind every reader list (exported for the query-plan test). */
export function buildVisibleListQuery(where: SQL | undefined, limit: number, offset = 0) {
  return db.query.articles.findMany({
    where: inArray(articles.id, visiblePageIds(where, limit, offset)),
    with: summaryRelations,
  });
}

/** The count behind every paged reader list (exported for the query-plan test). */
export function buildVisibleCountQuery(where: SQL | undefined) {
  return db.select({ n: count() }).from(articles).where(and(visibleToReaders(), where));
}

/** The stories among `ids` that readers may see now, newest first (the front page's picks). */
export async function listVisibleArticlesByIds(ids: number[]): Promise<ArticleSummary[]> {
  if (ids.length === 0) return [];
  const rows = await db.query.articles.findMany({
    where: and(inArray(articles.id, ids), visibleToReaders()),
    with: summaryRelations,
  });
  return rows.map(toSummary);
}

const newestFirst = (a: ArticleSummary, b: ArticleSummary) => b.publishedAt - a.publishedAt || b.id - a.id;

async function listVisible(where: SQL | undefined, limit: number, offset = 0): Promise<ArticleSummary[]> {
  // The page's order is the subquery's; sorting its few rows here spares the database a second sort.
  return (await buildVisibleListQuery(where, limit, offset)).map(toSummary).sort(newestFirst);
}

async function countVisible(where: SQL | undefined): Promise<number> {
  return (await buildVisibleCountQuery(where))[0]?.n ?? 0;
}

export const inSection = (sectionId: number): SQL => eq(articles.sectionId, sectionId);
/**
 * Tag and byline filters as a membership test on the article being walked (`+id`, which both engines
 * read as the id but SQLite will not use as a key): the list then walks the published-time index in
 * order and stops after a page, instead of fetching every article of the tag and sorting them all.
 */
const memberOf = (ids: Parameters<typeof inArray>[1]) => inArray(sql`+${articles.id}`, ids);

const taggedIds = (tagId: number) =>
  db.select({ id: articleTags.articleId }).from(articleTags).where(eq(articleTags.tagId, tagId));
const creditedIds = (authorId: number) =>
  db.select({ id: articleAuthors.articleId }).from(articleAuthors).where(eq(articleAuthors.authorId, authorId));

export const withTag = (tagId: number): SQL => memberOf(taggedIds(tagId));
export const byAuthor = (authorId: number): SQL => memberOf(creditedIds(authorId));

// A count keeps no order, so there the tag's or byline's own rows lead and each article is looked up.
export const countWithTag = (tagId: number): SQL => inArray(articles.id, taggedIds(tagId));
export const countByAuthor = (authorId: number): SQL => inArray(articles.id, creditedIds(authorId));

/**
 * One page of a list. Returns null when the page number is past the end, so the route can 404;
 * page 1 of an empty list is still a page.
 */
async function paginate(
  where: SQL | undefined,
  page: number,
  countWhere: SQL | undefined = where,
): Promise<Page<ArticleSummary> | null> {
  const total = await countVisible(countWhere);
  if (!Number.isInteger(page) || page < 1 || page > pageCount(total, PAGE_SIZE)) return null;
  return loadPage(total, PAGE_SIZE, page, (limit, offset) => listVisible(where, limit, offset));
}

export const listLatestArticles = cachedRead(
  "latest-articles",
  (limit: number) => listVisible(undefined, limit),
  () => [CACHE_TAGS.latest],
);

export const listSectionArticles = cachedRead(
  "section-articles",
  (sectionId: number, page: number) => paginate(inSection(sectionId), page),
  (sectionId) => [CACHE_TAGS.section(sectionId)],
);

export const listTagArticles = cachedRead(
  "tag-articles",
  (tagId: number, page: number) => paginate(withTag(tagId), page, countWithTag(tagId)),
  (tagId) => [CACHE_TAGS.tag(tagId)],
);

export const listAuthorArticles = cachedRead(
  "author-articles",
  (authorId: number, page: number) => paginate(byAuthor(authorId), page, countByAuthor(authorId)),
  (authorId) => [CACHE_TAGS.author(authorId)],
);

/** The home page: per section, its newest stories. One query per section on the home page only. */
export const listSectionFronts = cachedRead(
  "section-fronts",
  async (perSection: number) => {
    const list = await db.select().from(sections).orderBy(sections.position, sections.name);
    const fronts = await Promise.all(
      list.map(async (section) => ({ section, articles: await listVisible(inSection(section.id), perSection) })),
    );
    return fronts.filter((front) => front.articles.length > 0);
  },
  () => [CACHE_TAGS.latest],
);

export const articleRelations = { ...summaryRelations, tags: { with: { tag: { columns: refColumns } } } };

export function toArticle(row: SummaryRow & { tags: { tag: TagRef }[] }): Article {
  return {
    ...toSummary(row),
    dateline: row.dateline,
    body: row.body,
    correction: row.correction,
    commentStatus: row.commentStatus,
    tags: row.tags.map((t) => t.tag).sort((a, b) => a.name.localeCompare(b.name)),
    liveCoverage: row.live,
  };
}

async function readArticle(where: SQL): Promise<Article | null> {
  const row = await db.query.articles.findFirst({ where, with: articleRelations });
  return row ? toArticle(row) : null;
}

/** Which stories a feed carries: the whole site, or one section, tag or author. */
export type FeedScope = { kind: "site" } | { kind: "section" | "tag" | "author"; id: number };

function scopeWhere(scope: FeedScope): SQL | undefined {
  if (scope.kind === "section") return eq(articles.sectionId, scope.id);
  if (scope.kind === "tag")
    return inArray(
      articles.id,
      db.select({ id: articleTags.articleId }).from(articleTags).where(eq(articleTags.tagId, scope.id)),
    );
  if (scope.kind === "author")
    return inArray(
      articles.id,
      db.select({ id: articleAuthors.articleId }).from(articleAuthors).where(eq(articleAuthors.authorId, scope.id)),
    );
  return undefined;
}

/** The cache tag a scope's pages carry, so a feed is invalidated exactly when its page is. */
export function feedScopeTag(scope: FeedScope): string {
  if (scope.kind === "section") return CACHE_TAGS.section(scope.id);
  if (scope.kind === "tag") return CACHE_TAGS.tag(scope.id);
  if (scope.kind === "author") return CACHE_TAGS.author(scope.id);
  return CACHE_TAGS.latest;
}

/**
 * The last change to any story of a scope, visible or not: unpublishing or trashing a story takes it
 * out of a feed and sets its updated_at, so a feed's Last-Modified still moves forward.
 */
export async function latestChangeInScope(scope: FeedScope): Promise<number> {
  const [found] = await db
    .select({ at: sql<number>`max(${articles.updatedAt})`.mapWith(Number) })
    .from(articles)
    .where(scopeWhere(scope));
  return found?.at ?? 0;
}

/** The newest visible stories of a scope, whole (body and tags included), for feeds. */
export async function listFeedArticles(scope: FeedScope, limit: number): Promise<Article[]> {
  const rows = await db.query.articles.findMany({
    where: and(visibleToReaders(), scopeWhere(scope)),
    orderBy: [desc(articles.publishedAt), desc(articles.id)],
    limit,
    with: articleRelations,
  });
  return rows.map(toArticle);
}

export const getArticleBySlug = slugRead(
  cachedRead(
    "article",
    (slug: string) => readArticle(and(eq(articles.slug, slug), visibleToReaders()) as SQL),
    (slug) => [CACHE_TAGS.article(slug)],
  ),
);

/** Any article by id, whatever its status: for editors' previews, never for reader pages. */
export function getArticleForPreview(id: number): Promise<Article | null> {
  return readArticle(eq(articles.id, id));
}

/** Visible articles by id, in the order of `ids` (search results ranked elsewhere). */
export async function listSummariesByIds(ids: number[]): Promise<ArticleSummary[]> {
  if (ids.length === 0) return [];
  const found = await db.query.articles.findMany({
    where: and(visibleToReaders(), inArray(articles.id, ids)),
    with: summaryRelations,
  });
  const byId = new Map(found.map((row) => [row.id, toSummary(row)]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

export type SitemapEntry = { slug: string; publishedAt: number; updatedAt: number; headline: string; dek: string };

export const listArticlesForFeeds = cachedRead(
  "feed-articles",
  (limit: number): Promise<SitemapEntry[]> =>
    db
      .select({
        slug: articles.slug,
        // Never null for what readers see; PostgreSQL returns a bare bigint expression as a string.
        publishedAt: sql<number>`${articles.publishedAt}`.mapWith(Number),
        updatedAt: articles.updatedAt,
        headline: articles.headline,
        dek: articles.dek,
      })
      .from(articles)
      .where(visibleToReaders())
      .orderBy(desc(articles.publishedAt))
      .limit(limit),
  () => [CACHE_TAGS.latest],
);
