import "server-only";
import { and, asc, desc, eq, gt, isNull, lte, or, sql } from "drizzle-orm";
import { db, transaction, type Db } from "@/db";
import { articles, breakingNews, frontPagePicks } from "@/db/schema";
import { cachedRead } from "@/lib/cache/cached";
import { CACHE_TAGS } from "@/lib/cache/tags";
import { listVisibleArticlesByIds, visibleToReaders, type ArticleSummary } from "./articles";

/** How many Top stories an editor may pin below the lead. */
export const TOP_STORIES_MAX = 6;

export type FrontPageSlot = "lead" | "top";
export type FrontPagePick = {
  articleId: number;
  headline: string;
  slot: FrontPageSlot;
  expiresAt: number | null;
  /** Still shown to readers: not expired, and the story still published. */
  live: boolean;
};

export type BreakingBanner = { text: string; url: string; expiresAt: number | null };

// The lead holds position 0; Top stories 1, 2, 3… in the order readers see them.
const LEAD = 0;
const active = (now: number) => or(isNull(frontPagePicks.expiresAt), gt(frontPagePicks.expiresAt, now));

/** The newsroom's view of the curated front page: every pick still standing, in order. */
export async function listFrontPagePicks(now: number = Date.now()): Promise<FrontPagePick[]> {
  const rows = await db
    .select({
      articleId: frontPagePicks.articleId,
      position: frontPagePicks.position,
      expiresAt: frontPagePicks.expiresAt,
      headline: articles.headline,
      visible: sql<number>`case when ${visibleToReaders(now)} then 1 else 0 end`.mapWith(Number),
    })
    .from(frontPagePicks)
    .innerJoin(articles, eq(articles.id, frontPagePicks.articleId))
    .where(active(now))
    .orderBy(asc(frontPagePicks.position));
  return rows.map((r) => ({
    articleId: r.articleId,
    headline: r.headline,
    slot: r.position === LEAD ? "lead" : "top",
    expiresAt: r.expiresAt,
    live: r.visible === 1,
  }));
}

/** Whether readers may see this story now: only such a story may be pinned. */
export async function isPinnable(articleId: number, now: number = Date.now()): Promise<boolean> {
  const [row] = await db
    .select({ id: articles.id })
    .from(articles)
    .where(and(eq(articles.id, articleId), visibleToReaders(now)));
  return !!row;
}

async function removeExpiredAnd(tx: Db, articleId: number, now: number) {
  await tx
    .delete(frontPagePicks)
    .where(or(eq(frontPagePicks.articleId, articleId), lte(frontPagePicks.expiresAt, now)));
}

/** Pins a story as the lead or appends it to Top stories; "full" when six Top stories stand already. */
export function pinArticle(
  articleId: number,
  slot: FrontPageSlot,
  expiresAt: number | null,
  now: number = Date.now(),
): Promise<"ok" | "full"> {
  return transaction(async (tx) => {
    await removeExpiredAnd(tx, articleId, now);
    let position = LEAD;
    if (slot === "lead") {
      await tx.delete(frontPagePicks).where(eq(frontPagePicks.position, LEAD));
    } else {
      const tops = await tx
        .select({ position: frontPagePicks.position })
        .from(frontPagePicks)
        .where(gt(frontPagePicks.position, LEAD))
        .orderBy(desc(frontPagePicks.position));
      if (tops.length >= TOP_STORIES_MAX) return "full";
      position = (tops[0]?.position ?? LEAD) + 1;
    }
    await tx.insert(frontPagePicks).values({ articleId, position, expiresAt, createdAt: now });
    return "ok";
  });
}

/** Swaps a Top story with its neighbour above or below; false when it has none there. */
export function moveTopStory(articleId: number, direction: "up" | "down", now: number = Date.now()): Promise<boolean> {
  return transaction(async (tx) => {
    const tops = await tx
      .select({ id: frontPagePicks.id, articleId: frontPagePicks.articleId, position: frontPagePicks.position })
      .from(frontPagePicks)
      .where(and(gt(frontPagePicks.position, LEAD), active(now)))
      .orderBy(asc(frontPagePicks.position));
    const i = tops.findIndex((t) => t.articleId === articleId);
    const j = direction === "up" ? i - 1 : i + 1;
    if (i < 0 || j < 0 || j >= tops.length) return false;
    // Positions are unique: park one row out of the way while the other takes its place.
    await tx.update(frontPagePicks).set({ position: -1 }).where(eq(frontPagePicks.id, tops[i].id));
    await tx.update(frontPagePicks).set({ position: tops[i].position }).where(eq(frontPagePicks.id, tops[j].id));
    await tx.update(frontPagePicks).set({ position: tops[j].position }).where(eq(frontPagePicks.id, tops[i].id));
    return true;
  });
}

/** Takes a story off the front page's picks; false when it was not picked. */
export async function removePick(articleId: number): Promise<boolean> {
  const removed = await transaction((tx) =>
    tx.delete(frontPagePicks).where(eq(frontPagePicks.articleId, articleId)).returning({ id: frontPagePicks.id }),
  );
  return removed.length > 0;
}

export type FrontPage = { lead: ArticleSummary | null; top: ArticleSummary[] };

