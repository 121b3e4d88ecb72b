import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { MIGRATIONS_FOLDER } from "@/db";
import { openSqliteFile as openDatabase, type SqliteFileDb as Db } from "./support/sqlite-file";
import { createBackup, listBackups, restoreBackup, DatabaseInUseError } from "@/db/backup-sqlite";
import { migrateSqlite } from "@/db/migrate-sqlite";
import { articles } from "@/db/schema/sqlite";

const root = path.resolve(import.meta.dirname, "..");
const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const fn of cleanup.splice(0).reverse()) fn();
  vi.unstubAllEnvs();
});

function dataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "backup-test-"));
  cleanup.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function siteDatabase(dir: string): Db {
  const db = openDatabase(path.join(dir, "news.db"));
  cleanup.push(() => db.$client.open && db.$client.close());
  migrateSqlite(db.$client, MIGRATIONS_FOLDER);
  return db;
}

function addStory(db: Db, slug: string, image?: string): number {
  // Plain SQL: the database may be at an early migration, without columns today's schema has.
  const { lastInsertRowid } = db.$client
    .prepare("insert into articles (slug, headline, body, feature_image_path, status) values (?, ?, ?, ?, 'published')")
    .run(slug, slug, "x".repeat(2000), image ?? null);
  const id = Number(lastInsertRowid);
  db.$client
    .prepare("insert into comments (article_id, author_name, author_email, body) values (?, 'R', 'r@example.org', ?)")
    .run(id, slug);
  return id;
}

function writeUpload(dir: string, name: string, bytes: string): void {
  fs.mkdirSync(path.join(dir, "uploads"), { recursive: true });
  fs.writeFileSync(path.join(dir, "uploads", name), bytes);
}

/** Another process with the database open, as the running site has it; resolves once it has read. */
async function otherProcess(file: string, script: string): Promise<ChildProcess & { lines: string[] }> {
  const child = Object.assign(
    spawn(
      process.execPath,
      [
        "-e",
        `const D = require("better-sqlite3");\nconst db = new D(${JSON.stringify(file)}, { timeout: 5000 });\n${script}\nsetInterval(() => {}, 60_000);`,
      ],
      { cwd: root, stdio: ["ignore", "pipe", "inherit"] },
    ),
    { lines: [] as string[] },
  );
  cleanup.push(() => child.kill("SIGKILL"));
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => child.lines.push(...chunk.trim().split("\n")));
  await vi.waitFor(() => expect(child.lines).toContain("ready"), { timeout: 10_000 });
  return child;
}

function runScript(script: string, args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), script, ...args], {
    cwd: root,
    env: { ...process.env, ...env, DATABASE_URL: env.DATABASE_URL ?? "" },
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  return new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on("close", (status) => resolve({ status, stdout, stderr })),
  );
}

const rows = (db: Db, table: string) => db.$client.prepare(`select * from ${table} order by id`).all();

