// Shared with proxy.ts, whose matcher repeats them as literals (Next reads the matcher statically):
// a request carrying either cookie is sent to the uncached per-visitor article route.
export const REMEMBER_COOKIE = "comment_author";
export const PENDING_COOKIE = "comment_pending";
