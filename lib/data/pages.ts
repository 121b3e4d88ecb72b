import "server-only";
import { and, asc, count, desc, eq, ne } from "drizzle-orm";
import { db, transaction, type Db } from "@/db";
import { menuItems, pageRevisions, pages, sections, users } from "@/db/schema";
import { cachedRead } from "@/lib/cache/cached";
import type { PageCacheState } from "@/lib/cache/page-change";
import { CACHE_TAGS } from "@/lib/cache/tags";
import type { PageStatus } from "@/lib/domain";
import { slugify } from "@/lib/format/text";
import { pageSlugProblem, type PageSlugFacts } from "@/lib/pages/rules";
import { isUniqueViolation } from "./unique-violation";
import { slugRead } from "./slug-read";

/** What a save writes, and what a revision keeps. */
export type PageWrite = { title: string; slug: string; body: string; status: PageStatus };
export type PageRecord = PageWrite & {
  id: number;
  publishedAt: number | null;
  updatedAt: number;
  version: number;
};
export type PageSummary = Pick<PageRecord, "id" | "title" | "slug" | "status" | "updatedAt">;
export type ReaderPage = Pick<PageRecord, "id" | "title" | "slug" | "body" | "publishedAt" | "updatedAt">;

const record = {
  id: pages.id,
  title: pages.title,
  slug: pages.slug,
  body: pages.body,
  status: pages.status,
  publishedAt: pages.publishedAt,
  updatedAt: pages.updatedAt,
  version: pages.version,
};

/** A published page by its address, for readers; cached under the page's tag. */
export const getPublishedPage = slugRead(
  cachedRead(
    "page",
    async (slug: string): Promise<ReaderPage | null> => {
      const [row] = await db
        .select({
          id: pages.id,
          title: pages.title,
          slug: pages.slug,
          body: pages.body,
          publishedAt: pages.publishedAt,
          updatedAt: pages.updatedAt,
        })
        .from(pages)
        .where(and(eq(pages.slug, slug), eq(pages.status, "published")));
      return row ?? null;
    },
    (slug) => [CACHE_TAGS.page(slug)],
  ),
);

/** Every published page's address and last change, for the sitemap. */
export const listSitemapPages = cachedRead(
  "sitemap-pages",
  (): Promise<{ slug: string; updatedAt: number }[]> =>
    db
      .select({ slug: pages.slug, updatedAt: pages.updatedAt })
      .from(pages)
      .where(eq(pages.status, "published"))
      .orderBy(asc(pages.slug)),
  () => [CACHE_TAGS.pages],
);

/** The newsroom's list: every page, by title. */
export function listPages(): Promise<PageSummary[]> {
  return db
    .select({ id: pages.id, title: pages.title, slug: pages.slug, status: pages.status, updatedAt: pages.updatedAt })
    .from(pages)
    .orderBy(asc(pages.title), asc(pages.id));
}

export async function getPageForEditing(id: number): Promise<PageRecord | null> {
  const [row] = await db.select(record).from(pages).where(eq(pages.id, id));
  return row ?? null;
}

/** What the slug rule needs: whether a section or another page has the slug. */
export async function pageSlugFacts(tx: Db, slug: string, own: number | null): Promise<PageSlugFacts> {
  const [section] = await tx.select({ id: sections.id }).from(sections).where(eq(sections.slug, slug));
  const [page] = await tx
    .select({ id: pages.id })
    .from(pages)
    .where(own === null ? eq(pages.slug, slug) : and(eq(pages.slug, slug), ne(pages.id, own)));
  return { sectionHasSlug: !!section, otherPageHasSlug: !!page };
}

async function inMenu(tx: Db, pageId: number): Promise<boolean> {
  const [row] = await tx.select({ n: count() }).from(menuItems).where(eq(menuItems.pageId, pageId));
  return Number(row?.n ?? 0) > 0;
}

const cacheState = (p: { slug: string; status: PageStatus }, linked: boolean): PageCacheState => ({
  slug: p.slug,
  published: p.status === "published",
  inMenu: linked,
});

export type PageSaveResult =
  | { kind: "saved"; id: number; version: number; before: PageCacheState | null; after: PageCacheState }
  | { kind: "slug"; message: string }
  | { kind: "missing" }
  | { kind: "conflict" };

