import "server-only";
import { and, asc, desc, eq, gte, isNull, ne } from "drizzle-orm";
import { db, transaction, type Db } from "@/db";
import { recordMediaUses } from "@/db/media-uses";
import { articleAuthors, articles, articleTags, liveCoverage, liveUpdates } from "@/db/schema";
import type { ArticleCacheState } from "@/lib/cache/article-change";
import { cachedRead } from "@/lib/cache/cached";
import { CACHE_TAGS } from "@/lib/cache/tags";
import type { LiveCoverage, LiveUpdate, LiveUpdateFields } from "@/lib/live/rules";
import { enqueueWebhookEvent, storyEventData, storyFacts, visibleAt } from "./webhooks";

type UpdateRow = typeof liveUpdates.$inferSelect;

function toUpdate(row: UpdateRow): LiveUpdate {
  return {
    id: row.id,
    articleId: row.articleId,
    body: row.body,
    headline: row.headline,
    image: row.imagePath ? { path: row.imagePath, alt: row.imageAlt } : null,
    byline: row.byline,
    keyEvent: row.keyEvent,
    pinned: row.pinned,
    createdAt: row.createdAt,
    changedAt: row.changedAt,
    deleted: row.deletedAt !== null,
  };
}

const toCoverage = (row: typeof liveCoverage.$inferSelect | undefined): LiveCoverage | null =>
  row ? { startedAt: row.startedAt, endedAt: row.endedAt, lastUpdateAt: row.lastUpdateAt } : null;

export async function getLiveCoverage(articleId: number): Promise<LiveCoverage | null> {
  const [row] = await db.select().from(liveCoverage).where(eq(liveCoverage.articleId, articleId));
  return toCoverage(row);
}

/**
 * Switches a story's live coverage on (a new start unless it is already running; ended coverage that
 * resumes keeps its first start) or off (stamping the end). Returns the coverage and the story's cache state.
 */
export async function setLiveCoverage(
  articleId: number,
  on: boolean,
  now: number,
): Promise<{ coverage: LiveCoverage | null; state: ArticleCacheState | null }> {
  return transaction(async (tx) => {
    const [row] = await tx.select().from(liveCoverage).where(eq(liveCoverage.articleId, articleId));
    if (on && !row) await tx.insert(liveCoverage).values({ articleId, startedAt: now });
    else if (on && row?.endedAt !== null)
      await tx.update(liveCoverage).set({ endedAt: null }).where(eq(liveCoverage.articleId, articleId));
    else if (!on && row && row.endedAt === null)
      await tx.update(liveCoverage).set({ endedAt: now }).where(eq(liveCoverage.articleId, articleId));
    const [after] = await tx.select().from(liveCoverage).where(eq(liveCoverage.articleId, articleId));
    return { coverage: toCoverage(after), state: await articleCacheState(tx, articleId) };
  });
}

async function articleCacheState(tx: Db, id: number): Promise<ArticleCacheState | null> {
  const [row] = await tx
    .select({
      slug: articles.slug,
      sectionId: articles.sectionId,
      status: articles.status,
      trashedAt: articles.trashedAt,
    })
    .from(articles)
    .where(eq(articles.id, id));
  if (!row) return null;
  const [tagRows, authorRows] = await Promise.all([
    tx.select({ id: articleTags.tagId }).from(articleTags).where(eq(articleTags.articleId, id)),
    tx.select({ id: articleAuthors.authorId }).from(articleAuthors).where(eq(articleAuthors.articleId, id)),
  ]);
  return {
    slug: row.slug,
    sectionId: row.sectionId,
    tagIds: tagRows.map((r) => r.id),
    authorIds: authorRows.map((r) => r.id),
    public: row.status !== "draft" && row.trashedAt === null,
  };
}

/** The changed update, any other update the change touched (the one it unpinned), and the story's cache state. */
export type LiveChange = { update: LiveUpdate; others: LiveUpdate[]; state: ArticleCacheState | null };

/** Stamps the coverage's newest change, and reads the story's cache state, in the change's transaction. */
async function finishChange(
  tx: Db,
  row: UpdateRow,
  change: LiveUpdateChange,
  others: UpdateRow[] = [],
): Promise<LiveChange> {
  await tx.update(liveCoverage).set({ lastUpdateAt: row.changedAt }).where(eq(liveCoverage.articleId, row.articleId));
  await recordMediaUses(tx, [row.articleId]);
  // Partners hear of an update readers can see, in the same transaction (the webhooks' outbox), in order
  // with the story's own events.
  const story = await storyFacts(tx, row.articleId);
  if (visibleAt(story, row.changedAt))
    await enqueueWebhookEvent(
      tx,
      "live.update",
      { ...storyEventData(story!), change, update: liveUpdateEventData(row) },
      { orderKey: `story:${row.articleId}`, at: row.changedAt },
    );
  return { update: toUpdate(row), others: others.map(toUpdate), state: await articleCacheState(tx, row.articleId) };
}

