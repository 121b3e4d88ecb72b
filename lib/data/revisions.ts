import "server-only";
import { and, desc, eq } from "drizzle-orm";
import { db } from "@/db";
import { revisions, users } from "@/db/schema";
import type { ArticleWrite } from "./admin-articles";

export type RevisionSummary = {
  id: number;
  articleId: number;
  userName: string | null;
  createdAt: number;
  autosave: boolean;
};
export type Revision = RevisionSummary & { snapshot: ArticleWrite };

export function listRevisions(articleId: number): Promise<RevisionSummary[]> {
  return db
    .select({
      id: revisions.id,
      articleId: revisions.articleId,
      userName: users.name,
      createdAt: revisions.createdAt,
      autosave: revisions.autosave,
    })
    .from(revisions)
    .leftJoin(users, eq(users.id, revisions.userId))
    .where(eq(revisions.articleId, articleId))
    .orderBy(desc(revisions.createdAt), desc(revisions.id));
}

export async function getRevision(articleId: number, revisionId: number): Promise<Revision | null> {
  const [row] = await db
    .select({
      id: revisions.id,
      articleId: revisions.articleId,
      userName: users.name,
      createdAt: revisions.createdAt,
      autosave: revisions.autosave,
      snapshot: revisions.snapshot,
    })
    .from(revisions)
    .leftJoin(users, eq(users.id, revisions.userId))
    .where(and(eq(revisions.id, revisionId), eq(revisions.articleId, articleId)));
  return row ? { ...row, snapshot: JSON.parse(row.snapshot) as ArticleWrite } : null;
}
