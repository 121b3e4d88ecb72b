import { CACHE_TAGS } from "@/lib/cache/tags";

/** What of an article decides which reader pages show it. */
export type ArticleCacheState = {
  slug: string;
  sectionId: number | null;
  tagIds: number[];
  authorIds: number[];
  /** Published or scheduled and not in the trash: on (or due on) reader pages. */
  public: boolean;
};

/**
 * The cache tags an article change touches: its page under the old and new slug, the latest lists
 * and feeds, and the section, tag and author pages it leaves or joins. A change to something that was
 * and stays private (a draft, the trash) touches no reader page.
 */
export function articleCacheTags(before: ArticleCacheState | null, after: ArticleCacheState | null): string[] {
  const states = [before, after].filter((s): s is ArticleCacheState => s !== null);
  if (!states.some((s) => s.public)) return [];
  const tags = new Set<string>([CACHE_TAGS.latest]);
  for (const s of states) {
    tags.add(CACHE_TAGS.article(s.slug));
    if (s.sectionId !== null) tags.add(CACHE_TAGS.section(s.sectionId));
    for (const id of s.tagIds) tags.add(CACHE_TAGS.tag(id));
    for (const id of s.authorIds) tags.add(CACHE_TAGS.author(id));
  }
  return [...tags];
}
