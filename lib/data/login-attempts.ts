import "server-only";
import { and, count, desc, eq, gte, lt, max, min, type SQL } from "drizzle-orm";
import { db, transaction } from "@/db";
import { loginAttempts } from "@/db/schema";

export const LOGIN_WINDOW_MS = 15 * 60_000;
/** Failures for one email from one client within the window that lock that pair out. */
export const LOGIN_MAX_FAILURES = 5;
/** Failures from one client (an IPv4 address or an IPv6 /64) across all emails that refuse it. */
export const LOGIN_MAX_FAILURES_PER_CLIENT = 20;
/** Failures for one email across all clients after which each further attempt must wait. */
export const LOGIN_ACCOUNT_SLOW_AFTER = 10;
/** The longest an attempt for a busy account waits: it slows guessing, it never locks anyone out. */
export const LOGIN_ACCOUNT_MAX_DELAY_MS = 60_000;

/** Why an attempt is refused before the password is looked at, and until when; null when it may go ahead. */
export type LoginThrottle = { kind: "locked" | "wait"; until: number } | null;

/**
 * The three limits, strictest first. `client` is the ipGroup of the request. Refused attempts are
 * not recorded, so a refused client cannot extend its own lock indefinitely, nor shorten it.
 */
export async function loginThrottle(email: string, client: string, now: number = Date.now()): Promise<LoginThrottle> {
  const pair = await pairLockedUntil(email, client, now);
  if (pair !== null) return { kind: "locked", until: pair };
  const fromClient = await failuresSince(eq(loginAttempts.ip, client), now - LOGIN_WINDOW_MS);
  if (fromClient.n >= LOGIN_MAX_FAILURES_PER_CLIENT)
    return { kind: "locked", until: (fromClient.oldest ?? now) + LOGIN_WINDOW_MS };
  const account = await failuresSince(eq(loginAttempts.email, email), now - LOGIN_WINDOW_MS);
  const until = account.newest === null ? null : account.newest + accountDelayMs(account.n);
  return until !== null && until > now ? { kind: "wait", until } : null;
}

/**
 * The wait after the latest failure for an account: none below the threshold, then doubling from one
 * second up to a minute. Spread over many clients an attacker gets about one guess a minute, and the
 * real owner, from anywhere, gets in after at most that wait.
 */
export function accountDelayMs(failures: number): number {
  if (failures < LOGIN_ACCOUNT_SLOW_AFTER) return 0;
  return Math.min(1_000 * 2 ** (failures - LOGIN_ACCOUNT_SLOW_AFTER), LOGIN_ACCOUNT_MAX_DELAY_MS);
}

async function failuresSince(who: SQL, since: number) {
  const [found] = await db
    .select({ n: count(), oldest: min(loginAttempts.createdAt), newest: max(loginAttempts.createdAt) })
    .from(loginAttempts)
    .where(and(who, gte(loginAttempts.createdAt, since)));
  return { n: Number(found?.n ?? 0), oldest: nullableNumber(found?.oldest), newest: nullableNumber(found?.newest) };
}

const nullableNumber = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/** Five failures within the window lock the (email, client) pair for a full window after the fifth. */
async function pairLockedUntil(email: string, client: string, now: number): Promise<number | null> {
  const last = await db
    .select({ at: loginAttempts.createdAt })
    .from(loginAttempts)
    .where(
      and(
        eq(loginAttempts.email, email),
        eq(loginAttempts.ip, client),
        gte(loginAttempts.createdAt, now - 2 * LOGIN_WINDOW_MS),
      ),
    )
    .orderBy(desc(loginAttempts.createdAt))
    .limit(LOGIN_MAX_FAILURES);
  if (last.length < LOGIN_MAX_FAILURES) return null;
  const newest = last[0].at;
  const oldest = last[last.length - 1].at;
  if (newest - oldest > LOGIN_WINDOW_MS) return null;
  const until = newest + LOGIN_WINDOW_MS;
  return until > now ? until : null;
}

export async function recordLoginFailure(email: string, client: string, now: number = Date.now()): Promise<void> {
  await transaction(async (tx) => {
    await tx.insert(loginAttempts).values({ email, ip: client, createdAt: now });
    // Old rows no longer matter to any window; keeping the table small keeps the lookup cheap.
    await tx.delete(loginAttempts).where(lt(loginAttempts.createdAt, now - 2 * LOGIN_WINDOW_MS));
  });
}

/**
 * A successful sign-in forgets that client's failures for the account. Failures from other clients
 * stay: they are someone else's guesses, and the per-account wait keeps counting them.
 */
export async function clearLoginFailures(email: string, client: string): Promise<void> {
  await transaction(async (tx) => {
    await tx.delete(loginAttempts).where(and(eq(loginAttempts.email, email), eq(loginAttempts.ip, client)));
  });
}
