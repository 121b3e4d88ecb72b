import "server-only";
import { and, asc, count, desc, eq, inArray, isNull, lte, or, sql } from "drizzle-orm";
import { db, rows, run, transaction } from "@/db";
import { articles, mailDeliveries, newsletterIssues, newsletterSubscribers } from "@/db/schema";
import type { DeliveryKind, DeliveryState, IssueKind, IssueState } from "@/lib/domain";
import { visibleToReaders } from "./articles";

// The send queue. Every email is a row of mail_deliveries; an issue's rows are made in one statement
// when it becomes due (one per confirmed subscriber of its newsletters, unique per subscriber and issue).
// A sender claims rows with a lease under the writers' lock, so two senders never hold the same row, and
// marks each sent in one statement as soon as the SMTP server has accepted it.

export type IssueInput = {
  key: string;
  kind: IssueKind;
  articleId?: number | null;
  lists: string[];
  sendAt: number;
  createdById?: number | null;
};

/** Creates the issue unless one with its key exists (a story is sent once). True when created. */
export async function createIssue(input: IssueInput, state: IssueState = "waiting"): Promise<boolean> {
  return transaction(async (tx) => {
    const made = await tx
      .insert(newsletterIssues)
      .values({
        key: input.key,
        kind: input.kind,
        articleId: input.articleId ?? null,
        lists: JSON.stringify(input.lists),
        sendAt: input.sendAt,
        createdById: input.createdById ?? null,
        state,
      })
      .onConflictDoNothing({ target: newsletterIssues.key })
      .returning({ id: newsletterIssues.id });
    return made.length > 0;
  });
}

export async function issueExists(key: string): Promise<boolean> {
  const [found] = await db
    .select({ id: newsletterIssues.id })
    .from(newsletterIssues)
    .where(eq(newsletterIssues.key, key));
  return Boolean(found);
}

export type DueIssue = { id: number; kind: IssueKind; articleId: number | null; lists: string[] };

/** Waiting issues whose time has come; a story's issue waits until the story itself is live. */
export async function listDueIssues(now = Date.now()): Promise<DueIssue[]> {
  const found = await db
    .select({
      id: newsletterIssues.id,
      kind: newsletterIssues.kind,
      articleId: newsletterIssues.articleId,
      lists: newsletterIssues.lists,
    })
    .from(newsletterIssues)
    .leftJoin(articles, eq(articles.id, newsletterIssues.articleId))
    .where(
      and(
        eq(newsletterIssues.state, "waiting"),
        lte(newsletterIssues.sendAt, now),
        or(eq(newsletterIssues.kind, "daily"), visibleToReaders(now)),
      ),
    )
    .orderBy(asc(newsletterIssues.id))
    .limit(20);
  return found.map((i) => ({ ...i, lists: JSON.parse(i.lists) as string[] }));
}

export type IssueContent = { subject: string; html: string; text: string };

/**
 * The issue's content is fixed and one row is queued for each confirmed subscriber of its newsletters,
 * in one transaction: a second call (another instance) finds it no longer waiting and does nothing.
 */
export async function startIssue(id: number, content: IssueContent, now = Date.now()): Promise<boolean> {
  return transaction(async (tx) => {
    const [issue] = await tx
      .update(newsletterIssues)
      .set({ ...content, state: "sending" })
      .where(and(eq(newsletterIssues.id, id), eq(newsletterIssues.state, "waiting")))
      .returning({ lists: newsletterIssues.lists });
    if (!issue) return false;
    const lists = JSON.parse(issue.lists) as string[];
    if (!lists.length) return true;
    await run(
      sql`insert into mail_deliveries (kind, issue_id, subscriber_id, state, next_attempt_at, created_at)
          select 'issue', ${id}, s.id, 'queued', 0, ${now}
          from newsletter_subscribers s
          where s.status = 'confirmed'
            and exists (select 1 from newsletter_subscriptions l
                        where l.subscriber_id = s.id and l.list in (${sql.join(
                          lists.map((l) => sql`${l}`),
                          sql`, `,
                        )}))
          on conflict do nothing`,
      tx,
    );
    return true;
  });
}

export async function skipIssue(id: number): Promise<void> {
  await transaction(async (tx) => {
    await tx.update(newsletterIssues).set({ state: "skipped" }).where(eq(newsletterIssues.id, id));
  });
}

/** A confirmation or test email, queued for the sender like any other. */
export async function queueMail(
  kind: Exclude<DeliveryKind, "issue">,
  to: { subscriberId?: number; address?: string },
  payload: unknown,
): Promise<void> {
  await transaction(async (tx) => {
    await tx.insert(mailDeliveries).values({
      kind,
      subscriberId: to.subscriberId ?? null,
      toAddress: to.address ?? null,
      payload: JSON.stringify(payload),
    });
  });
}

