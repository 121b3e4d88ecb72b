import "server-only";
import { createHash } from "node:crypto";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db";
import { articles, authors, comments, importMap, pages } from "@/db/schema";

// Which of our rows each imported record became (import_map), so an import run again updates rows
// instead of adding them. Kinds are the source's: "wp:article", "wp:comment", "wp:author-login"…

export type Mapped = { localId: number | null; localPath: string | null; digest: string };
export type MapRow = {
  kind: string;
  sourceKey: string;
  localId?: number | null;
  localPath?: string | null;
  digest?: string;
};

// Both engines take at least this many bound values in one statement (SQLite 32,766; PostgreSQL 65,535).
const MAX_VALUES = 30_000;

/** Splits rows so that one statement binds at most MAX_VALUES values. */
export function chunks<T>(list: T[], valuesPerRow = 1): T[][] {
  const size = Math.max(1, Math.floor(MAX_VALUES / valuesPerRow));
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/** A short hash of what was written: equal digests mean the source record did not change. */
export function digestOf(value: unknown): string {
  return createHash("sha1").update(JSON.stringify(value)).digest("base64url");
}

export async function loadMapped(tx: Db, kind: string, keys: string[]): Promise<Map<string, Mapped>> {
  const found = new Map<string, Mapped>();
  for (const part of chunks([...new Set(keys)])) {
    const rows = await tx
      .select({
        key: importMap.sourceKey,
        localId: importMap.localId,
        localPath: importMap.localPath,
        digest: importMap.digest,
      })
      .from(importMap)
      .where(and(eq(importMap.kind, kind), inArray(importMap.sourceKey, part)));
    for (const r of rows) found.set(r.key, { localId: r.localId, localPath: r.localPath, digest: r.digest });
  }
  return found;
}

export async function saveMapped(tx: Db, rows: MapRow[]): Promise<void> {
  for (const part of chunks(rows, 5)) {
    await tx
      .insert(importMap)
      .values(part.map((r) => ({ localId: null, localPath: null, digest: "", ...r })))
      .onConflictDoUpdate({
        target: [importMap.kind, importMap.sourceKey],
        set: { localId: sql`excluded.local_id`, localPath: sql`excluded.local_path`, digest: sql`excluded.digest` },
      });
  }
}

/**
 * Drops the entries whose row is gone: deleted in the newsroom after an earlier import. Returns how many.
 * The caller decides what that means (an author is made again; a story or comment stays deleted).
 */
export async function dropDeleted(
  tx: Db,
  table: typeof articles | typeof authors | typeof comments | typeof pages,
  mapped: Map<string, Mapped>,
): Promise<Set<string>> {
  const ids = [...mapped.values()].flatMap((m) => (m.localId !== null ? [m.localId] : []));
  const present = new Set<number>();
  for (const part of chunks(ids)) {
    for (const r of await tx.select({ id: table.id }).from(table).where(inArray(table.id, part))) present.add(r.id);
  }
  const gone = new Set<string>();
  for (const [key, m] of mapped) if (m.localId === null || !present.has(m.localId)) gone.add(key);
  for (const key of gone) mapped.delete(key);
  return gone;
}

/**
 * The map rows of a batch's records, less those whose row was deleted here since an earlier import (their
 * keys in `deleted`): what an editor deleted stays deleted, and `warnings` says how many were left out.
 */
export async function loadMappedUndeleted(
  tx: Db,
  source: { kind: string; table: typeof articles | typeof comments | typeof pages; noun: string },
  wpIds: number[],
  warnings: string[],
): Promise<{ mapped: Map<string, Mapped>; deleted: Set<string> }> {
  const mapped = await loadMapped(
    tx,
    source.kind,
    wpIds.map((id) => `${id}`),
  );
  const deleted = await dropDeleted(tx, source.table, mapped);
  if (deleted.size) warnings.push(`${deleted.size} ${source.noun} deleted here since an earlier import were left out.`);
  return { mapped, deleted };
}
