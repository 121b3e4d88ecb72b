import {
  commentCookieSecret,
  encodeRemembered,
  PENDING_MAX_AGE_S,
  REMEMBER_MAX_AGE_S,
  signPendingIds,
  pendingIdsOf,
} from "@/lib/comments/cookies";
import { commentLink } from "@/lib/comments/pages";
import { decideComment, type CommentDecision, type CommentPost } from "@/lib/comments/rules";
import { findCommentPlace, getCommentFacts, insertComment, type CommentableArticle } from "@/lib/data/comments";
import { getSettingsUncached } from "@/lib/data/settings";
import { countCommentDecision } from "@/lib/observability/metrics";
import { articlePath } from "@/lib/site";
import { HONEYPOT_FIELD, type CommentInput as PostedComment } from "@/lib/validation/comment";

// "Leave a Reply" has two doors: the server action (lib/actions/comments.ts: a reader with JavaScript,
// and every refusal, which Next renders with the form's messages) and the edge (lib/edge/comment-post.ts:
// a form posted without JavaScript that the rules accept, answered without rendering anything). Both
// judge and store a post here, so a rule lives in one place whichever door a comment came through.

/** Who posted, as the request tells it: the edge's client IP, the user agent, its Cookie header. */
export type Commenter = { ip: string; userAgent: string; cookieHeader: string | null | undefined };

type Judged = Extract<CommentDecision<CommentableArticle>, { ok: true }>;

export type Judgement = { ok: false; message: string } | { ok: true; post: CommentPost; decision: Judged };

/** Gathers the facts and lets the rules decide; writes nothing. */
export async function judgeComment(input: PostedComment, commenter: Commenter): Promise<Judgement> {
  const post: CommentPost = {
    articleId: input.articleId,
    parentId: input.parentId,
    authorName: input.author,
    authorEmail: input.email,
    authorUrl: input.url,
    authorIp: commenter.ip,
    authorUserAgent: commenter.userAgent.slice(0, 255),
    body: input.comment,
    honeypotFilled: input[HONEYPOT_FIELD].trim() !== "",
  };
  const [facts, settings] = await Promise.all([getCommentFacts(post), getSettingsUncached()]);
  const decision = decideComment(post, facts, settings, Date.now());
  return decision.ok ? { ok: true, post, decision } : { ok: false, message: decision.message };
}

/** A cookie the answer sets: a value kept for maxAge seconds, or null to forget it. */
export type CommentCookie = { value: string; maxAge: number } | null;

export type Stored = {
  articleId: number;
  status: Judged["status"];
  /** Where the poster goes next: their comment on its page (303). */
  location: string;
  /** WordPress's "Save my name, email, and website": kept for a year when asked, forgotten otherwise. */
  remember: CommentCookie;
  /** The signed ids of the poster's comments awaiting moderation, when this one joined them. */
  pending: CommentCookie | undefined;
};

/** Stores an accepted post once and says what the answer carries; the caller invalidates and answers. */
export async function storeComment(
  input: PostedComment,
  commenter: Commenter,
  { post, decision }: Extract<Judgement, { ok: true }>,
): Promise<Stored> {
  const { honeypotFilled, ...stored } = post;
  void honeypotFilled;
  const comment = await insertComment({ ...stored, status: decision.status });
  countCommentDecision(decision.status);

  // A held comment is shown to its author alone, through the signed list of their pending ids.
  const secret = commentCookieSecret();
  const pendingIds = pendingIdsOf(commenter.cookieHeader, secret);
  if (decision.status === "pending") pendingIds.push(comment.id);
  const path = articlePath(decision.article.slug);
  return {
    articleId: decision.article.id,
    status: decision.status,
    // Spam is stored for moderators but never shown, not even to its author.
    location:
      decision.status === "spam"
        ? `${path}#comments`
        : post.parentId === null
          ? // A new thread is the newest: on the last page, which is the story's own address.
            `${path}#comment-${comment.id}`
          : commentLink(path, await findCommentPlace(decision.article.id, pendingIds, comment.id), comment.id),
    remember: input.remember
      ? {
          value: encodeRemembered({ name: input.author, email: input.email, url: input.url }),
          maxAge: REMEMBER_MAX_AGE_S,
        }
      : null,
    pending:
      decision.status === "pending"
        ? { value: signPendingIds(pendingIds, secret), maxAge: PENDING_MAX_AGE_S }
        : undefined,
  };
}