export async function insertLiveUpdate(
  articleId: number,
  fields: LiveUpdateFields,
  userId: number,
  now: number,
): Promise<LiveChange> {
  return transaction(async (tx) => {
    const [row] = await tx
      .insert(liveUpdates)
      .values({ articleId, ...columnsOf(fields), createdById: userId, createdAt: now, changedAt: now })
      .returning();
    return finishChange(tx, row, "posted");
  });
}

type LiveUpdateChange = "posted" | "edited" | "pinned" | "unpinned" | "deleted";

/** An update as a webhook carries it: the Markdown body, never the newsroom's own ids of people. */
function liveUpdateEventData(row: UpdateRow) {
  return {
    id: row.id,
    headline: row.headline,
    body: row.deletedAt === null ? row.body : "",
    byline: row.byline,
    key_event: row.keyEvent,
    pinned: row.pinned,
    deleted: row.deletedAt !== null,
    created_at: new Date(row.createdAt).toISOString(),
    changed_at: new Date(row.changedAt).toISOString(),
  };
}

function columnsOf(fields: LiveUpdateFields) {
  return {
    body: fields.body,
    headline: fields.headline,
    imagePath: fields.image?.path ?? null,
    imageAlt: fields.image?.alt ?? "",
    byline: fields.byline,
    keyEvent: fields.keyEvent,
  };
}

/** Changes an update that is not deleted; null when it is gone (or belongs to another story). */
export async function changeLiveUpdate(
  articleId: number,
  id: number,
  change: { fields?: LiveUpdateFields; pinned?: boolean; deleted?: true },
  now: number,
): Promise<LiveChange | null> {
  return transaction(async (tx) => {
    const mine = and(eq(liveUpdates.id, id), eq(liveUpdates.articleId, articleId), isNull(liveUpdates.deletedAt));
    const [found] = await tx.select({ id: liveUpdates.id }).from(liveUpdates).where(mine);
    if (!found) return null;
    // One pinned update at a time, as in a newspaper's live page: pinning another unpins the first.
    const unpinned = change.pinned
      ? await tx
          .update(liveUpdates)
          .set({ pinned: false, changedAt: now })
          .where(and(eq(liveUpdates.articleId, articleId), eq(liveUpdates.pinned, true), ne(liveUpdates.id, id)))
          .returning()
      : [];
    const [row] = await tx
      .update(liveUpdates)
      .set({
        ...(change.fields ? columnsOf(change.fields) : {}),
        ...(change.pinned !== undefined ? { pinned: change.pinned } : {}),
        ...(change.deleted ? { deletedAt: now, pinned: false } : {}),
        changedAt: now,
      })
      .where(eq(liveUpdates.id, id))
      .returning();
    return finishChange(
      tx,
      row,
      change.deleted ? "deleted" : change.fields ? "edited" : change.pinned ? "pinned" : "unpinned",
      unpinned,
    );
  });
}

/** The updates of a story, pinned first, then newest first; deleted ones left out. */
export async function listLiveUpdates(articleId: number): Promise<LiveUpdate[]> {
  const rows = await db
    .select()
    .from(liveUpdates)
    .where(and(eq(liveUpdates.articleId, articleId), isNull(liveUpdates.deletedAt)))
    .orderBy(desc(liveUpdates.pinned), desc(liveUpdates.createdAt), desc(liveUpdates.id));
  return rows.map(toUpdate);
}

/** Updates changed at or after `since` (deleted ones included, as tombstones): a resuming stream's catch-up. */
export async function listLiveChangesSince(articleId: number, since: number): Promise<LiveUpdate[]> {
  const rows = await db
    .select()
    .from(liveUpdates)
    .where(and(eq(liveUpdates.articleId, articleId), gte(liveUpdates.changedAt, since)))
    .orderBy(asc(liveUpdates.changedAt), asc(liveUpdates.id))
    .limit(500);
  return rows.map(toUpdate);
}

export type LiveBlog = { coverage: LiveCoverage; updates: LiveUpdate[] };

/** A story's live blog for its reader page, under the story's own tag: every update drops it. */
export const getLiveBlog = cachedRead(
  "live-blog",
  async (articleId: number, slug: string): Promise<LiveBlog | null> => {
    void slug;
    const coverage = await getLiveCoverage(articleId);
    return coverage ? { coverage, updates: await listLiveUpdates(articleId) } : null;
  },
  (_articleId, slug) => [CACHE_TAGS.article(slug)],
);
