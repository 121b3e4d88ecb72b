import "server-only";
import { and, count, desc, eq, inArray, isNotNull, isNull, or, sql, type SQL } from "drizzle-orm";
import { db } from "@/db";
import { contains } from "@/lib/data/like";
import { articleAuthors, articles, articleTags, authors, revisions, sections, tags, type ArticleStatus } from "@/db/schema";
import type { ArticleCacheState } from "@/lib/cache/article-change";
import type { ArticleOwnership } from "@/lib/auth/roles";
import { slugify } from "@/lib/format";
import type { ArticleFilter } from "@/lib/validation/article";

export const ADMIN_PAGE_SIZE = 20;

/** The editable fields: what a revision snapshots and a restore brings back. */
export type ArticleContent = {
  headline: string;
  slug: string;
  dek: string;
  dateline: string;
  body: string;
  sectionId: number | null;
  tagNames: string[];
  authorIds: number[];
  featureImagePath: string | null;
  featureImageAlt: string;
  featureImageCaption: string;
  featureImageCredit: string;
  correction: string;
  commentStatus: "open" | "closed";
};

export type ArticleWrite = ArticleContent & { status: ArticleStatus; publishedAt: number | null };

export type EditableArticle = ArticleWrite & {
  id: number;
  updatedAt: number;
  createdAt: number;
  trashedAt: number | null;
  ownership: ArticleOwnership;
};

export type AdminArticleRow = {
  id: number;
  headline: string;
  slug: string;
  status: ArticleStatus;
  publishedAt: number | null;
  updatedAt: number;
  trashedAt: number | null;
  sectionName: string | null;
  authorNames: string[];
};

/** Articles a user below editor may see in the newsroom: the ones they created or are credited on. */
function ownedBy(userId: number): SQL {
  return or(
    eq(articles.createdById, userId),
    inArray(
      articles.id,
      db.select({ id: articleAuthors.articleId }).from(articleAuthors).innerJoin(authors, eq(authors.id, articleAuthors.authorId)).where(eq(authors.userId, userId)),
    ),
  ) as SQL;
}

// A scheduled article whose time has come is live for readers, so the newsroom counts it as published.
const isLive = (now: number) => sql`(${articles.status} = 'published' or (${articles.status} = 'scheduled' and ${articles.publishedAt} <= ${now}))`;
const isUpcoming = (now: number) => sql`(${articles.status} = 'scheduled' and ${articles.publishedAt} > ${now})`;

function filterWhere(filter: ArticleFilter, now: number): SQL | undefined {
  if (filter === "trash") return isNotNull(articles.trashedAt);
  if (filter === "all") return isNull(articles.trashedAt);
  if (filter === "published") return and(isNull(articles.trashedAt), isLive(now));
  if (filter === "scheduled") return and(isNull(articles.trashedAt), isUpcoming(now));
  return and(isNull(articles.trashedAt), eq(articles.status, "draft"));
}

/** The status an editor should see: "scheduled" only while it is still in the future. */
export function effectiveStatus(status: ArticleStatus, publishedAt: number | null, now: number = Date.now()): ArticleStatus {
  return status === "scheduled" && publishedAt !== null && publishedAt <= now ? "published" : status;
}

export function countArticlesByFilter(ownerId: number | null, now: number = Date.now()): Record<ArticleFilter, number> {
  const row = db
    .select({
      all: sql<number>`sum(case when ${articles.trashedAt} is null then 1 else 0 end)`,
      published: sql<number>`sum(case when ${articles.trashedAt} is null and ${isLive(now)} then 1 else 0 end)`,
      scheduled: sql<number>`sum(case when ${articles.trashedAt} is null and ${isUpcoming(now)} then 1 else 0 end)`,
      draft: sql<number>`sum(case when ${articles.trashedAt} is null and ${articles.status} = 'draft' then 1 else 0 end)`,
      trash: sql<number>`sum(case when ${articles.trashedAt} is not null then 1 else 0 end)`,
    })
    .from(articles)
    .where(ownerId === null ? undefined : ownedBy(ownerId))
    .get();
  return {
    all: row?.all ?? 0,
    published: row?.published ?? 0,
    scheduled: row?.scheduled ?? 0,
    draft: row?.draft ?? 0,
    trash: row?.trash ?? 0,
  };
}

