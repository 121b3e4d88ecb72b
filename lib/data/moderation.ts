import "server-only";
import { and, count, desc, eq, inArray, notInArray, or, sql, type SQL } from "drizzle-orm";
import { db, transaction, type Db } from "@/db";
import { enqueueCommentApprovals } from "./webhooks";
import { contains } from "@/lib/data/like";
import { articles, commentCounts, comments } from "@/db/schema";
import type { CommentStatus } from "@/lib/domain";
import type { CommentFilter } from "@/lib/validation/moderation";
import { loadPage, type Page } from "./paging";

export const MODERATION_PAGE_SIZE = 25;

export type ModerationComment = {
  id: number;
  articleId: number;
  articleHeadline: string;
  articleSlug: string;
  parentId: number | null;
  authorName: string;
  authorEmail: string;
  authorUrl: string;
  authorIp: string;
  body: string;
  status: CommentStatus;
  createdAt: number;
  byStaff: boolean;
};

/** The tab counts of the whole site or one article (exported for the query-plan test). */
export function buildCommentCountsQuery(articleId: number | null) {
  // Kept by triggers on comments; article_id 0 holds the whole site's (see db/schema).
  return db
    .select({ status: commentCounts.status, n: commentCounts.n })
    .from(commentCounts)
    .where(eq(commentCounts.articleId, articleId ?? 0));
}

export async function countCommentsByStatus(articleId: number | null = null): Promise<Record<CommentFilter, number>> {
  const rows = await buildCommentCountsQuery(articleId);
  const counts: Record<CommentFilter, number> = { all: 0, pending: 0, approved: 0, spam: 0, trash: 0 };
  for (const r of rows) counts[r.status] = Number(r.n);
  // "All" is the working queue: like WordPress it leaves out spam and trash.
  counts.all = counts.pending + counts.approved;
  return counts;
}

function filterWhere(filter: CommentFilter): SQL {
  // "All" is said as "neither spam nor trash": an IN list of two statuses would make the database
  // fetch both from the status index and sort them all, where this walks the index on created_at.
  return filter === "all" ? notInArray(comments.status, ["spam", "trash"]) : eq(comments.status, filter);
}

const moderationColumns = {
  id: comments.id,
  articleId: comments.articleId,
  articleHeadline: articles.headline,
  articleSlug: articles.slug,
  parentId: comments.parentId,
  authorName: comments.authorName,
  authorEmail: comments.authorEmail,
  authorUrl: comments.authorUrl,
  authorIp: comments.authorIp,
  body: comments.body,
  status: comments.status,
  createdAt: comments.createdAt,
  byStaff: sql<boolean>`${comments.userId} is not null`.mapWith(Boolean),
} as const;

type ModerationOptions = { filter: CommentFilter; articleId: number | null; query: string };

/**
 * The moderation queue's count and page queries (exported for the query-plan test). A page first
 * picks its ids newest first from an index on (created_at, id, status), per article or overall, so
 * skipping to a deep page walks index entries, then joins those few comments to their articles.
 */
export function buildModerationQueries(options: ModerationOptions) {
  const q = options.query.trim();
  const where = and(
    filterWhere(options.filter),
    options.articleId === null ? undefined : eq(comments.articleId, options.articleId),
    q
      ? or(
          contains(comments.body, q),
          contains(comments.authorName, q),
          contains(comments.authorEmail, q),
          contains(comments.authorIp, q),
        )
      : undefined,
  );
  const ids = (limit: number, offset: number) =>
    db
      .select({ id: comments.id })
      .from(comments)
      .where(where)
      .orderBy(desc(comments.createdAt), desc(comments.id))
      .limit(limit)
      .offset(offset);
  return {
    count: db.select({ n: count() }).from(comments).where(where),
    page: (limit: number, offset: number) =>
      db
        .select(moderationColumns)
        .from(comments)
        .innerJoin(articles, eq(articles.id, comments.articleId))
        .where(inArray(comments.id, ids(limit, offset))),
  };
}

export async function listCommentsForModeration(
  options: ModerationOptions & { page: number },
): Promise<Page<ModerationComment>> {
  const queries = buildModerationQueries(options);
  // Without a text query the total is a tab count, already kept; only a search has to count.
  const total = options.query.trim()
    ? ((await queries.count)[0]?.n ?? 0)
    : (await countCommentsByStatus(options.articleId))[options.filter];
  return loadPage(total, MODERATION_PAGE_SIZE, options.page, async (limit, offset) =>
    (await queries.page(limit, offset)).sort((a, b) => b.createdAt - a.createdAt || b.id - a.id),
  );
}

export async function listRecentComments(limit: number): Promise<ModerationComment[]> {
  return (await listCommentsForModeration({ filter: "all", articleId: null, query: "", page: 1 })).items.slice(
    0,
    limit,
  );
}

export async function getCommentForModeration(id: number) {
  const [found] = await db
    .select({ id: comments.id, articleId: comments.articleId, status: comments.status })
    .from(comments)
    .where(eq(comments.id, id));
  return found ?? null;
}

async function articleIdsOf(tx: Db, ids: number[]): Promise<number[]> {
  if (ids.length === 0) return [];
  const rows = await tx.select({ a: comments.articleId }).from(comments).where(inArray(comments.id, ids));
  return [...new Set(rows.map((r) => r.a))];
}

