import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { DryRunSink } from "@/lib/wordpress/dry-run-sink";
import { importWxr, type ImportProgress } from "@/lib/wordpress/importer";
import type { BatchResult, ImageFile, ImportBatch, ImportSink, StoredImages } from "@/lib/wordpress/sink";
import { formatSummary } from "@/lib/wordpress/summary";
import { openUploadsFolder, uploadsFileCandidates, uploadsPathFromUrl } from "@/lib/wordpress/uploads";
import type { WxrSite } from "@/lib/wordpress/wxr-types";

const root = path.resolve(import.meta.dirname, "..");
const FIXTURE = path.join(root, "tests/fixtures/wordpress/export.xml");
const UPLOADS = path.join(root, "tests/fixtures/wordpress/uploads");
const run = promisify(execFile);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "wxr-import-test-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A sink that keeps what it is handed, stores images under predictable names, and can fail on demand. */
class RecordingSink implements ImportSink {
  site: WxrSite | null = null;
  batches: ImportBatch[] = [];
  imageCalls: ImageFile[][] = [];
  finished = false;
  constructor(private failOnBatch = 0) {}
  async begin(site: WxrSite) {
    this.site = site;
  }
  async storeImages(files: ImageFile[]): Promise<StoredImages> {
    this.imageCalls.push(files);
    return {
      paths: new Map(files.map((f) => [f.uploadsPath, `/uploads/${path.basename(f.file)}`])),
      counts: { created: files.length },
    };
  }
  async writeBatch(batch: ImportBatch): Promise<BatchResult> {
    if (this.batches.length + 1 === this.failOnBatch) throw new Error("disk full");
    this.batches.push(structuredClone(batch));
    return { counts: { articles: { created: batch.articles.length } }, slugChanges: [], warnings: [] };
  }
  async finish() {
    this.finished = true;
  }
  get articles() {
    return this.batches.flatMap((b) => b.articles);
  }
  article(wpId: number) {
    return this.articles.find((a) => a.wpId === wpId)!;
  }
}

async function importFixture(
  sink: ImportSink,
  options: { uploads?: boolean; batchSize?: number; onProgress?: (p: ImportProgress) => void } = {},
) {
  return importWxr(fs.createReadStream(FIXTURE, { highWaterMark: 2048 }), {
    sink,
    uploads: options.uploads === false ? null : await openUploadsFolder(UPLOADS),
    batchSize: options.batchSize,
    onProgress: options.onProgress,
  });
}

