import {
  getDelivery,
  ISSUE_FAN_OUT_JOB,
  MAIL_MAX_ATTEMPTS,
  MAIL_SEND_JOB,
  markDeliveryFailed,
  enqueueUnjobbedMail,
} from "@/lib/data/newsletter-sends";
import { getSettingsUncached } from "@/lib/data/settings";
import { DeferJobError, defineJobHandler, exponentialBackoff, PermanentJobError } from "@/lib/jobs/registry";
import { BRIEFING_JOB, fanOutIssue, runBriefingJob, scheduleBriefingJobs } from "./issues";
import { sendDelivery } from "./sender";
import { mailTransport } from "./transport";

// Newsletters on the one job queue: an issue's fan-out, each email's send, and the daily briefing.

/** How long one send may take, the nodemailer pool's queue included (MAIL_RATE_PER_SECOND). */
const SEND_TIMEOUT_MS = Number(process.env.MAIL_SEND_TIMEOUT_MS || 60_000);
// The first retry after a temporary (4xx) failure; each further one waits twice as long, up to 6 hours.
const retryBaseMs = () => Number(process.env.MAIL_RETRY_BASE_MS ?? 60_000);
// Should a send be claimed while no transport is set (a test or script setting none), it waits this long.
const UNCONFIGURED_RECHECK_MS = 60_000;

/**
 * Sends in flight per process: enough to keep the pool's connections busy, but no more than the rate
 * (MAIL_RATE_PER_SECOND) can send within half a send's timeout, since the ones waiting in the pool's
 * queue are within their timeout too.
 */
function sendConcurrency(): number {
  const connections = Number(process.env.MAIL_CONNECTIONS || 5);
  const rate = Number(process.env.MAIL_RATE_PER_SECOND || 0);
  const wanted = connections * 4;
  return rate > 0 ? Math.max(1, Math.min(wanted, Math.floor((rate * SEND_TIMEOUT_MS) / 2000))) : wanted;
}

const idOf = (payload: unknown, name: "deliveryId" | "issueId"): number => {
  const id = (payload as Record<string, unknown> | null)?.[name];
  if (typeof id !== "number") throw new PermanentJobError(`no ${name}`);
  return id;
};

defineJobHandler(
  MAIL_SEND_JOB,
  async (job) => {
    const row = await getDelivery(idOf(job.payload, "deliveryId"));
    // Already settled: this job ran before, and its process died after recording the send but before the
    // job was marked done. Nothing is sent twice from the database's side of the 250.
    if (!row || row.state !== "queued") return;
    const transport = mailTransport();
    if (!transport) throw new DeferJobError(Date.now() + UNCONFIGURED_RECHECK_MS, "SMTP_URL is not set");
    await sendDelivery(row, transport);
  },
  {
    maxAttempts: MAIL_MAX_ATTEMPTS,
    backoffMs: (attempt) => exponentialBackoff(attempt, retryBaseMs(), 6 * 60 * 60_000),
    timeoutMs: SEND_TIMEOUT_MS,
    concurrency: sendConcurrency(),
    onDead: async (job, error) => {
      const id = (job.payload as { deliveryId?: unknown }).deliveryId;
      if (typeof id === "number") await markDeliveryFailed(id, error);
    },
    // Without SMTP_URL emails wait in the queue, unclaimed, until a server is configured (and restarted).
    ready: () => mailTransport() !== null,
  },
);

defineJobHandler(
  ISSUE_FAN_OUT_JOB,
  async (job) => {
    await fanOutIssue(idOf(job.payload, "issueId"));
  },
  { concurrency: 1, timeoutMs: 5 * 60_000 },
);

defineJobHandler(
  BRIEFING_JOB,
  async (job) => {
    await runBriefingJob(job.payload as { date: string; time: string });
  },
  { concurrency: 1, timeoutMs: 60_000 },
);

/** On start: the briefing's next jobs, and a job for any email or issue queued without one. */
export async function scheduleMailJobs(): Promise<void> {
  await enqueueUnjobbedMail();
  await scheduleBriefingJobs(await getSettingsUncached());
}
