import "server-only";
import { randomUUID } from "node:crypto";
import { and, count, desc, eq, inArray, lt, sql, type SQL } from "drizzle-orm";
import { db, rows, transaction, type Db } from "@/db";
import { jobs } from "@/db/schema";
import { JOB_STATES, type JobState } from "@/lib/domain";

export type JobInput = {
  kind: string;
  /** The idempotency key: a job with a key already queued (or run) is not added again. */
  key: string;
  payload: unknown;
  /** When it may run first (UTC ms); now by default. */
  runAt?: number;
  /** Jobs sharing an order key run one at a time, in the order they were enqueued. */
  orderKey?: string | null;
  maxAttempts?: number;
};

export type Job = {
  id: number;
  kind: string;
  key: string;
  payload: unknown;
  state: JobState;
  orderKey: string | null;
  attempts: number;
  maxAttempts: number;
  runAt: number;
  lastError: string | null;
  createdAt: number;
  finishedAt: number | null;
};

/** A job this process holds under a lease: only the holder of `leaseToken` may finish it. */
export type ClaimedJob = Job & { leaseToken: string };

type JobRow = typeof jobs.$inferSelect;

function toJob(r: JobRow): Job {
  return {
    id: r.id,
    kind: r.kind,
    key: r.key,
    payload: JSON.parse(r.payload) as unknown,
    state: r.state,
    orderKey: r.orderKey,
    attempts: r.attempts,
    maxAttempts: r.maxAttempts,
    runAt: r.runAt,
    lastError: r.lastError,
    createdAt: r.createdAt,
    finishedAt: r.finishedAt,
  };
}

/**
 * Adds jobs, skipping any whose key is already there. Pass the transaction of the change the jobs stand
 * for (`on`), so the change and its jobs commit together or not at all. Returns how many were added.
 */
export async function enqueueJobs(input: JobInput[], on?: Db): Promise<number> {
  if (input.length === 0) return 0;
  const now = Date.now();
  const values = input.map((j) => ({
    kind: j.kind,
    key: j.key,
    payload: JSON.stringify(j.payload ?? {}),
    runAt: j.runAt ?? now,
    orderKey: j.orderKey ?? null,
    maxAttempts: j.maxAttempts ?? 10,
    createdAt: now,
    updatedAt: now,
  }));
  const insert = (tx: Db) =>
    tx.insert(jobs).values(values).onConflictDoNothing({ target: jobs.key }).returning({ id: jobs.id });
  const added = on ? await insert(on) : await transaction(insert);
  return added.length;
}

/**
 * Which of these kinds have a job due: cheap reads (one index probe per kind), so an idle runner takes
 * no write turn, and a busy one claims only for kinds with work.
 */
export async function dueJobKinds(kinds: string[], now: number = Date.now()): Promise<string[]> {
  if (kinds.length === 0) return [];
  const probes = kinds.map(
    (k, i) =>
      sql`select * from (select kind from jobs
            where kind = ${k}
              and ((state = 'queued' and run_at <= ${now}) or (state = 'running' and lease_until < ${now}))
            limit 1) as ${sql.raw(`k${i}`)}`,
  );
  const found = await rows<{ kind: string }>(sql.join(probes, sql` union all `));
  return found.map((r) => r.kind);
}

/**
 * Claims up to `limit` due jobs of the given kinds for `leaseMs`: queued ones whose time has come, and
 * running ones whose holder let the lease lapse (its process died). A job waits while an earlier job with
 * its order key is unfinished. Writes take turns on both engines (transaction()), so two processes
 * never claim the same job.
 */
export async function claimDueJobs(
  kinds: string[],
  limit: number,
  leaseMs: number,
  now: number = Date.now(),
): Promise<ClaimedJob[]> {
  if (kinds.length === 0 || limit <= 0) return [];
  return transaction(async (tx) => {
    const due = await rows<{ id: number | string }>(
      sql`select j.id from jobs j
          where j.kind in (${sql.join(
            kinds.map((k) => sql`${k}`),
            sql`, `,
          )})
            and ((j.state = 'queued' and j.run_at <= ${now}) or (j.state = 'running' and j.lease_until < ${now}))
            and (j.order_key is null or not exists (
              select 1 from jobs e where e.order_key = j.order_key and e.id < j.id and e.state in ('queued', 'running')))
          order by j.run_at, j.id
          limit ${limit}`,
      tx,
    );
    if (due.length === 0) return [];
    const leaseToken = randomUUID();
    const claimed = await tx
      .update(jobs)
      .set({
        state: "running",
        leaseToken,
        leaseUntil: now + leaseMs,
        attempts: sql`${jobs.attempts} + 1`,
        updatedAt: now,
      })
      .where(
        inArray(
          jobs.id,
          due.map((d) => Number(d.id)),
        ),
      )
      .returning();
    return claimed.map((r) => ({ ...toJob(r), leaseToken }));
  });
}