describe("the import loop on the fixture export", async () => {
  const sink = new RecordingSink();
  const progress: ImportProgress[] = [];
  const summary = await importFixture(sink, { batchSize: 2, onProgress: (p) => progress.push(p) });

  it("hands authors, sections and tags over before any article, in the first batch", () => {
    const [first] = sink.batches;
    expect(first.authors.map((a) => [a.login, a.slug, a.name])).toEqual([
      ["editor", "editor", "Ayşe Demir"],
      ["j.okafor", "j-okafor", "John Okafor"],
      ["stringer", "stringer", "stringer"],
    ]);
    expect(first.sections.map((s) => [s.slug, s.parentSlug])).toEqual([
      ["uncategorized", null],
      ["news", null],
      ["city-hall", null],
      ["harbour", "news"],
    ]);
    // "bridges" is named only on a post, never declared in the file's header.
    expect(sink.batches.flatMap((b) => b.tags.map((t) => t.slug))).toEqual([
      "ferries",
      "istanbul-bogazi",
      "weather",
      "bridges",
    ]);
    expect(sink.site?.title).toBe("Harbour Gazette");
    expect(sink.finished).toBe(true);
  });

  it("writes articles in batches of the given size, each post's comments in its own batch, parents first", () => {
    expect(sink.batches.map((b) => b.articles.map((a) => a.wpId))).toEqual([
      [101, 102],
      [103, 104],
      [105, 106],
      [107],
      [],
    ]);
    const seen = new Set<number>();
    for (const batch of sink.batches) {
      const articles = new Set(batch.articles.map((a) => a.wpId));
      for (const c of batch.comments) {
        expect(articles.has(c.articleWpId)).toBe(true);
        if (c.parentWpId !== null) expect(seen.has(c.parentWpId)).toBe(true);
        seen.add(c.wpId);
      }
    }
    expect(sink.batches[0].comments.map((c) => [c.wpId, c.parentWpId, c.status])).toEqual([
      [11, null, "approved"],
      [12, 11, "approved"],
      [13, 12, "pending"],
      [18, 13, "approved"],
      [15, 11, "trash"],
      [14, null, "spam"],
      [17, null, "approved"],
    ]);
  });

  it("converts bodies with images pointing at the stored copies, and keeps a missing file's old address", () => {
    expect(sink.article(101).body).toContain(
      '<figure><img src="/uploads/harbour-1024x683.jpg" alt="Boats at the quay">',
    );
    const classic = sink.article(102).body;
    // council-300x200.png is not in the uploads folder; WordPress's original it was resized from is.
    expect(classic).toContain('<figure><img src="/uploads/council.png" alt="The council chamber"><figcaption>');
    expect(classic).toContain(
      "![An old photo](https://harbourgazette.example/wp-content/uploads/2022/01/missing-photo.jpg)",
    );
    expect(summary.missingImages).toEqual([{ uploadsPath: "2022/01/missing-photo.jpg", articleWpId: 102 }]);
  });

  it("stores each image once, and answers the image's old address with the copy", () => {
    const stored = sink.imageCalls.flat();
    expect(stored.map((f) => [f.uploadsPath, path.relative(UPLOADS, f.file)])).toEqual([
      ["2024/05/harbour-1024x683.jpg", "2024/05/harbour-1024x683.jpg"],
      ["2023/11/council-300x200.png", "2023/11/council.png"],
      ["2024/05/harbour.jpg", "2024/05/harbour.jpg"],
    ]);
    const redirects = sink.batches.flatMap((b) => b.redirects);
    expect(redirects).toContainEqual({ key: "/feed", to: "/feed.xml" });
    expect(redirects).toContainEqual({
      key: "/wp-content/uploads/2023/11/council-300x200.png",
      to: "/uploads/council.png",
    });
  });

  it("sets a featured image whose attachment comes after the post once the attachment has been read", () => {
    expect(sink.article(101)).toMatchObject({ featureImage: null, featureImagePending: true });
    expect(sink.batches.at(-1)!.featureImages).toEqual([
      {
        articleWpId: 101,
        image: {
          wpAttachmentId: 201,
          path: "/uploads/harbour.jpg",
          alt: "Boats at the quay",
          caption: "Fishing boats at the quay before dawn",
        },
      },
    ]);
  });

  it("maps the statuses, the old links of published posts only, and the scheduled time", () => {
    expect(sink.articles.map((a) => [a.wpId, a.status, a.trashedAt !== null, a.oldPaths.length > 0])).toEqual([
      [101, "published", false, true],
      [102, "published", false, true],
      [103, "scheduled", false, false],
      [104, "draft", false, false],
      [105, "published", true, false],
      [106, "draft", false, false],
      [107, "draft", false, false],
    ]);
    expect(sink.article(102).oldPaths).toContain("/2023/11/20/köprü-açıldı");
    expect(sink.article(103).publishedAt).toBe(Date.UTC(2030, 6, 1, 6));
  });

  it("sums up what it did and why it skipped things", () => {
    expect(summary.counts.articles.created).toBe(7);
    expect(sink.batches.flatMap((b) => b.pages).map((p) => [p.slug, p.status, p.oldPaths])).toEqual([
      ["about-us", "published", ["?page_id=2", "?p=2", "/about-us"]],
    ]);
    expect(summary.articleStatuses).toEqual({ published: 2, scheduled: 1, draft: 3, trashed: 1 });
    expect(summary.commentStatuses).toEqual({ approved: 4, pending: 1, spam: 1, trash: 2 });
    expect(summary.skipped).toEqual({
      "nav_menu term": 1,
      pingback: 1,
      trackback: 1,
      "attachment (used for images only)": 2,
      "menu item": 1,
      'custom type "event"': 1,
    });
    expect(summary.unknownShortcodes).toEqual({ "contact-form-7": 1, gallery: 1 });
    expect(summary.droppedBlocks).toEqual({ "latest-posts": 1 });
    expect(summary.embeds).toBe(3);
    expect(summary.nestedSections).toEqual([{ slug: "harbour", parent: "news" }]);
    expect(summary.warnings).toContain('post 106 "Members-only: budget leak": password-protected: imported as a draft');
    const text = formatSummary(summary);
    expect(text).toContain("Shortcodes kept as text (edit these stories): contact-form-7 1, gallery 1");
    expect(text).toContain("2022/01/missing-photo.jpg (post 102)");
  });

  it("reports progress as it reads", () => {
    expect(progress.length).toBeGreaterThan(5);
    expect(progress.at(-1)).toMatchObject({ bytesRead: fs.statSync(FIXTURE).size, articles: 7, comments: 8 });
  });
});