describe("backup", () => {
  it("is one consistent moment, taken while another process keeps writing", async () => {
    const dir = dataDir();
    const db = siteDatabase(dir);
    db.$client.exec(`
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 4000)
      INSERT INTO articles (slug, headline, body, status) SELECT 'filler-' || i, 'f', printf('%.2000c', 'x'), 'published' FROM n;
      INSERT INTO comments (article_id, author_name, author_email, body) SELECT id, 'R', 'r@example.org', 'f' FROM articles;`);
    // Each story and its comment are written in one transaction: a consistent copy has both or neither.
    const writer = await otherProcess(
      path.join(dir, "news.db"),
      `
      const story = db.prepare("insert into articles (slug, headline, body) values (?, 'w', 'w')");
      const comment = db.prepare("insert into comments (article_id, author_name, author_email, body, created_at) values (?, 'W', 'w@example.org', 'w', ?)");
      const write = db.transaction((n) => comment.run(story.run("w-" + n).lastInsertRowid, Date.now()));
      let n = 0;
      write(n++);
      console.log("ready");
      (function loop() { for (let i = 0; i < 20; i++) write(n++); setImmediate(loop); })();`,
    );

    const started = Date.now();
    const backup = createBackup(db.$client, { dataDir: dir, kind: "manual" });
    const finished = Date.now();
    const writtenDuring = db.$client
      .prepare("select count(*) as n from comments where author_name = 'W' and created_at between ? and ?")
      .get(started, finished) as { n: number };
    expect(writtenDuring.n).toBeGreaterThan(0);
    writer.kill("SIGKILL");

    const copy = openDatabase(path.join(backup.dir, "news.db"));
    cleanup.push(() => copy.$client.close());
    expect(copy.$client.pragma("integrity_check", { simple: true })).toBe("ok");
    expect(copy.$client.pragma("foreign_key_check")).toEqual([]);
    const unpaired = copy.$client
      .prepare(
        "select count(*) as n from articles a where not exists (select 1 from comments c where c.article_id = a.id)",
      )
      .get() as { n: number };
    expect(unpaired.n).toBe(0);
    const written = copy.$client.prepare("select count(*) as n from articles where headline = 'w'").get() as {
      n: number;
    };
    expect(written.n).toBeGreaterThan(0);
  }, 60_000);

  it("round-trips: restore puts back the database and the uploads, and keeps what it replaced", () => {
    const dir = dataDir();
    const db = siteDatabase(dir);
    writeUpload(dir, "a1.jpg", "the photo of the flood");
    const kept = addStory(db, "flood", "/uploads/a1.jpg");
    const before = { articles: rows(db, "articles"), comments: rows(db, "comments") };
    const backup = createBackup(db.$client, { dataDir: dir, kind: "manual" });

    db.delete(articles).where(eq(articles.id, kept)).run();
    addStory(db, "written-after-the-backup", "/uploads/b2.jpg");
    writeUpload(dir, "b2.jpg", "a later photo");
    fs.rmSync(path.join(dir, "uploads", "a1.jpg"));
    const after = { articles: rows(db, "articles"), comments: rows(db, "comments") };
    db.$client.close();

    const result = restoreBackup({ from: backup.name, databaseFile: path.join(dir, "news.db"), dataDir: dir });

    const restored = openDatabase(path.join(dir, "news.db"));
    cleanup.push(() => restored.$client.close());
    expect({ articles: rows(restored, "articles"), comments: rows(restored, "comments") }).toEqual(before);
    expect(fs.readdirSync(path.join(dir, "uploads"))).toEqual(["a1.jpg"]);
    expect(fs.readFileSync(path.join(dir, "uploads", "a1.jpg"), "utf8")).toBe("the photo of the flood");
    expect(result.uploads).toBe(1);

    // The state it replaced is itself a backup, so a restore can be undone.
    const undo = openDatabase(path.join(result.safetyCopy!.dir, "news.db"));
    cleanup.push(() => undo.$client.close());
    expect({ articles: rows(undo, "articles"), comments: rows(undo, "comments") }).toEqual(after);
    expect(fs.readdirSync(path.join(result.safetyCopy!.dir, "uploads"))).toEqual(["b2.jpg"]);
  });

  it("restore refuses while the site has the database open, and changes nothing", async () => {
    const dir = dataDir();
    const file = path.join(dir, "news.db");
    const db = siteDatabase(dir);
    addStory(db, "kept");
    const backup = createBackup(db.$client, { dataDir: dir, kind: "manual" });
    addStory(db, "newer");
    db.$client.close();
    // The cache handler's read-only connection is enough to count as a running site.
    await otherProcess(
      file,
      `db.pragma("busy_timeout = 1000"); db.prepare("select 1 from articles").get(); console.log("ready");`,
    );

    expect(() => restoreBackup({ from: backup.dir, databaseFile: file, dataDir: dir })).toThrow(DatabaseInUseError);
    const cli = await runScript("scripts/restore.ts", [backup.name], { DATA_DIR: dir, DATABASE_PATH: file });
    expect(cli.status).toBe(1);
    expect(cli.stderr).toMatch(/open in another process: the server is probably running\. Stop it first/);

    const still = openDatabase(file);
    cleanup.push(() => still.$client.close());
    expect(rows(still, "articles").map((a) => (a as { slug: string }).slug)).toEqual(["kept", "newer"]);
    expect(listBackups(dir).map((b) => b.kind)).toEqual(["manual"]);
  }, 60_000);

  it("npm run backup and npm run restore work from the command line, and refuse on PostgreSQL", async () => {
    const dir = dataDir();
    const file = path.join(dir, "news.db");
    const db = siteDatabase(dir);
    addStory(db, "from-the-cli");
    writeUpload(dir, "c3.png", "png bytes");
    db.$client.close();
    const env = { DATA_DIR: dir, DATABASE_PATH: file };

    const made = await runScript("scripts/backup.ts", [], env);
    expect(made.status, made.stderr).toBe(0);
    const [backup] = listBackups(dir);
    expect(made.stdout).toContain(`npm run restore -- "${backup.dir}"`);
    expect(backup.uploads).toBe(1);

    fs.rmSync(file);
    writeUpload(dir, "e5.png", "an image with no database beside it");
    const put = await runScript("scripts/restore.ts", [backup.dir], env);
    expect(put.status, put.stderr).toBe(0);
    const aside = fs.readdirSync(dir).find((name) => name.startsWith("uploads-replaced-"))!;
    expect(put.stdout).toContain(aside);
    expect(fs.readdirSync(path.join(dir, aside)).sort()).toEqual(["c3.png", "e5.png"]);
    expect(fs.readdirSync(path.join(dir, "uploads"))).toEqual(["c3.png"]);
    const restored = openDatabase(file);
    cleanup.push(() => restored.$client.close());
    expect(rows(restored, "articles").map((a) => (a as { slug: string }).slug)).toEqual(["from-the-cli"]);
    expect(fs.readFileSync(path.join(dir, "uploads", "c3.png"), "utf8")).toBe("png bytes");

    const onPostgres = { ...env, DATABASE_URL: "postgres://localhost/news" };
    const [pgBackup, pgRestore] = await Promise.all([
      runScript("scripts/backup.ts", [], onPostgres),
      runScript("scripts/restore.ts", [backup.dir], onPostgres),
    ]);
    expect(pgBackup.status).not.toBe(0);
    expect(pgBackup.stderr).toMatch(/PostgreSQL.*pg_dump/s);
    expect(pgRestore.status).not.toBe(0);
    expect(pgRestore.stderr).toMatch(/PostgreSQL.*pg_restore/s);
  }, 60_000);
});

