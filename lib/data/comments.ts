import "server-only";
import { and, asc, eq } from "drizzle-orm";
import { db } from "@/db";
import { comments } from "@/db/schema";
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
