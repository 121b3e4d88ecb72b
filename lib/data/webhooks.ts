import "server-only";
import { randomUUID } from "node:crypto";
import { and, desc, eq, inArray, ne } from "drizzle-orm";
import { db, transaction, type Db } from "@/db";
import {
  articleAuthors,
  articles,
  articleTags,
  authors,
  comments,
  sections,
  tags,
  webhookDeliveries,
  webhooks,
} from "@/db/schema";
import type { WebhookDeliveryStatus, WebhookEvent } from "@/lib/domain";
import { absoluteUrl, articlePath } from "@/lib/site";
import { enqueueJobs, getJobByKey, retryJob } from "./jobs";

export const DELIVERY_JOB = "webhook.delivery";
export const STORY_DUE_JOB = "webhook.story-due";

export type Webhook = {
  id: number;
  name: string;
  url: string;
  events: WebhookEvent[];
  secret: string;
  active: boolean;
  failureStreak: number;
  disabledReason: string | null;
  createdAt: number;
};

export type WebhookDelivery = {
  id: number;
  webhookId: number;
  eventId: string;
  event: string;
  payload: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  responseCode: number | null;
  durationMs: number | null;
  error: string | null;
  createdAt: number;
  lastAttemptAt: number | null;
};

function toWebhook(row: typeof webhooks.$inferSelect): Webhook {
  return { ...row, events: JSON.parse(row.events) as WebhookEvent[] };
}

export async function createWebhook(values: {
  name: string;
  url: string;
  events: WebhookEvent[];
  secret: string;
}): Promise<Webhook> {
  return transaction(async (tx) => {
    const [row] = await tx
      .insert(webhooks)
      .values({ ...values, events: JSON.stringify(values.events) })
      .returning();
    return toWebhook(row);
  });
}

export async function listWebhooks(): Promise<Webhook[]> {
  return (await db.select().from(webhooks).orderBy(webhooks.id)).map(toWebhook);
}

export async function getWebhook(id: number): Promise<Webhook | null> {
  const [row] = await db.select().from(webhooks).where(eq(webhooks.id, id));
  return row ? toWebhook(row) : null;
}

/** Turns a webhook on (its failures forgotten) or off; `reason` says why it was turned off for the admin. */
export async function setWebhookActive(id: number, active: boolean, reason: string | null = null): Promise<boolean> {
  return transaction(async (tx) => {
    const done = await tx
      .update(webhooks)
      .set(active ? { active, failureStreak: 0, disabledReason: null } : { active, disabledReason: reason })
      .where(eq(webhooks.id, id))
      .returning({ id: webhooks.id });
    return done.length > 0;
  });
}

export async function deleteWebhook(id: number): Promise<boolean> {
  return transaction(async (tx) => {
    const done = await tx.delete(webhooks).where(eq(webhooks.id, id)).returning({ id: webhooks.id });
    return done.length > 0;
  });
}

/** Webhooks switched off by their failures, for the administrator's notice. */
export async function listFailedWebhooks(): Promise<Webhook[]> {
  return (await listWebhooks()).filter((w) => !w.active && w.disabledReason !== null);
}

export async function listDeliveries(webhookId: number, limit = 25): Promise<WebhookDelivery[]> {
  return db
    .select()
    .from(webhookDeliveries)
    .where(eq(webhookDeliveries.webhookId, webhookId))
    .orderBy(desc(webhookDeliveries.id))
    .limit(limit);
}

export async function getDeliveryWithWebhook(
  id: number,
): Promise<{ delivery: WebhookDelivery; webhook: Webhook } | null> {
  const [row] = await db
    .select({ delivery: webhookDeliveries, webhook: webhooks })
    .from(webhookDeliveries)
    .innerJoin(webhooks, eq(webhooks.id, webhookDeliveries.webhookId))
    .where(eq(webhookDeliveries.id, id));
  return row ? { delivery: row.delivery, webhook: toWebhook(row.webhook) } : null;
}

const jobKeyOf = (deliveryId: number) => `webhook-delivery:${deliveryId}`;

/**
 * Queues `event` for every active webhook that asked for it, in the caller's transaction (the change
 * and its deliveries commit together). `eventId` is the idempotency id the receiver sees; the same id
 * queued again is a no-op. Deliveries sharing `orderKey` (one story) reach each webhook in order.
 */
