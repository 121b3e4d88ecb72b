import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/better-sqlite3";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// The db:copy round trip: a SQLite publication (sample content, comments with a reply, an uploaded
// image, revisions) is copied into a fresh PostgreSQL database, and the site's own data functions then
// read it there. Runs in the postgres project (vitest.config.ts): its scratch database is the target.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "db-copy-"));
const databaseFile = path.join(dataDir, "news.db");
const uploadsDir = path.join(dataDir, "uploads");
const targetUrl = process.env.DATABASE_URL!;
let target: typeof import("@/db");
let copy: typeof import("@/db/copy-to-postgres");
let report: Awaited<ReturnType<(typeof import("@/db/copy-to-postgres"))["copyToPostgres"]>>;
let uploadPath: string;
let elapsedMs: number;

/** The publication as `npm start` would leave it on SQLite, plus an editor's work. */
async function seedSqlite(): Promise<void> {
  vi.stubEnv("DATABASE_URL", "");
  vi.stubEnv("DATABASE_PATH", databaseFile);
  vi.stubEnv("DATA_DIR", dataDir);
  // The modules loaded so far run on the target (tests/support/setup-postgres.ts).
  vi.resetModules();
  const { migrateDatabase, closeDatabase } = await import("@/db");
  await migrateDatabase();
  const { seedDatabase, ISTANBUL_TALKS_SLUG } = await import("@/db/seed");
  expect(await seedDatabase()).toBe(true);
  const { createUser } = await import("@/lib/data/users");
  const { saveArticle, authorIdForUser } = await import("@/lib/data/admin-articles");
  const { getArticleBySlug } = await import("@/lib/data/articles");
  const { checkImageBytes, storeImageUpload } = await import("@/lib/data/uploads");
  const { makeComment } = await import("./support/factories");
  const editor = await createUser({
    email: "desk@example.org",
    name: "Desk Editor",
    role: "editor",
    passwordHash: "x",
  });
  const image = await checkImageBytes(
    await sharp({ create: { width: 16, height: 9, channels: 3, background: "#224488" } })
      .webp()
      .toBuffer(),
  );
  if (!image.ok) throw new Error(image.error);
  uploadPath = await storeImageUpload(image);
  const values = {
    ...{ headline: "Ferry timetable changes", slug: "ferry-timetable", dek: "", dateline: "", body: "New times." },
    ...{ sectionId: null, tagNames: ["Transport"], authorIds: [(await authorIdForUser(editor.id))!] },
    ...{ featureImagePath: uploadPath, featureImageAlt: "A ferry", featureImageCaption: "", featureImageCredit: "" },
    ...{ correction: "", commentStatus: "open" as const, status: "published" as const, publishedAt: Date.now() },
  };
  const saved = await saveArticle(null, values, editor.id);
  if (saved === "slug-taken" || saved === "conflict") throw new Error("fresh database");
  await saveArticle(saved.id, { ...values, body: "New times, corrected." }, editor.id);
  const talks = (await getArticleBySlug(ISTANBUL_TALKS_SLUG))!;
  const first = await makeComment({ articleId: talks.id, body: "Copied comment." });
  await makeComment({ articleId: talks.id, parentId: first.id, body: "Copied reply." });
  await makeComment({ articleId: saved.id, status: "pending", body: "Waiting for moderation." });
  await closeDatabase();
}

beforeAll(async () => {
  await seedSqlite();
  vi.stubEnv("DATABASE_URL", targetUrl);
  vi.resetModules();
  target = await import("@/db");
  copy = await import("@/db/copy-to-postgres");
  const started = performance.now();
  report = await copy.copyToPostgres({ databaseFile, uploadsDir });
  elapsedMs = performance.now() - started;
}, 60_000);

