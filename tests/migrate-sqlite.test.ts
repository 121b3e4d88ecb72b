import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { afterEach, describe, expect, it } from "vitest";
import { MIGRATIONS_FOLDER } from "@/db";
import { openSqliteFile as openDatabase, type SqliteFileDb as Db } from "./support/sqlite-file";
import { migrateSqlite } from "@/db/migrate-sqlite";
import {
  articleAuthors,
  articles,
  articleTags,
  authors,
  comments,
  revisions,
  sections,
  tags,
  users,
} from "@/db/schema/sqlite";

// drizzle-kit's own output for a change to `articles` that SQLite cannot ALTER (here: `dateline` made
// nullable): create a new table, copy, drop the old one, rename.
const REBUILD_ARTICLES = fs.readFileSync(
  path.join(import.meta.dirname, "fixtures", "migrations", "0002_rebuild_articles.sql"),
  "utf8",
);

// How many migrations the project has; each test adds one of its own after them.
const SHIPPED = JSON.parse(fs.readFileSync(path.join(MIGRATIONS_FOLDER, "meta", "_journal.json"), "utf8")).entries
  .length as number;

const cleanup: string[] = [];
const open: Db[] = [];
afterEach(() => {
  for (const db of open.splice(0)) if (db.$client.open) db.$client.close();
  for (const dir of cleanup.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  cleanup.push(dir);
  return dir;
}

/** The real migrations plus one more, as drizzle-kit would lay it out. */
function migrationsWith(tag: string, sql: string): string {
  const dir = tempDir("migrations-");
  fs.cpSync(MIGRATIONS_FOLDER, dir, { recursive: true });
  const journalFile = path.join(dir, "meta", "_journal.json");
  const journal = JSON.parse(fs.readFileSync(journalFile, "utf8"));
  const last = journal.entries.at(-1);
  journal.entries.push({ idx: last.idx + 1, version: last.version, when: last.when + 1000, tag, breakpoints: true });
  fs.writeFileSync(journalFile, JSON.stringify(journal, null, 2));
  fs.writeFileSync(path.join(dir, `${tag}.sql`), sql);
  return dir;
}

/** A file database migrated to today's schema, holding a newsroom's worth of linked rows. */
function populatedDatabase(): Db {
  const db = openDatabase(path.join(tempDir("migrate-db-"), "news.db"));
  open.push(db);
  migrateSqlite(db.$client, MIGRATIONS_FOLDER);
  const user = db.insert(users).values({ email: "e@example.org", name: "Ed", passwordHash: "x" }).returning().get();
  const section = db.insert(sections).values({ name: "World", slug: "world" }).returning().get();
  const [a1, a2] = ["one", "two"].map((slug) =>
    db
      .insert(authors)
      .values({ name: `Author ${slug}`, slug, userId: slug === "one" ? user.id : null })
      .returning()
      .get(),
  );
  const [t1, t2] = ["energy", "climate"].map((slug) => db.insert(tags).values({ name: slug, slug }).returning().get());
  for (const slug of ["first-story", "second-story"]) {
    const article = db
      .insert(articles)
      .values({
        slug,
        headline: slug,
        status: "published",
        publishedAt: 1,
        sectionId: section.id,
        createdById: user.id,
      })
      .returning()
      .get();
    db.insert(articleAuthors).values({ articleId: article.id, authorId: a1.id, position: 0 }).run();
    db.insert(articleAuthors).values({ articleId: article.id, authorId: a2.id, position: 1 }).run();
    db.insert(articleTags).values({ articleId: article.id, tagId: t1.id }).run();
    db.insert(articleTags).values({ articleId: article.id, tagId: t2.id }).run();
    const parent = db
      .insert(comments)
      .values({ articleId: article.id, authorName: "R", authorEmail: "r@example.org", body: "First." })
      .returning()
      .get();
    db.insert(comments)
      .values({
        articleId: article.id,
        parentId: parent.id,
        authorName: "S",
        authorEmail: "s@example.org",
        body: "Re.",
      })
      .run();
    db.insert(revisions).values({ articleId: article.id, userId: user.id, snapshot: "{}" }).run();
  }
  return db;
}

const TABLES = ["articles", "article_authors", "article_tags", "comments", "revisions", "authors", "tags", "sections"];
const everyRow = (db: Db) =>
  Object.fromEntries(TABLES.map((t) => [t, db.$client.prepare(`select * from ${t} order by rowid`).all()]));

describe("migrating SQLite", () => {
  it("keeps every comment, revision, byline and tag link when a migration rebuilds articles", () => {
    const db = populatedDatabase();
    const before = everyRow(db);
    expect(before.comments).toHaveLength(4);

    migrateSqlite(db.$client, migrationsWith("0002_rebuild_articles", REBUILD_ARTICLES));

    const dateline = db.$client
      .prepare("select \"notnull\" from pragma_table_info('articles') where name = 'dateline'")
      .get() as { notnull: number };
    expect(dateline.notnull).toBe(0);
    expect(everyRow(db)).toEqual(before);
    expect(db.$client.pragma("foreign_keys", { simple: true })).toBe(1);
    expect(db.$client.pragma("foreign_key_check")).toEqual([]);
  });

  it("refuses a migration that leaves rows pointing nowhere, and leaves the database as it was", () => {
    const db = populatedDatabase();
    const before = everyRow(db);
    const folder = migrationsWith(
      "0002_lose_articles",
      "PRAGMA foreign_keys=OFF;--> statement-breakpoint\nDELETE FROM `articles`;--> statement-breakpoint\nPRAGMA foreign_keys=ON;",
    );

    const backedUp: string[][] = [];
    const migrating = () =>
      migrateSqlite(db.$client, folder, { beforeMigrating: (tags) => (backedUp.push(tags), "/srv/backups/b1") });

    expect(migrating).toThrow(/comments → articles: 4 rows.*npm run restore -- "\/srv\/backups\/b1"/s);
    expect(backedUp).toEqual([["0002_lose_articles"]]);

    expect(everyRow(db)).toEqual(before);
    expect(db.$client.pragma("foreign_keys", { simple: true })).toBe(1);
    const applied = db.$client.prepare("select count(*) as n from __drizzle_migrations").get() as { n: number };
    expect(applied.n).toBe(SHIPPED);
  });

  it("shares drizzle's migration journal: continues a database drizzle migrated, and drizzle continues ours", () => {
    const dir = tempDir("migrate-journal-");
    const folder = migrationsWith("0002_rebuild_articles", REBUILD_ARTICLES);

    const byDrizzle = openDatabase(path.join(dir, "a.db"));
    open.push(byDrizzle);
    migrate(drizzle(byDrizzle.$client), { migrationsFolder: MIGRATIONS_FOLDER });
    migrateSqlite(byDrizzle.$client, folder);

    const byUs = openDatabase(path.join(dir, "b.db"));
    open.push(byUs);
    migrateSqlite(byUs.$client, folder);
    expect(() => migrate(drizzle(byUs.$client), { migrationsFolder: folder })).not.toThrow();

    const journal = (db: Db) =>
      db.$client.prepare("select hash, created_at from __drizzle_migrations order by id").all();
    expect(journal(byDrizzle)).toHaveLength(SHIPPED + 1);
    expect(journal(byUs)).toEqual(journal(byDrizzle));
  });
});
