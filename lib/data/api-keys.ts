import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, isNull, lt, or } from "drizzle-orm";
import { db, transaction } from "@/db";
import { apiKeys } from "@/db/schema";
import type { ApiKeyKind, Role } from "@/lib/domain";

export type ApiKeyRecord = {
  id: number;
  name: string;
  kind: ApiKeyKind;
  role: Role | null;
  prefix: string;
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
};

/** A key as its bearer presents it, checked: who it is and what it may do (an Admin key acts for its creator). */
export type ApiKeyGrant = { id: number; name: string; kind: ApiKeyKind; role: Role | null; createdById: number | null };

const KEY_PREFIX: Record<ApiKeyKind, string> = { content: "mpc_", admin: "mpa_" };

// Keys are 32 random bytes: a plain SHA-256 is enough to store them (no dictionary to guess from).
export function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

const columns = {
  id: apiKeys.id,
  name: apiKeys.name,
  kind: apiKeys.kind,
  role: apiKeys.role,
  prefix: apiKeys.prefix,
  createdAt: apiKeys.createdAt,
  lastUsedAt: apiKeys.lastUsedAt,
  revokedAt: apiKeys.revokedAt,
};

/** Creates a key and returns it in the clear, the only time it exists outside its bearer's hands. */
export async function createApiKey(values: {
  name: string;
  kind: ApiKeyKind;
  role?: Role | null;
  createdById: number | null;
}): Promise<{ key: string; record: ApiKeyRecord }> {
  const key = KEY_PREFIX[values.kind] + randomBytes(32).toString("base64url");
  const record = await transaction(async (tx) => {
    const [row] = await tx
      .insert(apiKeys)
      .values({
        name: values.name,
        kind: values.kind,
        role: values.kind === "admin" ? (values.role ?? "contributor") : null,
        keyHash: hashApiKey(key),
        prefix: key.slice(0, 10),
        createdById: values.createdById,
      })
      .returning(columns);
    return row;
  });
  return { key, record };
}

export function listApiKeys(): Promise<ApiKeyRecord[]> {
  return db.select(columns).from(apiKeys).orderBy(desc(apiKeys.id));
}

export async function revokeApiKey(id: number): Promise<boolean> {
  return transaction(async (tx) => {
    const done = await tx
      .update(apiKeys)
      .set({ revokedAt: Date.now() })
      .where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
      .returning({ id: apiKeys.id });
    return done.length > 0;
  });
}

// "Last used" is for the administrator's eyes: written at most once a minute per key, not per request.
const LAST_USED_GRANULARITY_MS = 60_000;

/** The live (unrevoked) key with this value, or null. Run on every API request. */
export async function findApiKey(key: string): Promise<ApiKeyGrant | null> {
  if (key.length < 20 || key.length > 100) return null;
  const [row] = await db
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      kind: apiKeys.kind,
      role: apiKeys.role,
      createdById: apiKeys.createdById,
      lastUsedAt: apiKeys.lastUsedAt,
    })
    .from(apiKeys)
    .where(and(eq(apiKeys.keyHash, hashApiKey(key)), isNull(apiKeys.revokedAt)));
  if (!row) return null;
  const now = Date.now();
  if (row.lastUsedAt === null || row.lastUsedAt < now - LAST_USED_GRANULARITY_MS)
    await transaction((tx) =>
      tx
        .update(apiKeys)
        .set({ lastUsedAt: now })
        .where(
          and(
            eq(apiKeys.id, row.id),
            or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, now - LAST_USED_GRANULARITY_MS)),
          ),
        ),
    );
  return { id: row.id, name: row.name, kind: row.kind, role: row.role, createdById: row.createdById };
}
