import type { ClaimedJob } from "@/lib/data/jobs";

/** Thrown by a handler when trying again cannot help (a 4xx from a receiver, a deleted subscriber). */
export class PermanentJobError extends Error {
  override name = "PermanentJobError";
}

/**
 * Thrown by a handler when the job cannot run yet and no attempt should be spent on it (no SMTP server
 * configured, a story not live yet): it is queued again to run at `runAt`.
 */
export class DeferJobError extends Error {
  override name = "DeferJobError";
  constructor(
    readonly runAt: number,
    message = "deferred",
  ) {
    super(message);
  }
}

export type JobHandlerOptions = {
  /** Attempts before the job is dead; the enqueued job's own max_attempts is used when it is lower. */
  maxAttempts?: number;
  /** The wait before attempt `attempt + 1`, after `attempt` failures (1, 2, …). */
  backoffMs?: (attempt: number) => number;
  /** An attempt running longer fails (and is retried); the lease is longer than this. */
  timeoutMs?: number;
  /** How many jobs of this kind one process runs at once. */
  concurrency?: number;
  /** Called once when a job of this kind is given up on (a webhook disables itself, an admin is told). */
  onDead?: ((job: ClaimedJob, error: string) => Promise<void>) | null;
  /** False: jobs of this kind are not claimed and wait in the queue (no SMTP server configured). */
  ready?: () => boolean;
};

export type JobHandler = {
  kind: string;
  run: (job: ClaimedJob, signal: AbortSignal) => Promise<void>;
  options: Required<JobHandlerOptions>;
};

/** 1 s, 2 s, 4 s … doubling up to an hour, with up to 20 % jitter so retries from many jobs spread out. */
export function exponentialBackoff(attempt: number, baseMs = 1000, capMs = 60 * 60_000): number {
  const plain = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(plain * (1 + Math.random() * 0.2));
}

const DEFAULTS: Required<JobHandlerOptions> = {
  maxAttempts: 10,
  backoffMs: (attempt) => exponentialBackoff(attempt),
  timeoutMs: 30_000,
  concurrency: 4,
  onDead: null,
  ready: () => true,
};

// On globalThis: Next may load this module more than once per process, and each feature's module
// registers its handler on import (lib/jobs/handlers.ts imports them all).
const key = Symbol.for("newsroom.jobs.handlers");
const registry: Map<string, JobHandler> = ((globalThis as Record<symbol, unknown>)[key] ??= new Map()) as Map<
  string,
  JobHandler
>;

/** Says how jobs of `kind` are run. A later definition of the same kind replaces the earlier. */
export function defineJobHandler(
  kind: string,
  run: (job: ClaimedJob, signal: AbortSignal) => Promise<void>,
  options: JobHandlerOptions = {},
): void {
  registry.set(kind, { kind, run, options: { ...DEFAULTS, ...options } });
}

export function jobHandler(kind: string): JobHandler | undefined {
  return registry.get(kind);
}

export function jobKinds(): string[] {
  return [...registry.keys()];
}