export async function enqueueWebhookEvent(
  tx: Db,
  event: WebhookEvent,
  data: unknown,
  options: { eventId?: string; orderKey: string; at?: number },
): Promise<number> {
  const targets = (await tx.select().from(webhooks).where(eq(webhooks.active, true)))
    .map(toWebhook)
    .filter((w) => w.events.includes(event));
  if (targets.length === 0) return 0;
  const eventId = options.eventId ?? randomUUID();
  const at = options.at ?? Date.now();
  const payload = JSON.stringify({ id: eventId, event, created_at: new Date(at).toISOString(), data });
  const inserted = await tx
    .insert(webhookDeliveries)
    .values(targets.map((w) => ({ webhookId: w.id, eventId, event, payload, createdAt: at })))
    .onConflictDoNothing()
    .returning({ id: webhookDeliveries.id, webhookId: webhookDeliveries.webhookId });
  await enqueueJobs(
    inserted.map((d) => ({
      kind: DELIVERY_JOB,
      key: jobKeyOf(d.id),
      payload: { deliveryId: d.id },
      orderKey: `webhook:${d.webhookId}:${options.orderKey}`,
      maxAttempts: 40,
    })),
    tx,
  );
  return inserted.length;
}

/** One attempt's outcome, on the delivery and on its webhook's run of failures. */
export async function recordDeliveryAttempt(
  deliveryId: number,
  outcome: { status: WebhookDeliveryStatus; responseCode: number | null; durationMs: number; error: string | null },
  at: number = Date.now(),
): Promise<void> {
  await transaction(async (tx) => {
    const [d] = await tx
      .select({ webhookId: webhookDeliveries.webhookId, attempts: webhookDeliveries.attempts })
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.id, deliveryId));
    if (!d) return;
    await tx
      .update(webhookDeliveries)
      .set({ ...outcome, attempts: d.attempts + 1, lastAttemptAt: at })
      .where(eq(webhookDeliveries.id, deliveryId));
    const [w] = await tx.select({ streak: webhooks.failureStreak }).from(webhooks).where(eq(webhooks.id, d.webhookId));
    if (w)
      await tx
        .update(webhooks)
        .set({ failureStreak: outcome.status === "delivered" ? 0 : w.streak + 1 })
        .where(eq(webhooks.id, d.webhookId));
  });
}

export async function markDeliveryFailed(deliveryId: number, error: string): Promise<void> {
  await transaction((tx) =>
    tx.update(webhookDeliveries).set({ status: "failed", error }).where(eq(webhookDeliveries.id, deliveryId)),
  );
}

/** Sends a delivery again (the log's Redeliver): its job queued afresh, whatever happened before. */
export async function redeliver(deliveryId: number): Promise<boolean> {
  const job = await getJobByKey(jobKeyOf(deliveryId));
  if (!job) return false;
  if (job.state === "queued" || job.state === "running") return true;
  const again = await retryJob(job.id);
  if (again)
    await transaction((tx) =>
      tx.update(webhookDeliveries).set({ status: "pending" }).where(eq(webhookDeliveries.id, deliveryId)),
    );
  return again;
}

/** What a story event says about the story: enough to show it, and where to fetch all of it. */
export type StoryFacts = {
  id: number;
  slug: string;
  headline: string;
  dek: string;
  status: string;
  publishedAt: number | null;
  updatedAt: number;
  trashedAt: number | null;
  section: string | null;
  authors: string[];
  tags: string[];
};

export async function storyFacts(tx: Db, id: number): Promise<StoryFacts | null> {
  const [row] = await tx
    .select({
      id: articles.id,
      slug: articles.slug,
      headline: articles.headline,
      dek: articles.dek,
      status: articles.status,
      publishedAt: articles.publishedAt,
      updatedAt: articles.updatedAt,
      trashedAt: articles.trashedAt,
      section: sections.slug,
    })
    .from(articles)
    .leftJoin(sections, eq(sections.id, articles.sectionId))
    .where(eq(articles.id, id));
  if (!row) return null;
  const bylines = await tx
    .select({ slug: authors.slug })
    .from(articleAuthors)
    .innerJoin(authors, eq(authors.id, articleAuthors.authorId))
    .where(eq(articleAuthors.articleId, id))
    .orderBy(articleAuthors.position);
  const tagged = await tx
    .select({ slug: tags.slug })
    .from(articleTags)
    .innerJoin(tags, eq(tags.id, articleTags.tagId))
    .where(eq(articleTags.articleId, id));
  return { ...row, authors: bylines.map((b) => b.slug), tags: tagged.map((t) => t.slug).sort() };
}

