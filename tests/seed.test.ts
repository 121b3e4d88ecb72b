import fs from "node:fs";
import path from "node:path";
import { and, count, eq, isNotNull, lte } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { beforeAll, describe, expect, it } from "vitest";
import { migrateDatabase, openDatabase, type Db } from "../db/index";
import { articles, authors, comments, sections, tags } from "../db/schema";
import { seedDatabase } from "../db/seed";

const NOW = Date.UTC(2025, 4, 16, 18, 0, 0);

function rowCounts(db: Db) {
  const tables = { articles, authors, sections, tags, comments };
  return Object.fromEntries(
    Object.entries(tables).map(([name, table]) => [name, db.select({ n: count() }).from(table).get()!.n]),
  );
}

describe("seedDatabase", () => {
  let db: Db;

  beforeAll(() => {
    db = openDatabase(":memory:");
    migrateDatabase(db);
  });

  it("seeds an empty database once and leaves it alone afterwards", () => {
    expect(seedDatabase(db, NOW)).toBe(true);
    const before = rowCounts(db);
    expect(seedDatabase(db, NOW)).toBe(false);
    expect(rowCounts(db)).toEqual(before);
  });

  it("creates enough published content for every reader page", () => {
    const published = db
      .select({ n: count() })
      .from(articles)
      .where(and(eq(articles.status, "published"), lte(articles.publishedAt, NOW)))
      .get()!.n;
    expect(published).toBeGreaterThanOrEqual(14);
    expect(db.select({ n: count() }).from(sections).get()!.n).toBeGreaterThanOrEqual(5);
    expect(db.select({ n: count() }).from(authors).get()!.n).toBe(3);
  });

  it("keeps the draft and the scheduled article out of the published set", () => {
    const draft = db.select().from(articles).where(eq(articles.slug, "draft-budget-leak-analysis")).get();
    const scheduled = db.select().from(articles).where(eq(articles.slug, "scheduled-election-preview")).get();
    expect(draft?.status).toBe("draft");
    expect(draft?.publishedAt).toBeNull();
    expect(scheduled?.status).toBe("scheduled");
    expect(scheduled!.publishedAt!).toBeGreaterThan(NOW);
  });

  it("includes the Istanbul talks story as the newest published article", () => {
    const story = db.select().from(articles).where(eq(articles.slug, "russia-ukraine-talks-istanbul")).get();
    expect(story).toBeDefined();
    expect(story!.dateline).toBe("ISTANBUL");
    for (const phrase of ["Dolmabahçe", "Medinsky", "Geneva", "1,000"]) expect(story!.body).toContain(phrase);

    const newest = db
      .select({ slug: articles.slug, publishedAt: articles.publishedAt })
      .from(articles)
      .where(and(eq(articles.status, "published"), lte(articles.publishedAt, NOW)))
      .orderBy(articles.publishedAt)
      .all()
      .at(-1);
    expect(newest?.slug).toBe("russia-ukraine-talks-istanbul");
  });

  it("has a reply thread three levels deep", () => {
    const parent = alias(comments, "parent");
    const rows = db
      .select({ id: comments.id, grandparentId: parent.parentId })
      .from(comments)
      .innerJoin(parent, eq(comments.parentId, parent.id))
      .where(isNotNull(parent.parentId))
      .all();
    expect(rows.length).toBeGreaterThan(0);
  });

  it("points every feature image and avatar at a file that exists", () => {
    const paths = [
      ...db
        .select({ p: articles.featureImagePath })
        .from(articles)
        .all()
        .map((r) => r.p),
      ...db
        .select({ p: authors.avatarPath })
        .from(authors)
        .all()
        .map((r) => r.p),
    ];
    for (const p of paths) {
      expect(p).toBeTruthy();
      expect(fs.existsSync(path.join(process.cwd(), "public", p!))).toBe(true);
    }
  });
});
