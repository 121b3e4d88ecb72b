// Shared with proxy.ts, whose matcher repeats them as literals (Next reads the matcher statically):
// a request carrying either cookie is sent to the uncached per-visitor article route.
export const REMEMBER_COOKIE = "comment_author";
export const PENDING_COOKIE = "comment_pending";

/**
 * Where the browser sends each cookie (its Path). A comment awaiting moderation is shown to its author
 * on its story's pages alone, so their pending cookie (kept 3 days) goes to /articles only: on every
 * other page they are an anonymous reader, answered from the edge's store instead of rendered for them.
 */
export function commentCookiePath(name: string): string {
  return name === PENDING_COOKIE ? "/articles" : "/";
}
