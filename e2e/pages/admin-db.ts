import { insertArticle, withE2eDb } from "../support/db";

// Test-only seeding for moderation specs: comments normally come from the public form (another
// feature), so these specs put their own comments on their own article in the e2e database.
export type SeedComment = {
  name: string;
  body: string;
  status: "pending" | "approved" | "spam" | "trash";
  email?: string;
  ip?: string;
};

export function seedArticleWithComments(
  headline: string,
  list: SeedComment[],
): { articleId: number; slug: string; commentIds: number[] } {
  const slug = headline
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
  // Older than every seeded story, so the reader specs' front page stays as seeded.
  const publishedAt = Date.now() - 25 * 24 * 3_600_000;
  const articleId = insertArticle({ slug, headline, publishedAt, body: "A story with comments." });
  const now = Date.now();
  const commentIds = withE2eDb((db) => {
    const insert = db.prepare(
      "insert into comments (article_id, author_name, author_email, author_ip, body, status, created_at) values (?, ?, ?, ?, ?, ?, ?)",
    );
    return list.map((c, i) =>
      Number(
        insert.run(
          articleId,
          c.name,
          c.email ?? `${c.name.toLowerCase().replace(/\W+/g, ".")}@example.org`,
          c.ip ?? "192.0.2.99",
          c.body,
          c.status,
          now - 60_000 * (list.length - i),
        ).lastInsertRowid,
      ),
    );
  });
  return { articleId, slug, commentIds };
}
