import {
  claimDueJobs,
  completeJob,
  deferJob,
  dueJobKinds,
  failJob,
  pruneDoneJobs,
  releaseJob,
  type ClaimedJob,
} from "@/lib/data/jobs";
import { DeferJobError, jobHandler, jobKinds, PermanentJobError } from "./registry";
import "./handlers";
import { jobsStop } from "./stop";

// How often an idle process asks the database whether a job is due: the longest a new job waits.
export const JOB_POLL_MS = 500;
// A claimed job's lease outlasts its attempt's timeout by this much: only a dead process loses one.
// JOB_LEASE_SLACK_MS shortens it where a test kills a process and waits for its leases to lapse.
const leaseSlackMs = () => Number(process.env.JOB_LEASE_SLACK_MS || 30_000);
const KEEP_DONE_MS = 30 * 24 * 60 * 60_000;

type RunnerState = {
  timer?: NodeJS.Timeout;
  /** The attempts running in this process, by job id, with the kind of each. */
  inFlight: Map<number, { kind: string; run: Promise<void> }>;
  ticking: boolean;
  stopping: boolean;
  /** Claims again for these kinds: set when an attempt ends while the runner is started. */
  kick?: (kind: string) => void;
};
const key = Symbol.for("newsroom.jobs.runner");
const state: RunnerState = ((globalThis as Record<symbol, unknown>)[key] ??= {
  inFlight: new Map(),
  ticking: false,
  stopping: false,
}) as RunnerState;

function inFlightOf(kind: string): number {
  let n = 0;
  for (const running of state.inFlight.values()) if (running.kind === kind) n++;
  return n;
}
const running = () => [...state.inFlight.values()].map((r) => r.run);

async function attempt(job: ClaimedJob, now: () => number): Promise<void> {
  const handler = jobHandler(job.kind);
  if (!handler) return releaseJob(job);
  const { timeoutMs, maxAttempts, backoffMs, onDead } = handler.options;
  const abort = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new Error(`timed out after ${timeoutMs} ms`));
      abort.abort();
    }, timeoutMs);
  });
  try {
    await Promise.race([handler.run(job, abort.signal), timeout]);
    await completeJob(job, now());
  } catch (error) {
    if (error instanceof DeferJobError) return deferJob(job, error.runAt);
    const message = error instanceof Error ? error.message : String(error);
    const last = error instanceof PermanentJobError || job.attempts >= Math.min(maxAttempts, job.maxAttempts);
    const at = now();
    await failJob(job, message, last ? null : at + backoffMs(job.attempts), at);
    if (last) await onDead?.(job, message);
  } finally {
    clearTimeout(timer);
  }
}

// A kind with attempts in flight claims again once a quarter of its slots is free: fewer, larger claims.
const claimRoom = (kind: string) =>
  inFlightOf(kind) > 0 ? Math.ceil((jobHandler(kind)?.options.concurrency ?? 1) / 4) : 1;

/**
 * Claims what is due of the given kinds (every registered kind by default), up to each kind's
 * concurrency, and starts it. `minRoom`: a kind with fewer free slots waits for more (fewer claims).
 */
async function claimAndStart(
  clock: () => number,
  kinds = jobKinds(),
  minRoom: number | ((kind: string) => number) = 1,
): Promise<Promise<void>[]> {
  const now = clock();
  const started: Promise<void>[] = [];
  const roomOf = (kind: string) => jobHandler(kind)!.options.concurrency - inFlightOf(kind);
  const least = (kind: string) => Math.max(1, typeof minRoom === "number" ? minRoom : minRoom(kind));
  const wanted = kinds.filter((kind) => jobHandler(kind)?.options.ready() && roomOf(kind) >= least(kind));
  if (wanted.length === 0) return started;
  for (const kind of await dueJobKinds(wanted, now)) {
    const handler = jobHandler(kind)!;
    const room = roomOf(kind);
    if (room <= 0) continue;
    for (const job of await claimDueJobs([kind], room, handler.options.timeoutMs + leaseSlackMs(), now)) {
      const run = attempt(job, clock)
        .catch((error) => console.error(`job ${job.id} (${job.kind}) could not be recorded:`, error))
        .finally(() => {
          state.inFlight.delete(job.id);
          state.kick?.(kind);
        });
      state.inFlight.set(job.id, { kind, run });
      started.push(run);
    }
  }
  return started;
}

/**
 * Runs every job that is due until none is (tests, scripts): each round claims, runs and records. Jobs
 * retried with a backoff are not waited for. Returns how many attempts were made.
 */
export async function runDueJobs(now: () => number = Date.now): Promise<number> {
  let attempts = 0;
  for (;;) {
    const started = await claimAndStart(now, jobKinds(), claimRoom);
    if (started.length === 0 && state.inFlight.size === 0) return attempts;
    attempts += started.length;
    await Promise.race(running());
  }
}

/** Starts this process's runner (instrumentation.ts). Every process and instance may run one. */
export function startJobRunner(): void {
  if (state.timer) return;
  state.stopping = false;
  let lastPrune = 0;
  // The tick and the claims after an attempt take turns, so the two never both fill a kind's free slots.
  let claiming = false;
  const tick = () => {
    if (state.ticking || claiming || state.stopping) return;
    state.ticking = true;
    const now = Date.now();
    (async () => {
      await claimAndStart(Date.now);
      if (now - lastPrune > 60 * 60_000) {
        lastPrune = now;
        await pruneDoneJobs(now - KEEP_DONE_MS);
      }
    })()
      .catch((error) => console.error("The job runner's tick failed; it tries again.", error))
      .finally(() => {
        state.ticking = false;
        if (kicked.size > 0) void claimKicked();
      });
  };
  // An attempt that ends frees a slot of its kind: with more of that kind due (10,000 emails of one
  // issue), the next are claimed at once rather than at the next tick, a quarter of its slots at a time.
  const kicked = new Set<string>();
  const claimKicked = async () => {
    if (claiming || state.ticking) return;
    claiming = true;
    try {
      while (kicked.size > 0 && !state.stopping) {
        const kinds = [...kicked];
        kicked.clear();
        await claimAndStart(Date.now, kinds, claimRoom);
      }
    } catch (error) {
      console.error("The job runner could not claim; its next tick tries again.", error);
    } finally {
      claiming = false;
    }
  };
  state.kick = (kind) => {
    if (state.stopping || !jobHandler(kind)) return;
    kicked.add(kind);
    void claimKicked();
  };
  state.timer = setInterval(tick, JOB_POLL_MS);
  state.timer.unref();
  jobsStop.give(stopJobRunner);
}

/**
 * Stops claiming and waits up to `graceMs` for the attempts in flight. One still running after that is
 * left to its lease: another process takes it once the lease lapses, so nothing is lost.
 */
export async function stopJobRunner(graceMs = 5_000): Promise<void> {
  state.stopping = true;
  state.kick = undefined;
  if (state.timer) clearInterval(state.timer);
  state.timer = undefined;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, graceMs);
    timer.unref();
  });
  await Promise.race([Promise.allSettled(running()), late]);
  clearTimeout(timer);
}
