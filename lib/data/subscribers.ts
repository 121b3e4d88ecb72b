import "server-only";
import { and, count, desc, eq, gte, inArray, lt, ne, sql, type SQL } from "drizzle-orm";
import { db, transaction, type Db } from "@/db";
import { newsletterSignupAttempts, newsletterSubscribers, newsletterSubscriptions } from "@/db/schema";
import type { SubscriberStatus } from "@/lib/domain";
import { queueMail, skipQueuedMailOf } from "./newsletter-sends";

// Subscriber addresses are personal data: they leave this module only for the mail sender, the
// administrators' list and export, and never in a log line or an error message.

export const SIGNUP_WINDOW_MS = 60 * 60_000;
/** Signups from one client (an IPv4 address or an IPv6 /64) within the window; more are refused. */
export const SIGNUP_MAX_PER_CLIENT = 10;

export type Subscriber = {
  id: number;
  email: string;
  status: SubscriberStatus;
  source: string;
  lists: string[];
  bounceCount: number;
  confirmedAt: number | null;
  createdAt: number;
};

/** The identity a signed link carries: the row and when it was made (an erased address's links die with it). */
export type SubscriberRef = { id: number; createdAt: number };

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

/** Counts this attempt and says whether the client is still within its limit. */
export async function admitSignup(client: string, now = Date.now()): Promise<boolean> {
  return transaction(async (tx) => {
    const [found] = await tx
      .select({ n: count() })
      .from(newsletterSignupAttempts)
      .where(
        and(eq(newsletterSignupAttempts.ip, client), gte(newsletterSignupAttempts.createdAt, now - SIGNUP_WINDOW_MS)),
      );
    if (Number(found?.n ?? 0) >= SIGNUP_MAX_PER_CLIENT) return false;
    await tx.insert(newsletterSignupAttempts).values({ ip: client, createdAt: now });
    await tx.delete(newsletterSignupAttempts).where(lt(newsletterSignupAttempts.createdAt, now - SIGNUP_WINDOW_MS));
    return true;
  });
}

/**
 * A signup: the address is stored as pending (unless it is already known) and a confirmation email is
 * queued carrying the chosen newsletters. Nothing changes for a known address until its owner clicks the
 * link, so nobody can change someone else's newsletters, and the answer is the same either way.
 */
export async function requestSubscription(email: string, lists: string[], now = Date.now()): Promise<void> {
  const address = normaliseEmail(email);
  await transaction(async (tx) => {
    await tx
      .insert(newsletterSubscribers)
      .values({ email: address, status: "pending", source: "signup", createdAt: now, updatedAt: now })
      .onConflictDoNothing({ target: newsletterSubscribers.email });
    const [subscriber] = await tx
      .select({ id: newsletterSubscribers.id })
      .from(newsletterSubscribers)
      .where(eq(newsletterSubscribers.email, address));
    await queueMail("confirm", { subscriberId: subscriber.id }, { lists }, tx);
  });
}

const matches = (ref: SubscriberRef) =>
  and(eq(newsletterSubscribers.id, ref.id), eq(newsletterSubscribers.createdAt, ref.createdAt)) as SQL;

async function replaceLists(tx: Db, id: number, lists: string[]) {
  await tx.delete(newsletterSubscriptions).where(eq(newsletterSubscriptions.subscriberId, id));
  if (lists.length) await tx.insert(newsletterSubscriptions).values(lists.map((list) => ({ subscriberId: id, list })));
}

/** The owner clicked the confirmation link: confirmed, with the newsletters chosen at signup. */
export async function confirmSubscription(ref: SubscriberRef, lists: string[], now = Date.now()): Promise<boolean> {
  return transaction(async (tx) => {
    const [found] = await tx.select({ id: newsletterSubscribers.id }).from(newsletterSubscribers).where(matches(ref));
    if (!found) return false;
    await tx
      .update(newsletterSubscribers)
      .set({ status: "confirmed", confirmedAt: now, updatedAt: now, bounceCount: 0 })
      .where(matches(ref));
    await replaceLists(tx, ref.id, lists);
    return true;
  });
}

export type ManagedSubscription = { status: SubscriberStatus; lists: string[]; maskedEmail: string };

