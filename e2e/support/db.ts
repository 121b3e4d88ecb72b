import Database from "better-sqlite3";
import { hashPassword } from "../../lib/auth/password";
import { E2E_DATABASE_PATH } from "../../playwright.config";
import { uniqueId } from "./ids";

// Writes straight into the e2e server's database, for situations no screen creates (many stories
// at once, a schedule that falls due during the test). Pages cached before the write are not told
// about it, so tests use fresh slugs.
export function withE2eDb<T>(fn: (db: Database.Database) => T): T {
  const db = new Database(E2E_DATABASE_PATH);
  db.pragma("busy_timeout = 5000");
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

export function uniqueSlug(prefix: string): string {
  return `${prefix}-${uniqueId()}`;
}

export function insertSection(name: string, slug: string): number {
  return withE2eDb((db) =>
    Number(db.prepare("insert into sections (name, slug, position) values (?, ?, 99)").run(name, slug).lastInsertRowid),
  );
}

export function insertArticle(values: {
  slug: string;
  headline: string;
  sectionId?: number;
  status?: string;
  publishedAt: number | null;
  body?: string;
}): number {
  return withE2eDb((db) => {
    const updatedAt = values.publishedAt ?? Date.now();
    const body = values.body ?? "A test body.";
    const id = Number(
      db
        .prepare(
          "insert into articles (slug, headline, dek, body, status, published_at, updated_at, section_id) values (?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .run(
          values.slug,
          values.headline,
          "A test dek.",
          body,
          values.status ?? "published",
          values.publishedAt,
          updatedAt,
          values.sectionId ?? null,
        ).lastInsertRowid,
    );
    // What the data layer writes with every article (db/search-index.ts), the body being plain text here.
    db.prepare(
      "insert into article_search (rowid, headline, dek, body, tags, section, bylines, source_updated_at) values (?, ?, ?, ?, '', '', '', ?)",
    ).run(id, values.headline, "A test dek.", body, updatedAt);
    return id;
  });
}

/**
 * A newsroom user with their byline, as the Users screen makes one (createUserViaUi goes through that
 * screen); for the sessions the setup signs in, where the screen is not what is tested.
 */
export async function insertUser(role: "editor" | "author" | "contributor") {
  const id = uniqueId();
  const user = { name: `${role} ${id}`, email: `${role}-${id}@example.com`, password: `password for ${id}` };
  const passwordHash = await hashPassword(user.password);
  withE2eDb((db) => {
    const userId = db
      .prepare("insert into users (email, name, password_hash, role) values (?, ?, ?, ?)")
      .run(user.email, user.name, passwordHash, role).lastInsertRowid;
    db.prepare("insert into authors (user_id, name, slug) values (?, ?, ?)").run(userId, user.name, `${role}-${id}`);
  });
  return user;
}