export type ClaimedDelivery = {
  id: number;
  kind: DeliveryKind;
  attempts: number;
  payload: string;
  toAddress: string | null;
  subscriber: { id: number; email: string; status: string; createdAt: number } | null;
  issue: { id: number; subject: string; html: string; text: string } | null;
};

/**
 * Takes up to `limit` due rows for `owner` until `now + leaseMs`. A row whose lease ran out (its sender
 * died) is due again. The select and the update run under the writers' lock, so no row is claimed twice.
 */
export async function claimDeliveries(
  owner: string,
  limit: number,
  leaseMs: number,
  now = Date.now(),
): Promise<ClaimedDelivery[]> {
  const ids = await transaction(async (tx) => {
    const due = await tx
      .select({ id: mailDeliveries.id })
      .from(mailDeliveries)
      .where(
        and(
          eq(mailDeliveries.state, "queued"),
          lte(mailDeliveries.nextAttemptAt, now),
          or(isNull(mailDeliveries.leaseUntil), lte(mailDeliveries.leaseUntil, now)),
        ),
      )
      .orderBy(asc(mailDeliveries.id))
      .limit(limit);
    if (!due.length) return [];
    const taken = due.map((d) => d.id);
    await tx
      .update(mailDeliveries)
      .set({ leaseOwner: owner, leaseUntil: now + leaseMs })
      .where(inArray(mailDeliveries.id, taken));
    return taken;
  });
  return ids.length ? readClaimed(ids, owner) : [];
}

async function readClaimed(ids: number[], owner: string): Promise<ClaimedDelivery[]> {
  const found = await db
    .select({
      id: mailDeliveries.id,
      kind: mailDeliveries.kind,
      attempts: mailDeliveries.attempts,
      payload: mailDeliveries.payload,
      toAddress: mailDeliveries.toAddress,
      subscriberId: newsletterSubscribers.id,
      email: newsletterSubscribers.email,
      status: newsletterSubscribers.status,
      subscribedAt: newsletterSubscribers.createdAt,
      issueId: newsletterIssues.id,
      subject: newsletterIssues.subject,
      html: newsletterIssues.html,
      text: newsletterIssues.text,
    })
    .from(mailDeliveries)
    .leftJoin(newsletterSubscribers, eq(newsletterSubscribers.id, mailDeliveries.subscriberId))
    .leftJoin(newsletterIssues, eq(newsletterIssues.id, mailDeliveries.issueId))
    .where(and(inArray(mailDeliveries.id, ids), eq(mailDeliveries.leaseOwner, owner)))
    .orderBy(asc(mailDeliveries.id));
  return found.map((r) => ({
    id: r.id,
    kind: r.kind,
    attempts: r.attempts,
    payload: r.payload,
    toAddress: r.toAddress,
    subscriber:
      r.subscriberId === null
        ? null
        : { id: r.subscriberId, email: r.email!, status: r.status!, createdAt: r.subscribedAt! },
    issue: r.issueId === null ? null : { id: r.issueId, subject: r.subject!, html: r.html!, text: r.text! },
  }));
}

/** Keeps a batch being sent from being taken over: its rows still queued get a new lease end. */
export async function extendLeases(ids: number[], owner: string, until: number): Promise<void> {
  if (!ids.length) return;
  await transaction(async (tx) => {
    await tx
      .update(mailDeliveries)
      .set({ leaseUntil: until })
      .where(
        and(inArray(mailDeliveries.id, ids), eq(mailDeliveries.leaseOwner, owner), eq(mailDeliveries.state, "queued")),
      );
  });
}

const held = (id: number, owner: string) =>
  and(eq(mailDeliveries.id, id), eq(mailDeliveries.leaseOwner, owner), eq(mailDeliveries.state, "queued"));

/** The SMTP server accepted the message: the row is sent, in the one statement that records it. */
export async function markDeliverySent(id: number, owner: string, messageId: string, now = Date.now()): Promise<void> {
  await transaction(async (tx) => {
    await tx
      .update(mailDeliveries)
      .set({
        state: "sent",
        sentAt: now,
        messageId,
        leaseOwner: null,
        leaseUntil: null,
        attempts: sql`${mailDeliveries.attempts} + 1`,
      })
      .where(held(id, owner));
  });
}

