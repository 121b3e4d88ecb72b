import "server-only";
import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { databasePath, engine, MIGRATIONS_FOLDER, PG_MIGRATIONS_FOLDER, row } from "@/db";

export type DatabaseHealth = { ok: true } | { ok: false; reason: string };

/** The database answers, and the newest committed migration has been applied to it. */
export async function checkDatabaseHealth(): Promise<DatabaseHealth> {
  try {
    const folder = engine === "postgres" ? PG_MIGRATIONS_FOLDER : MIGRATIONS_FOLDER;
    const journal = JSON.parse(fs.readFileSync(path.join(folder, "meta", "_journal.json"), "utf8")) as {
      entries: { when: number }[];
    };
    const newest = Math.max(0, ...journal.entries.map((e) => e.when));
    // drizzle's journal table: `drizzle.__drizzle_migrations` on PostgreSQL, `__drizzle_migrations` on SQLite.
    const table = engine === "postgres" ? sql`drizzle.__drizzle_migrations` : sql`__drizzle_migrations`;
    const applied = await row<{ last: number | string | null }>(sql`select max(created_at) as last from ${table}`);
    if (Number(applied?.last ?? 0) < newest) return { ok: false, reason: "migrations pending" };
    return { ok: true };
  } catch {
    return { ok: false, reason: "database unreachable" };
  }
}

/** The database's size on disk: SQLite's file and its write-ahead log, or PostgreSQL's database size. */
export async function getDatabaseFootprint(): Promise<{ databaseBytes: number | null; walBytes: number | null }> {
  if (engine === "postgres") {
    const found = await row<{ bytes: number | string }>(sql`select pg_database_size(current_database()) as bytes`);
    return { databaseBytes: found ? Number(found.bytes) : null, walBytes: null };
  }
  const file = databasePath();
  const size = (p: string) => (fs.existsSync(/*turbopackIgnore: true*/ p) ? fs.statSync(p).size : 0);
  return { databaseBytes: size(file), walBytes: size(`${file}-wal`) };
}
