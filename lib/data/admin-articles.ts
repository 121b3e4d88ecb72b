import "server-only";
import { and, count, desc, eq, gt, inArray, isNotNull, isNull, lte, or, sql, type SQL } from "drizzle-orm";
import { db, transaction, type Db } from "@/db";
import { enqueueStoryEvents, storyFacts } from "./webhooks";
import { indexArticles, removeFromSearchIndex } from "@/db/search-index";
import { headlineMatches } from "@/lib/data/search";
import {
  articleAuthors,
  articleAutosaves,
  articles,
  articleTags,
  authors,
  comments,
  revisions,
  sections,
  tags,
} from "@/db/schema";
import type { ArticleCommentStatus, ArticleStatus } from "@/lib/domain";
import type { ArticleCacheState } from "@/lib/cache/article-change";
import type { ArticleOwnership } from "@/lib/auth/roles";
import { numberedSlug, slugify } from "@/lib/format/text";
import { isUniqueViolation } from "./unique-violation";
import { completeApiRequest } from "./api-requests";
import { recordStatusChange } from "./status-history";
import { removeUnusedUploads, uploadsIn, uploadsOfArticle } from "./unused-uploads";
import { loadPage, type Page } from "./paging";
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
  commentStatus: ArticleCommentStatus;
};

export type ArticleWrite = ArticleContent & { status: ArticleStatus; publishedAt: number | null };

export type EditableArticle = ArticleWrite & {
  id: number;
  /** Raised by every write of the content; a save names the one it was based on. */
  version: number;
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
      db
        .select({ id: articleAuthors.articleId })
        .from(articleAuthors)
        .innerJoin(authors, eq(authors.id, articleAuthors.authorId))
        .where(eq(authors.userId, userId)),
    ),
  ) as SQL;
}

// A scheduled article whose time has come is live for readers, so the newsroom counts it as published.
const isLive = (now: number) =>
  sql`(${articles.status} = 'published' or (${articles.status} = 'scheduled' and ${articles.publishedAt} <= ${now}))`;
const isUpcoming = (now: number) => sql`(${articles.status} = 'scheduled' and ${articles.publishedAt} > ${now})`;

function filterWhere(filter: ArticleFilter, now: number): SQL | undefined {
  if (filter === "trash") return isNotNull(articles.trashedAt);
  if (filter === "all") return isNull(articles.trashedAt);
  if (filter === "published") return and(isNull(articles.trashedAt), isLive(now));
  if (filter === "scheduled") return and(isNull(articles.trashedAt), isUpcoming(now));
  if (filter === "pending") return and(isNull(articles.trashedAt), eq(articles.status, "pending"));
  return and(isNull(articles.trashedAt), eq(articles.status, "draft"));
}

/** The status an editor should see: "scheduled" only while it is still in the future. */
export function effectiveStatus(
  status: ArticleStatus,
  publishedAt: number | null,
  now: number = Date.now(),
): ArticleStatus {
  return status === "scheduled" && publishedAt !== null && publishedAt <= now ? "published" : status;
}

// PostgreSQL returns sum() of integers as a numeric string.
const countWhere = (condition: SQL) => sql<number>`sum(case when ${condition} then 1 else 0 end)`.mapWith(Number);

/** The newsroom's tab counts in one pass over a covering index (exported for the query-plan test). */
export function buildArticleCountsQuery(ownerId: number | null, now: number) {
  return db
    .select({
      all: countWhere(sql`${articles.trashedAt} is null`),
      published: countWhere(sql`${articles.trashedAt} is null and ${isLive(now)}`),
      scheduled: countWhere(sql`${articles.trashedAt} is null and ${isUpcoming(now)}`),
      pending: countWhere(sql`${articles.trashedAt} is null and ${articles.status} = 'pending'`),
      draft: countWhere(sql`${articles.trashedAt} is null and ${articles.status} = 'draft'`),
      trash: countWhere(sql`${articles.trashedAt} is not null`),
    })
    .from(articles)
    .where(ownerId === null ? undefined : ownedBy(ownerId));
}