export function listAdminArticles(options: { filter: ArticleFilter; query: string; page: number; ownerId: number | null }): {
  items: AdminArticleRow[];
  total: number;
  totalPages: number;
  page: number;
} {
  const q = options.query.trim();
  const now = Date.now();
  const where = and(
    filterWhere(options.filter, now),
    options.ownerId === null ? undefined : ownedBy(options.ownerId),
    q ? contains(articles.headline, q) : undefined,
  );
  const total = db.select({ n: count() }).from(articles).where(where).get()?.n ?? 0;
  const totalPages = Math.max(1, Math.ceil(total / ADMIN_PAGE_SIZE));
  const page = Math.min(Math.max(1, options.page), totalPages);
  const rows = db.query.articles
    .findMany({
      where,
      orderBy: [desc(articles.updatedAt), desc(articles.id)],
      limit: ADMIN_PAGE_SIZE,
      offset: (page - 1) * ADMIN_PAGE_SIZE,
      columns: { id: true, headline: true, slug: true, status: true, publishedAt: true, updatedAt: true, trashedAt: true },
      with: {
        section: { columns: { name: true } },
        authors: { columns: { position: true }, orderBy: [articleAuthors.position], with: { author: { columns: { name: true } } } },
      },
    })
    .sync();
  return {
    items: rows.map((r) => ({
      id: r.id,
      headline: r.headline,
      slug: r.slug,
      status: effectiveStatus(r.status, r.publishedAt, now),
      publishedAt: r.publishedAt,
      updatedAt: r.updatedAt,
      trashedAt: r.trashedAt,
      sectionName: r.section?.name ?? null,
      authorNames: r.authors.map((a) => a.author.name),
    })),
    total,
    totalPages,
    page,
  };
}

export function getArticleForEdit(id: number): EditableArticle | null {
  const row = db.query.articles
    .findFirst({
      where: eq(articles.id, id),
      with: {
        authors: { orderBy: [articleAuthors.position], with: { author: { columns: { id: true, userId: true } } } },
        tags: { with: { tag: { columns: { name: true } } } },
      },
    })
    .sync();
  if (!row) return null;
  return {
    ...writeOf(
      row,
      row.tags.map((t) => t.tag.name).sort((a, b) => a.localeCompare(b)),
      row.authors.map((a) => a.author.id),
    ),
    id: row.id,
    updatedAt: row.updatedAt,
    createdAt: row.createdAt,
    trashedAt: row.trashedAt,
    ownership: {
      createdById: row.createdById,
      bylineUserIds: row.authors.map((a) => a.author.userId).filter((u): u is number => u !== null),
      status: row.status,
    },
  };
}

export function isSlugTaken(slug: string, exceptId: number | null): boolean {
  const row = db.select({ id: articles.id }).from(articles).where(eq(articles.slug, slug)).get();
  return !!row && row.id !== exceptId;
}

/** A free slug based on `base`: "budget", then "budget-2", "budget-3"… */
export function uniqueArticleSlug(base: string, exceptId: number | null): string {
  const root = slugify(base) || "article";
  for (let i = 1; ; i++) {
    const slug = i === 1 ? root : `${root.slice(0, 75)}-${i}`;
    if (!isSlugTaken(slug, exceptId)) return slug;
  }
}

type Tx = Parameters<Parameters<typeof db.transaction>[0]>[0];

function cacheState(tx: Tx, id: number): ArticleCacheState | null {
  const row = tx.select({ slug: articles.slug, sectionId: articles.sectionId, status: articles.status, trashedAt: articles.trashedAt }).from(articles).where(eq(articles.id, id)).get();
  if (!row) return null;
  return {
    slug: row.slug,
    sectionId: row.sectionId,
    tagIds: tx.select({ id: articleTags.tagId }).from(articleTags).where(eq(articleTags.articleId, id)).all().map((r) => r.id),
    authorIds: tx
      .select({ id: articleAuthors.authorId })
      .from(articleAuthors)
      .where(eq(articleAuthors.articleId, id))
      .orderBy(articleAuthors.position)
      .all()
      .map((r) => r.id),
    public: row.status !== "draft" && row.trashedAt === null,
  };
}

/** The tags' ids, creating the missing ones; `created` collects the new tags' slugs. */
function tagIdsFor(tx: Tx, names: string[], created: string[]): number[] {
  return names.map((name) => {
    const slug = slugify(name) || `tag-${Buffer.from(name).toString("hex").slice(0, 16)}`;
    const existing = tx.select({ id: tags.id }).from(tags).where(eq(tags.slug, slug)).get();
    if (existing) return existing.id;
    created.push(slug);
    return tx.insert(tags).values({ name, slug }).returning({ id: tags.id }).get().id;
  });
}

