// Fixed one-minute windows per API key, counted in memory: by this process alone, or by the cluster's
// primary for all its workers (lib/cluster/primary.ts).
export const RATE_WINDOW_MS = 60_000;

export function createRateWindows() {
  const windows = new Map<number, { start: number; count: number }>();
  return {
    /** Counts one request of `keyId` in the window starting at `start`; returns the window's count. */
    take(keyId: number, start: number, limit: number): number {
      let w = windows.get(keyId);
      if (!w || w.start !== start) {
        // Forget finished windows now and then, so memory stays bounded by the keys in use.
        if (windows.size > 10_000) windows.clear();
        w = { start, count: 0 };
        windows.set(keyId, w);
      }
      // A refused request does not count: the window's count stops at one past the limit.
      if (w.count <= limit) w.count++;
      return w.count;
    },
  };
}
