import "server-only";
import { and, desc, eq } from "drizzle-orm";
import { db, transaction } from "@/db";
import { articleAutosaves, articleLocks, articles, articleStatusChanges, revisions, users } from "@/db/schema";
import type { LockFacts } from "@/lib/articles/editing";

// What the editor keeps between saves: the autosave copies of live stories, and who has a story open.

export type AutosaveCopy = { values: string; baseVersion: number; savedAt: number };

/**
 * Writes `userId`'s autosave copy of a live story, unless the story has moved on from `baseVersion`
 * (checked in the same transaction as the write, as a save is).
 */
export function saveAutosaveCopy(
  articleId: number,
  userId: number,
  copy: AutosaveCopy,
): Promise<"saved" | "conflict" | "gone"> {
  return transaction(async (tx) => {
    const [row] = await tx.select({ version: articles.version }).from(articles).where(eq(articles.id, articleId));
    if (!row) return "gone";
    if (row.version !== copy.baseVersion) return "conflict";
    await tx
      .insert(articleAutosaves)
      .values({ articleId, userId, ...copy })
      .onConflictDoUpdate({ target: [articleAutosaves.articleId, articleAutosaves.userId], set: copy });
    return "saved";
  });
}

export async function getAutosaveCopy(articleId: number, userId: number): Promise<AutosaveCopy | null> {
  const [row] = await db
    .select({
      values: articleAutosaves.values,
      baseVersion: articleAutosaves.baseVersion,
      savedAt: articleAutosaves.savedAt,
    })
    .from(articleAutosaves)
    .where(and(eq(articleAutosaves.articleId, articleId), eq(articleAutosaves.userId, userId)));
  return row ?? null;
}

export async function deleteAutosaveCopy(articleId: number, userId: number): Promise<void> {
  await transaction((tx) =>
    tx
      .delete(articleAutosaves)
      .where(and(eq(articleAutosaves.articleId, articleId), eq(articleAutosaves.userId, userId))),
  );
}

export type AutosaveSummary = AutosaveCopy & { userId: number; userName: string };

/** Every writer's autosave copy of a story, newest first (the revisions screen lists them). */
export function listAutosaveCopies(articleId: number): Promise<AutosaveSummary[]> {
  return db
    .select({
      userId: articleAutosaves.userId,
      userName: users.name,
      values: articleAutosaves.values,
      baseVersion: articleAutosaves.baseVersion,
      savedAt: articleAutosaves.savedAt,
    })
    .from(articleAutosaves)
    .innerJoin(users, eq(users.id, articleAutosaves.userId))
    .where(eq(articleAutosaves.articleId, articleId))
    .orderBy(desc(articleAutosaves.savedAt));
}

/**
 * Who last changed the story, and when: its newest revision (a save) or status change (unpublished,
 * published, sent back), whichever came later. A refused save names them.
 */
export async function getLatestEdit(articleId: number): Promise<{ userName: string | null; at: number } | null> {
  const [[saved], [moved]] = await Promise.all([
    db
      .select({ userName: users.name, at: revisions.createdAt })
      .from(revisions)
      .leftJoin(users, eq(users.id, revisions.userId))
      .where(eq(revisions.articleId, articleId))
      .orderBy(desc(revisions.createdAt), desc(revisions.id))
      .limit(1),
    db
      .select({ userName: users.name, at: articleStatusChanges.createdAt })
      .from(articleStatusChanges)
      .leftJoin(users, eq(users.id, articleStatusChanges.userId))
      .where(eq(articleStatusChanges.articleId, articleId))
      .orderBy(desc(articleStatusChanges.createdAt), desc(articleStatusChanges.id))
      .limit(1),
  ]);
  if (!saved || !moved) return saved ?? moved ?? null;
  return moved.at > saved.at ? moved : saved;
}

/** The story's lock as it stands, with its holder's name; null when nobody ever held it. */
export async function getArticleLock(articleId: number): Promise<LockFacts | null> {
  const [row] = await db
    .select({ userId: articleLocks.userId, userName: users.name, heartbeatAt: articleLocks.heartbeatAt })
    .from(articleLocks)
    .innerJoin(users, eq(users.id, articleLocks.userId))
    .where(eq(articleLocks.articleId, articleId));
  return row ?? null;
}

/**
 * Reads the lock and, when `decide` says so, makes `userId` its holder from `now`, in one transaction,
 * so two editors opening a story at once cannot both believe they hold it. Returns the lock after.
 */
export function claimArticleLock(
  articleId: number,
  userId: number,
  now: number,
  decide: (lock: LockFacts | null) => boolean,
): Promise<LockFacts | null> {
  return transaction(async (tx) => {
    const [lock] = await tx
      .select({ userId: articleLocks.userId, userName: users.name, heartbeatAt: articleLocks.heartbeatAt })
      .from(articleLocks)
      .innerJoin(users, eq(users.id, articleLocks.userId))
      .where(eq(articleLocks.articleId, articleId));
    if (!decide(lock ?? null)) return lock ?? null;
    await tx
      .insert(articleLocks)
      .values({ articleId, userId, heartbeatAt: now })
      .onConflictDoUpdate({ target: articleLocks.articleId, set: { userId, heartbeatAt: now } });
    const [me] = await tx.select({ name: users.name }).from(users).where(eq(users.id, userId));
    return { userId, userName: me?.name ?? "", heartbeatAt: now };
  });
}

/** Gives the lock up when its holder leaves the editor (a lock never released lapses by itself). */
export async function releaseArticleLock(articleId: number, userId: number): Promise<void> {
  await transaction((tx) =>
    tx.delete(articleLocks).where(and(eq(articleLocks.articleId, articleId), eq(articleLocks.userId, userId))),
  );
}
