import "server-only";
import { db } from "@/db";
import { sections } from "@/db/schema";

/** Every section, uncached: the mail sender runs outside any request. */
export async function sectionsForNewsletters(): Promise<{ slug: string; name: string }[]> {
  return db
    .select({ slug: sections.slug, name: sections.name })
    .from(sections)
    .orderBy(sections.position, sections.name);
}
