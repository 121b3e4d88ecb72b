import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { asc, count, eq, isNotNull } from "drizzle-orm";
import sharp from "sharp";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db, transaction } from "@/db";
import {
  articleAuthors,
  articles,
  articleTags,
  authors,
  comments,
  importMap,
  oldLinks,
  sections,
  tags,
  users,
} from "@/db/schema";
import { findOldLinkTarget } from "@/lib/data/old-links";
import { readUpload } from "@/lib/data/uploads";
import { searchArticles } from "@/lib/data/search";
import { DatabaseSink } from "@/lib/data/wordpress-import";
import { importWxr } from "@/lib/wordpress/importer";
import type { ImportBatch } from "@/lib/wordpress/sink";
import { openUploadsFolder } from "@/lib/wordpress/uploads";

// The import written into a real, freshly migrated database (tests/support/setup.ts), from the fixture export.
const root = path.resolve(import.meta.dirname, "..");
const FIXTURE = fs.readFileSync(path.join(root, "tests/fixtures/wordpress/export.xml"), "utf8");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "wxr-db-test-"));
const UPLOADS = path.join(tmp, "wp-uploads");

beforeAll(async () => {
  process.env.DATA_DIR = path.join(tmp, "data");
  fs.cpSync(path.join(root, "tests/fixtures/wordpress/uploads"), UPLOADS, { recursive: true });
  // The photo as a phone would leave it: with EXIF the import must not carry over.
  const photo = path.join(UPLOADS, "2024/05/harbour.jpg");
  const withExif = await sharp(photo)
    .withExif({ IFD0: { Copyright: "GPS 41.0N 29.0E" } })
    .jpeg()
    .toBuffer();
  fs.writeFileSync(photo, withExif);
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function runImport(
  xml = FIXTURE,
  options: { createUsers?: boolean; batchSize?: number; sink?: DatabaseSink } = {},
) {
  const sink =
    options.sink ??
    new DatabaseSink({ source: "export.xml", totalBytes: xml.length, createUsers: options.createUsers });
  const summary = await importWxr([xml], {
    sink,
    uploads: await openUploadsFolder(UPLOADS),
    batchSize: options.batchSize ?? 2,
  });
  await sink.end({ summary });
  return summary;
}

async function tableCounts() {
  const n = async (
    table:
      | typeof articles
      | typeof comments
      | typeof authors
      | typeof sections
      | typeof tags
      | typeof articleAuthors
      | typeof articleTags
      | typeof users,
  ) => (await db.select({ n: count() }).from(table))[0].n;
  return {
    articles: await n(articles),
    comments: await n(comments),
    authors: await n(authors),
    sections: await n(sections),
    tags: await n(tags),
    bylines: await n(articleAuthors),
    tagged: await n(articleTags),
    users: await n(users),
  };
}

async function articleByWpId(wpId: number) {
  const [mapped] = await db
    .select()
    .from(importMap)
    .where(eq(importMap.sourceKey, `${wpId}`));
  const [row] = await db.select().from(articles).where(eq(articles.id, mapped.localId!));
  return row;
}

async function wipe() {
  await transaction(async (tx) => {
    for (const table of [
      comments,
      articleTags,
      articleAuthors,
      articles,
      tags,
      sections,
      authors,
      users,
      importMap,
      oldLinks,
    ])
      await tx.delete(table);
  });
}

describe("importing the fixture export into the database", () => {
  beforeAll(wipe);

  it("creates every article, comment, author, section, tag and image once", async () => {
    const summary = await runImport();
    expect(summary.counts.articles).toEqual({ created: 7, updated: 0, unchanged: 0 });
    expect(summary.counts.comments).toEqual({ created: 8, updated: 0, unchanged: 0 });
    expect(summary.counts.images.created).toBe(3);
    expect(summary.counts.users.created).toBe(0);
    expect(await tableCounts()).toMatchObject({ articles: 7, comments: 8, authors: 3, sections: 4, tags: 4, users: 0 });
  });

  it("maps statuses, slugs (a clash gets a suffix), sections, bylines and tags", async () => {
    const ferry = await articleByWpId(101);
    expect(ferry).toMatchObject({ slug: "ferry-timetable-summer", status: "published", commentStatus: "open" });
    expect((await articleByWpId(104)).slug).toBe("ferry-timetable-summer-2");
    expect(await articleByWpId(103)).toMatchObject({ status: "scheduled", publishedAt: Date.UTC(2030, 6, 1, 6) });
    expect(await articleByWpId(105)).toMatchObject({ trashedAt: expect.any(Number) });
    expect((await articleByWpId(107)).status).toBe("draft");
    const [section] = await db.select().from(sections).where(eq(sections.id, ferry.sectionId!));
    expect(section.slug).toBe("harbour");
    const byline = await db
      .select({ name: authors.name })
      .from(articleAuthors)
      .innerJoin(authors, eq(authors.id, articleAuthors.authorId))
      .where(eq(articleAuthors.articleId, ferry.id));
    expect(byline).toEqual([{ name: "Ayşe Demir" }]);
    const tagged = await db
      .select({ slug: tags.slug })
      .from(articleTags)
      .innerJoin(tags, eq(tags.id, articleTags.tagId))
      .where(eq(articleTags.articleId, ferry.id));
    expect(tagged.map((t) => t.slug).sort()).toContain("ferries");
  });

  it("makes the imported stories searchable at once, in words", async () => {
    const ferry = await articleByWpId(101);
    const hits = await searchArticles("ferry timetables", 1);
    expect(hits?.items.map((a) => a.id)).toContain(ferry.id);
  });

  it("threads comments through their parents, with WordPress's statuses", async () => {
    const ferry = await articleByWpId(101);
    const rows = await db.select().from(comments).where(eq(comments.articleId, ferry.id)).orderBy(asc(comments.id));
    const byId = new Map(rows.map((r) => [r.id, r]));
    const wp = new Map<number, (typeof rows)[number]>();
    for (const m of await db.select().from(importMap).where(eq(importMap.kind, "wp:comment")))
      if (byId.has(m.localId!)) wp.set(Number(m.sourceKey), byId.get(m.localId!)!);
    const parentOf = (id: number) => {
      const parent = wp.get(id)!.parentId;
      return parent === null ? null : [...wp].find(([, r]) => r.id === parent)![0];
    };
    expect([11, 12, 13, 14, 15, 17, 18].map((id) => [id, wp.get(id)!.status, parentOf(id)])).toEqual([
      [11, "approved", null],
      [12, "approved", 11],
      [13, "pending", 12],
      [14, "spam", null],
      [15, "trash", 11],
      // Its parent was a pingback, which is not imported.
      [17, "approved", null],
      [18, "approved", 13],
    ]);
  });

  it("copies images re-encoded without metadata, and bodies and featured images point at the copies", async () => {
    const ferry = await articleByWpId(101);
    expect(ferry.featureImagePath).toMatch(/^\/uploads\/[a-f0-9]{32}\.jpg$/);
    const copies = [...ferry.body.matchAll(/\/uploads\/[a-f0-9]{32}\.(?:jpg|png)/g)].map((m) => m[0]);
    expect(copies.length).toBeGreaterThan(0);
    for (const copy of [ferry.featureImagePath!, ...copies]) {
      const stored = await readUpload(copy.slice("/uploads/".length));
      expect(stored, copy).not.toBeNull();
      expect((await sharp(stored!.bytes).metadata()).exif).toBeUndefined();
    }
    expect(ferry.body).not.toContain("wp-content/uploads/2024/05/harbour");
  });

  it("records the old links: /?p=ID, the permalink, the category, tag and author pages", async () => {
    expect(await findOldLinkTarget("?p=101")).toBe("/articles/ferry-timetable-summer");
    expect(await findOldLinkTarget("/2023/11/20/köprü-açıldı")).toMatch(/^\/articles\//);
    expect(await findOldLinkTarget("/category/news/harbour")).toBe("/harbour");
    expect(await findOldLinkTarget("/tag/ferries")).toBe("/tags/ferries");
    expect(await findOldLinkTarget("/author/j-okafor")).toMatch(/^\/authors\//);
    expect(await findOldLinkTarget("/feed")).toBe("/feed.xml");
    expect(await findOldLinkTarget("?p=104")).toBeNull();
  });

  it("run again with the same export, changes nothing and duplicates nothing", async () => {
    const before = await tableCounts();
    const summary = await runImport();
    expect(summary.counts.articles).toEqual({ created: 0, updated: 0, unchanged: 7 });
    expect(summary.counts.comments).toEqual({ created: 0, updated: 0, unchanged: 8 });
    expect(summary.counts.images).toEqual({ created: 0, updated: 0, unchanged: 3 });
    expect(summary.slugChanges).toEqual([]);
    expect(await tableCounts()).toEqual(before);
  });

  it("run with a newer export, updates what changed and adds what is new", async () => {
    const newer = FIXTURE.replace("Ferry timetable changes for summer", "Ferry timetable changes for summer (updated)")
      .replace(
        "<wp:comment_approved><![CDATA[0]]></wp:comment_approved>",
        "<wp:comment_approved><![CDATA[1]]></wp:comment_approved>",
      )
      .replace(
        "<wp:post_id>107</wp:post_id>",
        "<wp:post_id>107</wp:post_id><wp:comment><wp:comment_id>99</wp:comment_id><wp:comment_author><![CDATA[Late]]></wp:comment_author><wp:comment_author_email>late@example.org</wp:comment_author_email><wp:comment_date_gmt>2024-06-01 10:00:00</wp:comment_date_gmt><wp:comment_content><![CDATA[New one.]]></wp:comment_content><wp:comment_approved>1</wp:comment_approved><wp:comment_type>comment</wp:comment_type><wp:comment_parent>0</wp:comment_parent></wp:comment>",
      );
    const before = await tableCounts();
    const summary = await runImport(newer);
    expect(summary.counts.articles).toMatchObject({ created: 0, updated: 1, unchanged: 6 });
    expect(summary.counts.comments).toMatchObject({ created: 1, updated: 1, unchanged: 7 });
    expect((await articleByWpId(101)).headline).toBe("Ferry timetable changes for summer (updated)");
    expect(await tableCounts()).toEqual({ ...before, comments: before.comments + 1 });
  });
});

describe("rows deleted in the newsroom after an import", () => {
  beforeAll(wipe);

  it("stay deleted when the export is imported again, and the rest still updates", async () => {
    await runImport();
    const market = await articleByWpId(102);
    const ferry = await articleByWpId(101);
    const [thread] = await db.select().from(comments).where(eq(comments.authorName, "Mehmet Yılmaz"));
    await transaction(async (tx) => {
      await tx.delete(articles).where(eq(articles.id, market.id));
      // Its replies go with it (on delete cascade), as when a moderator deletes a thread.
      await tx.delete(comments).where(eq(comments.id, thread.id));
      await tx.delete(authors).where(eq(authors.name, "John Okafor"));
    });
    const before = await tableCounts();
    const summary = await runImport(FIXTURE.replace("Ferry timetable changes for summer", "Ferry timetable, revised"));
    expect(summary.counts.articles).toMatchObject({ created: 0, updated: 1 });
    expect(summary.warnings).toContain("1 posts deleted here since an earlier import were left out.");
    expect(summary.warnings.some((w) => /comments deleted here since an earlier import were left out/.test(w))).toBe(
      true,
    );
    expect((await articleByWpId(101)).headline).toBe("Ferry timetable, revised");
    expect((await articleByWpId(101)).id).toBe(ferry.id);
    // The deleted author is made again (stories updated later name them); unchanged stories are left alone.
    expect(await tableCounts()).toEqual({ ...before, authors: before.authors + 1 });
  });
});

describe("an import that fails part-way", () => {
  beforeAll(wipe);

  it("leaves whole batches behind, and running again finishes the job", async () => {
    class FailingSink extends DatabaseSink {
      batches = 0;
      override async writeBatch(batch: ImportBatch) {
        if (++this.batches === 3) {
          // The failure strikes inside the batch's transaction, after some of its rows were written.
          return transaction(async () => {
            await super.writeBatch(batch);
            throw new Error("disk full");
          });
        }
        return super.writeBatch(batch);
      }
    }
    const sink = new FailingSink({ source: "export.xml", totalBytes: 1 });
    await expect(runImport(FIXTURE, { sink, batchSize: 2 })).rejects.toThrow("disk full");
    const partial = await tableCounts();
    expect(partial.articles).toBeGreaterThan(0);
    expect(partial.articles).toBeLessThan(7);
    // Every article written has its byline: no batch was left half-written.
    expect(partial.bylines).toBe(partial.articles);

    const summary = await runImport(FIXTURE, { batchSize: 2 });
    expect(summary.counts.articles.created + summary.counts.articles.unchanged).toBe(7);
    expect(summary.counts.articles.created).toBe(7 - partial.articles);
    expect(await tableCounts()).toMatchObject({ articles: 7, comments: 8, authors: 3, sections: 4, tags: 4 });
  });
});

describe("--create-users", () => {
  beforeEach(wipe);

  it("without it, no user is created; with it, an inactive author account per byline", async () => {
    await runImport();
    expect((await tableCounts()).users).toBe(0);
    const summary = await runImport(FIXTURE, { createUsers: true });
    expect(summary.counts.users.created).toBe(3);
    const created = await db
      .select({ email: users.email, role: users.role, active: users.active })
      .from(users)
      .orderBy(asc(users.email));
    expect(created).toEqual([
      { email: "editor@harbourgazette.example", role: "author", active: false },
      { email: "john@harbourgazette.example", role: "author", active: false },
      { email: "stringer@example.org", role: "author", active: false },
    ]);
    const linked = await db.select({ n: count() }).from(authors).where(isNotNull(authors.userId));
    expect(linked[0].n).toBe(3);
    expect((await runImport(FIXTURE, { createUsers: true })).counts.users).toMatchObject({ created: 0, unchanged: 3 });
  });
});