describe("the automatic backup before migrating", () => {
  /** A database at the first migration only, as a site installed before the second would have it. */
  function databaseAtFirstMigration(dir: string): Db {
    const folder = path.join(dir, "migrations-then");
    fs.cpSync(MIGRATIONS_FOLDER, folder, { recursive: true });
    const journalFile = path.join(folder, "meta", "_journal.json");
    const journal = JSON.parse(fs.readFileSync(journalFile, "utf8"));
    journal.entries = journal.entries.slice(0, 1);
    fs.writeFileSync(journalFile, JSON.stringify(journal));
    const db = openDatabase(path.join(dir, "news.db"));
    cleanup.push(() => db.$client.open && db.$client.close());
    migrateSqlite(db.$client, folder);
    return db;
  }

  it("is taken by npm start's preparation when a migration is pending, with the data as it was", async () => {
    const dir = dataDir();
    const db = databaseAtFirstMigration(dir);
    addStory(db, "before-the-upgrade");
    writeUpload(dir, "d4.jpg", "old photo");
    db.$client.close();
    vi.stubEnv("DATA_DIR", dir);
    vi.stubEnv("DATABASE_PATH", path.join(dir, "news.db"));
    const { prepare } = await import("../scripts/prepare");

    await prepare({ migrateOnly: true });
    await prepare({ migrateOnly: true });

    const backups = listBackups(dir);
    expect(backups.map((b) => b.kind)).toEqual(["before-migration"]);
    expect(backups[0].name).toMatch(/before-migration-0001_session_version$/);
    expect(backups[0].uploads).toBe(1);
    const copy = openDatabase(path.join(backups[0].dir, "news.db"));
    cleanup.push(() => copy.$client.close());
    expect(rows(copy, "articles").map((a) => (a as { slug: string }).slug)).toEqual(["before-the-upgrade"]);
    const columns = copy.$client.prepare("select name from pragma_table_info('users')").all();
    expect(columns).not.toContainEqual({ name: "session_version" });
  });

  it("is not taken for a new database", async () => {
    const dir = dataDir();
    vi.stubEnv("DATA_DIR", dir);
    vi.stubEnv("DATABASE_PATH", path.join(dir, "news.db"));
    const { prepare } = await import("../scripts/prepare");

    await prepare({ migrateOnly: true });

    expect(fs.existsSync(path.join(dir, "news.db"))).toBe(true);
    expect(listBackups(dir)).toEqual([]);
  });

  it("keeps the five newest automatic backups and every one taken by hand", () => {
    const dir = dataDir();
    const db = siteDatabase(dir);
    const manual = createBackup(db.$client, { dataDir: dir, kind: "manual" });
    const automatic = Array.from({ length: 7 }, (_, i) =>
      createBackup(db.$client, { dataDir: dir, kind: i % 2 ? "before-restore" : "before-migration", note: `m${i}` }),
    );

    expect(listBackups(dir).map((b) => b.name)).toEqual([manual.name, ...automatic.slice(2).map((b) => b.name)]);
  });
});