/** A temporary failure: tried again at `retryAt`, or failed for good after the last attempt. */
export async function markDeliveryRetry(
  id: number,
  owner: string,
  error: string,
  retryAt: number | null,
): Promise<void> {
  await transaction(async (tx) => {
    await tx
      .update(mailDeliveries)
      .set({
        state: retryAt === null ? "failed" : "queued",
        nextAttemptAt: retryAt ?? 0,
        lastError: error.slice(0, 500),
        leaseOwner: null,
        leaseUntil: null,
        attempts: sql`${mailDeliveries.attempts} + 1`,
      })
      .where(held(id, owner));
  });
}

export const BOUNCES_BEFORE_SKIPPING = 3;

/** A permanent failure: the row is bounced, and the address is skipped from its third bounce on. */
export async function markDeliveryBounced(
  id: number,
  owner: string,
  subscriberId: number | null,
  error: string,
): Promise<void> {
  await transaction(async (tx) => {
    const changed = await tx
      .update(mailDeliveries)
      .set({
        state: "bounced",
        lastError: error.slice(0, 500),
        leaseOwner: null,
        leaseUntil: null,
        attempts: sql`${mailDeliveries.attempts} + 1`,
      })
      .where(held(id, owner))
      .returning({ id: mailDeliveries.id });
    if (!changed.length || subscriberId === null) return;
    await tx
      .update(newsletterSubscribers)
      .set({
        bounceCount: sql`${newsletterSubscribers.bounceCount} + 1`,
        status: sql`case when ${newsletterSubscribers.bounceCount} + 1 >= ${BOUNCES_BEFORE_SKIPPING} and ${newsletterSubscribers.status} = 'confirmed' then 'bouncing' else ${newsletterSubscribers.status} end`,
      })
      .where(eq(newsletterSubscribers.id, subscriberId));
  });
}

/** Not sent on purpose: the address unsubscribed, bounces, or was never confirmed. */
export async function markDeliverySkipped(id: number, owner: string, reason: string): Promise<void> {
  await transaction(async (tx) => {
    await tx
      .update(mailDeliveries)
      .set({ state: "skipped", lastError: reason, leaseOwner: null, leaseUntil: null })
      .where(held(id, owner));
  });
}

/** Issues sending whose rows are all settled are done. */
export async function finishIssues(): Promise<void> {
  await transaction(async (tx) => {
    await run(
      sql`update newsletter_issues set state = 'done'
          where state = 'sending'
            and not exists (select 1 from mail_deliveries d where d.issue_id = newsletter_issues.id and d.state = 'queued')`,
      tx,
    );
  });
}

export type IssueSummary = {
  id: number;
  key: string;
  kind: IssueKind;
  subject: string;
  state: IssueState;
  sendAt: number;
  articleId: number | null;
  counts: Record<DeliveryState, number>;
};

const noCounts = (): Record<DeliveryState, number> => ({ queued: 0, sent: 0, failed: 0, bounced: 0, skipped: 0 });

export async function listIssues(limit = 20): Promise<IssueSummary[]> {
  const issues = await db
    .select({
      id: newsletterIssues.id,
      key: newsletterIssues.key,
      kind: newsletterIssues.kind,
      subject: newsletterIssues.subject,
      state: newsletterIssues.state,
      sendAt: newsletterIssues.sendAt,
      articleId: newsletterIssues.articleId,
    })
    .from(newsletterIssues)
    .orderBy(desc(newsletterIssues.id))
    .limit(limit);
  if (!issues.length) return [];
  const tallies = await db
    .select({ issueId: mailDeliveries.issueId, state: mailDeliveries.state, n: count() })
    .from(mailDeliveries)
    .where(
      inArray(
        mailDeliveries.issueId,
        issues.map((i) => i.id),
      ),
    )
    .groupBy(mailDeliveries.issueId, mailDeliveries.state);
  const byIssue = new Map<number, Record<DeliveryState, number>>();
  for (const t of tallies) {
    const counts = byIssue.get(t.issueId!) ?? noCounts();
    counts[t.state] = Number(t.n);
    byIssue.set(t.issueId!, counts);
  }
  return issues.map((i) => ({ ...i, counts: byIssue.get(i.id) ?? noCounts() }));
}

/** Emails waiting to be sent (also those waiting for a retry): shown when no SMTP server is set. */
export async function countQueuedMail(): Promise<number> {
  const [found] = await db.select({ n: count() }).from(mailDeliveries).where(eq(mailDeliveries.state, "queued"));
  return Number(found?.n ?? 0);
}

/** The newest stories of the last day, for the daily briefing (newest first). */
export async function listBriefingArticleIds(since: number, now = Date.now(), limit = 8): Promise<number[]> {
  const found = await rows<{ id: number }>(
    sql`select id from articles where ${visibleToReaders(now)} and published_at > ${since} order by published_at desc, id desc limit ${limit}`,
  );
  return found.map((r) => Number(r.id));
}