/** Sets the status of the given comments; returns the articles whose comment lists changed. */
export function setCommentsStatus(ids: number[], status: CommentStatus): Promise<number[]> {
  return transaction(async (tx) => {
    const affected = await articleIdsOf(tx, ids);
    if (status === "approved") await enqueueCommentApprovals(tx, ids);
    await tx.update(comments).set({ status }).where(inArray(comments.id, ids));
    return affected;
  });
}

/**
 * Deletes the given comments for good. Like WordPress, replies to a deleted comment are kept and
 * move up to its nearest surviving ancestor (the schema's cascade would otherwise take them along).
 * Runs inside the caller's transaction; returns the articles whose comment lists changed.
 */
async function purgeComments(tx: Db, ids: number[]): Promise<number[]> {
  // Chunks keep each statement under SQLite's limit on bound variables, whatever the spam queue holds.
  const chunks = Array.from({ length: Math.ceil(ids.length / 500) }, (_, i) => ids.slice(i * 500, i * 500 + 500));
  const doomed = new Map<number, number | null>();
  const affected = new Set<number>();
  for (const chunk of chunks) {
    const rows = await tx
      .select({ id: comments.id, parentId: comments.parentId, articleId: comments.articleId })
      .from(comments)
      .where(inArray(comments.id, chunk));
    for (const r of rows) {
      doomed.set(r.id, r.parentId);
      affected.add(r.articleId);
    }
  }
  const survivingAncestor = (id: number): number | null => {
    let parent = doomed.get(id) ?? null;
    while (parent !== null && doomed.has(parent)) parent = doomed.get(parent) ?? null;
    return parent;
  };
  // Doomed replies are moved too; harmless, as they go in the next statement.
  for (const id of doomed.keys()) {
    await tx
      .update(comments)
      .set({ parentId: survivingAncestor(id) })
      .where(eq(comments.parentId, id));
  }
  for (const chunk of chunks) await tx.delete(comments).where(inArray(comments.id, chunk));
  return [...affected];
}

/** Permanent deletion, only of comments already in spam or trash (a live comment is trashed first). */
export function deleteComments(ids: number[]): Promise<number[]> {
  return transaction(async (tx) => {
    const removable = await tx
      .select({ id: comments.id })
      .from(comments)
      .where(and(inArray(comments.id, ids), inArray(comments.status, ["spam", "trash"])));
    return purgeComments(
      tx,
      removable.map((r) => r.id),
    );
  });
}

export function emptyCommentStatus(status: "spam" | "trash"): Promise<{ deleted: number; articleIds: number[] }> {
  return transaction(async (tx) => {
    const ids = (await tx.select({ id: comments.id }).from(comments).where(eq(comments.status, status))).map(
      (r) => r.id,
    );
    return { deleted: ids.length, articleIds: await purgeComments(tx, ids) };
  });
}

export function insertStaffReply(values: {
  parentId: number;
  articleId: number;
  userId: number;
  name: string;
  email: string;
  body: string;
  ip: string;
  userAgent: string;
}): Promise<{ id: number }> {
  return transaction(async (tx) => {
    const [inserted] = await tx
      .insert(comments)
      .values({
        articleId: values.articleId,
        parentId: values.parentId,
        userId: values.userId,
        authorName: values.name,
        authorEmail: values.email,
        authorIp: values.ip,
        authorUserAgent: values.userAgent.slice(0, 500),
        body: values.body,
        status: "approved",
      })
      .returning({ id: comments.id });
    await enqueueCommentApprovals(tx, [inserted.id], Date.now(), { arriving: true });
    return inserted;
  });
}

export function updateCommentContent(
  id: number,
  values: { authorName: string; authorEmail: string; authorUrl: string; body: string },
): Promise<number | null> {
  return transaction(async (tx) => {
    const [updated] = await tx
      .update(comments)
      .set(values)
      .where(eq(comments.id, id))
      .returning({ articleId: comments.articleId });
    return updated?.articleId ?? null;
  });
}

export type ArticleOption = { id: number; headline: string };

const FILTER_ARTICLES_FROM_PENDING = 200;

/**
 * The articles offered in the moderation filter (exported for the query-plan test): those of the
 * newest pending comments, a bounded list however many articles have comments, plus the one chosen.
 */
export function buildCommentFilterArticlesQuery(selectedId: number | null = null) {
  const recentPending = db
    .select({ id: comments.articleId })
    .from(comments)
    .where(eq(comments.status, "pending"))
    .orderBy(desc(comments.createdAt), desc(comments.id))
    .limit(FILTER_ARTICLES_FROM_PENDING);
  const wanted = inArray(articles.id, recentPending);
  return db
    .select({ id: articles.id, headline: articles.headline })
    .from(articles)
    .where(selectedId === null ? wanted : or(wanted, eq(articles.id, selectedId)));
}

export async function listArticlesForCommentFilter(selectedId: number | null): Promise<ArticleOption[]> {
  const rows = await buildCommentFilterArticlesQuery(selectedId);
  return rows.sort((a, b) => a.headline.localeCompare(b.headline));
}
