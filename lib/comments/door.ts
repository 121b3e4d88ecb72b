import { publish } from "@/lib/cache/bus.mjs";
import { CACHE_TAGS } from "@/lib/cache/tags";
import { commentCookiePath, PENDING_COOKIE, REMEMBER_COOKIE } from "@/lib/comments/cookie-names";
import { judgeComment, storeComment, type CommentCookie } from "@/lib/comments/intake";
import type { PostedForm, TakenComment } from "@/lib/edge/comment-post";
import { readFormBody } from "@/lib/edge/form-body";
import { servedOverHttps } from "@/lib/site";
import { CommentInput, commentFormInput } from "@/lib/validation/comment";

// The Next side of the edge's door for reply forms posted without JavaScript (lib/edge/comment-post.ts):
// it runs in Next's module graph, where the data layer lives, and instrumentation.ts hands it to the
// edge. It answers only what the rules accept; anything else is null, and Next renders it.

/** True when the form is React's encoding of a call to the action `actionId` (its `$ACTION_REF_n`). */
function callsAction(form: FormData, actionId: string): boolean {
  for (const [name, value] of form) {
    const bound = /^\$ACTION_(\d+):0$/.exec(name);
    if (!bound || typeof value !== "string") continue;
    try {
      return (JSON.parse(value) as { id?: unknown }).id === actionId && form.has(`$ACTION_REF_${bound[1]}`);
    } catch {
      return false;
    }
  }
  return false;
}

/** Stores the posted comment when it is a reply form the rules accept, and says how to answer; else null. */
export async function takePostedComment(posted: PostedForm): Promise<TakenComment | null> {
  const form = readFormBody(posted.body, posted.contentType);
  if (form === null || !callsAction(form, posted.actionId)) return null;
  const input = CommentInput.safeParse(commentFormInput(form));
  if (!input.success) return null;
  const commenter = {
    ip: posted.ip,
    userAgent: posted.userAgent,
    cookieHeader: posted.cookieHeader,
  };
  const judged = await judgeComment(input.data, commenter);
  if (!judged.ok) return null;
  const stored = await storeComment(input.data, commenter, judged);
  // Only an approved comment changes what every reader sees; the poster's next request sees it.
  if (stored.status === "approved") await publish({ tags: [CACHE_TAGS.comments(stored.articleId)], at: Date.now() });
  const cookies = [setCookie(REMEMBER_COOKIE, stored.remember)];
  if (stored.pending) cookies.push(setCookie(PENDING_COOKIE, stored.pending));
  return { location: stored.location, cookies };
}

/** A Set-Cookie line with the attributes the action's cookies() gives the same cookie. */
function setCookie(name: string, cookie: CommentCookie): string {
  const secure = servedOverHttps() ? "; Secure" : "";
  const path = commentCookiePath(name);
  if (cookie === null)
    return `${name}=; Path=${path}; Expires=Thu, 01 Jan 1970 00:00:00 GMT${secure}; HttpOnly; SameSite=lax`;
  const expires = new Date(Date.now() + cookie.maxAge * 1000).toUTCString();
  return `${name}=${encodeURIComponent(cookie.value)}; Path=${path}; Expires=${expires}; Max-Age=${cookie.maxAge}${secure}; HttpOnly; SameSite=lax`;
}
