import "server-only";
import { eq, sql } from "drizzle-orm";
import { db, type Db } from "@/db";
import { articles, authors, oldLinks, pages, sections, tags } from "@/db/schema";
import type { OldLinkKind } from "@/lib/domain";
import { articlePath, authorPath, pagePath, sectionPath, tagPath } from "@/lib/site";
import { chunks } from "./import-map";

export type OldLinkRow = { key: string; kind: OldLinkKind; localId: number | null; target?: string };

/** Records old addresses; a key seen before now leads where the latest import says. */
export async function saveOldLinks(tx: Db, rows: OldLinkRow[]): Promise<void> {
  const unique = [...new Map(rows.map((r) => [r.key, r])).values()];
  for (const part of chunks(unique, 4)) {
    await tx
      .insert(oldLinks)
      .values(part.map((r) => ({ target: "", ...r })))
      .onConflictDoUpdate({
        target: oldLinks.key,
        set: { kind: sql`excluded.kind`, localId: sql`excluded.local_id`, target: sql`excluded.target` },
      });
  }
}

/**
 * Where an old address (its key, see lib/wordpress/old-links.ts) leads now, or null. The row's current
 * slug is read, so a story renamed after the import still redirects to its present address.
 */
export async function findOldLinkTarget(key: string): Promise<string | null> {
  const [link] = await db
    .select({
      kind: oldLinks.kind,
      target: oldLinks.target,
      article: articles.slug,
      section: sections.slug,
      tag: tags.slug,
      author: authors.slug,
      page: pages.slug,
    })
    .from(oldLinks)
    .leftJoin(articles, sql`${oldLinks.kind} = 'article' and ${articles.id} = ${oldLinks.localId}`)
    .leftJoin(sections, sql`${oldLinks.kind} = 'section' and ${sections.id} = ${oldLinks.localId}`)
    .leftJoin(tags, sql`${oldLinks.kind} = 'tag' and ${tags.id} = ${oldLinks.localId}`)
    .leftJoin(authors, sql`${oldLinks.kind} = 'author' and ${authors.id} = ${oldLinks.localId}`)
    .leftJoin(pages, sql`${oldLinks.kind} = 'page' and ${pages.id} = ${oldLinks.localId}`)
    .where(eq(oldLinks.key, key));
  if (!link) return null;
  switch (link.kind) {
    case "article":
      return link.article ? articlePath(link.article) : null;
    case "section":
      return link.section ? sectionPath(link.section) : null;
    case "tag":
      return link.tag ? tagPath(link.tag) : null;
    case "author":
      return link.author ? authorPath(link.author) : null;
    case "page":
      return link.page ? pagePath(link.page) : null;
    default:
      return link.target || null;
  }
}