/** What the manage page shows its owner: the newsletters, and the address masked. */
export async function getManagedSubscription(ref: SubscriberRef): Promise<ManagedSubscription | null> {
  const [found] = await db
    .select({ email: newsletterSubscribers.email, status: newsletterSubscribers.status })
    .from(newsletterSubscribers)
    .where(matches(ref));
  if (!found) return null;
  const lists = await db
    .select({ list: newsletterSubscriptions.list })
    .from(newsletterSubscriptions)
    .where(eq(newsletterSubscriptions.subscriberId, ref.id));
  return { status: found.status, lists: lists.map((l) => l.list), maskedEmail: maskEmail(found.email) };
}

export function maskEmail(email: string): string {
  const [local, domain = ""] = email.split("@");
  return `${local.slice(0, 1)}${"•".repeat(Math.max(2, Math.min(local.length - 1, 6)))}@${domain}`;
}

/** Changes a confirmed subscriber's newsletters; none left means unsubscribed. */
export async function updateSubscriptions(ref: SubscriberRef, lists: string[], now = Date.now()): Promise<boolean> {
  if (lists.length === 0) return unsubscribe(ref, now);
  return transaction(async (tx) => {
    const [found] = await tx
      .select({ status: newsletterSubscribers.status })
      .from(newsletterSubscribers)
      .where(matches(ref));
    if (!found) return false;
    // The link reached its owner's inbox: that is a confirmation too.
    await tx
      .update(newsletterSubscribers)
      .set({ status: "confirmed", updatedAt: now, ...(found.status === "confirmed" ? {} : { confirmedAt: now }) })
      .where(matches(ref));
    await replaceLists(tx, ref.id, lists);
    return true;
  });
}

/** Off every list at once; emails already queued for the address are skipped. */
export async function unsubscribe(ref: SubscriberRef, now = Date.now()): Promise<boolean> {
  return transaction(async (tx) => {
    const [found] = await tx.select({ id: newsletterSubscribers.id }).from(newsletterSubscribers).where(matches(ref));
    if (!found) return false;
    await tx.update(newsletterSubscribers).set({ status: "unsubscribed", updatedAt: now }).where(matches(ref));
    await tx.delete(newsletterSubscriptions).where(eq(newsletterSubscriptions.subscriberId, ref.id));
    await skipQueuedMailOf(ref.id, tx);
    return true;
  });
}

/** Erases the address: the row goes, and with it (by cascade) its newsletters and its queued and sent mail. */
export async function deleteSubscriber(id: number): Promise<boolean> {
  return transaction(async (tx) => {
    // Settled first, so an issue whose last queued emails were this address's is done.
    await skipQueuedMailOf(id, tx);
    const gone = await tx
      .delete(newsletterSubscribers)
      .where(eq(newsletterSubscribers.id, id))
      .returning({ id: newsletterSubscribers.id });
    return gone.length > 0;
  });
}

export type SubscriberCounts = { byStatus: Record<string, number>; byList: Record<string, number> };

export async function countSubscribers(): Promise<SubscriberCounts> {
  const [statuses, lists] = await Promise.all([
    db
      .select({ status: newsletterSubscribers.status, n: count() })
      .from(newsletterSubscribers)
      .groupBy(newsletterSubscribers.status),
    db
      .select({ list: newsletterSubscriptions.list, n: count() })
      .from(newsletterSubscriptions)
      .innerJoin(newsletterSubscribers, eq(newsletterSubscribers.id, newsletterSubscriptions.subscriberId))
      .where(eq(newsletterSubscribers.status, "confirmed"))
      .groupBy(newsletterSubscriptions.list),
  ]);
  return {
    byStatus: Object.fromEntries(statuses.map((s) => [s.status, Number(s.n)])),
    byList: Object.fromEntries(lists.map((l) => [l.list, Number(l.n)])),
  };
}

export const SUBSCRIBERS_PAGE_SIZE = 50;

export type SubscriberPage = { items: Subscriber[]; nextBefore: number | null; total: number };

function searchWhere(query: string): SQL | undefined {
  const q = normaliseEmail(query).replace(/[\\%_]/g, (c) => `\\${c}`);
  return q ? sql`${newsletterSubscribers.email} like ${`%${q}%`} escape '\\'` : undefined;
}

/**
 * One page of subscribers, newest first. Paged by id (keyset), so page 2,000 of 100,000 costs what page 1
 * does: `before` is the smallest id of the previous page.
 */
