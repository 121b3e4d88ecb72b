import { countJobsByKindAndState } from "@/lib/data/jobs";
import { JOB_STATES } from "@/lib/domain";
import { registerLabelledGauge } from "@/lib/observability/metrics";
import { jobKinds } from "./registry";
import "./handlers";

export const JOB_QUEUE_GAUGE = "newsroom_jobs";

/**
 * Queue depths in /metrics: jobs by kind and state, read from the database when scraped, so every
 * instance reports the whole queue (graph it with max(), not sum()). Every known kind has every state's
 * series, at zero when empty, so an alert sees the first dead job too.
 */
export function registerJobQueueGauges(): void {
  registerLabelledGauge(
    JOB_QUEUE_GAUGE,
    "Jobs in the durable queue (newsletter sends and issues, webhook deliveries, backups), by kind and state.",
    ["kind", "state"],
    async () => {
      const counts = new Map<string, number>();
      for (const kind of jobKinds()) for (const state of JOB_STATES) counts.set(`${kind}\n${state}`, 0);
      for (const { kind, state, n } of await countJobsByKindAndState()) counts.set(`${kind}\n${state}`, n);
      return [...counts].map(([key, value]) => {
        const [kind, state] = key.split("\n");
        return { labels: { kind, state }, value };
      });
    },
  );
}
