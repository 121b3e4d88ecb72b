import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { MIGRATIONS_FOLDER, row, run, transaction } from "@/db";
import { migrateSqlite } from "@/db/migrate-sqlite";
import { articles } from "@/db/schema";
import { syncSearchIndex } from "@/db/search-index";
import { searchArticles } from "@/lib/data/search";
import { openSqliteFile } from "./support/sqlite-file";

// The FTS5 index itself; the search rules are tests/search.test.ts, on both engines.
describe("the SQLite search index", () => {
  it("is filled by its migration for a database that predates it", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "search-migration-"));
    const older = path.join(dir, "migrations");
    fs.cpSync(MIGRATIONS_FOLDER, older, { recursive: true });
    const journalFile = path.join(older, "meta", "_journal.json");
    const journal = JSON.parse(fs.readFileSync(journalFile, "utf8"));
    journal.entries = journal.entries.filter((e: { tag: string }) => e.tag < "0002_search_index");
    fs.writeFileSync(journalFile, JSON.stringify(journal));
    const db = openSqliteFile(path.join(dir, "news.db"));
    try {
      migrateSqlite(db.$client, older);
      db.$client
        .prepare(
          "insert into articles (slug, headline, body, status, published_at) values ('old', 'Ferry strike ends', 'Boats **run** again.', 'published', 1)",
        )
        .run();
      migrateSqlite(db.$client, MIGRATIONS_FOLDER);
      const hits = db.$client
        .prepare(
          'select rowid as id, source_updated_at as stale from article_search where article_search match \'"ferries" "boats"\'',
        )
        .all();
      expect(hits).toEqual([{ id: 1, stale: -1 }]);
    } finally {
      db.$client.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("is a porter unicode61 FTS5 table with diacritics removed", async () => {
    const table = await row<{ sql: string }>(sql`select sql from sqlite_master where name = 'article_search'`);
    expect(table?.sql).toMatch(/fts5/i);
    expect(table?.sql).toContain("porter unicode61 remove_diacritics 2");
  });

  it("replaces the Markdown its migration indexed with plain text", async () => {
    const [story] = await transaction((tx) =>
      tx
        .insert(articles)
        .values({
          slug: "migrated-markdown",
          headline: "Migrated quokkas",
          body: "See [x](https://example.org/wombat)",
          status: "published",
          publishedAt: Date.now() - 1000,
        })
        .returning(),
    );
    expect(await syncSearchIndex()).toBe(1);
    // As the migration leaves a row: Markdown kept, marked stale with -1.
    await transaction(async (tx) => {
      await run(
        sql`update article_search set body = 'https example org wombat', source_updated_at = -1 where rowid = ${story.id}`,
        tx,
      );
    });
    expect((await searchArticles("wombat", 1))?.total).toBe(1);
    expect(await syncSearchIndex()).toBe(1);
    expect((await searchArticles("wombat", 1))?.total).toBe(0);
    expect(await syncSearchIndex()).toBe(0);
  });
});
