"use server";

import { updateTag } from "next/cache";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { CACHE_TAGS } from "@/lib/cache/tags";
import { commentCookiePath, PENDING_COOKIE, REMEMBER_COOKIE } from "@/lib/comments/cookies";
import { judgeComment, storeComment, type CommentCookie } from "@/lib/comments/intake";
import { clientIpFrom } from "@/lib/edge/client-ip";
import { servedOverHttps } from "@/lib/site";
import { CommentInput, commentFormErrors, commentFormInput } from "@/lib/validation/comment";
import { failure, keptValues } from "./state";
import { countCommentDecision } from "@/lib/observability/metrics";
import { publicAction } from "./wrappers";

type CookieJar = Awaited<ReturnType<typeof cookies>>;

function setCommentCookie(jar: CookieJar, name: string, cookie: CommentCookie): void {
  const path = commentCookiePath(name);
  if (cookie === null) return void jar.delete({ name, path });
  jar.set(name, cookie.value, {
    httpOnly: true,
    sameSite: "lax",
    path,
    secure: servedOverHttps(),
    maxAge: cookie.maxAge,
  });
}

/**
 * "Leave a Reply". Public: anyone may call it, so every rule is enforced here; the form's attributes
 * are only hints. The rules decide (lib/comments/intake.ts, the edge's door too), then one write;
 * success redirects (303 without JavaScript) to the new comment, a refusal renders the form's message.
 */
export const postCommentAction = publicAction(
  CommentInput,
  async (input, form) => {
    const [jar, requestHeaders] = await Promise.all([cookies(), headers()]);
    const commenter = {
      ip: clientIpFrom(requestHeaders),
      userAgent: requestHeaders.get("user-agent") ?? "",
      cookieHeader: requestHeaders.get("cookie"),
    };
    const judged = await judgeComment(input, commenter);
    if (!judged.ok) {
      countCommentDecision("refused");
      return failure(judged.message, {}, keptValues(form));
    }
    const stored = await storeComment(input, commenter, judged);
    setCommentCookie(jar, REMEMBER_COOKIE, stored.remember);
    // Only an approved comment changes what every reader sees.
    if (stored.status === "approved") updateTag(CACHE_TAGS.comments(stored.articleId));
    if (stored.pending) setCommentCookie(jar, PENDING_COOKIE, stored.pending);
    redirect(stored.location);
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