/**
 * Creates (id null) or updates a page and records the revision, in one transaction. The address is the
 * slug typed or one made from the title; it may not be a section's, another page's or a route's own.
 * An update names the version it was based on and is refused when another save came in between.
 */
export async function savePage(
  id: number | null,
  baseVersion: number | null,
  input: PageWrite,
  userId: number | null,
  now: number = Date.now(),
): Promise<PageSaveResult> {
  const slug = input.slug || slugify(input.title) || "page";
  try {
    return await transaction(async (tx): Promise<PageSaveResult> => {
      const [stored] = id === null ? [null] : await tx.select(record).from(pages).where(eq(pages.id, id));
      if (stored === undefined) return { kind: "missing" };
      if (stored && stored.version !== baseVersion) return { kind: "conflict" };
      const problem = pageSlugProblem(slug, await pageSlugFacts(tx, slug, id));
      if (problem) return { kind: "slug", message: problem };
      const values = {
        ...input,
        slug,
        updatedAt: now,
        publishedAt: input.status === "published" ? (stored?.publishedAt ?? now) : (stored?.publishedAt ?? null),
      };
      let pageId: number;
      let version = 1;
      if (stored) {
        version = stored.version + 1;
        await tx
          .update(pages)
          .set({ ...values, version })
          .where(eq(pages.id, stored.id));
        pageId = stored.id;
      } else {
        [{ id: pageId }] = await tx
          .insert(pages)
          .values({ ...values, createdById: userId, createdAt: now })
          .returning({ id: pages.id });
      }
      const snapshot: PageWrite = { title: input.title, slug, body: input.body, status: input.status };
      await tx.insert(pageRevisions).values({ pageId, userId, snapshot: JSON.stringify(snapshot), createdAt: now });
      const linked = await inMenu(tx, pageId);
      return {
        kind: "saved",
        id: pageId,
        version,
        before: stored ? cacheState(stored, linked) : null,
        after: cacheState({ slug, status: input.status }, linked),
      };
    });
  } catch (error) {
    // Two saves racing for one address: the unique index decides, and the loser is told as the check would.
    if (isUniqueViolation(error, { table: "pages", column: "slug", index: "pages_slug_unique" }))
      return { kind: "slug", message: pageSlugProblem(slug, { sectionHasSlug: false, otherPageHasSlug: true })! };
    throw error;
  }
}

/** Deletes a page with its revisions and menu entries; what readers saw of it, or null when there was none. */
export function deletePage(id: number): Promise<PageCacheState | null> {
  return transaction(async (tx) => {
    const [stored] = await tx.select({ slug: pages.slug, status: pages.status }).from(pages).where(eq(pages.id, id));
    if (!stored) return null;
    const linked = await inMenu(tx, id);
    await tx.delete(pages).where(eq(pages.id, id));
    return cacheState(stored, linked);
  });
}

export type PageRevisionSummary = { id: number; pageId: number; userName: string | null; createdAt: number };
export type PageRevision = PageRevisionSummary & { snapshot: PageWrite };

export function listPageRevisions(pageId: number): Promise<PageRevisionSummary[]> {
  return db
    .select({
      id: pageRevisions.id,
      pageId: pageRevisions.pageId,
      userName: users.name,
      createdAt: pageRevisions.createdAt,
    })
    .from(pageRevisions)
    .leftJoin(users, eq(users.id, pageRevisions.userId))
    .where(eq(pageRevisions.pageId, pageId))
    .orderBy(desc(pageRevisions.createdAt), desc(pageRevisions.id));
}

export async function getPageRevision(pageId: number, revisionId: number): Promise<PageRevision | null> {
  const [row] = await db
    .select({
      id: pageRevisions.id,
      pageId: pageRevisions.pageId,
      userName: users.name,
      createdAt: pageRevisions.createdAt,
      snapshot: pageRevisions.snapshot,
    })
    .from(pageRevisions)
    .leftJoin(users, eq(users.id, pageRevisions.userId))
    .where(and(eq(pageRevisions.id, revisionId), eq(pageRevisions.pageId, pageId)));
  return row ? { ...row, snapshot: JSON.parse(row.snapshot) as PageWrite } : null;
}