export async function listSubscribers(query: string, before: number | null): Promise<SubscriberPage> {
  const search = searchWhere(query);
  const where = and(search, before ? lt(newsletterSubscribers.id, before) : undefined);
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(newsletterSubscribers)
      .where(where)
      .orderBy(desc(newsletterSubscribers.id))
      .limit(SUBSCRIBERS_PAGE_SIZE + 1),
    db.select({ n: count() }).from(newsletterSubscribers).where(search),
  ]);
  const page = rows.slice(0, SUBSCRIBERS_PAGE_SIZE);
  const lists = await listsOf(page.map((r) => r.id));
  return {
    items: page.map((r) => toSubscriber(r, lists.get(r.id) ?? [])),
    nextBefore: rows.length > SUBSCRIBERS_PAGE_SIZE ? page[page.length - 1].id : null,
    total: Number(total?.n ?? 0),
  };
}

async function listsOf(ids: number[]): Promise<Map<number, string[]>> {
  const byId = new Map<number, string[]>();
  if (!ids.length) return byId;
  const rows = await db
    .select()
    .from(newsletterSubscriptions)
    .where(inArray(newsletterSubscriptions.subscriberId, ids));
  for (const r of rows) byId.set(r.subscriberId, [...(byId.get(r.subscriberId) ?? []), r.list]);
  return byId;
}

function toSubscriber(r: typeof newsletterSubscribers.$inferSelect, lists: string[]): Subscriber {
  return {
    id: r.id,
    email: r.email,
    status: r.status,
    source: r.source,
    lists: lists.sort(),
    bounceCount: r.bounceCount,
    confirmedAt: r.confirmedAt,
    createdAt: r.createdAt,
  };
}

/** Every subscriber in id order, a batch at a time (the CSV export). */
export async function* eachSubscriber(batch = 1000): AsyncGenerator<Subscriber[]> {
  let after = 0;
  for (;;) {
    const rows = await db
      .select()
      .from(newsletterSubscribers)
      .where(sql`${newsletterSubscribers.id} > ${after}`)
      .orderBy(newsletterSubscribers.id)
      .limit(batch);
    if (!rows.length) return;
    const lists = await listsOf(rows.map((r) => r.id));
    yield rows.map((r) => toSubscriber(r, lists.get(r.id) ?? []));
    after = rows[rows.length - 1].id;
  }
}

export type ImportRow = { email: string; lists: string[] };
export type ImportResult = { added: number; updated: number; unchanged: number };

/**
 * An import from another system. Addresses marked as confirmed there (they opted in elsewhere) are
 * confirmed here with the source noted; others are stored as pending and receive nothing until they
 * confirm. An address that unsubscribed or bounces here is never resubscribed by an import.
 */
export async function importSubscribers(
  rows: ImportRow[],
  options: { source: string; confirmed: boolean },
  now = Date.now(),
): Promise<ImportResult> {
  const result: ImportResult = { added: 0, updated: 0, unchanged: 0 };
  for (let i = 0; i < rows.length; i += 500) {
    await transaction(async (tx) => {
      for (const row of rows.slice(i, i + 500)) await importOne(tx, row, options, now, result);
    });
  }
  return result;
}

async function importOne(
  tx: Db,
  row: ImportRow,
  options: { source: string; confirmed: boolean },
  now: number,
  result: ImportResult,
) {
  const email = normaliseEmail(row.email);
  const [existing] = await tx
    .select({ id: newsletterSubscribers.id, status: newsletterSubscribers.status })
    .from(newsletterSubscribers)
    .where(eq(newsletterSubscribers.email, email));
  if (!existing) {
    const status = options.confirmed ? "confirmed" : "pending";
    const [added] = await tx
      .insert(newsletterSubscribers)
      .values({
        email,
        status,
        source: options.source,
        createdAt: now,
        updatedAt: now,
        confirmedAt: options.confirmed ? now : null,
      })
      .returning({ id: newsletterSubscribers.id });
    await replaceLists(tx, added.id, row.lists);
    result.added++;
    return;
  }
  if (existing.status === "unsubscribed" || existing.status === "bouncing" || !options.confirmed) {
    result.unchanged++;
    return;
  }
  await tx
    .update(newsletterSubscribers)
    .set({
      status: "confirmed",
      updatedAt: now,
      ...(existing.status === "confirmed" ? {} : { confirmedAt: now, source: options.source }),
    })
    .where(and(eq(newsletterSubscribers.id, existing.id), ne(newsletterSubscribers.status, "unsubscribed")));
  await replaceLists(tx, existing.id, row.lists);
  result.updated++;
}
