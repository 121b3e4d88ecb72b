"use server";

import { updateTag } from "next/cache";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { CACHE_TAGS } from "@/lib/cache/tags";
import { clientIpFrom } from "@/lib/edge/client-ip";
import {
  commentCookieSecret,
  encodeRemembered,
  PENDING_COOKIE,
  PENDING_MAX_AGE_S,
  REMEMBER_COOKIE,
  REMEMBER_MAX_AGE_S,
  signPendingIds,
  verifyPendingIds,
} from "@/lib/comments/cookies";
import { decideComment, type CommentPost } from "@/lib/comments/rules";
import { commentLink } from "@/lib/comments/pages";
import { getCommentFacts, insertComment, listCommentPlaces } from "@/lib/data/comments";
import { getSettingsUncached } from "@/lib/data/settings";
import { articlePath, servedOverHttps } from "@/lib/site";
import {
  CommentInput,
  commentFormErrors,
  commentFormInput,
  HONEYPOT_FIELD,
  type CommentInput as PostedComment,
} from "@/lib/validation/comment";
import { failure, keptValues } from "./state";
import { countCommentDecision } from "@/lib/observability/metrics";
import { publicAction } from "./wrappers";

type CookieJar = Awaited<ReturnType<typeof cookies>>;

async function commentPost(input: PostedComment): Promise<CommentPost> {
  const requestHeaders = await headers();
  return {
    articleId: input.articleId,
    parentId: input.parentId,
    authorName: input.author,
    authorEmail: input.email,
    authorUrl: input.url,
    authorIp: clientIpFrom(requestHeaders),
    authorUserAgent: (requestHeaders.get("user-agent") ?? "").slice(0, 255),
    body: input.comment,
    honeypotFilled: input[HONEYPOT_FIELD].trim() !== "",
  };
}

function cookieOptions(maxAge: number) {
  return { httpOnly: true, sameSite: "lax" as const, path: "/", secure: servedOverHttps(), maxAge };
}

/** WordPress's "Save my name, email, and website": kept for a year when asked, forgotten otherwise. */
function rememberCommenter(jar: CookieJar, input: PostedComment): void {
  if (!input.remember) return void jar.delete({ name: REMEMBER_COOKIE, path: "/" });
  const remembered = encodeRemembered({ name: input.author, email: input.email, url: input.url });
  jar.set(REMEMBER_COOKIE, remembered, cookieOptions(REMEMBER_MAX_AGE_S));
}

/**
 * A held comment is shown to its author alone, through the signed list of their pending ids; returns
 * the ids the poster's pages will show.
 */
function rememberPending(jar: CookieJar, commentId: number | null): number[] {
  const secret = commentCookieSecret();
  const ids = verifyPendingIds(jar.get(PENDING_COOKIE)?.value, secret);
  if (commentId === null) return ids;
  ids.push(commentId);
  jar.set(PENDING_COOKIE, signPendingIds(ids, secret), cookieOptions(PENDING_MAX_AGE_S));
  return ids;
}

/**
 * "Leave a Reply". Public: anyone may call it, so every rule is enforced here; the form's attributes
 * are only hints. Gathers the facts, lets the rules decide, writes once; success redirects (303
 * without JavaScript) to the new comment.
 */
export const postCommentAction = publicAction(
  CommentInput,
  async (input, form) => {
    const post = await commentPost(input);
    const [facts, settings] = await Promise.all([getCommentFacts(post), getSettingsUncached()]);
    const decision = decideComment(post, facts, settings, Date.now());
    if (!decision.ok) {
      countCommentDecision("refused");
      return failure(decision.message, {}, keptValues(form));
    }

    const { honeypotFilled, ...stored } = post;
    void honeypotFilled;
    const comment = await insertComment({ ...stored, status: decision.status });
    countCommentDecision(decision.status);
    const jar = await cookies();
    rememberCommenter(jar, input);
    // Only an approved comment changes what every reader sees.
    if (decision.status === "approved") updateTag(CACHE_TAGS.comments(decision.article.id));
    const pendingIds = rememberPending(jar, decision.status === "pending" ? comment.id : null);

    // Spam is stored for moderators but never shown, not even to its author.
    const path = articlePath(decision.article.slug);
    if (decision.status === "spam") redirect(`${path}#comments`);
    redirect(commentLink(path, await listCommentPlaces(decision.article.id, pendingIds), comment.id));
  },
  {
    read: commentFormInput,
    invalid: (error, form) => {
      const { message, fieldErrors } = commentFormErrors(error);
      countCommentDecision("refused");
      return failure(message, fieldErrors, keptValues(form));
    },
  },
);
