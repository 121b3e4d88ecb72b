// Moving a publication up: copies an embedded SQLite database (and DATA_DIR/uploads) into an empty
// PostgreSQL database, ids and all, in one transaction, then checks every table's row count.
// This process's own connection (db/index.ts) must be the PostgreSQL target (DATABASE_URL); the SQLite
// source is opened here, read-only, beside it, so the target is written by the same migrations,
// transaction() and search-index code the site runs on.
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { getTableColumns, getTableName, is, sql } from "drizzle-orm";
import { getTableConfig, PgTable } from "drizzle-orm/pg-core";
import { SQLiteTable } from "drizzle-orm/sqlite-core";
import { UPLOAD_NAME_PATTERN, uploadContentType } from "../lib/upload-names";
import { engine, migrateDatabase, MIGRATIONS_FOLDER, rows, run, transaction, type Db } from "./index";
import { pendingMigrations } from "./migrate-sqlite";
import * as pgSchema from "./schema/postgres";
import * as sqliteSchema from "./schema/sqlite";
import { syncSearchIndex } from "./search-index";

export type CopySource = { databaseFile: string; uploadsDir: string };
export type TableCount = { table: string; source: number; target: number };
export type CopyReport = {
  tables: TableCount[];
  uploads: TableCount;
  skippedFiles: string[];
  indexed: number;
  /** Milliseconds spent copying rows (with uploads and sequences), and rebuilding the search index. */
  timings: { rows: number; searchIndex: number };
};

/** The copy would lose or overwrite something; nothing was written. */
export class CopyRefusedError extends Error {}

type TablePair = { name: string; source: SQLiteTable; target: PgTable };

// Kept by triggers as the rows they count arrive (db/migrations*/…_scale_indexes.sql): copying them too
// would count every comment twice. The verification still compares them with the source.
const KEPT_BY_TRIGGERS = new Set(["comment_counts"]);

/** Every table of the schema, parents before the tables that point at them. */
export function tablesInForeignKeyOrder(): TablePair[] {
  const pairs = Object.entries(sqliteSchema)
    .filter(([, value]) => is(value, SQLiteTable))
    .map(([key, source]) => ({
      name: getTableName(source as SQLiteTable),
      source: source as SQLiteTable,
      target: (pgSchema as Record<string, unknown>)[key] as PgTable,
    }));
  const parents = (pair: TablePair) =>
    getTableConfig(pair.target)
      .foreignKeys.map((fk) => getTableName(fk.reference().foreignTable))
      .filter((name) => name !== pair.name);
  const ordered: TablePair[] = [];
  const visit = (pair: TablePair) => {
    if (ordered.includes(pair)) return;
    for (const parent of parents(pair)) visit(pairs.find((p) => p.name === parent)!);
    ordered.push(pair);
  };
  pairs.forEach(visit);
  return ordered;
}

function openSource(file: string): Database.Database {
  if (!fs.existsSync(file)) throw new CopyRefusedError(`There is no SQLite database at ${file}.`);
  const source = new Database(file, { readonly: true, fileMustExist: true });
  const pending = pendingMigrations(source, MIGRATIONS_FOLDER);
  if (pending.length > 0) {
    source.close();
    throw new CopyRefusedError(
      `${file} is missing migrations (${pending.map((m) => m.tag).join(", ")}): run npm run db:migrate with ` +
        "the same DATABASE_PATH first, so both databases have the same tables.",
    );
  }
  return source;
}

/** Refuses a target that holds anything: a copy never merges into, or overwrites, a live database. */
async function ensureEmptyTarget(pairs: TablePair[]): Promise<void> {
  const ours = new Set([...pairs.map((p) => p.name), "upload_files", "article_search"]);
  const present = await rows<{ name: string }>(
    sql`select table_name as name from information_schema.tables where table_schema = current_schema()`,
  );
  const foreign = present.map((t) => t.name).filter((name) => !ours.has(name));
  if (foreign.length > 0)
    throw new CopyRefusedError(`The target database is not empty: it has tables ${foreign.join(", ")}.`);
  for (const { name } of present) {
    const [{ found }] = await rows<{ found: boolean }>(
      sql`select exists (select 1 from ${sql.identifier(name)}) as found`,
    );
    if (found) throw new CopyRefusedError(`The target database is not empty: ${name} has rows.`);
  }
}

const countOf = (source: Database.Database, table: string) =>
  (source.prepare(`select count(*) as n from "${table}"`).get() as { n: number }).n;

