import "server-only";
import { and, desc, eq, gt, lte } from "drizzle-orm";
import { db, transaction } from "@/db";
import { importRuns } from "@/db/schema";
import type { ImportRunStatus } from "@/lib/domain";
import type { ImportProgress } from "@/lib/wordpress/importer";
import type { ImportSummary } from "@/lib/wordpress/summary";

export type ImportRun = {
  id: number;
  source: string;
  status: ImportRunStatus;
  progress: ImportProgress & { totalBytes?: number; updatedAt?: number };
  summary: ImportSummary | null;
  error: string | null;
  startedAt: number;
  finishedAt: number | null;
};

export async function startImportRun(source: string, totalBytes: number): Promise<number> {
  return transaction(async (tx) => {
    const progress = JSON.stringify({ bytesRead: 0, articles: 0, comments: 0, skipped: 0, totalBytes });
    const [run] = await tx.insert(importRuns).values({ source, progress }).returning({ id: importRuns.id });
    return run.id;
  });
}

export async function recordImportProgress(id: number, progress: ImportProgress & { totalBytes?: number }) {
  const value = JSON.stringify({ ...progress, updatedAt: Date.now() });
  await transaction((tx) => tx.update(importRuns).set({ progress: value }).where(eq(importRuns.id, id)));
}

/**
 * Ends a run, done or failed. `finished_at` is also what the scheduled sweep watches (listImportsEnded):
 * pages cached before it are dropped, so readers see what an import wrote even from another process.
 */
export async function endImportRun(id: number, outcome: { summary: ImportSummary } | { error: string }): Promise<void> {
  const values =
    "summary" in outcome
      ? { status: "done" as const, summary: JSON.stringify(outcome.summary) }
      : { status: "failed" as const, error: outcome.error };
  await transaction((tx) =>
    tx
      .update(importRuns)
      .set({ ...values, finishedAt: Date.now() })
      .where(eq(importRuns.id, id)),
  );
}

export async function getLatestImportRun(): Promise<ImportRun | null> {
  const [run] = await db.select().from(importRuns).orderBy(desc(importRuns.id)).limit(1);
  if (!run) return null;
  return {
    ...run,
    progress: JSON.parse(run.progress) as ImportRun["progress"],
    summary: run.summary ? (JSON.parse(run.summary) as ImportSummary) : null,
  };
}

// A run that has said nothing for this long died with its process (a crash, a restart), not still running.
const STALE_AFTER_MS = 10 * 60 * 1000;

/** Whether another import is writing now; two at once would race for the same slugs and map rows. */
export async function isImportRunning(): Promise<boolean> {
  const run = await getLatestImportRun();
  return run?.status === "running" && Date.now() - (run.progress.updatedAt ?? run.startedAt) < STALE_AFTER_MS;
}

/**
 * When import runs ended in (after, upTo]. An import from the command line writes from another process,
 * which cannot reach the server's caches; lib/cache/schedule.ts drops every page cached before each.
 */
export async function listImportsEnded(after: number, upTo: number): Promise<number[]> {
  const ended = await db
    .select({ at: importRuns.finishedAt })
    .from(importRuns)
    .where(and(gt(importRuns.finishedAt, after), lte(importRuns.finishedAt, upTo)));
  return ended.flatMap((r) => (r.at === null ? [] : [r.at]));
}