/** What readers could see of it at `now`: published, or scheduled and due, and not in the trash. */
export function visibleAt(story: StoryFacts | null, now: number): boolean {
  return (
    story !== null &&
    story.trashedAt === null &&
    (story.status === "published" || story.status === "scheduled") &&
    story.publishedAt !== null &&
    story.publishedAt <= now
  );
}

export function storyEventData(story: StoryFacts) {
  return {
    story: {
      id: story.id,
      slug: story.slug,
      url: absoluteUrl(articlePath(story.slug)),
      api_url: absoluteUrl(`/api/content/stories/${story.slug}`),
      headline: story.headline,
      dek: story.dek,
      section: story.section,
      authors: story.authors,
      tags: story.tags,
      published_at: story.publishedAt === null ? null : new Date(story.publishedAt).toISOString(),
      updated_at: new Date(story.updatedAt).toISOString(),
    },
  };
}

/**
 * The webhook event a story change is, if any, queued in the change's transaction: published (it
 * became visible), updated (it was and stays visible), unpublished (it was visible and is not), deleted.
 * A story scheduled for later gets a job at its time that publishes the event then.
 */
export async function enqueueStoryEvents(
  tx: Db,
  before: StoryFacts | null,
  after: StoryFacts | null,
  id: number,
  now: number,
): Promise<void> {
  const was = visibleAt(before, now);
  const is = visibleAt(after, now);
  const orderKey = `story:${id}`;
  if (after === null && before !== null && before.publishedAt !== null && before.status !== "draft")
    await enqueueWebhookEvent(tx, "story.deleted", storyEventData(before), { orderKey, at: now });
  else if (after && is)
    await enqueueWebhookEvent(tx, was ? "story.updated" : "story.published", storyEventData(after), {
      orderKey,
      at: now,
    });
  else if (after && was)
    await enqueueWebhookEvent(tx, "story.unpublished", storyEventData(after), { orderKey, at: now });
  if (after && after.status === "scheduled" && after.trashedAt === null && after.publishedAt !== null && !is)
    await enqueueJobs(
      [
        {
          kind: STORY_DUE_JOB,
          key: `story-due:${id}:${after.publishedAt}`,
          payload: { id, publishedAt: after.publishedAt },
          runAt: after.publishedAt,
        },
      ],
      tx,
    );
}

/** A scheduled story's time came: its story.published, once, if it is still due as scheduled. */
export async function publishDueStoryEvent(id: number, publishedAt: number, now: number = Date.now()): Promise<void> {
  await transaction(async (tx) => {
    const story = await storyFacts(tx, id);
    if (!story || story.publishedAt !== publishedAt || !visibleAt(story, now)) return;
    await enqueueWebhookEvent(tx, "story.published", storyEventData(story), {
      eventId: `story.published:${id}:${publishedAt}`,
      orderKey: `story:${id}`,
      at: publishedAt,
    });
  });
}

/**
 * comment.approved, in the transaction that approves: for moderated comments that were not approved
 * before (`arriving: false`, called before their status is set), or for comments stored approved as they
 * arrive (`arriving: true`: a staff reply, a commenter WordPress's rules approve at once).
 */
export async function enqueueCommentApprovals(
  tx: Db,
  ids: number[],
  now: number = Date.now(),
  { arriving = false }: { arriving?: boolean } = {},
): Promise<void> {
  if (ids.length === 0) return;
  const rows = await tx
    .select({
      id: comments.id,
      articleId: comments.articleId,
      parentId: comments.parentId,
      authorName: comments.authorName,
      body: comments.body,
      createdAt: comments.createdAt,
      slug: articles.slug,
    })
    .from(comments)
    .innerJoin(articles, eq(articles.id, comments.articleId))
    .where(
      and(inArray(comments.id, ids), arriving ? eq(comments.status, "approved") : ne(comments.status, "approved")),
    );
  for (const c of rows)
    await enqueueWebhookEvent(
      tx,
      "comment.approved",
      {
        comment: {
          id: c.id,
          story_id: c.articleId,
          story_url: absoluteUrl(articlePath(c.slug)),
          parent_id: c.parentId,
          author_name: c.authorName,
          body: c.body,
          created_at: new Date(c.createdAt).toISOString(),
        },
      },
      { orderKey: `story:${c.articleId}`, at: now },
    );
}
