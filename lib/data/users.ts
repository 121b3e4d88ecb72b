import "server-only";
import { and, asc, count, eq, ne, sql } from "drizzle-orm";
import { db } from "@/db";
import { authors, users, type Role } from "@/db/schema";
import { slugify } from "@/lib/format";

export type UserRecord = { id: number; email: string; name: string; role: Role; active: boolean; sessionVersion: number; createdAt: number };
export type UserWithHash = UserRecord & { passwordHash: string };

const publicColumns = {
  id: users.id,
  email: users.email,
  name: users.name,
  role: users.role,
  active: users.active,
  sessionVersion: users.sessionVersion,
  createdAt: users.createdAt,
} as const;

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function getUserById(id: number): UserRecord | null {
  return db.select(publicColumns).from(users).where(eq(users.id, id)).get() ?? null;
}

export function getUserWithHashByEmail(email: string): UserWithHash | null {
  return db
    .select({ ...publicColumns, passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.email, normalizeEmail(email)))
    .get() ?? null;
}

export function getPasswordHash(id: number): string | null {
  return db.select({ h: users.passwordHash }).from(users).where(eq(users.id, id)).get()?.h ?? null;
}

export function listUsers(): UserRecord[] {
  return db.select(publicColumns).from(users).orderBy(asc(users.name), asc(users.id)).all();
}

export function isEmailTaken(email: string): boolean {
  return !!db.select({ id: users.id }).from(users).where(eq(users.email, normalizeEmail(email))).get();
}

function uniqueAuthorSlug(name: string, exceptAuthorId?: number): string {
  const base = slugify(name) || "author";
  for (let i = 1; ; i++) {
    const slug = i === 1 ? base : `${base}-${i}`;
    const taken = db
      .select({ id: authors.id })
      .from(authors)
      .where(exceptAuthorId ? and(eq(authors.slug, slug), ne(authors.id, exceptAuthorId)) : eq(authors.slug, slug))
      .get();
    if (!taken) return slug;
  }
}

/** A new account and its byline profile, so the user can be credited on articles at once. */
export function createUser(values: { email: string; name: string; role: Role; passwordHash: string }): UserRecord {
  return db.transaction((tx) => {
    const user = tx
      .insert(users)
      .values({ ...values, email: normalizeEmail(values.email) })
      .returning(publicColumns)
      .get();
    tx.insert(authors).values({ userId: user.id, name: user.name, slug: uniqueAuthorSlug(user.name) }).run();
    return user;
  });
}

/**
 * Applies a role or active change unless it would leave no active administrator; checked and written in
 * one transaction so two admins demoting each other at once cannot both succeed.
 */
export function updateUserAccess(id: number, change: { role?: Role; active?: boolean }): "ok" | "not-found" | "last-admin" {
  return db.transaction((tx) => {
    const user = tx.select(publicColumns).from(users).where(eq(users.id, id)).get();
    if (!user) return "not-found";
    const stillAdmin = (change.role ?? user.role) === "administrator" && (change.active ?? user.active);
    if (user.role === "administrator" && user.active && !stillAdmin) {
      const admins = tx.select({ n: count() }).from(users).where(and(eq(users.role, "administrator"), eq(users.active, true))).get()?.n ?? 0;
      if (admins <= 1) return "last-admin";
    }
    tx.update(users).set({ ...change, updatedAt: Date.now() }).where(eq(users.id, id)).run();
    return "ok";
  });
}

/** A new password also ends every session signed in with the old one (see getSessionUser). */
export function setUserPassword(id: number, passwordHash: string): boolean {
  return (
    db
      .update(users)
      .set({ passwordHash, sessionVersion: sql`${users.sessionVersion} + 1`, updatedAt: Date.now() })
      .where(eq(users.id, id))
      .run().changes > 0
  );
}

export type AuthorProfile = { id: number; name: string; slug: string; bio: string };

export function getAuthorForUser(userId: number): AuthorProfile | null {
  return db.select({ id: authors.id, name: authors.name, slug: authors.slug, bio: authors.bio }).from(authors).where(eq(authors.userId, userId)).get() ?? null;
}

/** Updates (or creates) the byline profile linked to a user; the account's display name follows it. */
export function saveAuthorProfile(userId: number, values: { name: string; bio: string }): AuthorProfile {
  return db.transaction((tx) => {
    tx.update(users).set({ name: values.name, updatedAt: Date.now() }).where(eq(users.id, userId)).run();
    const existing = tx.select({ id: authors.id }).from(authors).where(eq(authors.userId, userId)).get();
    if (existing) {
      return tx
        .update(authors)
        .set(values)
        .where(eq(authors.id, existing.id))
        .returning({ id: authors.id, name: authors.name, slug: authors.slug, bio: authors.bio })
        .get();
    }
    return tx
      .insert(authors)
      .values({ userId, ...values, slug: uniqueAuthorSlug(values.name) })
      .returning({ id: authors.id, name: authors.name, slug: authors.slug, bio: authors.bio })
      .get();
  });
}

export type AuthorOption = { id: number; name: string; userId: number | null };

export function listAuthorOptions(): AuthorOption[] {
  return db.select({ id: authors.id, name: authors.name, userId: authors.userId }).from(authors).orderBy(sql`${authors.name} collate nocase`).all();
}
