import "server-only";
import { and, count, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import { db, rows, run, transaction, type Db } from "@/db";
import { articles, mailDeliveries, newsletterIssues, newsletterSubscribers } from "@/db/schema";
import type { DeliveryKind, DeliveryState, IssueKind, IssueState } from "@/lib/domain";
import { visibleToReaders } from "./articles";
import { enqueueJobs, type JobInput } from "./jobs";

// The send queue. Every email is a row of mail_deliveries (what was sent to whom, and what became of it),
// and each row is sent by a job of the one job queue (lib/jobs): an issue's rows, and their jobs, are made
// in one statement each when its fan-out job runs (one per confirmed subscriber of its newsletters, unique
// per subscriber and issue, the job's idempotency key too). A send job marks its row sent in one
// statement as soon as the SMTP server has accepted the message; a job run again finds it sent.

/** Makes an issue's rows and sends nothing itself: runs once the issue is due (lib/mail/jobs.ts). */
export const ISSUE_FAN_OUT_JOB = "newsletter.issue";
/** Sends one row of mail_deliveries. */
export const MAIL_SEND_JOB = "mail.send";
/** Attempts of a send (temporary SMTP failures, 4xx) before the row is failed. */
export const MAIL_MAX_ATTEMPTS = 8;

export type IssueInput = {
  key: string;
  kind: IssueKind;
  articleId?: number | null;
  lists: string[];
  sendAt: number;
  createdById?: number | null;
};

const fanOutJob = (issueId: number, runAt: number): JobInput => ({
  kind: ISSUE_FAN_OUT_JOB,
  key: `${ISSUE_FAN_OUT_JOB}:${issueId}`,
  payload: { issueId },
  runAt,
});

/**
 * Creates the issue unless one with its key exists (a story is sent once), and with it the job that
 * sends it at `sendAt`, in one transaction. True when created.
 */
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
    if (made.length > 0 && state === "waiting") await enqueueJobs([fanOutJob(made[0].id, input.sendAt)], tx);
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

/**
 * The issue if it is waiting, with whether it is due: a story's issue waits until the story itself is
 * live (`liveAt`: when a scheduled story comes due, null for a draft).
 */
export async function getWaitingIssue(
  id: number,
  now = Date.now(),
): Promise<(DueIssue & { due: boolean; liveAt: number | null }) | null> {
  const [found] = await db
    .select({
      id: newsletterIssues.id,
      kind: newsletterIssues.kind,
      articleId: newsletterIssues.articleId,
      lists: newsletterIssues.lists,
      sendAt: newsletterIssues.sendAt,
      publishedAt: articles.publishedAt,
      visible: sql<number | boolean>`case when ${visibleToReaders(now)} then 1 else 0 end`,
    })
    .from(newsletterIssues)
    .leftJoin(articles, eq(articles.id, newsletterIssues.articleId))
    .where(and(eq(newsletterIssues.id, id), eq(newsletterIssues.state, "waiting")));
  if (!found) return null;
  const live = found.kind === "daily" || Number(found.visible) === 1;
  return {
    id: found.id,
    kind: found.kind,
    articleId: found.articleId,
    lists: JSON.parse(found.lists) as string[],
    due: found.sendAt <= now && live,
    liveAt: found.kind === "daily" ? found.sendAt : (found.publishedAt ?? null),
  };
}

export type IssueContent = { subject: string; html: string; text: string };

/** The job of each queued row matching `where` (alias d), keyed per subscriber and issue. */
function enqueueDeliveryJobs(where: SQL, now: number, tx: Db): Promise<void> {
  return run(
    sql`insert into jobs (kind, key, payload, state, attempts, max_attempts, run_at, created_at, updated_at)
        select ${MAIL_SEND_JOB},
               case when d.kind = 'issue'
                    then ${`${MAIL_SEND_JOB}:issue:`} || cast(d.issue_id as text) || ':subscriber:' || cast(d.subscriber_id as text)
                    else ${`${MAIL_SEND_JOB}:delivery:`} || cast(d.id as text) end,
               '{"deliveryId":' || cast(d.id as text) || '}',
               'queued', 0, ${MAIL_MAX_ATTEMPTS}, ${now}, ${now}, ${now}
        from mail_deliveries d
        where d.state = 'queued' and ${where}
        on conflict do nothing`,
    tx,
  );
}

/**
 * The issue's content is fixed and one queued row, and its send job, is made for each confirmed
 * subscriber of its newsletters, in one transaction: a second call finds it no longer waiting.
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
    if (lists.length) {
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
      await enqueueDeliveryJobs(sql`d.issue_id = ${id}`, now, tx);
    }
    await finishIssue(id, tx);
    return true;
  });
}

export async function skipIssue(id: number): Promise<void> {
  await transaction(async (tx) => {
    await tx.update(newsletterIssues).set({ state: "skipped" }).where(eq(newsletterIssues.id, id));
  });
}

/** A confirmation or test email, queued with its send job (in `on`, the transaction of its cause). */
export async function queueMail(
  kind: Exclude<DeliveryKind, "issue">,
  to: { subscriberId?: number; address?: string },
  payload: unknown,
  on?: Db,
): Promise<void> {
  const queue = async (tx: Db) => {
    const now = Date.now();
    const [row] = await tx
      .insert(mailDeliveries)
      .values({
        kind,
        subscriberId: to.subscriberId ?? null,
        toAddress: to.address ?? null,
        payload: JSON.stringify(payload),
        createdAt: now,
      })
      .returning({ id: mailDeliveries.id });
    await enqueueDeliveryJobs(sql`d.id = ${row.id}`, now, tx);
  };
  if (on) await queue(on);
  else await transaction(queue);
}

/** An address off every list: its queued emails are skipped, and an issue left with none is done. */
export async function skipQueuedMailOf(subscriberId: number, tx: Db): Promise<void> {
  const skipped = await tx
    .update(mailDeliveries)
    .set({ state: "skipped", lastError: "The address left every list." })
    .where(and(eq(mailDeliveries.subscriberId, subscriberId), eq(mailDeliveries.state, "queued")))
    .returning({ issueId: mailDeliveries.issueId });
  for (const issueId of new Set(skipped.map((r) => r.issueId))) if (issueId) await finishIssue(issueId, tx);
}

/**
 * Rows and issues from before sends were jobs (or from a database copied in): every queued row and
 * waiting issue gets its job. Keys make this a no-op when they have one.
 */
export async function enqueueUnjobbedMail(now = Date.now()): Promise<void> {
  const waiting = await db
    .select({ id: newsletterIssues.id, sendAt: newsletterIssues.sendAt })
    .from(newsletterIssues)
    .where(eq(newsletterIssues.state, "waiting"));
  await transaction(async (tx) => {
    await enqueueJobs(
      waiting.map((i) => fanOutJob(i.id, i.sendAt)),
      tx,
    );
    await enqueueDeliveryJobs(sql`true`, now, tx);
  });
}

export type Delivery = {
  id: number;
  kind: DeliveryKind;
  state: DeliveryState;
  attempts: number;
  payload: string;
  toAddress: string | null;
  subscriber: { id: number; email: string; status: string; createdAt: number } | null;
  issue: { id: number; subject: string; html: string; text: string } | null;
};

/** One row with its subscriber and issue, for its send job. */
export async function getDelivery(id: number): Promise<Delivery | null> {
  const [r] = await db
    .select({
      id: mailDeliveries.id,
      kind: mailDeliveries.kind,
      state: mailDeliveries.state,
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
    .where(eq(mailDeliveries.id, id));
  if (!r) return null;
  return {
    id: r.id,
    kind: r.kind,
    state: r.state,
    attempts: r.attempts,
    payload: r.payload,
    toAddress: r.toAddress,
    subscriber:
      r.subscriberId === null
        ? null
        : { id: r.subscriberId, email: r.email!, status: r.status!, createdAt: r.subscribedAt! },
    issue: r.issueId === null ? null : { id: r.issueId, subject: r.subject!, html: r.html!, text: r.text! },
  };
}

/** An issue sending whose rows are all settled is done. */
async function finishIssue(issueId: number, tx: Db): Promise<void> {
  await run(
    sql`update newsletter_issues set state = 'done'
        where id = ${issueId} and state = 'sending'
          and not exists (select 1 from mail_deliveries d where d.issue_id = ${issueId} and d.state = 'queued')`,
    tx,
  );
}

type Row = typeof mailDeliveries.$inferInsert;
type Settled = { [K in keyof Row]?: Row[K] | SQL };

/** Settles a row still queued; its issue is done when it was the last. Returns whether it was queued. */
async function settle(id: number, set: Settled, tx: Db): Promise<boolean> {
  const [row] = await tx
    .update(mailDeliveries)
    .set(set)
    .where(and(eq(mailDeliveries.id, id), eq(mailDeliveries.state, "queued")))
    .returning({ issueId: mailDeliveries.issueId });
  if (row?.issueId) await finishIssue(row.issueId, tx);
  return Boolean(row);
}

const attempted = () => ({ attempts: sql`${mailDeliveries.attempts} + 1` });

/** The SMTP server accepted the message: the row is sent, in the one statement that records it. */
export async function markDeliverySent(id: number, messageId: string, now = Date.now()): Promise<void> {
  await transaction((tx) => settle(id, { state: "sent", sentAt: now, messageId, ...attempted() }, tx));
}

/** A temporary failure (4xx, or no answer): the row stays queued; its job is retried with backoff. */
export async function recordDeliveryFailure(id: number, error: string): Promise<void> {
  await transaction(async (tx) => {
    await tx
      .update(mailDeliveries)
      .set({ lastError: error.slice(0, 500), ...attempted() })
      .where(and(eq(mailDeliveries.id, id), eq(mailDeliveries.state, "queued")));
  });
}

/** The row's job was given up on after its last attempt. */
export async function markDeliveryFailed(id: number, error: string): Promise<void> {
  await transaction((tx) => settle(id, { state: "failed", lastError: error.slice(0, 500) }, tx));
}

export const BOUNCES_BEFORE_SKIPPING = 3;

/** A permanent failure: the row is bounced, and the address is skipped from its third bounce on. */
export async function markDeliveryBounced(id: number, subscriberId: number | null, error: string): Promise<void> {
  await transaction(async (tx) => {
    const changed = await settle(id, { state: "bounced", lastError: error.slice(0, 500), ...attempted() }, tx);
    if (!changed || subscriberId === null) return;
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
export async function markDeliverySkipped(id: number, reason: string): Promise<void> {
  await transaction((tx) => settle(id, { state: "skipped", lastError: reason }, tx));
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
