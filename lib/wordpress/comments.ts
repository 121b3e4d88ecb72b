import { parseWpDate } from "./mapping";
import type { CommentInput, CommentStatus } from "./sink";
import { commentToText } from "./text";
import type { WxrComment } from "./wxr-types";

/** 1 → approved, 0 → pending, spam → spam, trash (and a trashed post's comments) → trash. */
export function mapCommentStatus(approved: string): CommentStatus {
  switch (approved) {
    case "1":
    case "approve":
      return "approved";
    case "spam":
      return "spam";
    case "trash":
    case "post-trashed":
      return "trash";
    default:
      return "pending";
  }
}

/** Why a comment is not imported, or null. Pingbacks and trackbacks are links, not readers' words. */
export function commentSkipReason(comment: WxrComment): string | null {
  switch (comment.type) {
    case "":
    case "comment":
      return null;
    case "pingback":
      return "pingback";
    case "trackback":
      return "trackback";
    case "note":
      return "editorial note";
    default:
      return `comment type "${comment.type}"`;
  }
}

export function mapComment(comment: WxrComment, articleWpId: number, parentWpId: number | null): CommentInput {
  return {
    wpId: comment.id,
    articleWpId,
    parentWpId,
    authorName: commentToText(comment.author) || "Anonymous",
    authorEmail: comment.authorEmail.trim(),
    authorUrl: /^https?:\/\//i.test(comment.authorUrl) ? comment.authorUrl : "",
    authorIp: comment.authorIp,
    body: commentToText(comment.content),
    status: mapCommentStatus(comment.approved),
    createdAt: parseWpDate(comment.dateGmt) ?? parseWpDate(comment.date),
    wpUserId: comment.userId > 0 ? comment.userId : null,
  };
}

export type MappedComments = { comments: CommentInput[]; skipped: Map<string, number> };

/**
 * A post's comments, ready to store: skipped ones counted, every reply pointing at its nearest kept
 * ancestor (a reply to a pingback becomes top-level), parents ordered before their replies.
 */
export function mapComments(wpComments: readonly WxrComment[], articleWpId: number): MappedComments {
  const skipped = new Map<string, number>();
  const byId = new Map(wpComments.map((c) => [c.id, c]));
  const kept: WxrComment[] = [];
  for (const c of wpComments) {
    const reason = commentSkipReason(c) ?? (commentToText(c.content) ? null : "empty comment");
    if (reason) skipped.set(reason, (skipped.get(reason) ?? 0) + 1);
    else kept.push(c);
  }
  const keptIds = new Set(kept.map((c) => c.id));
  const parentOf = new Map<number, number | null>();
  for (const c of kept) parentOf.set(c.id, keptAncestor(c, byId, keptIds));
  return {
    comments: parentsFirst(kept, parentOf).map((c) => mapComment(c, articleWpId, parentOf.get(c.id)!)),
    skipped,
  };
}

function keptAncestor(comment: WxrComment, byId: Map<number, WxrComment>, kept: Set<number>): number | null {
  const seen = new Set([comment.id]);
  let parent = comment.parent;
  while (parent > 0 && !kept.has(parent)) {
    const up = byId.get(parent);
    if (!up || seen.has(parent)) return null;
    seen.add(parent);
    parent = up.parent;
  }
  return parent > 0 && !seen.has(parent) ? parent : null;
}

function parentsFirst(comments: WxrComment[], parentOf: Map<number, number | null>): WxrComment[] {
  const children = new Map<number | null, WxrComment[]>();
  for (const c of comments) {
    const parent = parentOf.get(c.id) ?? null;
    const siblings = children.get(parent);
    if (siblings) siblings.push(c);
    else children.set(parent, [c]);
  }
  const ordered: WxrComment[] = [];
  const placed = new Set<number>();
  const stack = [...(children.get(null) ?? [])].reverse();
  while (stack.length > 0) {
    const c = stack.pop()!;
    if (placed.has(c.id)) continue;
    placed.add(c.id);
    ordered.push(c);
    stack.push(...[...(children.get(c.id) ?? [])].reverse());
  }
  // A parent cycle (a corrupt database) leaves comments unreachable from any root: keep them, top-level.
  for (const c of comments) {
    if (!placed.has(c.id)) {
      parentOf.set(c.id, null);
      ordered.push(c);
    }
  }
  return ordered;
}