export async function countArticlesByFilter(
  ownerId: number | null,
  now: number = Date.now(),
): Promise<Record<ArticleFilter, number>> {
  const [row] = await buildArticleCountsQuery(ownerId, now);
  return {
    all: row?.all ?? 0,
    published: row?.published ?? 0,
    scheduled: row?.scheduled ?? 0,
    pending: row?.pending ?? 0,
    draft: row?.draft ?? 0,
    trash: row?.trash ?? 0,
  };
}

type AdminListOptions = { filter: ArticleFilter; query: string; ownerId: number | null };

/**
 * The newsroom list's count and page queries (exported for the query-plan test). A page first picks
 * its ids from the covering index on (updated_at, id, trashed_at, status, published_at), so deep
 * pages skip index entries, then loads those few articles with their section and bylines.
 */
export function buildAdminArticleQueries(options: AdminListOptions, now: number) {
  const q = options.query.trim();
  const where = and(
    filterWhere(options.filter, now),
    options.ownerId === null ? undefined : ownedBy(options.ownerId),
    q ? headlineMatches(q) : undefined,
  );
  const ids = (limit: number, offset: number) =>
    db
      .select({ id: articles.id })
      .from(articles)
      .where(where)
      .orderBy(desc(articles.updatedAt), desc(articles.id))
      .limit(limit)
      .offset(offset);
  return {
    count: db.select({ n: count() }).from(articles).where(where),
    page: (limit: number, offset: number) =>
      db.query.articles.findMany({
        where: inArray(articles.id, ids(limit, offset)),
        columns: {
          id: true,
          headline: true,
          slug: true,
          status: true,
          publishedAt: true,
          updatedAt: true,
          trashedAt: true,
        },
        with: {
          section: { columns: { name: true } },
          authors: {
            columns: { position: true },
            orderBy: [articleAuthors.position],
            with: { author: { columns: { name: true } } },
          },
        },
      }),
  };
}

export async function listAdminArticles(options: AdminListOptions & { page: number }): Promise<Page<AdminArticleRow>> {
  const now = Date.now();
  const queries = buildAdminArticleQueries(options, now);
  const total = (await queries.count)[0]?.n ?? 0;
  return loadPage(total, ADMIN_PAGE_SIZE, options.page, async (limit, offset) => {
    const rows = await queries.page(limit, offset);
    // The ids came in the list's order; the few rows are put back in it here rather than sorted again in SQL.
    rows.sort((a, b) => b.updatedAt - a.updatedAt || b.id - a.id);
    return rows.map((r) => ({
      id: r.id,
      headline: r.headline,
      slug: r.slug,
      status: effectiveStatus(r.status, r.publishedAt, now),
      publishedAt: r.publishedAt,
      updatedAt: r.updatedAt,
      trashedAt: r.trashedAt,
      sectionName: r.section?.name ?? null,
      authorNames: r.authors.map((a) => a.author.name),
    }));
  });
}

