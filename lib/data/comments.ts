import "server-only";
import { and, asc, eq, inArray, max, ne, or, sql } from "drizzle-orm";
import { db } from "@/db";
import { articles, comments } from "@/db/schema";
import { visibleToReaders } from "@/lib/data/articles";
import { cachedRead } from "@/lib/cache/cached";
import { CACHE_TAGS } from "@/lib/cache-tags";

/** A comment as readers see it: never the email, IP or user agent. */
export type PublicComment = {
  id: number;
  parentId: number | null;
  authorName: string;
  authorUrl: string;
  body: string;
  createdAt: number;
  status: "approved" | "pending";
};

export type CommentNode = PublicComment & { children: CommentNode[] };

const publicColumns = {
  id: comments.id,
  parentId: comments.parentId,
  authorName: comments.authorName,
  authorUrl: comments.authorUrl,
  body: comments.body,
  createdAt: comments.createdAt,
  status: comments.status,
} as const;

export const listApprovedComments = cachedRead(
  "approved-comments",
  (articleId: number): PublicComment[] =>
    db
      .select(publicColumns)
      .from(comments)
      .where(and(eq(comments.articleId, articleId), eq(comments.status, "approved")))
      .orderBy(asc(comments.createdAt), asc(comments.id))
      .all() as PublicComment[],
  (articleId) => [CACHE_TAGS.comments(articleId)],
);

/** Builds the reply tree; a reply whose parent is not shown is lifted to the top level. */
export function buildCommentTree(list: PublicComment[]): CommentNode[] {
  const nodes = new Map<number, CommentNode>(list.map((c) => [c.id, { ...c, children: [] }]));
  const roots: CommentNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentId === null ? undefined : nodes.get(node.parentId);
    (parent ? parent.children : roots).push(node);
  }
  return roots;
}

/** The article a comment is posted to, if readers can see it. */
export type CommentableArticle = { id: number; slug: string; commentStatus: "open" | "closed"; publishedAt: number };

export function getCommentableArticle(articleId: number): CommentableArticle | null {
  const row = db
    .select({ id: articles.id, slug: articles.slug, commentStatus: articles.commentStatus, publishedAt: articles.publishedAt })
    .from(articles)
    .where(and(eq(articles.id, articleId), visibleToReaders()))
    .get();
  return row && row.publishedAt !== null ? { ...row, publishedAt: row.publishedAt } : null;
}

export type ReplyTarget = { id: number; articleId: number; authorName: string; depth: number };

/**
 * An approved comment of the article that can be replied to, with its depth as readers see it (top
 * level = 1): the chain of approved ancestors, as buildCommentTree lifts a reply whose parent is
 * hidden to the top level.
 */
export function getReplyTarget(commentId: number, articleId: number): ReplyTarget | null {
  const target = db
    .select({ id: comments.id, articleId: comments.articleId, authorName: comments.authorName })
    .from(comments)
    .where(and(eq(comments.id, commentId), eq(comments.articleId, articleId), eq(comments.status, "approved")))
    .get();
  if (!target) return null;
  const row = db.get<{ depth: number }>(sql`
    with recursive chain(id, parent_id, depth) as (
      select id, parent_id, 1 from ${comments} where id = ${commentId}
      union all
      select c.id, c.parent_id, chain.depth + 1 from ${comments} c join chain on c.id = chain.parent_id
      where c.status = 'approved' and chain.depth < 100
    )
    select max(depth) as depth from chain`);
  return { ...target, depth: row?.depth ?? 1 };
}

export type NewComment = {
  articleId: number;
  parentId: number | null;
  authorName: string;
  authorEmail: string;
  authorUrl: string;
  authorIp: string;
  authorUserAgent: string;
  body: string;
  status: "pending" | "approved" | "spam";
  createdAt?: number;
};

export function insertComment(values: NewComment): { id: number; status: NewComment["status"] } {
  return db
    .insert(comments)
    .values({ ...values, createdAt: values.createdAt ?? Date.now() })
    .returning({ id: comments.id, status: comments.status })
    .get() as { id: number; status: NewComment["status"] };
}

/** WordPress's duplicate check: same article, same name or email, same text, not in the trash. */
export function hasDuplicateComment(c: { articleId: number; authorName: string; authorEmail: string; body: string }): boolean {
  return !!db
    .select({ id: comments.id })
    .from(comments)
    .where(
      and(
        eq(comments.articleId, c.articleId),
        ne(comments.status, "trash"),
        or(eq(comments.authorName, c.authorName), eq(comments.authorEmail, c.authorEmail)),
        eq(comments.body, c.body),
      ),
    )
    .get();
}

/** When this IP or email last commented anywhere (for the flood rule), or null. */
export function lastCommentTime(ip: string, email: string): number | null {
  const byIp = ip
    ? db.select({ at: max(comments.createdAt) }).from(comments).where(eq(comments.authorIp, ip)).get()?.at ?? null
    : null;
  const byEmail = db.select({ at: max(comments.createdAt) }).from(comments).where(eq(comments.authorEmail, email)).get()?.at ?? null;
  if (byIp === null) return byEmail;
  return byEmail === null ? byIp : Math.max(byIp, byEmail);
}

export function hasApprovedCommentByEmail(email: string): boolean {
  return !!db
    .select({ id: comments.id })
    .from(comments)
    .where(and(eq(comments.authorEmail, email), eq(comments.status, "approved")))
    .get();
}

/**
 * The visitor's own comments on this article that still await moderation, from the ids in their
 * signed cookie. Never cached: the result belongs to one visitor.
 */
export function listOwnPendingComments(articleId: number, ids: number[]): PublicComment[] {
  if (ids.length === 0) return [];
  return db
    .select(publicColumns)
    .from(comments)
    .where(and(eq(comments.articleId, articleId), eq(comments.status, "pending"), inArray(comments.id, ids)))
    .orderBy(asc(comments.createdAt), asc(comments.id))
    .all() as PublicComment[];
}
