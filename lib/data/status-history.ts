import "server-only";
import { and, asc, count, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { db, type Db } from "@/db";
import { articleAuthors, articles, articleStatusChanges, authors, sections, users } from "@/db/schema";
import type { ArticleStatus } from "@/lib/domain";

export type StatusChange = {
  id: number;
  userName: string | null;
  from: ArticleStatus | null;
  to: ArticleStatus;
  note: string;
  createdAt: number;
};

/** Records one change of a story's status in the same transaction as the change; nothing when it is unchanged. */
export async function recordStatusChange(
  tx: Db,
  change: {
    articleId: number;
    userId: number | null;
    from: ArticleStatus | null;
    to: ArticleStatus;
    note?: string;
    at: number;
  },
): Promise<void> {
  if (change.from === change.to) return;
  await tx.insert(articleStatusChanges).values({
    articleId: change.articleId,
    userId: change.userId,
    fromStatus: change.from,
    toStatus: change.to,
    note: change.note ?? "",
    createdAt: change.at,
  });
}

/** The story's history of status changes, newest first. */
export async function listStatusChanges(articleId: number): Promise<StatusChange[]> {
  const rows = await db
    .select({
      id: articleStatusChanges.id,
      userName: users.name,
      from: articleStatusChanges.fromStatus,
      to: articleStatusChanges.toStatus,
      note: articleStatusChanges.note,
      createdAt: articleStatusChanges.createdAt,
    })
    .from(articleStatusChanges)
    .leftJoin(users, eq(users.id, articleStatusChanges.userId))
    .where(eq(articleStatusChanges.articleId, articleId))
    .orderBy(desc(articleStatusChanges.createdAt), desc(articleStatusChanges.id));
  return rows;
}

/** A send-back is the move from Pending review to Draft; its note is the editor's reason. */
export function isSendBack(change: Pick<StatusChange, "from" | "to">): boolean {
  return change.from === "pending" && change.to === "draft";
}

/** The newest change when it sent the story back and nothing has happened since; else null. */
export async function getStandingSendBack(articleId: number): Promise<StatusChange | null> {
  const [latest] = await listStatusChanges(articleId);
  return latest && isSendBack(latest) ? latest : null;
}

export type ReviewQueueItem = {
  id: number;
  headline: string;
  sectionName: string | null;
  authorNames: string[];
  submittedBy: string | null;
  submittedAt: number;
};

export async function countPendingReview(): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(articles)
    .where(and(eq(articles.status, "pending"), isNull(articles.trashedAt)));
  return Number(row?.n ?? 0);
}

/** Stories waiting for an editor, the longest waiting first, with who submitted each and when. */
export async function listReviewQueue(limit = 100): Promise<ReviewQueueItem[]> {
  const rows = await db
    .select({
      id: articles.id,
      headline: articles.headline,
      updatedAt: articles.updatedAt,
      sectionName: sections.name,
    })
    .from(articles)
    .leftJoin(sections, eq(sections.id, articles.sectionId))
    .where(and(eq(articles.status, "pending"), isNull(articles.trashedAt)))
    .orderBy(asc(articles.updatedAt), asc(articles.id))
    .limit(limit);
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [bylines, submissions] = await Promise.all([
    db
      .select({ articleId: articleAuthors.articleId, name: authors.name })
      .from(articleAuthors)
      .innerJoin(authors, eq(authors.id, articleAuthors.authorId))
      .where(inArray(articleAuthors.articleId, ids))
      .orderBy(articleAuthors.position),
    db
      .select({
        articleId: articleStatusChanges.articleId,
        userName: users.name,
        createdAt: articleStatusChanges.createdAt,
      })
      .from(articleStatusChanges)
      .leftJoin(users, eq(users.id, articleStatusChanges.userId))
      .where(and(inArray(articleStatusChanges.articleId, ids), eq(articleStatusChanges.toStatus, "pending")))
      .orderBy(asc(articleStatusChanges.createdAt), asc(articleStatusChanges.id)),
  ]);
  // Ascending, so the last one written per story is its latest submission.
  const submitted = new Map(submissions.map((s) => [s.articleId, s]));
  const items = rows.map((r) => ({
    id: r.id,
    headline: r.headline,
    sectionName: r.sectionName,
    authorNames: bylines.filter((b) => b.articleId === r.id).map((b) => b.name),
    submittedBy: submitted.get(r.id)?.userName ?? null,
    submittedAt: submitted.get(r.id)?.createdAt ?? r.updatedAt,
  }));
  return items.sort((a, b) => a.submittedAt - b.submittedAt || a.id - b.id);
}

export type SentBackStory = { id: number; headline: string; note: string; by: string | null; at: number };

/**
 * The writer's drafts an editor sent back, with the note, until the story moves on (resubmitted,
 * published): the latest status change of each is still the send-back.
 */
export async function listSentBackTo(userId: number, limit = 20): Promise<SentBackStory[]> {
  const c = articleStatusChanges;
  const later = sql`select 1 from article_status_changes later where later.article_id = ${c.articleId}
    and (later.created_at > ${c.createdAt} or (later.created_at = ${c.createdAt} and later.id > ${c.id}))`;
  const mine = db
    .select({ id: articleAuthors.articleId })
    .from(articleAuthors)
    .innerJoin(authors, eq(authors.id, articleAuthors.authorId))
    .where(eq(authors.userId, userId));
  return db
    .select({
      id: articles.id,
      headline: articles.headline,
      note: articleStatusChanges.note,
      by: users.name,
      at: articleStatusChanges.createdAt,
    })
    .from(articleStatusChanges)
    .innerJoin(articles, eq(articles.id, articleStatusChanges.articleId))
    .leftJoin(users, eq(users.id, articleStatusChanges.userId))
    .where(
      and(
        eq(articleStatusChanges.fromStatus, "pending"),
        eq(articleStatusChanges.toStatus, "draft"),
        eq(articles.status, "draft"),
        isNull(articles.trashedAt),
        sql`(${articles.createdById} = ${userId} or ${inArray(articles.id, mine)})`,
        sql`not exists (${later})`,
      ),
    )
    .orderBy(desc(articleStatusChanges.createdAt), desc(articleStatusChanges.id))
    .limit(limit);
}
