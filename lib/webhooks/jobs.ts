import {
  DELIVERY_JOB,
  getDeliveryWithWebhook,
  markDeliveryFailed,
  publishDueStoryEvent,
  recordDeliveryAttempt,
  setWebhookActive,
  STORY_DUE_JOB,
} from "@/lib/data/webhooks";
import { defineJobHandler, exponentialBackoff, PermanentJobError } from "@/lib/jobs/registry";
import { DELIVERY_TIMEOUT_MS, sendDelivery } from "./send";
import { SIGNATURE_HEADER, signPayload } from "./sign";

/** A delivery is retried with exponential backoff (1 s doubling, at most an hour apart) for this long. */
export const RETRY_FOR_MS = 24 * 60 * 60_000;

function deliveryIdOf(payload: unknown): number {
  const id = (payload as { deliveryId?: unknown } | null)?.deliveryId;
  if (typeof id !== "number") throw new PermanentJobError("no delivery id");
  return id;
}

defineJobHandler(
  DELIVERY_JOB,
  async (job, signal) => {
    const found = await getDeliveryWithWebhook(deliveryIdOf(job.payload));
    if (!found) throw new PermanentJobError("the webhook was deleted");
    const { delivery, webhook } = found;
    if (!webhook.active) throw new PermanentJobError("the webhook is disabled");
    const at = Date.now();
    // Signed afresh on every attempt: the timestamp is the sending time, so a receiver refusing
    // signatures older than five minutes still takes a retry.
    const result = await sendDelivery(
      webhook.url,
      delivery.payload,
      {
        [SIGNATURE_HEADER]: signPayload(webhook.secret, delivery.payload, at),
        "X-Newsroom-Event": delivery.event,
        "X-Newsroom-Delivery": delivery.eventId,
      },
      signal,
    );
    const delivered = result.status !== null && result.status >= 200 && result.status < 300;
    const error = delivered ? null : (result.error ?? `answered ${result.status}`);
    await recordDeliveryAttempt(
      delivery.id,
      {
        status: delivered ? "delivered" : "pending",
        responseCode: result.status,
        durationMs: result.durationMs,
        error,
      },
      at,
    );
    if (delivered) return;
    if (at - delivery.createdAt >= RETRY_FOR_MS) throw new PermanentJobError(`${error}; gave up after 24 hours`);
    throw new Error(error!);
  },
  {
    maxAttempts: 60,
    backoffMs: (attempt) => exponentialBackoff(attempt, 1000, 60 * 60_000),
    timeoutMs: DELIVERY_TIMEOUT_MS + 5_000,
    concurrency: 8,
    // Given up on: the delivery is failed, and its webhook switched off so the administrator sees it on
    // the integrations screen and the dashboard (and turns it back on once the receiver is fixed).
    onDead: async (job, error) => {
      const id = (job.payload as { deliveryId?: number }).deliveryId;
      if (typeof id !== "number") return;
      await markDeliveryFailed(id, error);
      const found = await getDeliveryWithWebhook(id);
      if (found?.webhook.active)
        await setWebhookActive(
          found.webhook.id,
          false,
          `Deliveries failed for 24 hours (last: ${error.slice(0, 200)}).`,
        );
    },
  },
);

defineJobHandler(STORY_DUE_JOB, async (job) => {
  const { id, publishedAt } = job.payload as { id: number; publishedAt: number };
  await publishDueStoryEvent(id, publishedAt);
});
