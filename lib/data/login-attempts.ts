import "server-only";
import { and, desc, eq, gte, lt } from "drizzle-orm";
import { db, transaction } from "@/db";
import { loginAttempts } from "@/db/schema";

export const LOGIN_WINDOW_MS = 15 * 60_000;
export const LOGIN_MAX_FAILURES = 5;

/**
 * When the (email, IP) pair is locked out, the time it may try again; else null. Five failures within
 * the window lock the pair for a full window after the fifth. Refused attempts are not recorded, so a
 * locked-out client cannot extend its own lock indefinitely, nor shorten it.
 */
export async function loginLockedUntil(email: string, ip: string, now: number = Date.now()): Promise<number | null> {
  const last = await db
    .select({ at: loginAttempts.createdAt })
    .from(loginAttempts)
    .where(and(eq(loginAttempts.email, email), eq(loginAttempts.ip, ip), gte(loginAttempts.createdAt, now - 2 * LOGIN_WINDOW_MS)))
    .orderBy(desc(loginAttempts.createdAt))
    .limit(LOGIN_MAX_FAILURES);
  if (last.length < LOGIN_MAX_FAILURES) return null;
  const newest = last[0].at;
  const oldest = last[last.length - 1].at;
  if (newest - oldest > LOGIN_WINDOW_MS) return null;
  const until = newest + LOGIN_WINDOW_MS;
  return until > now ? until : null;
}

export async function recordLoginFailure(email: string, ip: string, now: number = Date.now()): Promise<void> {
  await transaction(async (tx) => {
    await tx.insert(loginAttempts).values({ email, ip, createdAt: now });
    // Old rows no longer matter to any window; keeping the table small keeps the lookup cheap.
    await tx.delete(loginAttempts).where(lt(loginAttempts.createdAt, now - 2 * LOGIN_WINDOW_MS));
  });
}

export async function clearLoginFailures(email: string, ip: string): Promise<void> {
  await transaction(async (tx) => {
    await tx.delete(loginAttempts).where(and(eq(loginAttempts.email, email), eq(loginAttempts.ip, ip)));
  });
}
