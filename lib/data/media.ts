import "server-only";
import { and, desc, eq, inArray, isNull, lt, notExists, or, sql, type SQL } from "drizzle-orm";
import { db, engine, transaction, type Db } from "@/db";
import { articles, authors, liveUpdates, media, mediaUses, pageRevisions, pages, revisions, users } from "@/db/schema";
import type { MediaFacts, MediaUse } from "@/lib/media/rules";
import { MEDIA_PAGE_SIZE } from "@/lib/media/rules";
import { contains } from "./like";
import { removeUpload } from "./uploads";

export type MediaItem = {
  id: number;
  path: string;
  fileName: string;
  width: number;
  height: number;
  bytes: number;
  alt: string;
  caption: string;
  credit: string;
  uploadedById: number | null;
  uploadedBy: string | null;
  createdAt: number;
  uses: MediaUse[];
};

export type MediaQuery = {
  /** Words from the alt text, caption or file name. */
  search?: string;
  /** Only images nothing uses. */
  unused?: boolean;
  /** The keyset: images older than this id (the last one of the page before). */
  before?: number | null;
  limit?: number;
};

export type MediaPage = { items: MediaItem[]; nextBefore: number | null };

const columns = {
  id: media.id,
  path: media.path,
  fileName: media.fileName,
  width: media.width,
  height: media.height,
  bytes: media.bytes,
  alt: media.alt,
  caption: media.caption,
  credit: media.credit,
  uploadedById: media.uploadedById,
  uploadedBy: users.name,
  createdAt: media.createdAt,
};

function unusedCondition(): SQL {
  return and(
    notExists(
      db
        .select({ one: sql`1` })
        .from(mediaUses)
        .where(eq(mediaUses.mediaId, media.id)),
    ),
    notExists(
      db
        .select({ one: sql`1` })
        .from(authors)
        .where(eq(authors.avatarPath, media.path)),
    ),
    // Pages are few and not in media_uses: their text is read (the path is matched as text, not a pattern).
    notExists(
      db
        .select({ one: sql`1` })
        .from(pages)
        .where(
          engine === "postgres"
            ? sql`strpos(${pages.body}, ${media.path}) > 0`
            : sql`instr(${pages.body}, ${media.path}) > 0`,
        ),
    ),
  )!;
}

function searchCondition(search: string): SQL | undefined {
  const words = search.trim().split(/\s+/).filter(Boolean).slice(0, 8);
  if (words.length === 0) return undefined;
  return and(...words.map((w) => or(contains(media.alt, w), contains(media.caption, w), contains(media.fileName, w))));
}

/**
 * One page of the library, newest first. Paged by keyset (id below the last one shown), never by
 * OFFSET, so the thousandth page costs what the first does; a page is four queries whatever its size.
 */