function snapshotOf(tx: Tx, id: number): ArticleWrite {
  const row = tx.select().from(articles).where(eq(articles.id, id)).get()!;
  const tagNames = tx
    .select({ name: tags.name })
    .from(articleTags)
    .innerJoin(tags, eq(tags.id, articleTags.tagId))
    .where(eq(articleTags.articleId, id))
    .all()
    .map((t) => t.name)
    .sort((a, b) => a.localeCompare(b));
  const authorIds = tx
    .select({ id: articleAuthors.authorId })
    .from(articleAuthors)
    .where(eq(articleAuthors.articleId, id))
    .orderBy(articleAuthors.position)
    .all()
    .map((r) => r.id);
  return writeOf(row, tagNames, authorIds);
}

/** What an editor can save, as stored: the editor's form and every revision hold exactly this. */
function writeOf(row: typeof articles.$inferSelect, tagNames: string[], authorIds: number[]): ArticleWrite {
  return {
    headline: row.headline,
    slug: row.slug,
    dek: row.dek,
    dateline: row.dateline,
    body: row.body,
    sectionId: row.sectionId,
    tagNames,
    authorIds,
    featureImagePath: row.featureImagePath,
    featureImageAlt: row.featureImageAlt,
    featureImageCaption: row.featureImageCaption,
    featureImageCredit: row.featureImageCredit,
    correction: row.correction,
    commentStatus: row.commentStatus,
    status: row.status,
    publishedAt: row.publishedAt,
  };
}

export type SaveResult = { id: number; before: ArticleCacheState | null; after: ArticleCacheState | null; createdTagSlugs?: string[] };

/**
 * Creates or updates an article with its tags (created on the fly) and ordered bylines, and records
 * the saved state as a revision — all in one transaction.
 */
export function saveArticle(id: number | null, values: ArticleWrite, userId: number, now: number = Date.now()): SaveResult {
  return db.transaction((tx) => {
    const before = id === null ? null : cacheState(tx, id);
    const { tagNames, authorIds, ...columns } = values;
    let articleId: number;
    if (id === null) {
      articleId = tx
        .insert(articles)
        .values({ ...columns, createdById: userId, createdAt: now, updatedAt: now })
        .returning({ id: articles.id })
        .get().id;
    } else {
      tx.update(articles).set({ ...columns, updatedAt: now }).where(eq(articles.id, id)).run();
      articleId = id;
    }
    tx.delete(articleTags).where(eq(articleTags.articleId, articleId)).run();
    const createdTagSlugs: string[] = [];
    for (const tagId of new Set(tagIdsFor(tx, tagNames, createdTagSlugs))) tx.insert(articleTags).values({ articleId, tagId }).run();
    tx.delete(articleAuthors).where(eq(articleAuthors.articleId, articleId)).run();
    [...new Set(authorIds)].forEach((authorId, position) => tx.insert(articleAuthors).values({ articleId, authorId, position }).run());
    tx.insert(revisions).values({ articleId, userId, snapshot: JSON.stringify(snapshotOf(tx, articleId)), createdAt: now }).run();
    return { id: articleId, before, after: cacheState(tx, articleId), createdTagSlugs };
  });
}

/** Status-only changes (unpublish, trash, restore): no new revision, since the content is unchanged. */
export function updateArticleState(
  id: number,
  change: { status?: ArticleStatus; publishedAt?: number | null; trashedAt?: number | null },
  now: number = Date.now(),
): SaveResult | null {
  return db.transaction((tx) => {
    const before = cacheState(tx, id);
    if (!before) return null;
    tx.update(articles).set({ ...change, updatedAt: now }).where(eq(articles.id, id)).run();
    return { id, before, after: cacheState(tx, id) };
  });
}

export function deleteArticle(id: number): SaveResult | null {
  return db.transaction((tx) => {
    const before = cacheState(tx, id);
    if (!before) return null;
    tx.delete(articles).where(eq(articles.id, id)).run();
    return { id, before, after: null };
  });
}

export type SectionOption = { id: number; name: string };

export function listSectionOptions(): SectionOption[] {
  return db.select({ id: sections.id, name: sections.name }).from(sections).orderBy(sections.position, sections.name).all();
}

/** Which of a section id and author ids name nothing (a stale form, or a crafted one). */
export function unknownReferences(sectionId: number | null, authorIds: number[]): { section: boolean; authors: boolean } {
  const section = sectionId !== null && !db.select({ id: sections.id }).from(sections).where(eq(sections.id, sectionId)).get();
  const found = authorIds.length ? db.select({ id: authors.id }).from(authors).where(inArray(authors.id, authorIds)).all().length : 0;
  return { section, authors: found !== new Set(authorIds).size };
}

export function authorIdForUser(userId: number): number | null {
  return db.select({ id: authors.id }).from(authors).where(eq(authors.userId, userId)).get()?.id ?? null;
}