describe("an image used by several posts", () => {
  it("is stored (or reported missing) once per run, even when the posts are in different batches", async () => {
    const post = (
      id: number,
    ) => `<item><title>Post ${id}</title><wp:post_id>${id}</wp:post_id><wp:post_type>post</wp:post_type><wp:status>publish</wp:status>
<content:encoded><![CDATA[<p><img src="https://h.example/wp-content/uploads/2024/05/harbour.jpg" alt=""></p><p><img src="https://h.example/wp-content/uploads/gone.jpg" alt=""></p>]]></content:encoded></item>`;
    const xml = `<?xml version="1.0" encoding="UTF-8" ?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wp="http://wordpress.org/export/1.2/"><channel><title>H</title><link>https://h.example</link><wp:wxr_version>1.2</wp:wxr_version>${post(1)}${post(2)}${post(3)}</channel></rss>`;
    const sink = new RecordingSink();
    const summary = await importWxr([xml], { sink, uploads: await openUploadsFolder(UPLOADS), batchSize: 1 });
    expect(sink.batches.filter((b) => b.articles.length > 0)).toHaveLength(3);
    expect(sink.imageCalls.flat().map((f) => f.uploadsPath)).toEqual(["2024/05/harbour.jpg"]);
    expect(sink.articles.map((a) => a.body)).toEqual(
      Array(3).fill("![](/uploads/harbour.jpg)\n\n![](https://h.example/wp-content/uploads/gone.jpg)"),
    );
    expect(summary.missingImages).toEqual([{ uploadsPath: "gone.jpg", articleWpId: 1 }]);
  });
});

describe("two categories whose slugs come out the same", () => {
  it("are both handed to the sink, which makes them one section keeping both old links, and the summary says so", async () => {
    const category = (id: number, slug: string, name: string) =>
      `<wp:category><wp:term_id>${id}</wp:term_id><wp:category_nicename>${slug}</wp:category_nicename><wp:category_parent></wp:category_parent><wp:cat_name><![CDATA[${name}]]></wp:cat_name></wp:category>`;
    const xml = `<?xml version="1.0" encoding="UTF-8" ?><rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/"><channel><title>H</title><link>https://h.example</link><wp:wxr_version>1.2</wp:wxr_version>${category(4, "caf%c3%a9", "Café")}${category(5, "cafe", "Cafe")}</channel></rss>`;
    const sink = new RecordingSink();
    const summary = await importWxr([xml], { sink });
    expect(sink.batches[0].sections.map((s) => [s.wpTermId, s.slug, s.oldPaths[0]])).toEqual([
      [4, "cafe", "/category/café"],
      [5, "cafe", "/category/cafe"],
    ]);
    expect(summary.warnings).toContain('Two categories share the section slug "cafe": they become one section.');
    const dry = await importWxr([xml], { sink: new DryRunSink() });
    expect(dry.counts.sections).toEqual({ created: 1, updated: 0, unchanged: 1 });
  });
});

describe("a dry run", () => {
  it("counts everything, finds the slug clash, and opens the images", async () => {
    const summary = await importFixture(new DryRunSink());
    expect(summary.slugChanges).toEqual([
      { kind: "article", wpId: 104, wanted: "ferry-timetable-summer", got: "ferry-timetable-summer-2" },
    ]);
    expect(summary.counts.images.created).toBe(3);
    expect(summary.counts.comments.created).toBe(8);
    expect(summary.counts.tags.created).toBe(4);
    expect(summary.counts.users.created).toBe(0);
    const withUsers = await importFixture(new DryRunSink({ createUsers: true }));
    expect(withUsers.counts.users.created).toBe(3);
  });

  it("refuses a file in the uploads folder that is not an image", async () => {
    const dir = fs.mkdtempSync(path.join(tmp, "uploads-"));
    fs.writeFileSync(path.join(dir, "fake.jpg"), "<?php echo 'not an image'; ?>");
    const stored = await new DryRunSink().storeImages([{ uploadsPath: "fake.jpg", file: path.join(dir, "fake.jpg") }]);
    expect(stored.paths.get("fake.jpg")).toBeNull();
  });
});

describe("without an uploads folder", () => {
  it("keeps every image's old address and says why", async () => {
    const sink = new RecordingSink();
    const summary = await importFixture(sink, { uploads: false });
    expect(sink.imageCalls).toEqual([]);
    expect(sink.article(101).body).toContain(
      '<img src="https://harbourgazette.example/wp-content/uploads/2024/05/harbour-1024x683.jpg"',
    );
    expect(summary.missingImageCount).toBe(4);
    expect(formatSummary(summary)).toContain(
      "Images not copied: no uploads folder was given (4 images; old addresses kept).",
    );
  });
});

describe("a failing store", () => {
  it("stops at the batch that failed, after handing over the ones before it whole", async () => {
    const sink = new RecordingSink(2);
    await expect(importFixture(sink, { batchSize: 2 })).rejects.toThrow("disk full");
    expect(sink.batches.map((b) => b.articles.map((a) => a.wpId))).toEqual([[101, 102]]);
    expect(sink.finished).toBe(false);
  });
});

