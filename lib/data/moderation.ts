import "server-only";
import { and, count, desc, eq, inArray, or, sql, type SQL } from "drizzle-orm";
import { db, transaction, type Db } from "@/db";
import { contains } from "@/lib/data/like";
import { articles, comments } from "@/db/schema";
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

export async function countCommentsByStatus(articleId: number | null = null): Promise<Record<CommentFilter, number>> {
  const rows = await db
    .select({ status: comments.status, n: count() })
    .from(comments)
    .where(articleId === null ? undefined : eq(comments.articleId, articleId))
    .groupBy(comments.status);
  const counts: Record<CommentFilter, number> = { all: 0, pending: 0, approved: 0, spam: 0, trash: 0 };
  for (const r of rows) counts[r.status] = r.n;
  // "All" is the working queue: like WordPress it leaves out spam and trash.
  counts.all = counts.pending + counts.approved;
  return counts;
}

function filterWhere(filter: CommentFilter): SQL {
  return filter === "all" ? inArray(comments.status, ["pending", "approved"]) : eq(comments.status, filter);
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

export async function listCommentsForModeration(options: {
  filter: CommentFilter;
  articleId: number | null;
  query: string;
  page: number;
}): Promise<Page<ModerationComment>> {
  const q = options.query.trim();
  const where = and(
    filterWhere(options.filter),
    options.articleId === null ? undefined : eq(comments.articleId, options.articleId),
    q
      ? or(contains(comments.body, q), contains(comments.authorName, q), contains(comments.authorEmail, q), contains(comments.authorIp, q))
      : undefined,
  );
  const total = (await db.select({ n: count() }).from(comments).where(where))[0]?.n ?? 0;
  return loadPage(total, MODERATION_PAGE_SIZE, options.page, (limit, offset) =>
    db
      .select(moderationColumns)
      .from(comments)
      .innerJoin(articles, eq(articles.id, comments.articleId))
      .where(where)
      .orderBy(desc(comments.createdAt), desc(comments.id))
      .limit(limit)
      .offset(offset),
  );
}

export async function listRecentComments(limit: number): Promise<ModerationComment[]> {
  return (await listCommentsForModeration({ filter: "all", articleId: null, query: "", page: 1 })).items.slice(0, limit);
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
    await tx.update(comments).set({ parentId: survivingAncestor(id) }).where(eq(comments.parentId, id));
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
    const ids = (await tx.select({ id: comments.id }).from(comments).where(eq(comments.status, status))).map((r) => r.id);
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

/** Articles that have comments, for the moderation filter. */
export function listArticlesWithComments(): Promise<ArticleOption[]> {
  return db
    .selectDistinct({ id: articles.id, headline: articles.headline })
    .from(articles)
    .innerJoin(comments, eq(comments.articleId, articles.id))
    .orderBy(articles.headline);
}
