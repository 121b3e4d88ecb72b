import "server-only";
import { getLiveCoverage, listLiveChangesSince } from "@/lib/data/live";
import { getSettingsUncached } from "@/lib/data/settings";
import type { LiveCatchUp } from "@/lib/live/bus.mjs";
import { liveUpdateEvent } from "@/lib/live/render";
import { isLive } from "@/lib/live/rules";

/**
 * What a stream opened from the moment `since` has missed: every update changed since then (deleted
 * ones as deletions), rendered as the bus would have carried them. Null for a story never live.
 */
export async function liveCatchUp(articleId: number, since: number): Promise<LiveCatchUp | null> {
  const coverage = await getLiveCoverage(articleId);
  if (!coverage) return null;
  const [changes, { timezone }] = await Promise.all([listLiveChangesSince(articleId, since), getSettingsUncached()]);
  const messages = changes.map((update) => {
    const event = liveUpdateEvent(update, timezone);
    return { articleId, at: event.at, data: JSON.stringify(event) };
  });
  return { live: isLive(coverage), messages };
}