async function readFrontPage(): Promise<FrontPage> {
  const picks = (await listFrontPagePicks()).filter((p) => p.live);
  const stories = new Map((await listVisibleArticlesByIds(picks.map((p) => p.articleId))).map((a) => [a.id, a]));
  const leadPick = picks.find((p) => p.slot === "lead");
  return {
    lead: (leadPick && stories.get(leadPick.articleId)) ?? null,
    top: picks.flatMap((p) => (p.slot === "top" && stories.has(p.articleId) ? [stories.get(p.articleId)!] : [])),
  };
}

/**
 * The editors' picks for the home page. Tagged with the latest stories too, since a pick unpublished
 * or edited changes what it shows; an expiry is published by the schedule sweep (lib/cache/schedule.ts).
 */
export const getFrontPage = cachedRead("front-page", readFrontPage, () => [CACHE_TAGS.frontPage, CACHE_TAGS.latest]);

/** The Breaking banner readers see now, if any. */
export async function getBreakingBannerUncached(now: number = Date.now()): Promise<BreakingBanner | null> {
  const [row] = await db
    .select({ text: breakingNews.text, url: breakingNews.url, expiresAt: breakingNews.expiresAt })
    .from(breakingNews)
    .where(and(isNull(breakingNews.clearedAt), or(isNull(breakingNews.expiresAt), gt(breakingNews.expiresAt, now))))
    .orderBy(desc(breakingNews.createdAt), desc(breakingNews.id))
    .limit(1);
  return row ?? null;
}

/** Cached with every reader page (the banner is on each), dropped by the breaking tag. */
export const getBreakingBanner = cachedRead(
  "breaking-banner",
  () => getBreakingBannerUncached(),
  () => [CACHE_TAGS.breaking],
);

/** Raises a new banner in place of any standing one. */
export function setBreakingBanner(banner: BreakingBanner, userId: number, now: number = Date.now()): Promise<void> {
  return transaction(async (tx) => {
    await tx.update(breakingNews).set({ clearedAt: now }).where(isNull(breakingNews.clearedAt));
    await tx.insert(breakingNews).values({ ...banner, userId, createdAt: now });
  });
}

/** Takes the banner down; false when none was up. */
export async function clearBreakingBanner(now: number = Date.now()): Promise<boolean> {
  const cleared = await transaction((tx) =>
    tx
      .update(breakingNews)
      .set({ clearedAt: now })
      .where(isNull(breakingNews.clearedAt))
      .returning({ id: breakingNews.id }),
  );
  return cleared.length > 0;
}

/**
 * Picks and banners whose expiry fell in (after, upTo]: the pages rendered before that moment still
 * show them, so the schedule sweep drops those pages, stamped with the moment each expired.
 */
export async function listCurationExpiring(after: number, upTo: number): Promise<{ tags: string[]; at: number }[]> {
  const inWindow = <C extends typeof frontPagePicks.expiresAt | typeof breakingNews.expiresAt>(c: C) =>
    and(gt(c, after), lte(c, upTo));
  const [picks, banners] = await Promise.all([
    db.select({ at: frontPagePicks.expiresAt }).from(frontPagePicks).where(inWindow(frontPagePicks.expiresAt)),
    db
      .select({ at: breakingNews.expiresAt })
      .from(breakingNews)
      .where(and(inWindow(breakingNews.expiresAt), isNull(breakingNews.clearedAt))),
  ]);
  return [
    ...picks.map((p) => ({ tags: [CACHE_TAGS.frontPage], at: p.at! })),
    ...banners.map((b) => ({ tags: [CACHE_TAGS.breaking], at: b.at! })),
  ];
}

/** The newest stories readers can see, for the newsroom's picker. */
export function listPinnableStories(limit = 50): Promise<{ id: number; headline: string }[]> {
  return db
    .select({ id: articles.id, headline: articles.headline })
    .from(articles)
    .where(visibleToReaders())
    .orderBy(desc(articles.publishedAt), desc(articles.id))
    .limit(limit);
}

/**
 * Appends stories readers can see to the Top stories, in the order given, while there is room (an
 * import's sticky posts); one already picked stays where it is. Inside the caller's transaction.
 */
export async function addTopStories(tx: Db, articleIds: number[], now: number = Date.now()): Promise<number> {
  if (articleIds.length === 0) return 0;
  await tx.delete(frontPagePicks).where(lte(frontPagePicks.expiresAt, now));
  const picks = await tx
    .select({ articleId: frontPagePicks.articleId, position: frontPagePicks.position })
    .from(frontPagePicks)
    .orderBy(desc(frontPagePicks.position));
  const picked = new Set(picks.map((p) => p.articleId));
  let top = picks.filter((p) => p.position > LEAD).length;
  let position = Math.max(LEAD, picks[0]?.position ?? LEAD);
  let added = 0;
  for (const articleId of articleIds) {
    if (top >= TOP_STORIES_MAX || picked.has(articleId)) continue;
    const [visible] = await tx
      .select({ id: articles.id })
      .from(articles)
      .where(and(eq(articles.id, articleId), visibleToReaders(now)));
    if (!visible) continue;
    await tx.insert(frontPagePicks).values({ articleId, position: ++position, expiresAt: null, createdAt: now });
    picked.add(articleId);
    top++;
    added++;
  }
  return added;
}
