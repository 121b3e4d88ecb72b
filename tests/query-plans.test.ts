import type Database from "better-sqlite3";
import { SQLiteSyncDialect } from "drizzle-orm/sqlite-core";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import {
  buildVisibleCountQuery,
  buildVisibleListQuery,
  byAuthor,
  countByAuthor,
  countWithTag,
  inSection,
  withTag,
} from "@/lib/data/articles";
import { buildDuplicateQueries, buildThreadCountQueries } from "@/lib/data/comments";
import { buildSearchWindowQuery, SEARCH_WINDOW } from "@/lib/data/search";
import { buildSitemapQueries } from "@/lib/data/sitemap";
import { buildAdminArticleQueries, buildArticleCountsQuery } from "@/lib/data/admin-articles";
import {
  buildCommentCountsQuery,
  buildCommentFilterArticlesQuery,
  buildModerationQueries,
} from "@/lib/data/moderation";
import { ARTICLE_FILTERS } from "@/lib/validation/article";
import { COMMENT_FILTERS } from "@/lib/validation/moderation";

// At 100,000 articles and a million comments, a list query that reads a whole table, or sorts what it
// read in a temporary B-tree, takes seconds. SQLite's plan does not depend on how much data there is
// (no ANALYZE statistics are kept), so the plans on this empty, freshly migrated database are the
// plans production gets. Each query is built by the same function the data layer calls.

type PlanRow = { id: number; parent: number; detail: string };
type Query = { toSQL(): { sql: string; params: unknown[] } };

const client = () => (db as unknown as { $client: Database.Database }).$client;
const BIG_TABLE = /^(SCAN|SEARCH) (articles|comments)\b/;

function plan(query: Query): PlanRow[] {
  const { sql, params } = query.toSQL();
  return client()
    .prepare(`EXPLAIN QUERY PLAN ${sql}`)
    .all(...(params as unknown[])) as PlanRow[];
}

/** The lines of a plan that read articles or comments row by row, or sort them afterwards. */
function problems(rows: PlanRow[]): string[] {
  const found: string[] = [];
  for (const row of rows) {
    if (/^SCAN (articles|comments)\b/.test(row.detail) && !/USING (COVERING )?INDEX/.test(row.detail)) {
      found.push(row.detail);
    }
    const sortsBigTable =
      /TEMP B-TREE FOR (RIGHT PART OF |LAST TERM OF )?ORDER BY/.test(row.detail) &&
      rows.some((other) => other.parent === row.parent && BIG_TABLE.test(other.detail));
    if (sortsBigTable) found.push(row.detail);
  }
  return found;
}

function expectIndexed(name: string, query: Query) {
  const rows = plan(query);
  if (process.env.SHOW_PLANS) console.log(name + "\n  " + rows.map((r) => r.detail).join("\n  "));
  expect(problems(rows), `${name}:\n${rows.map((r) => r.detail).join("\n")}`).toEqual([]);
}

describe("the plan checker", () => {
  it("flags a full scan and a sort of a big table", () => {
    const unindexed = { toSQL: () => ({ sql: "select * from comments order by body", params: [] }) };
    expect(problems(plan(unindexed))).toEqual(["SCAN comments", "USE TEMP B-TREE FOR ORDER BY"]);
  });
});

describe("reader lists use an index, never a full scan or a sort", () => {
  const now = Date.now();
  it.each([
    ["home latest", () => buildVisibleListQuery(undefined, 9)],
    ["section page 1", () => buildVisibleListQuery(inSection(1), 20)],
    ["section deep page", () => buildVisibleListQuery(inSection(1), 20, 40_000)],
    ["section count", () => buildVisibleCountQuery(inSection(1))],
    ["tag page", () => buildVisibleListQuery(withTag(1), 20, 200)],
    ["tag count", () => buildVisibleCountQuery(countWithTag(1))],
    ["author page", () => buildVisibleListQuery(byAuthor(1), 20, 200)],
    ["author count", () => buildVisibleCountQuery(countByAuthor(1))],
    ["sitemap index", () => buildSitemapQueries(now).count],
    ["sitemap page", () => buildSitemapQueries(now).page(1)],
  ] as const)("%s", (name, build) => expectIndexed(name, build()));
});