export async function listMedia(query: MediaQuery = {}): Promise<MediaPage> {
  const limit = Math.min(Math.max(1, query.limit ?? MEDIA_PAGE_SIZE), 100);
  const rows = await db
    .select(columns)
    .from(media)
    .leftJoin(users, eq(users.id, media.uploadedById))
    .where(
      and(
        query.before ? lt(media.id, query.before) : undefined,
        query.search ? searchCondition(query.search) : undefined,
        query.unused ? unusedCondition() : undefined,
      ),
    )
    .orderBy(desc(media.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const uses = await usesOf(db, page);
  return {
    items: page.map((r) => ({ ...r, uses: uses.get(r.id) ?? [] })),
    nextBefore: rows.length > limit ? page[page.length - 1].id : null,
  };
}

/** Where the stories and authors use these images, from media_uses and the avatars: two queries. */
async function usesOf(tx: Db, items: { id: number; path: string }[]): Promise<Map<number, MediaUse[]>> {
  const found = new Map<number, MediaUse[]>(items.map((i) => [i.id, []]));
  if (items.length === 0) return found;
  const [placed, avatars, onPages] = await Promise.all([
    tx
      .select({ mediaId: mediaUses.mediaId, kind: mediaUses.kind, articleId: articles.id, headline: articles.headline })
      .from(mediaUses)
      .innerJoin(articles, eq(articles.id, mediaUses.articleId))
      .where(
        inArray(
          mediaUses.mediaId,
          items.map((i) => i.id),
        ),
      )
      .orderBy(mediaUses.mediaId, articles.id, mediaUses.kind),
    tx
      .select({ authorId: authors.id, name: authors.name, path: authors.avatarPath })
      .from(authors)
      .where(
        inArray(
          authors.avatarPath,
          items.map((i) => i.path),
        ),
      ),
    tx
      .select({ id: pages.id, title: pages.title, body: pages.body })
      .from(pages)
      .where(or(...items.map((i) => contains(pages.body, i.path)))),
  ]);
  for (const page of onPages)
    for (const item of items)
      if (page.body.includes(item.path)) found.get(item.id)!.push({ kind: "page", pageId: page.id, title: page.title });
  for (const p of placed) found.get(p.mediaId)?.push({ kind: p.kind, articleId: p.articleId, headline: p.headline });
  for (const a of avatars) {
    const item = items.find((i) => i.path === a.path);
    if (item) found.get(item.id)!.push({ kind: "avatar", authorId: a.authorId, name: a.name });
  }
  return found;
}

/** One library image with where it is used; null when it is not in the library. */
export async function getMediaItem(id: number): Promise<MediaItem | null> {
  const [row] = await db
    .select(columns)
    .from(media)
    .leftJoin(users, eq(users.id, media.uploadedById))
    .where(eq(media.id, id));
  if (!row) return null;
  return { ...row, uses: (await usesOf(db, [row])).get(row.id) ?? [] };
}

/** What the rules need to decide who may change an image; null when it is gone. */
export async function getMediaFacts(id: number): Promise<(MediaFacts & { path: string }) | null> {
  const [row] = await db
    .select({ uploadedById: media.uploadedById, path: media.path })
    .from(media)
    .where(eq(media.id, id));
  return row ?? null;
}

export type MediaDetails = { alt: string; caption: string; credit: string };

/** Saves an image's alt text, caption and credit: what a story that places it later starts from. */
export async function updateMediaDetails(id: number, details: MediaDetails, now = Date.now()): Promise<boolean> {
  const updated = await transaction((tx) =>
    tx
      .update(media)
      .set({ ...details, updatedAt: now })
      .where(eq(media.id, id))
      .returning({ id: media.id }),
  );
  return updated.length > 0;
}

/**
 * Every place that still refers to an image, read from the stories themselves rather than media_uses:
 * a body written around the data layer is still found, and an earlier version kept for restoring counts.
 */
async function usersOfPath(tx: Db, path: string): Promise<MediaUse[]> {
  const [stories, versions, updates, avatars, onPages] = await Promise.all([
    tx
      .select({ id: articles.id, headline: articles.headline, image: articles.featureImagePath })
      .from(articles)
      .where(or(eq(articles.featureImagePath, path), contains(articles.body, path))),
    tx
      .selectDistinct({ id: articles.id, headline: articles.headline })
      .from(revisions)
      .innerJoin(articles, eq(articles.id, revisions.articleId))
      .where(contains(revisions.snapshot, path)),
    tx
      .selectDistinct({ id: articles.id, headline: articles.headline })
      .from(liveUpdates)
      .innerJoin(articles, eq(articles.id, liveUpdates.articleId))
      .where(and(eq(liveUpdates.imagePath, path), isNull(liveUpdates.deletedAt))),
    tx.select({ id: authors.id, name: authors.name }).from(authors).where(eq(authors.avatarPath, path)),
    tx
      .selectDistinct({ id: pages.id, title: pages.title })
      .from(pages)
      .leftJoin(pageRevisions, eq(pageRevisions.pageId, pages.id))
      .where(or(contains(pages.body, path), contains(pageRevisions.snapshot, path))),
  ]);
  const current = new Set(stories.map((s) => s.id));
  return [
    ...stories.map((s) => ({
      kind: s.image === path ? ("feature" as const) : ("body" as const),
      articleId: s.id,
      headline: s.headline,
    })),
    ...versions
      .filter((v) => !current.has(v.id))
      .map((v) => ({ kind: "revision" as const, articleId: v.id, headline: v.headline })),
    ...updates.map((u) => ({ kind: "live" as const, articleId: u.id, headline: u.headline })),
    ...avatars.map((a) => ({ kind: "avatar" as const, authorId: a.id, name: a.name })),
    ...onPages.map((p) => ({ kind: "page" as const, pageId: p.id, title: p.title })),
  ];
}

export type MediaDeletion = { deleted: true } | { deleted: false; gone: true } | { deleted: false; usedBy: MediaUse[] };

/**
 * Deletes an image nothing uses: its row in the write transaction that checked it is unused (writes take
 * turns on both engines, so no save slips in between), then its file. One still in use is kept, with its users.
 */
export async function deleteMediaItem(id: number): Promise<MediaDeletion> {
  const outcome = await transaction(async (tx): Promise<MediaDeletion & { path?: string }> => {
    const [row] = await tx.select({ path: media.path }).from(media).where(eq(media.id, id));
    if (!row) return { deleted: false, gone: true };
    const usedBy = await usersOfPath(tx, row.path);
    if (usedBy.length > 0) return { deleted: false, usedBy };
    await tx.delete(media).where(eq(media.id, id));
    return { deleted: true, path: row.path };
  });
  if (!outcome.deleted) return outcome;
  await removeUpload(outcome.path!);
  return { deleted: true };
}
