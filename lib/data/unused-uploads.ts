import "server-only";
import { db, type Db } from "@/db";
import { articles, authors, liveUpdates, pageRevisions, pages, revisions } from "@/db/schema";
import { eq, or } from "drizzle-orm";
import { uploadPathsIn } from "@/lib/upload-names";
import { contains } from "./like";
import { removeUpload } from "./uploads";

/** The uploaded images a piece of stored text (a body, a revision snapshot) refers to. */
export const uploadsIn = (text: string | null): string[] => uploadPathsIn(text);

/** The images an article (and, unless told otherwise, its revisions) refers to, read before they go. */
export async function uploadsOfArticle(tx: Db, articleId: number, include = { revisions: true }): Promise<string[]> {
  const [article] = await tx
    .select({ image: articles.featureImagePath, body: articles.body })
    .from(articles)
    .where(eq(articles.id, articleId));
  const kept = include.revisions
    ? await tx.select({ snapshot: revisions.snapshot }).from(revisions).where(eq(revisions.articleId, articleId))
    : [];
  const paths = [article?.image ?? null, article?.body ?? null, ...kept.map((r) => r.snapshot)].flatMap(uploadsIn);
  return [...new Set(paths)];
}

async function isReferenced(path: string): Promise<boolean> {
  const checks = await Promise.all([
    db
      .select({ id: articles.id })
      .from(articles)
      .where(or(eq(articles.featureImagePath, path), contains(articles.body, path)))
      .limit(1),
    db.select({ id: revisions.id }).from(revisions).where(contains(revisions.snapshot, path)).limit(1),
    db.select({ id: authors.id }).from(authors).where(eq(authors.avatarPath, path)).limit(1),
    db.select({ id: pages.id }).from(pages).where(contains(pages.body, path)).limit(1),
    db.select({ id: pageRevisions.id }).from(pageRevisions).where(contains(pageRevisions.snapshot, path)).limit(1),
    db.select({ id: liveUpdates.id }).from(liveUpdates).where(eq(liveUpdates.imagePath, path)).limit(1),
  ]);
  return checks.some((rows) => rows.length > 0);
}

/**
 * Removes the given uploads that no article (image or body), kept revision, page (or its revisions), live
 * update or author still refers to. Called after the write that may have dropped the last reference has committed, so a
 * failed save never removes an image.
 */
export async function removeUnusedUploads(paths: readonly string[]): Promise<string[]> {
  const removed: string[] = [];
  for (const path of new Set(paths)) {
    if (await isReferenced(path)) continue;
    await removeUpload(path);
    removed.push(path);
  }
  return removed;
}