const held = (job: ClaimedJob): SQL => and(eq(jobs.id, job.id), eq(jobs.leaseToken, job.leaseToken))!;

/** Marks a claimed job done; false when its lease had lapsed and another holder took it. */
export async function completeJob(job: ClaimedJob, now: number = Date.now()): Promise<boolean> {
  const done = await transaction((tx) =>
    tx
      .update(jobs)
      .set({ state: "done", leaseToken: null, leaseUntil: null, lastError: null, updatedAt: now, finishedAt: now })
      .where(held(job))
      .returning({ id: jobs.id }),
  );
  return done.length > 0;
}

/** A failed attempt: queued again at `retryAt`, or dead when `retryAt` is null (no attempt left). */
export async function failJob(
  job: ClaimedJob,
  error: string,
  retryAt: number | null,
  now: number = Date.now(),
): Promise<void> {
  await transaction((tx) =>
    tx
      .update(jobs)
      .set({
        state: retryAt === null ? "dead" : "queued",
        runAt: retryAt ?? job.runAt,
        leaseToken: null,
        leaseUntil: null,
        lastError: error.slice(0, 2000),
        updatedAt: now,
        finishedAt: retryAt === null ? now : null,
      })
      .where(held(job)),
  );
}

/** Gives a claimed job back untouched (a stopping process): the next claim takes it at once. */
export async function releaseJob(job: ClaimedJob): Promise<void> {
  await transaction((tx) =>
    tx
      .update(jobs)
      .set({ state: "queued", leaseToken: null, leaseUntil: null, attempts: sql`${jobs.attempts} - 1` })
      .where(held(job)),
  );
}

/** Queues a claimed job again for `runAt` without spending its attempt (the handler said: not yet). */
export async function deferJob(job: ClaimedJob, runAt: number): Promise<void> {
  await transaction((tx) =>
    tx
      .update(jobs)
      .set({
        state: "queued",
        runAt,
        leaseToken: null,
        leaseUntil: null,
        attempts: sql`${jobs.attempts} - 1`,
        updatedAt: Date.now(),
      })
      .where(held(job)),
  );
}

/** Queues a done or dead job again now, with a fresh count of attempts (a "Redeliver" button). */
export async function retryJob(id: number, now: number = Date.now()): Promise<boolean> {
  const again = await transaction((tx) =>
    tx
      .update(jobs)
      .set({ state: "queued", runAt: now, attempts: 0, leaseToken: null, leaseUntil: null, finishedAt: null })
      .where(and(eq(jobs.id, id), inArray(jobs.state, ["done", "dead"])))
      .returning({ id: jobs.id }),
  );
  return again.length > 0;
}

/** How many jobs are in each state, of one kind or of all. */
export async function countJobsByState(kind?: string): Promise<Record<JobState, number>> {
  const found = await db
    .select({ state: jobs.state, n: count() })
    .from(jobs)
    .where(kind ? eq(jobs.kind, kind) : undefined)
    .groupBy(jobs.state);
  const counts = Object.fromEntries(JOB_STATES.map((s) => [s, 0])) as Record<JobState, number>;
  for (const { state, n } of found) counts[state] = Number(n);
  return counts;
}

/** Queue depth by kind and state, for metrics. */
export async function countJobsByKindAndState(): Promise<{ kind: string; state: JobState; n: number }[]> {
  const found = await db
    .select({ kind: jobs.kind, state: jobs.state, n: count() })
    .from(jobs)
    .groupBy(jobs.kind, jobs.state);
  return found.map((r) => ({ ...r, n: Number(r.n) }));
}

/** Newest first; `keyPrefix` narrows to one feature's jobs (say, one webhook's deliveries). */
export async function listJobs(
  filter: { kind?: string; keyPrefix?: string; state?: JobState; beforeId?: number; limit?: number } = {},
): Promise<Job[]> {
  const where = and(
    filter.kind ? eq(jobs.kind, filter.kind) : undefined,
    filter.keyPrefix ? sql`${jobs.key} like ${escapeLike(filter.keyPrefix) + "%"} escape '\\'` : undefined,
    filter.state ? eq(jobs.state, filter.state) : undefined,
    filter.beforeId ? lt(jobs.id, filter.beforeId) : undefined,
  );
  const found = await db
    .select()
    .from(jobs)
    .where(where)
    .orderBy(desc(jobs.id))
    .limit(Math.min(filter.limit ?? 50, 500));
  return found.map(toJob);
}

export async function getJobByKey(key: string): Promise<Job | null> {
  const [found] = await db.select().from(jobs).where(eq(jobs.key, key)).limit(1);
  return found ? toJob(found) : null;
}

/** Removes finished jobs older than `before`; dead ones are kept for people to look at. */
export async function pruneDoneJobs(before: number): Promise<number> {
  const gone = await transaction((tx) =>
    tx
      .delete(jobs)
      .where(and(eq(jobs.state, "done"), lt(jobs.finishedAt, before)))
      .returning({ id: jobs.id }),
  );
  return gone.length;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
