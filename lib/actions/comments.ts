"use server";

import { updateTag } from "next/cache";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { CACHE_TAGS } from "@/lib/cache/tags";
import { clientIpFrom } from "@/lib/client-ip";
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
import { canReplyAt, commentsAreOpen, decideCommentStatus, isFlood } from "@/lib/comments/rules";
import {
  getCommentableArticle,
  getReplyTarget,
  hasApprovedCommentByEmail,
  hasDuplicateComment,
  insertComment,
  lastCommentTime,
} from "@/lib/data/comments";
import { readSettings } from "@/lib/data/settings";
import { articlePath, servedOverHttps } from "@/lib/site";
import {
  COMMENT_MESSAGES,
  formValues,
  HONEYPOT_FIELD,
  parseCommentForm,
  type CommentFieldErrors,
  type CommentFormValues,
} from "@/lib/validation/comment";

export type CommentActionState =
  | { status: "idle" }
  | {
      status: "error";
      /** A problem with the whole post (closed, duplicate, flood…); field problems are in fieldErrors. */
      message: string | null;
      fieldErrors: CommentFieldErrors;
      values: CommentFormValues;
    };

function failure(form: FormData, message: string | null, fieldErrors: CommentFieldErrors = {}): CommentActionState {
  return { status: "error", message, fieldErrors, values: formValues(form) };
}

/**
 * "Leave a Reply". Public: anyone may call it, so every rule is enforced here; the form's
 * attributes are only hints. Success redirects (303 without JavaScript) to the new comment.
 */
export async function postCommentAction(_prev: CommentActionState, form: FormData): Promise<CommentActionState> {
  const parsed = parseCommentForm(form);
  if (!parsed.ok) return failure(form, parsed.formError, parsed.fieldErrors);
  const input = parsed.data;

  const settings = await readSettings();
  const article = await getCommentableArticle(input.articleId);
  if (!article) return failure(form, COMMENT_MESSAGES.invalid);
  if (!commentsAreOpen(article, settings.commentCloseAfterDays)) return failure(form, COMMENT_MESSAGES.closed);

  if (input.parentId !== null) {
    const parent = await getReplyTarget(input.parentId, article.id);
    if (!parent) return failure(form, COMMENT_MESSAGES.parentMissing);
    if (!canReplyAt(parent.depth, settings.commentThreadDepth)) return failure(form, COMMENT_MESSAGES.tooDeep);
  }

  const requestHeaders = await headers();
  const authorIp = clientIpFrom(requestHeaders);
  const authorUserAgent = (requestHeaders.get("user-agent") ?? "").slice(0, 255);
  const candidate = { articleId: article.id, authorName: input.author, authorEmail: input.email, body: input.comment };

  // WordPress's order: a repeated post is reported as a duplicate even when it is also too fast.
  if (await hasDuplicateComment(candidate)) return failure(form, COMMENT_MESSAGES.duplicate);
  if (isFlood(await lastCommentTime(authorIp, input.email))) return failure(form, COMMENT_MESSAGES.flood);

  const { status } = decideCommentStatus(
    {
      authorName: input.author,
      authorEmail: input.email,
      authorUrl: input.url,
      authorIp,
      authorUserAgent,
      body: input.comment,
      honeypotFilled: input[HONEYPOT_FIELD].trim() !== "",
      hasApprovedComment: await hasApprovedCommentByEmail(input.email),
    },
    settings,
  );
  const comment = await insertComment({
    ...candidate,
    parentId: input.parentId,
    authorUrl: input.url,
    authorIp,
    authorUserAgent,
    status,
  });

  const jar = await cookies();
  const cookieBase = { httpOnly: true, sameSite: "lax" as const, path: "/", secure: servedOverHttps() };
  if (input.remember) {
    jar.set(REMEMBER_COOKIE, encodeRemembered({ name: input.author, email: input.email, url: input.url }), {
      ...cookieBase,
      maxAge: REMEMBER_MAX_AGE_S,
    });
  } else {
    jar.delete({ name: REMEMBER_COOKIE, path: "/" });
  }

  if (status === "approved") {
    // Only an approved comment changes what every reader sees.
    updateTag(CACHE_TAGS.comments(article.id));
  } else if (status === "pending") {
    const secret = commentCookieSecret();
    const ids = [...verifyPendingIds(jar.get(PENDING_COOKIE)?.value, secret), comment.id];
    jar.set(PENDING_COOKIE, signPendingIds(ids, secret), { ...cookieBase, maxAge: PENDING_MAX_AGE_S });
  }

  // Spam is stored for moderators but never shown, not even to its author.
  redirect(`${articlePath(article.slug)}${status === "spam" ? "#comments" : `#comment-${comment.id}`}`);
}
