import "server-only";
import { eq } from "drizzle-orm";
import { db } from "@/db";
import { authors, sections, tags } from "@/db/schema";
import { cachedRead } from "@/lib/cache/cached";
import { CACHE_TAGS } from "@/lib/cache/tags";
import { slugRead } from "./slug-read";

export type Section = typeof sections.$inferSelect;
export type Tag = typeof tags.$inferSelect;
export type Author = { id: number; name: string; slug: string; bio: string; avatarPath: string | null };

export const listSections = cachedRead(
  "sections",
  (): Promise<Section[]> => db.select().from(sections).orderBy(sections.position, sections.name),
  () => [],
);

export const getSectionBySlug = slugRead(
  cachedRead(
    "section",
    async (slug: string): Promise<Section | null> =>
      (await db.select().from(sections).where(eq(sections.slug, slug)))[0] ?? null,
    () => [],
  ),
);

// Tagged by slug too, so a "no such tag" cached before the tag was created goes when it is.
export const getTagBySlug = slugRead(
  cachedRead(
    "tag",
    async (slug: string): Promise<Tag | null> => (await db.select().from(tags).where(eq(tags.slug, slug)))[0] ?? null,
    (slug) => [CACHE_TAGS.tagSlug(slug)],
  ),
);

export const getAuthorBySlug = slugRead(
  cachedRead(
    "author",
    async (slug: string): Promise<Author | null> =>
      (
        await db
          .select({
            id: authors.id,
            name: authors.name,
            slug: authors.slug,
            bio: authors.bio,
            avatarPath: authors.avatarPath,
          })
          .from(authors)
          .where(eq(authors.slug, slug))
      )[0] ?? null,
    () => [],
  ),
);
