import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { transaction } from "@/db";
import {
  claimDueJobs,
  completeJob,
  countJobsByState,
  enqueueJobs,
  failJob,
  getJobByKey,
  listJobs,
  retryJob,
  type ClaimedJob,
} from "@/lib/data/jobs";
import { DeferJobError, defineJobHandler, exponentialBackoff, PermanentJobError } from "@/lib/jobs/registry";
import { runDueJobs, startJobRunner, stopJobRunner } from "@/lib/jobs/runner";

// Each test uses kinds of its own, so what one test leaves queued is never claimed by another.
const kindOf = () => `test-${randomUUID()}`;
const LEASE = 60_000;

describe("enqueueing", () => {
  it("adds a job once per idempotency key", async () => {
    const kind = kindOf();
    expect(await enqueueJobs([{ kind, key: `${kind}:1`, payload: { n: 1 } }])).toBe(1);
    expect(await enqueueJobs([{ kind, key: `${kind}:1`, payload: { n: 2 } }])).toBe(0);
    const job = await getJobByKey(`${kind}:1`);
    expect(job).toMatchObject({ kind, state: "queued", attempts: 0, payload: { n: 1 } });
  });

  it("adds nothing when the change it belongs to rolls back", async () => {
    const kind = kindOf();
    await expect(
      transaction(async (tx) => {
        await enqueueJobs([{ kind, key: `${kind}:1`, payload: {} }], tx);
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect(await getJobByKey(`${kind}:1`)).toBeNull();
  });
});

describe("claiming", () => {
  it("claims a due job once, and not one whose time has not come", async () => {
    const kind = kindOf();
    const now = Date.now();
    await enqueueJobs([
      { kind, key: `${kind}:due`, payload: {}, runAt: now - 1 },
      { kind, key: `${kind}:later`, payload: {}, runAt: now + 60_000 },
    ]);
    const [first, second] = await Promise.all([
      claimDueJobs([kind], 10, LEASE, now),
      claimDueJobs([kind], 10, LEASE, now),
    ]);
    const claimed = [...first, ...second];
    expect(claimed.map((j) => j.key)).toEqual([`${kind}:due`]);
    expect(claimed[0]).toMatchObject({ state: "running", attempts: 1 });
  });

  it("takes a job back from a holder whose lease lapsed, and refuses the old holder's result", async () => {
    const kind = kindOf();
    const now = Date.now();
    await enqueueJobs([{ kind, key: `${kind}:1`, payload: {}, runAt: now }]);
    const [lost] = await claimDueJobs([kind], 1, 1_000, now);
    expect(await claimDueJobs([kind], 1, LEASE, now + 500)).toEqual([]);
    const [again] = await claimDueJobs([kind], 1, LEASE, now + 2_000);
    expect(again).toMatchObject({ id: lost!.id, attempts: 2 });
    expect(await completeJob(lost!)).toBe(false);
    expect(await completeJob(again!)).toBe(true);
    expect((await getJobByKey(`${kind}:1`))?.state).toBe("done");
  });

  it("runs jobs sharing an order key one at a time, in order, also across a retry", async () => {
    const kind = kindOf();
    const now = Date.now();
    await enqueueJobs(
      [1, 2, 3].map((n) => ({ kind, key: `${kind}:${n}`, payload: { n }, orderKey: "story:7", runAt: now })),
    );
    await enqueueJobs([{ kind, key: `${kind}:other`, payload: {}, orderKey: "story:8", runAt: now }]);
    const first = await claimDueJobs([kind], 10, LEASE, now);
    expect(first.map((j) => j.key).sort()).toEqual([`${kind}:1`, `${kind}:other`]);
    const one = first.find((j) => j.key === `${kind}:1`)!;
    // The first fails and waits: the second must not overtake it.
    await failJob(one, "receiver down", now + 10_000, now);
    expect(await claimDueJobs([kind], 10, LEASE, now + 1)).toEqual([]);
    const [retried] = await claimDueJobs([kind], 10, LEASE, now + 10_000);
    expect(retried?.key).toBe(`${kind}:1`);
    await completeJob(retried!);
    const [two] = await claimDueJobs([kind], 10, LEASE, now + 10_001);
    expect(two?.key).toBe(`${kind}:2`);
  });
});

describe("the runner", () => {
  it("runs due jobs, retries a failure with backoff, and gives up after the last attempt", async () => {
    const kind = kindOf();
    const seen: number[] = [];
    let clock = Date.now();
    defineJobHandler(
      kind,
      async (job: ClaimedJob) => {
        seen.push(job.attempts);
        if ((job.payload as { fail: boolean }).fail) throw new Error(`attempt ${job.attempts} failed`);
      },
      { maxAttempts: 3, backoffMs: () => 1_000 },
    );
    await enqueueJobs([
      { kind, key: `${kind}:ok`, payload: { fail: false }, runAt: clock },
      { kind, key: `${kind}:bad`, payload: { fail: true }, runAt: clock },
    ]);
    await runDueJobs(() => clock);
    expect((await getJobByKey(`${kind}:ok`))?.state).toBe("done");
    const waiting = await getJobByKey(`${kind}:bad`);
    expect(waiting).toMatchObject({ state: "queued", attempts: 1, lastError: "attempt 1 failed" });
    expect(waiting!.runAt).toBe(clock + 1_000);

    clock += 1_000;
    await runDueJobs(() => clock);
    clock += 1_000;
    await runDueJobs(() => clock);
    expect(await getJobByKey(`${kind}:bad`)).toMatchObject({ state: "dead", attempts: 3 });
    expect(seen.sort()).toEqual([1, 1, 2, 3]);
    expect(await countJobsByState(kind)).toEqual({ queued: 0, running: 0, done: 1, dead: 1 });
  });

  it("gives up at once on a permanent error, tells onDead, and can be retried by hand", async () => {
    const kind = kindOf();
    const dead: string[] = [];
    let fail = true;
    defineJobHandler(
      kind,
      async () => {
        if (fail) throw new PermanentJobError("410 Gone");
      },
      { onDead: async (job, error) => void dead.push(`${job.key}: ${error}`) },
    );
    await enqueueJobs([{ kind, key: `${kind}:1`, payload: {} }]);
    await runDueJobs();
    expect(await getJobByKey(`${kind}:1`)).toMatchObject({ state: "dead", attempts: 1 });
    expect(dead).toEqual([`${kind}:1: 410 Gone`]);

    fail = false;
    const [job] = await listJobs({ kind, keyPrefix: `${kind}:` });
    expect(await retryJob(job!.id)).toBe(true);
    await runDueJobs();
    expect(await getJobByKey(`${kind}:1`)).toMatchObject({ state: "done", attempts: 1 });
  });

  it("a job the handler defers runs again at the time it names, without spending an attempt", async () => {
    const kind = kindOf();
    let clock = Date.now();
    let ready = false;
    defineJobHandler(
      kind,
      async () => {
        if (!ready) throw new DeferJobError(clock + 5_000, "not yet");
      },
      { maxAttempts: 1 },
    );
    await enqueueJobs([{ kind, key: `${kind}:1`, payload: {}, runAt: clock }]);
    await runDueJobs(() => clock);
    await runDueJobs(() => clock);
    expect(await getJobByKey(`${kind}:1`)).toMatchObject({ state: "queued", attempts: 0, runAt: clock + 5_000 });
    ready = true;
    clock += 5_000;
    await runDueJobs(() => clock);
    expect(await getJobByKey(`${kind}:1`)).toMatchObject({ state: "done", attempts: 1 });
  });

  it("leaves a kind's jobs unclaimed while its handler is not ready (no SMTP server)", async () => {
    const kind = kindOf();
    let ready = false;
    const ran: string[] = [];
    defineJobHandler(kind, async (job) => void ran.push(job.key), { ready: () => ready });
    await enqueueJobs([{ kind, key: `${kind}:1`, payload: {} }]);
    await runDueJobs();
    expect(await getJobByKey(`${kind}:1`)).toMatchObject({ state: "queued", attempts: 0 });
    ready = true;
    await runDueJobs();
    expect(ran).toEqual([`${kind}:1`]);
  });

  it("the server's runner keeps a kind's slots busy as attempts end, never running more than its concurrency", async () => {
    const kind = kindOf();
    const total = 40;
    let running = 0;
    let most = 0;
    let finished = 0;
    let allDone!: () => void;
    const done = new Promise<void>((resolve) => (allDone = resolve));
    defineJobHandler(
      kind,
      async () => {
        most = Math.max(most, ++running);
        await new Promise((resolve) => setImmediate(resolve));
        running--;
        if (++finished === total) allDone();
      },
      { concurrency: 4 },
    );
    await enqueueJobs(Array.from({ length: total }, (_, n) => ({ kind, key: `${kind}:${n}`, payload: {} })));
    const started = Date.now();
    startJobRunner();
    try {
      await done;
    } finally {
      await stopJobRunner();
    }
    expect(most).toBeLessThanOrEqual(4);
    // Ten rounds of four: claimed as slots free, not one round per 500 ms tick (which would take 5 s).
    expect(Date.now() - started).toBeLessThan(4_000);
    expect(await countJobsByState(kind)).toMatchObject({ done: total, queued: 0, running: 0 });
  });

  it("fails an attempt that runs past its timeout", async () => {
    const kind = kindOf();
    defineJobHandler(kind, (_job, signal) => new Promise((_, reject) => signal.addEventListener("abort", reject)), {
      timeoutMs: 50,
      maxAttempts: 1,
    });
    await enqueueJobs([{ kind, key: `${kind}:1`, payload: {} }]);
    await runDueJobs();
    expect(await getJobByKey(`${kind}:1`)).toMatchObject({ state: "dead", lastError: "timed out after 50 ms" });
  });

  it("backs off exponentially up to its cap", () => {
    expect(exponentialBackoff(1, 1000, 8000)).toBeGreaterThanOrEqual(1000);
    expect(exponentialBackoff(3, 1000, 8000)).toBeGreaterThanOrEqual(4000);
    expect(exponentialBackoff(3, 1000, 8000)).toBeLessThanOrEqual(4800);
    expect(exponentialBackoff(20, 1000, 8000)).toBeLessThanOrEqual(9600);
  });
});
