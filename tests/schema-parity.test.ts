import { getTableColumns, getTableName, is, Table } from "drizzle-orm";
import { getTableConfig as pgConfig, type PgTable } from "drizzle-orm/pg-core";
import { getTableConfig as sqliteConfig, type SQLiteTable } from "drizzle-orm/sqlite-core";
import { describe, expect, it } from "vitest";
import * as pg from "@/db/schema/postgres";
import * as sqlite from "@/db/schema/sqlite";

type Config = ReturnType<typeof pgConfig> | ReturnType<typeof sqliteConfig>;

function tablesOf(schema: Record<string, unknown>): Map<string, Table> {
  return new Map(
    Object.entries(schema)
      .filter(([, value]) => is(value, Table))
      .map(([key, value]) => [key, value as Table]),
  );
}

/** What both engines must agree on, in engine-neutral terms. */
function shape(table: Table, config: Config) {
  const columns = Object.entries(getTableColumns(table)).map(([key, c]) => ({
    key,
    name: c.name,
    notNull: c.notNull,
    hasDefault: c.hasDefault,
    primary: c.primary,
    enumValues: c.enumValues ?? null,
  }));
  return {
    name: getTableName(table),
    columns,
    indexes: config.indexes
      .map((i) => ({
        name: i.config.name,
        unique: i.config.unique,
        on: i.config.columns.map((c) => ("name" in c ? c.name : String(c))),
      }))
      .sort((a, b) => String(a.name).localeCompare(String(b.name))),
    primaryKeys: config.primaryKeys.map((pk) => pk.columns.map((c) => c.name)),
    foreignKeys: config.foreignKeys
      .map((fk) => {
        const ref = fk.reference();
        return {
          columns: ref.columns.map((c) => c.name),
          table: getTableName(ref.foreignTable),
          foreignColumns: ref.foreignColumns.map((c) => c.name),
          onDelete: fk.onDelete ?? "no action",
        };
      })
      .sort((a, b) => a.columns.join().localeCompare(b.columns.join())),
  };
}

// The one table only PostgreSQL has: uploaded images' bytes, kept in the database so several app
// instances serve the same files. SQLite keeps them as files in DATA_DIR/uploads instead.
const POSTGRES_ONLY = ["uploadFiles"];

describe("the SQLite and PostgreSQL schemas", () => {
  const pgTables = tablesOf(pg);
  const postgresOnly = POSTGRES_ONLY.map((key) => [key, pgTables.get(key)] as const);
  for (const key of POSTGRES_ONLY) pgTables.delete(key);
  const sqliteTables = tablesOf(sqlite);

  it("has exactly the PostgreSQL-only tables it names, and SQLite has none of them", () => {
    for (const [key, table] of postgresOnly) {
      expect(table, key).toBeDefined();
      expect(sqliteTables.has(key)).toBe(false);
    }
  });

  it("export the same tables under the same names", () => {
    expect([...pgTables.keys()].sort()).toEqual([...sqliteTables.keys()].sort());
    expect(pgTables.size).toBeGreaterThanOrEqual(11);
  });

  it.each([...sqliteTables.keys()])("agree on %s: columns, keys, indexes and foreign keys", (key) => {
    const lite = sqliteTables.get(key)!;
    const post = pgTables.get(key)!;
    expect(shape(post, pgConfig(post as PgTable))).toEqual(shape(lite, sqliteConfig(lite as SQLiteTable)));
  });

  it("export relations for the same tables", () => {
    const relationKeys = (schema: Record<string, unknown>) =>
      Object.keys(schema)
        .filter((k) => k.endsWith("Relations"))
        .sort();
    expect(relationKeys(pg)).toEqual(relationKeys(sqlite));
    expect(relationKeys(pg).length).toBeGreaterThan(0);
  });
});