/** A table's rows, read as the SQLite schema maps them (booleans, numbers), written in batches. */
async function copyTable(tx: Db, source: Database.Database, pair: TablePair): Promise<void> {
  const columns = Object.entries(getTableColumns(pair.source));
  // PostgreSQL takes at most 65,535 parameters per statement.
  const batchSize = Math.max(1, Math.min(1000, Math.floor(30_000 / columns.length)));
  const keys = getTableConfig(pair.target).primaryKeys.flatMap((pk) => pk.columns.map((c) => c.name));
  const primary = columns.filter(([, c]) => c.primary).map(([, c]) => c.name);
  const order = [...primary, ...keys].map((name) => `"${name}"`).join(", ");
  let batch: Record<string, unknown>[] = [];
  const flush = async () => {
    if (batch.length > 0) await tx.insert(pair.target).values(batch);
    batch = [];
  };
  // Ordered by key, so a reply (comments.parent_id) arrives after the comment it answers.
  for (const raw of source.prepare(`select * from "${pair.name}" order by ${order}`).iterate()) {
    const record = raw as Record<string, unknown>;
    const row: Record<string, unknown> = {};
    for (const [key, column] of columns) {
      const value = record[column.name];
      row[key] = value === null ? null : column.mapFromDriverValue(value);
    }
    batch.push(row);
    if (batch.length >= batchSize) await flush();
  }
  await flush();
}

/** Every identity sequence carries on after the highest copied id, so the next insert gets a new one. */
async function resetSequences(tx: Db): Promise<void> {
  const identities = await rows<{ table: string; column: string }>(
    sql`select table_name as "table", column_name as "column" from information_schema.columns
        where table_schema = current_schema() and (is_identity = 'YES' or column_default like 'nextval(%')`,
    tx,
  );
  for (const { table, column } of identities) {
    const t = sql.identifier(table);
    const c = sql.identifier(column);
    await run(
      sql`select setval(pg_get_serial_sequence(${`"${table}"`}, ${column}), coalesce((select max(${c}) from ${t}), 0) + 1, false)`,
      tx,
    );
  }
}

/** The uploaded images, one at a time (each up to 8 MB); anything not named like an upload is skipped. */
async function copyUploads(tx: Db, dir: string): Promise<{ copied: number; skipped: string[] }> {
  const names = fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
  const skipped: string[] = [];
  let copied = 0;
  for (const name of names) {
    const file = path.join(dir, name);
    if (!UPLOAD_NAME_PATTERN.test(name) || !fs.statSync(file).isFile()) {
      skipped.push(name);
      continue;
    }
    const { mtimeMs } = fs.statSync(file);
    await tx.insert(pgSchema.uploadFiles).values({
      name,
      contentType: uploadContentType(name),
      bytes: fs.readFileSync(file),
      createdAt: Math.round(mtimeMs),
    });
    copied++;
  }
  return { copied, skipped };
}

async function countTargets(tx: Db, source: Database.Database, pairs: TablePair[]): Promise<TableCount[]> {
  const counts: TableCount[] = [];
  for (const pair of pairs) {
    const [{ n }] = await rows<{ n: string }>(sql`select count(*) as n from ${sql.identifier(pair.name)}`, tx);
    counts.push({ table: pair.name, source: countOf(source, pair.name), target: Number(n) });
  }
  return counts;
}

/**
 * Copies the SQLite publication into this process's PostgreSQL database (which must be empty): schema
 * by the PostgreSQL migrations, rows with their ids, sequences, uploads, and the search index rebuilt.
 * All in one transaction that commits only when every table's count matches the source's.
 */
export async function copyToPostgres(from: CopySource): Promise<CopyReport> {
  if (engine !== "postgres") throw new CopyRefusedError("The target must be PostgreSQL (DATABASE_URL).");
  const pairs = tablesInForeignKeyOrder();
  const source = openSource(from.databaseFile);
  try {
    await ensureEmptyTarget(pairs);
    await migrateDatabase();
    // One read transaction: a consistent snapshot of the source even if the site is still writing.
    source.exec("begin");
    return await transaction(async (tx) => {
      const started = performance.now();
      for (const pair of pairs) if (!KEPT_BY_TRIGGERS.has(pair.name)) await copyTable(tx, source, pair);
      await resetSequences(tx);
      const { copied, skipped } = await copyUploads(tx, from.uploadsDir);
      const copiedAt = performance.now();
      const indexed = await syncSearchIndex({ everything: true });
      const timings = { rows: copiedAt - started, searchIndex: performance.now() - copiedAt };
      const tables = await countTargets(tx, source, pairs);
      const [{ n }] = await rows<{ n: string }>(sql`select count(*) as n from upload_files`, tx);
      const uploads = { table: "upload_files", source: copied, target: Number(n) };
      const wrong = [...tables, uploads].filter((t) => t.source !== t.target);
      if (wrong.length > 0)
        throw new Error(
          `Copy rolled back: counts differ for ${wrong.map((t) => `${t.table} (${t.source} → ${t.target})`)}`,
        );
      return { tables, uploads, skippedFiles: skipped, indexed, timings };
    });
  } finally {
    source.close();
  }
}
