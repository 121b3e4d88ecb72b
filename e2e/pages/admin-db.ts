import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";

// Test-only seeding for moderation specs: comments normally come from the public form (another
// feature), so these specs put their own comments on their own article in the e2e database.
const port = Number(process.env.E2E_PORT || 3100);
const dataDir = process.env.E2E_DATA_DIR || path.join(os.tmpdir(), `newsroom-e2e-${port}`);

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
  const db = new Database(path.join(dataDir, "news.db"));
  db.pragma("busy_timeout = 5000");
  try {
    const slug = headline
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "");
    const now = Date.now();
    // Older than every seeded story, so the reader specs' front page stays as seeded.
    const publishedAt = now - 25 * 24 * 3_600_000;
    const articleId = Number(
      db
        .prepare(
          "insert into articles (slug, headline, body, status, published_at, updated_at, created_at) values (?, ?, ?, 'published', ?, ?, ?)",
        )
        .run(slug, headline, "A story with comments.", publishedAt, publishedAt, publishedAt).lastInsertRowid,
    );
    const insert = db.prepare(
      "insert into comments (article_id, author_name, author_email, author_ip, body, status, created_at) values (?, ?, ?, ?, ?, ?, ?)",
    );
    const commentIds = list.map((c, i) =>
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
    return { articleId, slug, commentIds };
  } finally {
    db.close();
  }
}
