import fs from "node:fs";
import path from "node:path";
import type Database from "better-sqlite3";
import { readMigrationFiles } from "drizzle-orm/migrator";

// The journal drizzle's migrator keeps, in the same shape, so databases it migrated carry on here and
// drizzle-kit still sees what was applied.
const JOURNAL = "__drizzle_migrations";

export type PendingMigration = { tag: string; sql: string[]; hash: string; folderMillis: number };

export type MigrateOptions = {
  /**
   * Called before anything changes, only when there is something to apply to a database that already
   * has migrations applied (never for a new one). Returns where a copy of the database was put.
   */
  beforeMigrating?: (tags: string[]) => string | undefined;
};

export class MigrationRefusedError extends Error {}

function lastApplied(sqlite: Database.Database): number | null {
  const journal = sqlite.prepare("select 1 from sqlite_master where type = 'table' and name = ?").get(JOURNAL);
  if (!journal) return null;
  const row = sqlite.prepare(`select created_at from ${JOURNAL} order by created_at desc limit 1`).get() as
    { created_at: number | string } | undefined;
  return row ? Number(row.created_at) : null;
}

/** Migrations in `migrationsFolder` not yet applied to this database, oldest first (drizzle's rule). */
export function pendingMigrations(sqlite: Database.Database, migrationsFolder: string): PendingMigration[] {
  const journal = JSON.parse(fs.readFileSync(path.join(migrationsFolder, "meta", "_journal.json"), "utf8")) as {
    entries: { tag: string }[];
  };
  const last = lastApplied(sqlite);
  return readMigrationFiles({ migrationsFolder })
    .map((m, i) => ({ tag: journal.entries[i].tag, sql: m.sql, hash: m.hash, folderMillis: m.folderMillis }))
    .filter((m) => last === null || last < m.folderMillis);
}

function danglingSummary(sqlite: Database.Database): string | null {
  const rows = sqlite.pragma("foreign_key_check") as { table: string; parent: string }[];
  if (rows.length === 0) return null;
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(`${r.table} → ${r.parent}`, (counts.get(`${r.table} → ${r.parent}`) ?? 0) + 1);
  return [...counts].map(([link, n]) => `${link}: ${n} row${n === 1 ? "" : "s"}`).join(", ");
}

/**
 * Applies pending migrations with foreign keys off, in one transaction, and commits only if no row is
 * left pointing at a row that is gone. Returns the tags applied.
 *
 * Foreign keys must be switched off here, outside the transaction: SQLite ignores `PRAGMA foreign_keys`
 * inside one, so drizzle-kit's table rebuild (create new, copy, DROP the old, rename) would otherwise
 * cascade the DROP to every comment, revision, byline and tag link of the rebuilt `articles`.
 */
export function migrateSqlite(
  sqlite: Database.Database,
  migrationsFolder: string,
  options: MigrateOptions = {},
): string[] {
  const pending = pendingMigrations(sqlite, migrationsFolder);
  if (pending.length === 0) return [];
  if (sqlite.inTransaction) throw new Error("Migrations must run outside a transaction.");
  const backup = lastApplied(sqlite) === null ? undefined : options.beforeMigrating?.(pending.map((m) => m.tag));

  const foreignKeysWereOn = sqlite.pragma("foreign_keys", { simple: true }) === 1;
  sqlite.pragma("foreign_keys = OFF");
  try {
    sqlite.exec(
      `CREATE TABLE IF NOT EXISTS ${JOURNAL} (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at numeric)`,
    );
    sqlite.exec("BEGIN IMMEDIATE");
    try {
      // Read again under the write lock: another process may have migrated in the meantime.
      const toApply = pendingMigrations(sqlite, migrationsFolder);
      const record = sqlite.prepare(`INSERT INTO ${JOURNAL} ("hash", "created_at") VALUES (?, ?)`);
      for (const migration of toApply) {
        for (const statement of migration.sql) sqlite.exec(statement);
        record.run(migration.hash, migration.folderMillis);
      }
      const dangling = danglingSummary(sqlite);
      if (dangling) {
        throw new MigrationRefusedError(
          `Migration ${toApply.map((m) => m.tag).join(", ")} refused: it would leave rows pointing at rows that ` +
            `no longer exist (${dangling}). It was rolled back; the database is as it was before.` +
            (backup ? `\nA copy taken before migrating is in ${backup} (npm run restore -- "${backup}").` : ""),
        );
      }
      sqlite.exec("COMMIT");
      return toApply.map((m) => m.tag);
    } catch (error) {
      if (sqlite.inTransaction) sqlite.exec("ROLLBACK");
      throw error;
    }
  } finally {
    if (foreignKeysWereOn) sqlite.pragma("foreign_keys = ON");
  }
}
