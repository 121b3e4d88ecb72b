import "server-only";
import { and, count, desc, eq, inArray, or, sql, type SQL } from "drizzle-orm";
import { db } from "@/db";
import { contains } from "@/lib/data/like";
import { articles, comments, type CommentStatus } from "@/db/schema";
import type { CommentFilter } from "@/lib/validation/moderation";

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

export function countCommentsByStatus(articleId: number | null = null): Record<CommentFilter, number> {
  const rows = db
    .select({ status: comments.status, n: count() })
    .from(comments)
    .where(articleId === null ? undefined : eq(comments.articleId, articleId))
    .groupBy(comments.status)
    .all();
  const counts: Record<CommentFilter, number> = { all: 0, pending: 0, approved: 0, spam: 0, trash: 0 };
  for (const r of rows) counts[r.status] = r.n;
  // "All" is the working queue: like WordPress it leaves out spam and trash.
  counts.all = counts.pending + counts.approved;
  return counts;
}

function filterWhere(filter: CommentFilter): SQL {
  return filter === "all" ? inArray(comments.status, ["pending", "approved"]) : eq(comments.status, filter);
}

export function listCommentsForModeration(options: { filter: CommentFilter; articleId: number | null; query: string; page: number }) {
  const q = options.query.trim();
  const where = and(
    filterWhere(options.filter),
    options.articleId === null ? undefined : eq(comments.articleId, options.articleId),
    q
      ? or(contains(comments.body, q), contains(comments.authorName, q), contains(comments.authorEmail, q), contains(comments.authorIp, q))
      : undefined,
  );
  const total = db.select({ n: count() }).from(comments).where(where).get()?.n ?? 0;
  const totalPages = Math.max(1, Math.ceil(total / MODERATION_PAGE_SIZE));
  const page = Math.min(Math.max(1, options.page), totalPages);
  const items: ModerationComment[] = db
    .select({
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
      byStaff: sql<boolean>`${comments.userId} is not null`,
    })
    .from(comments)
    .innerJoin(articles, eq(articles.id, comments.articleId))
    .where(where)
    .orderBy(desc(comments.createdAt), desc(comments.id))
    .limit(MODERATION_PAGE_SIZE)
    .offset((page - 1) * MODERATION_PAGE_SIZE)
    .all()
    .map((c) => ({ ...c, byStaff: Boolean(c.byStaff) }));
  return { items, total, totalPages, page };
}

export function listRecentComments(limit: number): ModerationComment[] {
  return listCommentsForModeration({ filter: "all", articleId: null, query: "", page: 1 }).items.slice(0, limit);
}

export function getCommentForModeration(id: number) {
  return db
    .select({ id: comments.id, articleId: comments.articleId, status: comments.status })
    .from(comments)
    .where(eq(comments.id, id))
    .get() ?? null;
}

function articleIdsOf(ids: number[]): number[] {
  if (ids.length === 0) return [];
  return [...new Set(db.select({ a: comments.articleId }).from(comments).where(inArray(comments.id, ids)).all().map((r) => r.a))];
}

/** Sets the status of the given comments; returns the articles whose comment lists changed. */
export function setCommentsStatus(ids: number[], status: CommentStatus): number[] {
  return db.transaction(() => {
    const affected = articleIdsOf(ids);
    db.update(comments).set({ status }).where(inArray(comments.id, ids)).run();
    return affected;
  });
}

/**
 * Deletes the given comments for good. Like WordPress, replies to a deleted comment are kept and
 * move up to its nearest surviving ancestor (the schema's cascade would otherwise take them along).
 * Runs inside the caller's transaction; returns the articles whose comment lists changed.
 */
function purgeComments(ids: number[]): number[] {
  // Chunks keep each statement under SQLite's limit on bound variables, whatever the spam queue holds.
  const chunks = Array.from({ length: Math.ceil(ids.length / 500) }, (_, i) => ids.slice(i * 500, i * 500 + 500));
  const doomed = new Map<number, number | null>();
  for (const chunk of chunks) {
    for (const r of db.select({ id: comments.id, parentId: comments.parentId }).from(comments).where(inArray(comments.id, chunk)).all()) {
      doomed.set(r.id, r.parentId);
    }
  }
  const survivingAncestor = (id: number): number | null => {
    let parent = doomed.get(id) ?? null;
    while (parent !== null && doomed.has(parent)) parent = doomed.get(parent) ?? null;
    return parent;
  };
  const affected = new Set(chunks.flatMap(articleIdsOf));
  // Doomed replies are moved too; harmless, as they go in the next statement.
  for (const id of doomed.keys()) db.update(comments).set({ parentId: survivingAncestor(id) }).where(eq(comments.parentId, id)).run();
  for (const chunk of chunks) db.delete(comments).where(inArray(comments.id, chunk)).run();
  return [...affected];
}

/** Permanent deletion, only of comments already in spam or trash (a live comment is trashed first). */
export function deleteComments(ids: number[]): number[] {
  return db.transaction(() => {
    const removable = db
      .select({ id: comments.id })
      .from(comments)
      .where(and(inArray(comments.id, ids), inArray(comments.status, ["spam", "trash"])))
      .all()
      .map((r) => r.id);
    return purgeComments(removable);
  });
}

export function emptyCommentStatus(status: "spam" | "trash"): { deleted: number; articleIds: number[] } {
  return db.transaction(() => {
    const ids = db.select({ id: comments.id }).from(comments).where(eq(comments.status, status)).all().map((r) => r.id);
    return { deleted: ids.length, articleIds: purgeComments(ids) };
  });
}

export function insertStaffReply(values: { parentId: number; articleId: number; userId: number; name: string; email: string; body: string; ip: string; userAgent: string }) {
  return db
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
    .returning({ id: comments.id })
    .get();
}

export function updateCommentContent(id: number, values: { authorName: string; authorEmail: string; authorUrl: string; body: string }): number | null {
  const row = db.update(comments).set(values).where(eq(comments.id, id)).returning({ articleId: comments.articleId }).get();
  return row?.articleId ?? null;
}

export type ArticleOption = { id: number; headline: string };

/** Articles that have comments, for the moderation filter. */
export function listArticlesWithComments(): ArticleOption[] {
  return db
    .selectDistinct({ id: articles.id, headline: articles.headline })
    .from(articles)
    .innerJoin(comments, eq(comments.articleId, articles.id))
    .orderBy(articles.headline)
    .all();
}
