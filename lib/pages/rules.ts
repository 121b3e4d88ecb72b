// Where a static page may live. Pages answer at the root (/about), beside the sections (/world) and the
// fixed first segments of every other route, so an address one of those holds is refused.

/** First path segments the app answers itself (routes under app/, public folders, Next's own). */
export const RESERVED_ROOT_SLUGS = new Set([
  "admin",
  "api",
  "articles",
  "atom",
  "authors",
  "brand",
  "feed",
  "images",
  "login",
  "logout",
  "old-link",
  "page",
  "search",
  "sections",
  "sitemap",
  "sitemaps",
  "subscribe",
  "tags",
  "uploads",
  "wp-admin",
  "wp-content",
]);

/** What the slug rule needs to know about the rest of the site. */
export type PageSlugFacts = { sectionHasSlug: boolean; otherPageHasSlug: boolean };

export const SLUG_RESERVED = "That address belongs to another part of the site: choose another.";
export const SLUG_SECTION = "A section has that address: choose another.";
export const SLUG_TAKEN = "Another page has that address: choose another.";

/** Why a page may not take this slug, or null when it may. */
export function pageSlugProblem(slug: string, facts: PageSlugFacts): string | null {
  if (RESERVED_ROOT_SLUGS.has(slug)) return SLUG_RESERVED;
  if (facts.sectionHasSlug) return SLUG_SECTION;
  if (facts.otherPageHasSlug) return SLUG_TAKEN;
  return null;
}
