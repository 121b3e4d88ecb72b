import "server-only";
import { and, asc, count, eq, sql } from "drizzle-orm";
import { db, preparedRead, transaction, type Db } from "@/db";
import { indexArticlesLinkedTo } from "@/db/search-index";
import { authors, users } from "@/db/schema";
import type { Role } from "@/lib/domain";
import { numberedSlug, slugify } from "@/lib/format/text";
import { isUniqueViolation } from "./unique-violation";

export type UserRecord = {
  id: number;
  email: string;
  name: string;
  role: Role;
  active: boolean;
  sessionVersion: number;
  createdAt: number;
};
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

export async function getUserById(id: number): Promise<UserRecord | null> {
  return (await db.select(publicColumns).from(users).where(eq(users.id, id)))[0] ?? null;
}

export async function getUserWithHashByEmail(email: string): Promise<UserWithHash | null> {
  const [found] = await db
    .select({ ...publicColumns, passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.email, normalizeEmail(email)));
  return found ?? null;
}

export async function getPasswordHash(id: number): Promise<string | null> {
  return (await db.select({ h: users.passwordHash }).from(users).where(eq(users.id, id)))[0]?.h ?? null;
}

export function listUsers(): Promise<UserRecord[]> {
  return db.select(publicColumns).from(users).orderBy(asc(users.name), asc(users.id));
}

// Asked on every comment post (a guest may not use a staff member's address): prepared, see preparedRead.
const userWithEmail = preparedRead((db) =>
  db
    .select({ id: users.id })
    .from(users)
    .where(eq(users.email, sql.placeholder("email"))),
);

export async function isEmailTaken(email: string): Promise<boolean> {
  return (await userWithEmail({ email: normalizeEmail(email) })).length > 0;
}

async function uniqueAuthorSlug(tx: Db, name: string): Promise<string> {
  const base = slugify(name) || "author";
  for (let i = 1; ; i++) {
    const slug = numberedSlug(base, i);
    const taken = await tx.select({ id: authors.id }).from(authors).where(eq(authors.slug, slug));
    if (taken.length === 0) return slug;
  }
}

/** A new account and its byline profile, so the user can be credited on articles at once. */
export function createUser(values: {
  email: string;
  name: string;
  role: Role;
  passwordHash: string;
}): Promise<UserRecord> {
  return transaction(async (tx) => {
    const [user] = await tx
      .insert(users)
      .values({ ...values, email: normalizeEmail(values.email) })
      .returning(publicColumns);
    await tx.insert(authors).values({ userId: user.id, name: user.name, slug: await uniqueAuthorSlug(tx, user.name) });
    return user;
  });
}

/** createUser, or null when the email is taken, also by a request that got there first. */
export async function createUserUnlessEmailTaken(values: Parameters<typeof createUser>[0]): Promise<UserRecord | null> {
  try {
    return await createUser(values);
  } catch (error) {
    if (isUniqueViolation(error, { table: "users", column: "email", index: "users_email_unique" })) return null;
    throw error;
  }
}

/**
 * Applies a role or active change unless it would leave no active administrator; checked and written in
 * one transaction so two admins demoting each other at once cannot both succeed.
 */
export function updateUserAccess(
  id: number,
  change: { role?: Role; active?: boolean },
): Promise<"ok" | "not-found" | "last-admin"> {
  return transaction(async (tx) => {
    const [user] = await tx.select(publicColumns).from(users).where(eq(users.id, id));
    if (!user) return "not-found";
    const stillAdmin = (change.role ?? user.role) === "administrator" && (change.active ?? user.active);
    if (user.role === "administrator" && user.active && !stillAdmin) {
      const [admins] = await tx
        .select({ n: count() })
        .from(users)
        .where(and(eq(users.role, "administrator"), eq(users.active, true)));
      if ((admins?.n ?? 0) <= 1) return "last-admin";
    }
    // Deactivating ends every session for good: reactivating later must not bring old cookies back.
    const endSessions = change.active === false ? { sessionVersion: sql`${users.sessionVersion} + 1` } : {};
    await tx
      .update(users)
      .set({ ...change, ...endSessions, updatedAt: Date.now() })
      .where(eq(users.id, id));
    return "ok";
  });
}

/** A new password also ends every session signed in with the old one (see getSessionUser). */
export function setUserPassword(id: number, passwordHash: string): Promise<boolean> {
  return transaction(async (tx) => {
    const changed = await tx
      .update(users)
      .set({ passwordHash, sessionVersion: sql`${users.sessionVersion} + 1`, updatedAt: Date.now() })
      .where(eq(users.id, id))
      .returning({ id: users.id });
    return changed.length > 0;
  });
}

export type AuthorProfile = { id: number; name: string; slug: string; bio: string };

const profileColumns = { id: authors.id, name: authors.name, slug: authors.slug, bio: authors.bio } as const;

export async function getAuthorForUser(userId: number): Promise<AuthorProfile | null> {
  return (await db.select(profileColumns).from(authors).where(eq(authors.userId, userId)))[0] ?? null;
}

/** Updates (or creates) the byline profile linked to a user; the account's display name follows it. */
export function saveAuthorProfile(userId: number, values: { name: string; bio: string }): Promise<AuthorProfile> {
  return transaction(async (tx) => {
    await tx.update(users).set({ name: values.name, updatedAt: Date.now() }).where(eq(users.id, userId));
    const [existing] = await tx.select({ id: authors.id }).from(authors).where(eq(authors.userId, userId));
    const [saved] = existing
      ? await tx.update(authors).set(values).where(eq(authors.id, existing.id)).returning(profileColumns)
      : await tx
          .insert(authors)
          .values({ userId, ...values, slug: await uniqueAuthorSlug(tx, values.name) })
          .returning(profileColumns);
    // Bylines are searchable: the stories credited to this name are indexed under the new one.
    await indexArticlesLinkedTo(tx, { authorId: saved.id });
    return saved;
  });
}

export type AuthorOption = { id: number; name: string; userId: number | null };

export function listAuthorOptions(): Promise<AuthorOption[]> {
  return db
    .select({ id: authors.id, name: authors.name, userId: authors.userId })
    .from(authors)
    .orderBy(sql`lower(${authors.name})`, authors.id);
}
