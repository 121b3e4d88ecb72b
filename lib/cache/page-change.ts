import { CACHE_TAGS } from "@/lib/cache/tags";

/** What of a page decides which reader pages show it. */
export type PageCacheState = { slug: string; published: boolean; inMenu: boolean };

/**
 * The cache tags a page change touches: its address under the old and new slug, the sitemap, and the
 * menus when one links to it. A draft that stays a draft touches no reader page.
 */
export function pageCacheTags(before: PageCacheState | null, after: PageCacheState | null): string[] {
  const states = [before, after].filter((s): s is PageCacheState => s !== null);
  if (!states.some((s) => s.published)) return [];
  const tags = new Set<string>([CACHE_TAGS.pages]);
  for (const s of states) {
    tags.add(CACHE_TAGS.page(s.slug));
    if (s.inMenu) tags.add(CACHE_TAGS.menus);
  }
  return [...tags];
}
