import { count, eq } from "drizzle-orm";
import { expect } from "vitest";

/**
 * Adds, moves and deletes comments the ways the newsroom does (and by deleting their article) and
 * checks after each step that the kept tab counts equal a real count. Imports late, so a test that
 * switched engines (tests/postgres.pg.test.ts) runs it on its own database.
 */
export async function checkCommentCountsFollowEveryChange(): Promise<void> {
  const { db, transaction } = await import("@/db");
  const { articles, comments } = await import("@/db/schema");
  const moderation = await import("@/lib/data/moderation");
  const { makeArticle, makeComment } = await import("./factories");

  const counted = async (articleId: number | null) => {
    const rows = await db
      .select({ status: comments.status, n: count() })
      .from(comments)
      .where(articleId === null ? undefined : eq(comments.articleId, articleId))
      .groupBy(comments.status);
    const byStatus = { all: 0, pending: 0, approved: 0, spam: 0, trash: 0 };
    for (const r of rows) byStatus[r.status] = Number(r.n);
    byStatus.all = byStatus.pending + byStatus.approved;
    return byStatus;
  };
  const expectKept = async (...articleIds: (number | null)[]) => {
    for (const id of [null, ...articleIds])
      expect(await moderation.countCommentsByStatus(id)).toEqual(await counted(id));
  };

  const [a, b] = [await makeArticle(), await makeArticle()];
  const first = await makeComment({ articleId: a.id, status: "approved" });
  await makeComment({ articleId: a.id, status: "approved", parentId: first.id });
  const pending = await makeComment({ articleId: a.id, status: "pending" });
  await makeComment({ articleId: b.id, status: "spam" });
  await expectKept(a.id, b.id);
  expect((await moderation.countCommentsByStatus(a.id)).approved).toBe(2);

  await moderation.setCommentsStatus([pending.id], "approved");
  await moderation.setCommentsStatus([first.id], "trash");
  await expectKept(a.id, b.id);
  await moderation.deleteComments([first.id]);
  await expectKept(a.id, b.id);
  await transaction((tx) => tx.delete(articles).where(eq(articles.id, b.id)));
  await expectKept(a.id, b.id);
  expect(await moderation.countCommentsByStatus(b.id)).toEqual({ all: 0, pending: 0, approved: 0, spam: 0, trash: 0 });
}
