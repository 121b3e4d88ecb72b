import fs from "node:fs";
import path from "node:path";
import { and, count, eq, isNotNull, lte } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { describe, expect, it } from "vitest";
import { db } from "../db/index";
import { articles, authors, comments, menuItems, pages, sections, tags } from "../db/schema";
import { seedDatabase } from "../db/seed";

const NOW = Date.UTC(2025, 4, 16, 18, 0, 0);

async function rowCounts() {
  const tables = { articles, authors, sections, tags, comments };
  const counts: Record<string, number> = {};
  for (const [name, table] of Object.entries(tables)) counts[name] = (await db.select({ n: count() }).from(table))[0].n;
  return counts;
}

const bySlug = async (slug: string) => (await db.select().from(articles).where(eq(articles.slug, slug)))[0];

// This file's database is its own, freshly migrated and empty (tests/support/setup.ts).
describe("seedDatabase", () => {
  it("seeds an empty database once and leaves it alone afterwards", async () => {
    expect(await seedDatabase(NOW)).toBe(true);
    const before = await rowCounts();
    expect(await seedDatabase(NOW)).toBe(false);
    expect(await rowCounts()).toEqual(before);
  });

  it("creates enough published content for every reader page", async () => {
    const [published] = await db
      .select({ n: count() })
      .from(articles)
      .where(and(eq(articles.status, "published"), lte(articles.publishedAt, NOW)));
    expect(published.n).toBeGreaterThanOrEqual(14);
    expect((await db.select({ n: count() }).from(sections))[0].n).toBeGreaterThanOrEqual(5);
    expect((await db.select({ n: count() }).from(authors))[0].n).toBe(3);
  });

  it("keeps the draft and the scheduled article out of the published set", async () => {
    const draft = await bySlug("draft-budget-leak-analysis");
    const scheduled = await bySlug("scheduled-election-preview");
    expect(draft?.status).toBe("draft");
    expect(draft?.publishedAt).toBeNull();
    expect(scheduled?.status).toBe("scheduled");
    expect(scheduled!.publishedAt!).toBeGreaterThan(NOW);
  });

  it("includes the Istanbul talks story as the newest published article", async () => {
    const story = await bySlug("russia-ukraine-talks-istanbul");
    expect(story).toBeDefined();
    expect(story!.dateline).toBe("ISTANBUL");
    for (const phrase of ["Dolmabahçe", "Medinsky", "Geneva", "1,000"]) expect(story!.body).toContain(phrase);

    const published = await db
      .select({ slug: articles.slug, publishedAt: articles.publishedAt })
      .from(articles)
      .where(and(eq(articles.status, "published"), lte(articles.publishedAt, NOW)))
      .orderBy(articles.publishedAt);
    expect(published.at(-1)?.slug).toBe("russia-ukraine-talks-istanbul");
  });

  it("has a reply thread three levels deep", async () => {
    const parent = alias(comments, "parent");
    const rows = await db
      .select({ id: comments.id, grandparentId: parent.parentId })
      .from(comments)
      .innerJoin(parent, eq(comments.parentId, parent.id))
      .where(isNotNull(parent.parentId));
    expect(rows.length).toBeGreaterThan(0);
  });

  it("points every feature image and avatar at a file that exists", async () => {
    const paths = [
      ...(await db.select({ p: articles.featureImagePath }).from(articles)).map((r) => r.p),
      ...(await db.select({ p: authors.avatarPath }).from(authors)).map((r) => r.p),
    ];
    for (const p of paths) {
      expect(p).toBeTruthy();
      expect(fs.existsSync(path.join(process.cwd(), "public", p!))).toBe(true);
    }
  });

  it("ships About and the Corrections policy, published at the root and linked from the footer", async () => {
    const shipped = await db.select().from(pages).orderBy(pages.id);
    expect(shipped.map((p) => [p.slug, p.title, p.status])).toEqual([
      ["about", "About", "published"],
      ["corrections-policy", "Corrections policy", "published"],
    ]);
    const sectionSlugs = (await db.select({ slug: sections.slug }).from(sections)).map((s) => s.slug);
    expect(sectionSlugs).not.toContain("about");
    expect(sectionSlugs).not.toContain("corrections-policy");
    const footer = await db.select().from(menuItems).orderBy(menuItems.position);
    expect(footer.map((m) => [m.menu, m.kind, m.pageId])).toEqual(shipped.map((p) => ["footer", "page", p.id]));
  });
});
