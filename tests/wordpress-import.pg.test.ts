import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { rows } from "@/db";

// The WordPress import's database sink on PostgreSQL, where image copies are rows, not files. Runs in
// the postgres project (vitest.config.ts), on its scratch database.
const root = path.resolve(import.meta.dirname, "..");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "wxr-pg-"));

beforeAll(() => {
  vi.stubEnv("DATA_DIR", tmp);
});

afterAll(() => {
  vi.unstubAllEnvs();
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function importFixture() {
  const { importWordPressExport } = await import("@/lib/data/wordpress-import");
  const { openUploadsFolder } = await import("@/lib/wordpress/uploads");
  return importWordPressExport(fs.createReadStream(path.join(root, "tests/fixtures/wordpress/export.xml")), {
    source: "export.xml",
    totalBytes: 1,
    createUsers: true,
    uploads: await openUploadsFolder(path.join(root, "tests/fixtures/wordpress/uploads")),
    batchSize: 2,
  });
}

describe("the WordPress import on PostgreSQL", () => {
  it("imports the fixture with threads and old links, and a second run changes nothing", async () => {
    const first = await importFixture();
    expect(first.counts.articles.created).toBe(7);
    expect(first.counts.comments.created).toBe(8);
    expect(first.counts.users.created).toBe(3);
    expect(first.slugChanges.map((c) => c.got)).toEqual(["ferry-timetable-summer-2"]);
    const { sql } = await import("drizzle-orm");
    const [threads] = await rows<{ replies: string }>(
      sql`select count(*) as replies from comments c join comments p on p.id = c.parent_id where p.article_id = c.article_id`,
    );
    expect(Number(threads.replies)).toBe(4);
    const { findOldLinkTarget } = await import("@/lib/data/old-links");
    expect(await findOldLinkTarget("?p=101")).toBe("/articles/ferry-timetable-summer");
    // The re-encoded image copies are rows every instance serves, not files on this machine.
    const storedImages = async () =>
      (await rows<{ name: string }>(sql`select name from upload_files order by name`)).map((r) => r.name);
    const images = await storedImages();
    expect(images.length).toBeGreaterThan(0);
    expect(fs.existsSync(path.join(tmp, "uploads"))).toBe(false);

    const again = await importFixture();
    expect(again.counts.articles).toEqual({ created: 0, updated: 0, unchanged: 7 });
    expect(again.counts.comments).toEqual({ created: 0, updated: 0, unchanged: 8 });
    expect(await storedImages()).toEqual(images);
  });
});
