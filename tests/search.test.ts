import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { MIGRATIONS_FOLDER, row, run, transaction } from "@/db";
import { migrateSqlite } from "@/db/migrate-sqlite";
import { articles } from "@/db/schema";
import { syncSearchIndex } from "@/db/search-index";
import { HighlightedText } from "@/components/search/highlighted-text";
import { searchArticles, searchTerms, toHighlighted } from "@/lib/data/search";
import { newsroomSearchCases, searchCases } from "./support/search-cases";
import { openSqliteFile } from "./support/sqlite-file";

describe("search on SQLite (FTS5)", searchCases);
describe("newsroom search on SQLite", newsroomSearchCases);

describe("the search index", () => {
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

  it("picks up articles written around the data layer, and plain text replaces the migration's Markdown", async () => {
    const [story] = await transaction((tx) =>
      tx
        .insert(articles)
        .values({
          slug: "written-around",
          headline: "Imported quokkas",
          body: "See [x](https://example.org/wombat)",
          status: "published",
          publishedAt: Date.now() - 1000,
        })
        .returning(),
    );
    expect((await searchArticles("quokkas", 1))?.total).toBe(0);
    expect(await syncSearchIndex()).toBe(1);
    expect((await searchArticles("quokka", 1))?.items.map((a) => a.id)).toEqual([story.id]);
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

  it("reads a query as words only", () => {
    expect(searchTerms(`"Dolmabahçe" AND (ceasefire* -talks) NEAR\u0000x 🤝`)).toEqual([
      "dolmabahce",
      "and",
      "ceasefire",
      "talks",
      "near",
      "x",
    ]);
  });

  it("renders snippets with <mark> and everything else escaped", () => {
    const pieces = toHighlighted(`<script>alert(1)</script> \u0001ceasefire\u0002 & <b>more</b>`);
    const html = renderToStaticMarkup(createElement(HighlightedText, { pieces }));
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toMatch(/<mark[^>]*>ceasefire<\/mark>/);
    expect(html).toContain("&amp; &lt;b&gt;more&lt;/b&gt;");
    expect(html).not.toContain("<script>");
  });
});