describe("newsroom lists use an index, never a full scan or a sort", () => {
  const now = Date.now();
  const cases = ARTICLE_FILTERS.flatMap((filter) => [
    [
      `articles: ${filter}, page 1`,
      () => buildAdminArticleQueries({ filter, query: "", ownerId: null }, now).page(20, 0),
    ],
    [
      `articles: ${filter}, deep page`,
      () => buildAdminArticleQueries({ filter, query: "", ownerId: null }, now).page(20, 40_000),
    ],
    [`articles: ${filter}, count`, () => buildAdminArticleQueries({ filter, query: "", ownerId: null }, now).count],
  ]);
  it.each([
    ...cases,
    ["article tab counts", () => buildArticleCountsQuery(null, now)],
    ["comment tab counts", () => buildCommentCountsQuery(null)],
    ["comment tab counts of one article", () => buildCommentCountsQuery(7)],
    ["comment filter's articles", () => buildCommentFilterArticlesQuery()],
    ...COMMENT_FILTERS.flatMap((filter) => [
      [`comments: ${filter}, page 1`, () => buildModerationQueries({ filter, articleId: null, query: "" }).page(25, 0)],
      [
        `comments: ${filter}, deep page`,
        () => buildModerationQueries({ filter, articleId: null, query: "" }).page(25, 50_000),
      ],
      [
        `comments: ${filter}, one article`,
        () => buildModerationQueries({ filter, articleId: 7, query: "" }).page(25, 0),
      ],
    ]),
  ] as [string, () => Query][])("%s", (name, build) => expectIndexed(name, build()));
});

describe("the comment rules' lookups", () => {
  it("the duplicate rule finds a poster's comments on the story by name and by email, not the story's all", () => {
    const post = { articleId: 7, authorName: "Ada", authorEmail: "ada@example.org", body: "Same words." };
    const details = buildDuplicateQueries(post).map((query) => plan(query).map((row) => row.detail));
    expect(details).toEqual([
      ["SEARCH comments USING INDEX comments_email_article_idx (author_email=? AND article_id=?)"],
      ["SEARCH comments USING INDEX comments_author_article_idx (author_name=? AND article_id=?)"],
    ]);
  });

  it("a new comment's place is counted from the story's approved comments and the poster's own, not its held ones", () => {
    const root = { id: 40, parentId: null, createdAt: 1_000 };
    const [approved, own] = buildThreadCountQueries(7, [11, 12], root).map((query) =>
      plan(query).map((row) => row.detail),
    );
    const parent = ["CORRELATED SCALAR SUBQUERY 1", "SEARCH parent USING INTEGER PRIMARY KEY (rowid=?)"];
    expect(approved).toEqual([
      "SEARCH comments USING INDEX comments_article_status_idx (article_id=? AND status=?)",
      ...parent,
    ]);
    expect(own).toEqual(["SEARCH comments USING INTEGER PRIMARY KEY (rowid=?)", ...parent]);
  });
});

describe("search", () => {
  it("finds the newest matches in the index's own order, reading a story only for a match in the window", () => {
    const window = buildSearchWindowQuery(["court"], Date.now(), SEARCH_WINDOW);
    const details = plan({ toSQL: () => new SQLiteSyncDialect().sqlToQuery(window) }).map((row) => row.detail);
    // The FTS5 cursor hands out matches newest first (no sort), so the LIMIT stops it after the window.
    expect(details).toEqual([
      expect.stringMatching(/^SCAN article_search VIRTUAL TABLE INDEX \d+:/),
      "SEARCH articles USING INTEGER PRIMARY KEY (rowid=?)",
    ]);
  });
});
