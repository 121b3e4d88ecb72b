import "server-only";
import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { engine, MIGRATIONS_FOLDER, PG_MIGRATIONS_FOLDER, row } from "@/db";

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
