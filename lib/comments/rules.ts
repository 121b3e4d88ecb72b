import type { CommentStatus } from "@/lib/domain";
import { COMMENT_MESSAGES } from "@/lib/validation/comment";

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
  /** A guest comment with the same name and email together was approved before. */
  hasApprovedComment: boolean;
  /** The email is a newsroom account's: only a signed-in staff reply may speak with it unchecked. */
  emailIsStaff: boolean;
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
  // Anyone can type an editor's address; a guest using it waits for a human, whatever the settings.
  if (input.emailIsStaff) return { status: "pending", reason: "staff email from a guest" };
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

/** A comment as posted, with what the request says about who posted it. */
export type CommentPost = Omit<StatusInput, "hasApprovedComment" | "emailIsStaff"> & {
  articleId: number;
  parentId: number | null;
};

type ArticleFacts = { commentStatus: "open" | "closed"; publishedAt: number };

/** What the database knows that the rules ask about (read in one go by getCommentFacts). */
export type CommentFacts<Article extends ArticleFacts = ArticleFacts> = {
  /** The article, when readers can see it. */
  article: Article | null;
  /** The approved comment replied to, with its depth as readers see it; null when there is none. */
  parent: { depth: number } | null;
  /** The same text from the same name or email on this article, not in the trash. */
  duplicate: boolean;
  /** When this IP or email last commented anywhere. */
  lastCommentAt: number | null;
  /** A guest comment with this name and email together is approved (WordPress's check_comment). */
  hasApprovedComment: boolean;
  /** A user account (active or not) has this email. */
  emailIsStaff: boolean;
};

export type CommentRules = StatusSettings & { commentCloseAfterDays: number; commentThreadDepth: number };

export type CommentDecision<Article> =
  { ok: false; message: string } | ({ ok: true; article: Article } & StatusDecision);

/** Every rule WordPress applies to a posted comment, in its order: refused with its message, or stored with a status. */
export function decideComment<Article extends ArticleFacts>(
  post: CommentPost,
  facts: CommentFacts<Article>,
  rules: CommentRules,
  now: number,
): CommentDecision<Article> {
  const { article, parent } = facts;
  const refuse = (message: string): CommentDecision<Article> => ({ ok: false, message });
  if (!article) return refuse(COMMENT_MESSAGES.invalid);
  if (!commentsAreOpen(article, rules.commentCloseAfterDays, now)) return refuse(COMMENT_MESSAGES.closed);
  if (post.parentId !== null) {
    if (!parent) return refuse(COMMENT_MESSAGES.parentMissing);
    if (!canReplyAt(parent.depth, rules.commentThreadDepth)) return refuse(COMMENT_MESSAGES.tooDeep);
  }
  // WordPress's order: a repeated post is reported as a duplicate even when it is also too fast.
  if (facts.duplicate) return refuse(COMMENT_MESSAGES.duplicate);
  if (isFlood(facts.lastCommentAt, now)) return refuse(COMMENT_MESSAGES.flood);
  const status = decideCommentStatus(
    { ...post, hasApprovedComment: facts.hasApprovedComment, emailIsStaff: facts.emailIsStaff },
    rules,
  );
  return { ok: true, article, ...status };
}