describe("the uploads folder", () => {
  it("finds a resized image's original, and refuses paths that leave the folder", async () => {
    expect(uploadsFileCandidates("2024/05/a-1024x683.jpg")).toEqual([
      "2024/05/a-1024x683.jpg",
      "2024/05/a.jpg",
      "2024/05/a-scaled.jpg",
    ]);
    expect(uploadsPathFromUrl("https://x.example/wp-content/uploads/../../etc/passwd")).toBeNull();
    expect(uploadsPathFromUrl("https://x.example/wp-content/uploads/2024/%2e%2e/%2e%2e/secret.jpg")).toBeNull();
    expect(uploadsPathFromUrl("https://x.example/wp-content/uploads/2024/05/a%20b.jpg")).toBe("2024/05/a b.jpg");
    const folder = await openUploadsFolder(UPLOADS);
    expect(await folder.locate("2023/11/council-300x200.png")).toBe(path.join(folder.root, "2023/11/council.png"));
    expect(await folder.locate("../export.xml")).toBeNull();
    expect(await folder.locate("2023/11/nothing.png")).toBeNull();
  });

  it("does not follow a symbolic link out of the folder", async () => {
    const site = fs.mkdtempSync(path.join(tmp, "site-"));
    const uploads = path.join(site, "wp-content", "uploads");
    fs.mkdirSync(uploads, { recursive: true });
    fs.writeFileSync(path.join(site, "secret.jpg"), "secret");
    fs.symlinkSync(path.join(site, "secret.jpg"), path.join(uploads, "leak.jpg"));
    fs.copyFileSync(path.join(UPLOADS, "2023/11/council.png"), path.join(uploads, "ok.png"));
    // Given the site's folder, the import looks in its wp-content/uploads.
    const folder = await openUploadsFolder(site);
    expect(await folder.locate("ok.png")).toBe(path.join(fs.realpathSync(uploads), "ok.png"));
    expect(await folder.locate("leak.jpg")).toBeNull();
    await expect(openUploadsFolder(path.join(site, "missing"))).rejects.toThrow("does not exist");
  });
});

// Each of these starts a Node process of its own (tsx compiling the script), which takes seconds on a busy machine.
describe("the command line", { timeout: 60_000 }, () => {
  // As package.json runs it: lib/data is server-only, which the react-server condition lets a script import.
  const tsx = [path.join(root, "node_modules/tsx/dist/cli.mjs"), "--conditions=react-server"];

  it("dry-runs an export and prints the summary", async () => {
    const { stdout } = await run(
      process.execPath,
      [...tsx, "scripts/import-wordpress.ts", FIXTURE, "--dry-run", "--uploads", UPLOADS],
      { cwd: root },
    );
    expect(stdout).toContain("Harbour Gazette — https://harbourgazette.example (WordPress/6.5.3)");
    expect(stdout).toMatch(/articles +7 new/);
    expect(stdout).toContain("article 104 ferry-timetable-summer → ferry-timetable-summer-2");
  });

  it("imports into the database, prints the summary, and says plainly that a bad file is bad", async () => {
    const env = { ...process.env, DATABASE_PATH: path.join(tmp, "cli", "news.db"), DATA_DIR: path.join(tmp, "cli") };
    const args = [...tsx, "scripts/import-wordpress.ts", FIXTURE, "--uploads", UPLOADS];
    const first = await run(process.execPath, args, { cwd: root, env });
    expect(first.stdout).toMatch(/Imported in .*\n +articles +7 new\n +pages +1 new\n +comments +8 new/);
    const again = await run(process.execPath, args, { cwd: root, env });
    expect(again.stdout).toMatch(/articles +0 new, 7 unchanged/);
    const bad = path.join(tmp, "bad.xml");
    fs.writeFileSync(bad, "<html><body>not an export</body></html>");
    await expect(
      run(process.execPath, [...tsx, "scripts/import-wordpress.ts", bad, "--dry-run"], { cwd: root }),
    ).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining("not a WordPress export (WXR): its root is <html>"),
    });
  });

  it("generates an export that reads back whole", async () => {
    const out = path.join(tmp, "generated.xml");
    const { stdout } = await run(
      process.execPath,
      [...tsx, "scripts/generate-wxr.ts", "--posts", "40", "--comments", "400", "--out", out],
      { cwd: root },
    );
    const comments = Number(/([\d,]+) comments/.exec(stdout)![1].replace(/,/g, ""));
    const summary = await importWxr(fs.createReadStream(out), { sink: new DryRunSink() });
    expect(summary.counts.articles.created).toBe(40);
    expect(summary.counts.comments.created + (summary.skipped.pingback ?? 0)).toBe(comments);
    expect(summary.warningCount).toBe(0);
  });
});
