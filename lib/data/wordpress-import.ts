import "server-only";
import fs from "node:fs/promises";
import { transaction } from "@/db";
import type {
  BatchResult,
  ImageFile,
  ImportBatch,
  ImportSink,
  OutcomeCounts,
  StoredImages,
} from "@/lib/wordpress/sink";
import { articles } from "@/db/schema";
import { dropDeleted, loadMapped, saveMapped } from "./import-map";
import { endImportRun, recordImportProgress, startImportRun } from "./import-runs";
import { saveOldLinks } from "./old-links";
import { checkImageBytes, storeImageUpload, uploadExists } from "./uploads";
import { writeArticles, writeFeatureImages } from "./wordpress-articles";
import { writeComments } from "./wordpress-comments";
import { writePages } from "./wordpress-pages";
import { writeAuthors, writeTerms, type WriteContext } from "./wordpress-terms";
import { importWxr, type ImportProgress } from "@/lib/wordpress/importer";
import type { UploadsFolder } from "@/lib/wordpress/uploads";
import type { WxrSource } from "@/lib/wordpress/wxr-reader";
import type { ImportSummary } from "@/lib/wordpress/summary";

export type DatabaseSinkOptions = {
  /** What the run is called in import_runs: the file's name. */
  source: string;
  totalBytes: number;
  /** Creates an inactive newsroom user (role author) for each imported author without one. */
  createUsers?: boolean;
};

// Progress goes to the database at most this often: the import screen polls it.
const PROGRESS_INTERVAL_MS = 500;

/** The import's store: this publication's database, one transaction per batch, re-runs update. */
export class DatabaseSink implements ImportSink {
  runId: number | null = null;
  private lastProgress = 0;

  constructor(private options: DatabaseSinkOptions) {}

  async begin() {
    this.runId = await startImportRun(this.options.source, this.options.totalBytes);
  }

  async progress(progress: ImportProgress) {
    const now = Date.now();
    if (this.runId === null || now - this.lastProgress < PROGRESS_INTERVAL_MS) return;
    this.lastProgress = now;
    await recordImportProgress(this.runId, { ...progress, totalBytes: this.options.totalBytes });
  }

  async storeImages(files: ImageFile[]): Promise<StoredImages> {
    return storeImportedImages(files);
  }

  writeBatch(batch: ImportBatch): Promise<BatchResult> {
    return writeImportBatch(batch, Boolean(this.options.createUsers));
  }

  async finish() {}

  /** Records how the run ended; its end time tells every server's cache to drop older pages. */
  async end(outcome: { summary: ImportSummary } | { error: string }) {
    if (this.runId !== null) await endImportRun(this.runId, outcome);
  }
}

export function writeImportBatch(batch: ImportBatch, createUsers: boolean): Promise<BatchResult> {
  return transaction(async (tx) => {
    const ctx: WriteContext = { tx, counts: {}, slugChanges: [], warnings: [], map: [], links: [], createUsers };
    await writeAuthors(ctx, batch.authors);
    await writeTerms(ctx, "sections", batch.sections);
    await writeTerms(ctx, "tags", batch.tags);
    // Articles of this batch find their bylines through the authors' map rows.
    await saveMapped(tx, ctx.map.splice(0));
    const articleIds = await writeArticles(ctx, batch.articles);
    await writePages(ctx, batch.pages);
    const missing = batch.comments.filter((c) => !articleIds.has(c.articleWpId)).map((c) => `${c.articleWpId}`);
    const earlier = await loadMapped(tx, "wp:article", missing);
    await dropDeleted(tx, articles, earlier);
    for (const [key, m] of earlier) articleIds.set(Number(key), m.localId!);
    await writeComments(ctx, batch.comments, articleIds);
    await writeFeatureImages(ctx, batch.featureImages);
    ctx.links.push(...batch.redirects.map((r) => ({ key: r.key, kind: "url" as const, localId: null, target: r.to })));
    await saveMapped(tx, ctx.map);
    await saveOldLinks(tx, ctx.links);
    return { counts: ctx.counts, slugChanges: ctx.slugChanges, warnings: ctx.warnings };
  });
}

/**
 * Copies images into the uploads folder, re-encoded without metadata like any upload. A file copied by
 * an earlier run (and still there) is reused: the map remembers each uploads path's copy.
 */
export async function storeImportedImages(files: ImageFile[]): Promise<StoredImages> {
  const known = await transaction((tx) =>
    loadMapped(
      tx,
      "wp:image",
      files.map((f) => f.uploadsPath),
    ),
  );
  const paths = new Map<string, string | null>();
  const counts: Partial<OutcomeCounts> = { created: 0, unchanged: 0 };
  const stored: { kind: string; sourceKey: string; localPath: string }[] = [];
  for (const { uploadsPath, file } of files) {
    const copy = known.get(uploadsPath)?.localPath;
    if (copy && (await uploadExists(copy))) {
      paths.set(uploadsPath, copy);
      counts.unchanged!++;
      continue;
    }
    const checked = await checkImageBytes(await fs.readFile(/*turbopackIgnore: true*/ file));
    const path = checked.ok ? await storeImageUpload(checked) : null;
    paths.set(uploadsPath, path);
    if (path) {
      stored.push({ kind: "wp:image", sourceKey: uploadsPath, localPath: path });
      counts.created!++;
    }
  }
  if (stored.length) await transaction((tx) => saveMapped(tx, stored));
  return { paths, counts };
}

export type WordPressImportOptions = DatabaseSinkOptions & {
  uploads: UploadsFolder | null;
  batchSize?: number;
  onProgress?: (progress: ImportProgress) => void;
};

/** Imports an export into the database, recording the run (progress, then summary or error) in import_runs. */
export async function importWordPressExport(
  source: WxrSource,
  options: WordPressImportOptions,
): Promise<ImportSummary> {
  const sink = new DatabaseSink(options);
  try {
    const summary = await importWxr(source, {
      sink,
      uploads: options.uploads,
      batchSize: options.batchSize,
      onProgress: (progress) => {
        options.onProgress?.(progress);
        void sink.progress(progress).catch(() => {});
      },
    });
    await sink.end({ summary });
    return summary;
  } catch (error) {
    await sink.end({ error: (error as Error).message }).catch(() => {});
    throw error;
  }
}
