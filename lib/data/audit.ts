import "server-only";
import { and, count, desc, eq, gte, lt, type SQL } from "drizzle-orm";
import { db, transaction, type Db } from "@/db";
import { auditEntries } from "@/db/schema";
import { loadPage, type Page } from "./paging";

export const AUDIT_PAGE_SIZE = 50;
const DAY_MS = 24 * 60 * 60_000;

export type AuditEntryInput = {
  actorId: number | null;
  actorName: string;
  actorEmail: string;
  action: string;
  targetType?: string;
  targetId?: string | number;
  summary?: string;
  ip?: string;
  at?: number;
};

export type AuditEntry = {
  id: number;
  at: number;
  actorId: number | null;
  actorName: string;
  actorEmail: string;
  action: string;
  targetType: string;
  targetId: string;
  summary: string;
  ip: string;
};

/** The transaction of a change, for an entry written with it. */
export type AuditTransaction = Db;

export type AuditFilter = { actorId?: number; action?: string; from?: number; to?: number };

/** Appends one entry; `on` writes it in the caller's transaction, so a change and its entry commit together. */
export async function insertAuditEntry(entry: AuditEntryInput, on?: Db): Promise<void> {
  const values = {
    actorId: entry.actorId,
    actorName: entry.actorName.slice(0, 200),
    actorEmail: entry.actorEmail.slice(0, 320),
    action: entry.action.slice(0, 100),
    targetType: (entry.targetType ?? "").slice(0, 100),
    targetId: String(entry.targetId ?? "").slice(0, 200),
    summary: (entry.summary ?? "").slice(0, 1000),
    ip: (entry.ip ?? "").slice(0, 100),
    ...(entry.at === undefined ? {} : { at: entry.at }),
  };
  if (on) await on.insert(auditEntries).values(values);
  else
    await transaction((tx) =>
      tx
        .insert(auditEntries)
        .values(values)
        .then(() => {}),
    );
}

function conditions(filter: AuditFilter): SQL | undefined {
  const parts: SQL[] = [];
  if (filter.actorId !== undefined) parts.push(eq(auditEntries.actorId, filter.actorId));
  if (filter.action) parts.push(eq(auditEntries.action, filter.action));
  if (filter.from !== undefined) parts.push(gte(auditEntries.at, filter.from));
  if (filter.to !== undefined) parts.push(lt(auditEntries.at, filter.to));
  return parts.length ? and(...parts) : undefined;
}

/** Newest first, one page at a time. */
export async function listAuditEntries(filter: AuditFilter, page: number): Promise<Page<AuditEntry>> {
  const where = conditions(filter);
  const [total] = await db.select({ n: count() }).from(auditEntries).where(where);
  return loadPage(Number(total?.n ?? 0), AUDIT_PAGE_SIZE, page, async (limit, offset) => {
    const rows = await db
      .select()
      .from(auditEntries)
      .where(where)
      .orderBy(desc(auditEntries.at), desc(auditEntries.id))
      .limit(limit)
      .offset(offset);
    return rows.map((r) => ({ ...r, at: Number(r.at) }));
  });
}

/** The people and actions that appear in the trail, for the filter's choices. */
export async function listAuditChoices(): Promise<{ actors: { id: number; name: string }[]; actions: string[] }> {
  const [actors, actions] = await Promise.all([
    db
      .selectDistinct({ id: auditEntries.actorId, name: auditEntries.actorName })
      .from(auditEntries)
      .orderBy(auditEntries.actorName),
    db.selectDistinct({ action: auditEntries.action }).from(auditEntries).orderBy(auditEntries.action),
  ]);
  const byId = new Map<number, string>();
  for (const a of actors) if (a.id !== null && !byId.has(a.id)) byId.set(a.id, a.name);
  return { actors: [...byId].map(([id, name]) => ({ id, name })), actions: actions.map((a) => a.action) };
}

/** Removes entries older than `days` (AUDIT_RETENTION_DAYS, 365 by default); returns how many. */
export async function pruneAuditEntries(days: number, now: number = Date.now()): Promise<number> {
  const removed = await transaction((tx) =>
    tx
      .delete(auditEntries)
      .where(lt(auditEntries.at, now - days * DAY_MS))
      .returning({ id: auditEntries.id }),
  );
  return removed.length;
}
