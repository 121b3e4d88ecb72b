import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import * as sqliteSchema from "@/db/schema/sqlite";

// For tests of the SQLite-only tools (migrations, backup, restore): a file database opened the way the
// server opens its writer, with Drizzle's synchronous SQLite API over it.
export type SqliteFileDb = BetterSQLite3Database<typeof sqliteSchema> & { $client: Database.Database };

export function openSqliteFile(file: string): SqliteFileDb {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  return drizzle(sqlite, { schema: sqliteSchema }) as SqliteFileDb;
}
