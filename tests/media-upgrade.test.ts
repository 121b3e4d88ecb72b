import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { afterAll, describe, expect, it, vi } from "vitest";
import { MIGRATIONS_FOLDER } from "@/db";
import { figureMarkdown } from "@/lib/content/figure";
import { openSqliteFile } from "./support/sqlite-file";

// Upgrading a publication that has stories with images but no media library: the start command's
// preparation (scripts/prepare.ts, after the migrations) enters every stored upload, with the texts its
// story gave it. The same migrations and start path production runs, on a file database and data folder.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "media-upgrade-"));
afterAll(() => {
  vi.unstubAllEnvs();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The migrations as they stood before the media library: the real folder without its tables' migration. */
function migrationsBeforeMedia(): string {
  const folder = path.join(dir, "migrations-before");
  fs.cpSync(MIGRATIONS_FOLDER, folder, { recursive: true });
  const journalFile = path.join(folder, "meta", "_journal.json");
  const journal = JSON.parse(fs.readFileSync(journalFile, "utf8"));
  const at = journal.entries.findIndex((e: { tag: string }) => e.tag === "0015_media");
  expect(at).toBeGreaterThan(0);
  journal.entries = journal.entries.slice(0, at);
  fs.writeFileSync(journalFile, JSON.stringify(journal, null, 2));
  return folder;
}

describe("upgrading to the media library", () => {
  it("enters the images of existing stories, with their alt text, caption and credit, and where they are used", async () => {
    const file = path.join(dir, "news.db");
    const old = openSqliteFile(file);
    migrate(old, { migrationsFolder: migrationsBeforeMedia() });
    expect(old.$client.prepare("select name from sqlite_master where name = 'media'").get()).toBeUndefined();

    const uploads = path.join(dir, "uploads");
    fs.mkdirSync(uploads, { recursive: true });
    const photo = await sharp({ create: { width: 48, height: 32, channels: 3, background: "#345" } })
      .png()
      .toBuffer();
    const [feature, inText] = ["a".repeat(32), "b".repeat(32)].map((hex) => {
      fs.writeFileSync(path.join(uploads, `${hex}.png`), photo);
      return `/uploads/${hex}.png`;
    });
    const body = `Before.\n\n${figureMarkdown({ src: inText, alt: "A quay", caption: "At dawn", credit: "Photo: Ana" })}`;
    old.$client
      .prepare(
        `insert into articles (slug, headline, body, status, feature_image_path, feature_image_alt, feature_image_caption, feature_image_credit)
         values ('old-story', 'Old story', ?, 'published', ?, 'The old harbour', 'Before the flood', 'Photo: Kaan')`,
      )
      .run(body, feature);
    old.$client.close();

    vi.stubEnv("DATA_DIR", dir);
    vi.stubEnv("DATABASE_PATH", file);
    vi.stubEnv("ADMIN_PASSWORD", "an upgrade test password");
    const { prepare } = await import("@/scripts/prepare");
    await prepare();

    const after = openSqliteFile(file);
    const rows = after.$client
      .prepare("select path, alt, caption, credit, width, height from media order by path")
      .all() as { path: string; alt: string; caption: string; credit: string; width: number; height: number }[];
    expect(rows).toEqual([
      {
        path: feature,
        alt: "The old harbour",
        caption: "Before the flood",
        credit: "Photo: Kaan",
        width: 48,
        height: 32,
      },
      { path: inText, alt: "A quay", caption: "At dawn", credit: "Photo: Ana", width: 48, height: 32 },
    ]);
    const uses = after.$client
      .prepare(
        "select m.path as path, u.kind as kind from media_uses u join media m on m.id = u.media_id order by m.path",
      )
      .all();
    expect(uses).toEqual([
      { path: feature, kind: "feature" },
      { path: inText, kind: "body" },
    ]);
    // The story itself is as it was: nothing a writer wrote is touched.
    expect(after.$client.prepare("select body from articles where slug = 'old-story'").get()).toEqual({ body });
    after.$client.close();
  });
});
