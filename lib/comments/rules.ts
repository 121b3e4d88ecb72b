import type { CommentStatus } from "@/lib/domain";

// WordPress's link count (check_comment): every "//" optionally preceded by http(s): or href=,
// so "https://a.example" and "//a.example" count, bare "www.a.example" does not.
const LINK_PATTERN = /(href\t*?=\t*?['"]?)?(https?:)?\/\//gi;

export function countLinks(text: string): number {
  return text.match(LINK_PATTERN)?.length ?? 0;
}

/**
 * WordPress matches moderation and disallowed words case-insensitively anywhere, also inside
 * longer words ("press" matches "WordPress"), as its settings screen warns.
 */
export function findListedWord(words: readonly string[], fields: readonly string[]): string | null {
  const haystacks = fields.map((f) => f.toLowerCase());
  for (const raw of words) {
    const word = raw.trim().toLowerCase();
    if (word && haystacks.some((h) => h.includes(word))) return word;
  }
  return null;
}

export type StatusInput = {
  authorName: string;
  authorEmail: string;
  authorUrl: string;
  authorIp: string;
  authorUserAgent: string;
  body: string;
  honeypotFilled: boolean;
  /** An approved comment with the same email exists. */
  hasApprovedComment: boolean;
};

export type StatusSettings = {
  commentModerationWords: string[];
  commentDisallowedWords: string[];
  commentMaxLinks: number;
  commentPreviouslyApproved: boolean;
};

export type StatusDecision = { status: Exclude<CommentStatus, "trash">; reason: string };

/** The status a new comment gets; spam outranks held, held outranks the previously-approved rule. */
export function decideCommentStatus(input: StatusInput, settings: StatusSettings): StatusDecision {
  if (input.honeypotFilled) return { status: "spam", reason: "honeypot" };
  // Like WordPress, the lists are checked against every field the commenter controls.
  const fields = [
    input.authorName,
    input.authorEmail,
    input.authorUrl,
    input.authorIp,
    input.authorUserAgent,
    input.body,
  ];
  const disallowed = findListedWord(settings.commentDisallowedWords, fields);
  if (disallowed) return { status: "spam", reason: `disallowed word "${disallowed}"` };
  const links = countLinks(input.body);
  if (settings.commentMaxLinks > 0 && links >= settings.commentMaxLinks)
    return { status: "pending", reason: `${links} links` };
  const moderated = findListedWord(settings.commentModerationWords, fields);
  if (moderated) return { status: "pending", reason: `moderation word "${moderated}"` };
  // With the rule switched off nothing else holds a comment back (WordPress with both
  // "must be manually approved" and "previously approved" unchecked).
  if (!settings.commentPreviouslyApproved) return { status: "approved", reason: "no moderation" };
  return input.hasApprovedComment
    ? { status: "approved", reason: "previously approved" }
    : { status: "pending", reason: "first comment" };
}

const DAY_MS = 86_400_000;

/** Comments close per article, or automatically `closeAfterDays` after publication (0 = never). */
export function commentsAreOpen(
  article: { commentStatus: "open" | "closed"; publishedAt: number },
  closeAfterDays: number,
  now: number = Date.now(),
): boolean {
  if (article.commentStatus !== "open") return false;
  return closeAfterDays <= 0 || now < article.publishedAt + closeAfterDays * DAY_MS;
}

/** A top-level comment has depth 1; a reply may be added only below the thread-depth setting. */
export function canReplyAt(parentDepth: number, threadDepth: number): boolean {
  return parentDepth < threadDepth;
}

export const FLOOD_INTERVAL_MS = 15_000;

export function isFlood(lastCommentAt: number | null, now: number = Date.now()): boolean {
  return lastCommentAt !== null && now - lastCommentAt < FLOOD_INTERVAL_MS;
}

/** Depth of a comment within a list of its thread (top level = 1), or 0 when it is not in the list. */
export function depthIn(list: readonly { id: number; parentId: number | null }[], id: number): number {
  const byId = new Map(list.map((c) => [c.id, c]));
  let depth = 0;
  for (let c = byId.get(id); c && depth <= list.length; c = c.parentId === null ? undefined : byId.get(c.parentId))
    depth++;
  return depth;
}
