import "server-only";
import { revalidateTag, updateTag } from "next/cache";
import { articleCacheTags, type ArticleCacheState } from "./article-change";
import { CACHE_TAGS } from "./tags";

/**
 * Expires cache tags at once, so the next reader waits for fresh pages rather than seeing stale ones.
 * Next allows `updateTag` only in a server action; a route handler (the Admin API) gets the same effect
 * from `revalidateTag` with an expiry of zero. Both reach the edge store and the other instances through
 * the cache handler's bus.
 */
export function expireTags(tags: Iterable<string>, from: "action" | "route"): void {
  for (const tag of tags) {
    if (from === "action") updateTag(tag);
    else revalidateTag(tag, { expire: 0 });
  }
}

/** A story's change: the reader pages it left and joined, and the tag pages created for it. */
export function expireArticleChange(
  change: { before: ArticleCacheState | null; after: ArticleCacheState | null; createdTagSlugs?: string[] } | null,
  from: "action" | "route",
): void {
  if (!change) return;
  expireTags(
    [
      ...articleCacheTags(change.before, change.after),
      ...(change.createdTagSlugs ?? []).map((slug) => CACHE_TAGS.tagSlug(slug)),
    ],
    from,
  );
}