afterAll(async () => {
  vi.unstubAllEnvs();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Every row of a table, in a stable order, read through the schema of its engine. */
function sqliteRows(table: import("drizzle-orm/sqlite-core").SQLiteTable) {
  const sqlite = new Database(databaseFile, { readonly: true });
  try {
    return sortRows(drizzle(sqlite).select().from(table).all());
  } finally {
    sqlite.close();
  }
}
const sortRows = (list: Record<string, unknown>[]) =>
  list
    .map((r) => [JSON.stringify(r), r] as const)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([, r]) => r);

describe("npm run db:copy into PostgreSQL", () => {
  it("copies every table with equal counts, and the publication has something in each that matters", () => {
    console.log(`db:copy of the seeded publication: ${Math.round(elapsedMs)} ms`);
    for (const t of report.tables) expect(t.target, t.table).toBe(t.source);
    const count = (name: string) => report.tables.find((t) => t.table === name)!.target;
    expect(count("articles")).toBeGreaterThan(10);
    expect(count("comments")).toBeGreaterThan(3);
    expect(count("revisions")).toBe(2);
    expect(count("users")).toBe(1);
    expect(report.uploads).toEqual({ table: "upload_files", source: 1, target: 1 });
    expect(report.indexed).toBe(count("articles"));
  });

  it("copies every row of every table unchanged, ids included", async () => {
    for (const pair of copy.tablesInForeignKeyOrder()) {
      const copied = await target.db.select().from(pair.target as never);
      expect(sortRows(copied as Record<string, unknown>[]), pair.name).toEqual(sqliteRows(pair.source));
    }
  });

  it("gives the next insert a fresh id in every table that has one (sequences carried on)", async () => {
    const { createUser } = await import("@/lib/data/users");
    const { makeComment, makeTag } = await import("./support/factories");
    const maxOf = (name: string) =>
      Math.max(
        ...sqliteRows(copy.tablesInForeignKeyOrder().find((p) => p.name === name)!.source).map((r) => r.id as number),
      );
    const user = await createUser({ email: "new@example.org", name: "New", role: "author", passwordHash: "x" });
    expect(user.id).toBe(maxOf("users") + 1);
    expect((await makeTag()).id).toBe(maxOf("tags") + 1);
    const [story] = sqliteRows(copy.tablesInForeignKeyOrder().find((p) => p.name === "articles")!.source);
    expect((await makeComment({ articleId: story.id as number })).id).toBe(maxOf("comments") + 1);
  });

  it("serves the uploaded image from PostgreSQL with the same bytes", async () => {
    const { GET } = await import("@/app/uploads/[name]/route");
    const name = uploadPath.slice("/uploads/".length);
    const response = await GET(new Request(`http://localhost${uploadPath}`), { params: Promise.resolve({ name }) });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("image/webp");
    expect(Buffer.from(await response.arrayBuffer()).equals(fs.readFileSync(path.join(uploadsDir, name)))).toBe(true);
    // The copy reads the SQLite side only: the files stay where they were.
    expect(fs.readdirSync(uploadsDir)).toEqual([name]);
  });

  it("runs the site's data functions on the copy: the article with its comments, search, the edited story", async () => {
    const { ISTANBUL_TALKS_SLUG } = await import("@/db/seed");
    const { getArticleBySlug } = await import("@/lib/data/articles");
    const { listApprovedComments } = await import("@/lib/data/comments");
    const { searchArticles } = await import("@/lib/data/search");
    const talks = (await getArticleBySlug(ISTANBUL_TALKS_SLUG))!;
    expect(talks.headline).toMatch(/Russia and Ukraine agree/);
    const bodies = (await listApprovedComments(talks.id)).map((c) => c.body);
    expect(bodies).toEqual(expect.arrayContaining(["Copied comment.", "Copied reply."]));
    expect((await searchArticles("Dolmabahce prisoners", 1))?.items.map((a) => a.id)).toContain(talks.id);
    const ferry = (await getArticleBySlug("ferry-timetable"))!;
    expect(ferry.featureImage?.path).toBe(uploadPath);
    expect((await searchArticles("corrected ferry", 1))?.items.map((a) => a.id)).toEqual([ferry.id]);
  });

  it("refuses to copy into a database that is no longer empty, and changes nothing", async () => {
    const before = await target.rows<{ n: string }>(sql`select count(*) as n from comments`);
    await expect(copy.copyToPostgres({ databaseFile, uploadsDir })).rejects.toBeInstanceOf(copy.CopyRefusedError);
    expect(await target.rows<{ n: string }>(sql`select count(*) as n from comments`)).toEqual(before);
  });

  it("refuses a source that is not a migrated publication", async () => {
    const empty = path.join(dataDir, "empty.db");
    new Database(empty).close();
    await expect(copy.copyToPostgres({ databaseFile: empty, uploadsDir })).rejects.toThrow(/missing migrations/);
    await expect(copy.copyToPostgres({ databaseFile: path.join(dataDir, "nowhere.db"), uploadsDir })).rejects.toThrow(
      /no SQLite database/,
    );
  });
});