export async function getArticleForEdit(id: number): Promise<EditableArticle | null> {
  const row = await db.query.articles.findFirst({
    where: eq(articles.id, id),
    with: {
      authors: { orderBy: [articleAuthors.position], with: { author: { columns: { id: true, userId: true } } } },
      tags: { with: { tag: { columns: { name: true } } } },
    },
  });
  if (!row) return null;
  return {
    ...writeOf(
      row,
      row.tags.map((t) => t.tag.name).sort((a, b) => a.localeCompare(b)),
      row.authors.map((a) => a.author.id),
    ),
    id: row.id,
    version: row.version,
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

export async function isSlugTaken(slug: string, exceptId: number | null): Promise<boolean> {
  const [row] = await db.select({ id: articles.id }).from(articles).where(eq(articles.slug, slug));
  return !!row && row.id !== exceptId;
}

/** A free slug based on `base`: "budget", then "budget-2", "budget-3"… */
export async function uniqueArticleSlug(base: string, exceptId: number | null): Promise<string> {
  const root = slugify(base) || "article";
  for (let i = 1; ; i++) {
    const slug = numberedSlug(root, i);
    if (!(await isSlugTaken(slug, exceptId))) return slug;
  }
}

async function bylineIds(tx: Db, id: number): Promise<number[]> {
  const rows = await tx
    .select({ id: articleAuthors.authorId })
    .from(articleAuthors)
    .where(eq(articleAuthors.articleId, id))
    .orderBy(articleAuthors.position);
  return rows.map((r) => r.id);
}

async function cacheState(tx: Db, id: number): Promise<ArticleCacheState | null> {
  const [row] = await tx
    .select({
      slug: articles.slug,
      sectionId: articles.sectionId,
      status: articles.status,
      trashedAt: articles.trashedAt,
    })
    .from(articles)
    .where(eq(articles.id, id));
  if (!row) return null;
  const tagRows = await tx.select({ id: articleTags.tagId }).from(articleTags).where(eq(articleTags.articleId, id));
  return {
    slug: row.slug,
    sectionId: row.sectionId,
    tagIds: tagRows.map((r) => r.id),
    authorIds: await bylineIds(tx, id),
    public: (row.status === "published" || row.status === "scheduled") && row.trashedAt === null,
  };
}

/** The tags' ids, creating the missing ones; `created` collects the new tags' slugs. */
async function tagIdsFor(tx: Db, names: string[], created: string[]): Promise<number[]> {
  const ids: number[] = [];
  for (const name of names) {
    const slug = slugify(name) || `tag-${Buffer.from(name).toString("hex").slice(0, 16)}`;
    const [existing] = await tx.select({ id: tags.id }).from(tags).where(eq(tags.slug, slug));
    if (existing) {
      ids.push(existing.id);
      continue;
    }
    created.push(slug);
    const [inserted] = await tx.insert(tags).values({ name, slug }).returning({ id: tags.id });
    ids.push(inserted.id);
  }
  return ids;
}

async function snapshotOf(tx: Db, id: number): Promise<ArticleWrite> {
  const [row] = await tx.select().from(articles).where(eq(articles.id, id));
  const tagRows = await tx
    .select({ name: tags.name })
    .from(articleTags)
    .innerJoin(tags, eq(tags.id, articleTags.tagId))
    .where(eq(articleTags.articleId, id));
  const tagNames = tagRows.map((t) => t.name).sort((a, b) => a.localeCompare(b));
  return writeOf(row, tagNames, await bylineIds(tx, id));
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

export type SaveResult = {
  id: number;
  /** The article's version after the write: content saves and status changes both raise it. */
  version?: number;
  before: ArticleCacheState | null;
  after: ArticleCacheState | null;
  createdTagSlugs?: string[];
  /** Uploads that lost a reference in this write: removed once no story or kept revision uses them. */
  droppedUploads?: string[];
};

/** Revisions kept per article; older ones are deleted on save, as WordPress's WP_POST_REVISIONS does. */
export const REVISIONS_KEPT = 50;

/** Deletes the article's revisions beyond the newest REVISIONS_KEPT; returns the uploads they referred to. */
async function pruneRevisions(tx: Db, articleId: number): Promise<string[]> {
  const old = await tx
    .select({ id: revisions.id, snapshot: revisions.snapshot })
    .from(revisions)
    .where(eq(revisions.articleId, articleId))
    .orderBy(desc(revisions.createdAt), desc(revisions.id))
    .offset(REVISIONS_KEPT)
    .limit(1_000_000);
  if (old.length === 0) return [];
  const ids = old.map((r) => r.id);
  for (let i = 0; i < ids.length; i += 500)
    await tx.delete(revisions).where(inArray(revisions.id, ids.slice(i, i + 500)));
  return [...new Set(old.flatMap((r) => uploadsIn(r.snapshot)))];
}

/** How a save is checked and recorded. */
export type SaveOptions = {
  /** The version the writer's form was based on: the write is refused unless it is still the current one. */
  baseVersion?: number | null;
  /** A draft's autosave: rewrites the writer's newest autosave revision instead of adding one. */
  autosave?: boolean;
  /** The Admin API request (Idempotency-Key) this save answers: completed in the save's transaction. */
  idempotentRequest?: number;
};

/** Thrown inside the transaction so a refused write leaves nothing behind. */
class VersionConflict extends Error {}

/**
 * Creates or updates an article with its tags (created on the fly) and ordered bylines, and records
 * the saved state as a revision — all in one transaction. An update based on a version older than the
 * stored one is refused ("conflict"): the version is compared and raised by the same UPDATE.
 */
export async function saveArticle(
  id: number | null,
  values: ArticleWrite,
  userId: number,
  now: number = Date.now(),
  options: SaveOptions = {},
): Promise<SaveResult | "slug-taken" | "conflict"> {
  try {
    const result = await writeArticle(id, values, userId, now, options);
    await removeUnusedUploads(result.droppedUploads ?? []);
    return result;
  } catch (error) {
    if (error instanceof VersionConflict) return "conflict";
    // Another save took the slug after this one checked it was free.
    if (isUniqueViolation(error, { table: "articles", column: "slug", index: "articles_slug_unique" }))
      return "slug-taken";
    throw error;
  }
}

async function insertOrUpdateArticle(
  tx: Db,
  id: number | null,
  columns: Omit<ArticleWrite, "tagNames" | "authorIds">,
  userId: number,
  now: number,
  baseVersion: number | null | undefined,
): Promise<{ id: number; version: number }> {
  if (id === null) {
    const [inserted] = await tx
      .insert(articles)
      .values({ ...columns, createdById: userId, createdAt: now, updatedAt: now })
      .returning({ id: articles.id, version: articles.version });
    return inserted;
  }
  const [updated] = await tx
    .update(articles)
    .set({ ...columns, updatedAt: now, version: sql`${articles.version} + 1` })
    .where(and(eq(articles.id, id), baseVersion == null ? undefined : eq(articles.version, baseVersion)))
    .returning({ id: articles.id, version: articles.version });
  if (!updated) throw new VersionConflict();
  return updated;
}

/**
 * Records the saved state. The writer's own autosave revision, when it is the newest, is rewritten in
 * place, by the next autosave and by their save by hand (which it led up to), as WordPress replaces it.
 */
async function recordRevision(tx: Db, articleId: number, userId: number, now: number, autosave: boolean) {
  const snapshot = JSON.stringify(await snapshotOf(tx, articleId));
  const [newest] = await tx
    .select({ id: revisions.id, userId: revisions.userId, autosave: revisions.autosave })
    .from(revisions)
    .where(eq(revisions.articleId, articleId))
    .orderBy(desc(revisions.createdAt), desc(revisions.id))
    .limit(1);
  if (newest?.autosave && newest.userId === userId) {
    await tx.update(revisions).set({ snapshot, createdAt: now, autosave }).where(eq(revisions.id, newest.id));
    return;
  }
  await tx.insert(revisions).values({ articleId, userId, snapshot, createdAt: now, autosave });
}

function writeArticle(
  id: number | null,
  values: ArticleWrite,
  userId: number,
  now: number,
  options: SaveOptions,
): Promise<SaveResult> {
  return transaction(async (tx) => {
    const before = id === null ? null : await cacheState(tx, id);
    const storyBefore = id === null ? null : await storyFacts(tx, id);
    // The image being replaced, if no kept revision holds it (say, a story imported without any).
    const replaced = id === null ? [] : await uploadsOfArticle(tx, id, { revisions: false });
    const { tagNames, authorIds, ...columns } = values;
    const fromStatus = id === null ? null : await statusOf(tx, id);
    const { id: articleId, version } = await insertOrUpdateArticle(tx, id, columns, userId, now, options.baseVersion);
    await tx.delete(articleTags).where(eq(articleTags.articleId, articleId));
    const createdTagSlugs: string[] = [];
    const tagIds = [...new Set(await tagIdsFor(tx, tagNames, createdTagSlugs))];
    if (tagIds.length) await tx.insert(articleTags).values(tagIds.map((tagId) => ({ articleId, tagId })));
    await tx.delete(articleAuthors).where(eq(articleAuthors.articleId, articleId));
    const bylines = [...new Set(authorIds)].map((authorId, position) => ({ articleId, authorId, position }));
    if (bylines.length) await tx.insert(articleAuthors).values(bylines);
    await recordRevision(tx, articleId, userId, now, !!options.autosave);
    // Saved for real: the writer's autosave copy of a live story has done its job.
    if (!options.autosave)
      await tx
        .delete(articleAutosaves)
        .where(and(eq(articleAutosaves.articleId, articleId), eq(articleAutosaves.userId, userId)));
    await recordStatusChange(tx, { articleId, userId, from: fromStatus, to: values.status, at: now });
    await indexArticles(tx, [articleId]);
    const droppedUploads = [...replaced, ...(await pruneRevisions(tx, articleId))];
    await enqueueStoryEvents(tx, storyBefore, await storyFacts(tx, articleId), articleId, now);
    if (options.idempotentRequest !== undefined)
      await completeApiRequest(tx, options.idempotentRequest, articleId, now);
    const after = await cacheState(tx, articleId);
    return { id: articleId, version, before, after, createdTagSlugs, droppedUploads };
  });
}

async function statusOf(tx: Db, id: number): Promise<ArticleStatus | null> {
  const [row] = await tx.select({ status: articles.status }).from(articles).where(eq(articles.id, id));
  return row?.status ?? null;
}

/** Who makes a status-only change, and the note it carries (a send-back's reason), for the story's history. */
export type StateChangeBy = { userId: number | null; note?: string };

/**
 * Status-only changes (unpublish, trash, restore, a review's outcome): no new revision, since the
 * content is unchanged; a change of status is recorded in the story's history. The version goes up, so
 * an editor open on the story cannot put back the status it had (republish what was just unpublished)
 * without being told.
 */
export function updateArticleState(
  id: number,
  change: { status?: ArticleStatus; publishedAt?: number | null; trashedAt?: number | null },
  now: number = Date.now(),
  by: StateChangeBy = { userId: null },
): Promise<SaveResult | null> {
  return transaction(async (tx) => {
    const before = await cacheState(tx, id);
    if (!before) return null;
    const from = await statusOf(tx, id);
    if (change.status)
      await recordStatusChange(tx, {
        articleId: id,
        userId: by.userId,
        from,
        to: change.status,
        note: by.note,
        at: now,
      });
    const storyBefore = await storyFacts(tx, id);
    const [{ version }] = await tx
      .update(articles)
      .set({ ...change, updatedAt: now, version: sql`${articles.version} + 1` })
      .where(eq(articles.id, id))
      .returning({ version: articles.version });
    await enqueueStoryEvents(tx, storyBefore, await storyFacts(tx, id), id, now);
    // Visibility is read from articles at query time; this keeps the row's source_updated_at current.
    await indexArticles(tx, [id]);
    return { id, version, before, after: await cacheState(tx, id) };
  });
}

/** Deletes an article for good, with its comments and revisions (cascade), then the images only it used. */
export async function deleteArticle(id: number): Promise<SaveResult | null> {
  const result = await transaction(async (tx): Promise<SaveResult | null> => {
    const before = await cacheState(tx, id);
    if (!before) return null;
    const droppedUploads = await uploadsOfArticle(tx, id);
    await enqueueStoryEvents(tx, await storyFacts(tx, id), null, id, Date.now());
    await removeFromSearchIndex(tx, [id]);
    await tx.delete(articles).where(eq(articles.id, id));
    return { id, before, after: null, droppedUploads };
  });
  if (result) await removeUnusedUploads(result.droppedUploads ?? []);
  return result;
}

export type DeletionToll = { comments: number; revisions: number };

/** What permanently deleting each of these articles takes with it, for the confirmation. */
export async function countArticleDependents(ids: number[]): Promise<Map<number, DeletionToll>> {
  const tolls = new Map<number, DeletionToll>(ids.map((id) => [id, { comments: 0, revisions: 0 }]));
  if (ids.length === 0) return tolls;
  const [byComments, byRevisions] = await Promise.all([
    db
      .select({ id: comments.articleId, n: count() })
      .from(comments)
      .where(inArray(comments.articleId, ids))
      .groupBy(comments.articleId),
    db
      .select({ id: revisions.articleId, n: count() })
      .from(revisions)
      .where(inArray(revisions.articleId, ids))
      .groupBy(revisions.articleId),
  ]);
  for (const r of byComments) tolls.get(r.id)!.comments = Number(r.n);
  for (const r of byRevisions) tolls.get(r.id)!.revisions = Number(r.n);
  return tolls;
}

export type SectionOption = { id: number; name: string };

export function listSectionOptions(): Promise<SectionOption[]> {
  return db.select({ id: sections.id, name: sections.name }).from(sections).orderBy(sections.position, sections.name);
}

/** Which of a section id and author ids name nothing (a stale form, or a crafted one). */
export async function unknownReferences(
  sectionId: number | null,
  authorIds: number[],
): Promise<{ section: boolean; authors: boolean }> {
  const section =
    sectionId !== null &&
    (await db.select({ id: sections.id }).from(sections).where(eq(sections.id, sectionId))).length === 0;
  const found = authorIds.length
    ? (await db.select({ id: authors.id }).from(authors).where(inArray(authors.id, authorIds))).length
    : 0;
  return { section, authors: found !== new Set(authorIds).size };
}

export async function authorIdForUser(userId: number): Promise<number | null> {
  return (await db.select({ id: authors.id }).from(authors).where(eq(authors.userId, userId)))[0]?.id ?? null;
}

/** What saving an article depends on: the stored article, the writer's own byline, and whether the form's references and slug hold. */
export type ArticleSaveFacts = {
  current: EditableArticle | null;
  ownAuthorId: number | null;
  /** For the section and byline the form names. */
  unknown: { section: boolean; authors: boolean };
  /** The slug the form asks for, or a free one made from the headline. */
  slug: string;
  slugTaken: boolean;
};

export async function getArticleSaveFacts(
  form: { id: number | null; headline: string; slug: string; sectionId: number | null; authorIds: number[] },
  userId: number,
): Promise<ArticleSaveFacts> {
  const slug = form.slug || (await uniqueArticleSlug(form.headline, form.id));
  return {
    current: form.id === null ? null : await getArticleForEdit(form.id),
    ownAuthorId: await authorIdForUser(userId),
    unknown: await unknownReferences(form.sectionId, form.authorIds),
    slug,
    slugTaken: await isSlugTaken(slug, form.id),
  };
}

/**
 * Scheduled stories whose publication time falls in (after, upTo]: they became visible to readers by
 * the clock alone, so the pages they join must be refreshed (see lib/cache/schedule.ts).
 */
export async function listScheduledComingDue(
  after: number,
  upTo: number,
): Promise<{ publishedAt: number; state: ArticleCacheState }[]> {
  const due = await db
    .select({ id: articles.id, publishedAt: articles.publishedAt })
    .from(articles)
    .where(
      and(
        eq(articles.status, "scheduled"),
        gt(articles.publishedAt, after),
        lte(articles.publishedAt, upTo),
        isNull(articles.trashedAt),
      ),
    );
  const result: { publishedAt: number; state: ArticleCacheState }[] = [];
  for (const { id, publishedAt } of due) {
    const state = await cacheState(db, id);
    if (state && publishedAt !== null) result.push({ publishedAt, state });
  }
  return result;
}
