import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrateSqlite, type MigrateOptions } from "./migrate-sqlite";
import * as schema from "./schema";

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export const MIGRATIONS_FOLDER = path.join(process.cwd(), "db", "migrations");

export function databasePath(): string {
  return process.env.DATABASE_PATH || path.join(process.cwd(), "data", "news.db");
}

export function openDatabase(file: string = databasePath()): Db {
  if (file !== ":memory:")
    fs.mkdirSync(path.dirname(path.resolve(/*turbopackIgnore: true*/ file)), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  // Readers and the comment form write concurrently under load; wait for the lock instead of failing.
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("synchronous = NORMAL");
  return drizzle(sqlite, { schema }) as Db;
}

export function migrateDatabase(database: Db, options?: MigrateOptions): void {
  migrateSqlite(database.$client, MIGRATIONS_FOLDER, options);
}

// One connection per process; kept on globalThis so dev-server reloads do not leak handles.
const globalForDb = globalThis as unknown as { newsroomDb?: Db };

export const db: Db = globalForDb.newsroomDb ?? (globalForDb.newsroomDb = openDatabase());
