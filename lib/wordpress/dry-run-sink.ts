import sharp from "sharp";
import { uniqueSlug } from "./mapping";
import type { BatchResult, ImageFile, ImportBatch, ImportSink, SlugChange, StoredImages } from "./sink";

/**
 * A sink that writes nothing: it counts what an import into an empty publication would create, finds
 * slug clashes among the imported articles, and opens each image file as the real import would.
 */
export class DryRunSink implements ImportSink {
  private articleSlugs = new Map<string, number>();
  private sectionSlugs = new Set<string>();
  private tagSlugs = new Set<string>();

  /** With `createUsers`, counts the inactive newsroom users the real import would create (one per author). */
  constructor(private options: { createUsers?: boolean } = {}) {}

  async begin() {}

  async finish() {}

  async storeImages(files: ImageFile[]): Promise<StoredImages> {
    const paths = new Map<string, string | null>();
    let usable = 0;
    for (const { uploadsPath, file } of files) {
      const ok = await isImage(file);
      if (ok) usable++;
      paths.set(uploadsPath, ok ? `/uploads/dry-run/${uploadsPath}` : null);
    }
    return { paths, counts: { created: usable } };
  }

  async writeBatch(batch: ImportBatch): Promise<BatchResult> {
    const slugChanges: SlugChange[] = [];
    for (const article of batch.articles) {
      const owner = this.articleSlugs.get(article.slug);
      if (owner === article.wpId) continue;
      const got = uniqueSlug(article.slug, (s) => {
        const taken = this.articleSlugs.get(s);
        return taken !== undefined && taken !== article.wpId;
      });
      this.articleSlugs.set(got, article.wpId);
      if (got !== article.slug) slugChanges.push({ kind: "article", wpId: article.wpId, wanted: article.slug, got });
    }
    return {
      counts: {
        authors: { created: batch.authors.length },
        sections: newSlugs(batch.sections, this.sectionSlugs),
        tags: newSlugs(batch.tags, this.tagSlugs),
        articles: { created: batch.articles.length },
        pages: { created: batch.pages.length },
        comments: { created: batch.comments.length },
        users: { created: this.options.createUsers ? batch.authors.length : 0 },
      },
      slugChanges,
      warnings: [],
    };
  }
}

function newSlugs(terms: { slug: string }[], seen: Set<string>) {
  let created = 0;
  let unchanged = 0;
  for (const { slug } of terms) {
    if (seen.has(slug)) unchanged++;
    else created++;
    seen.add(slug);
  }
  return { created, unchanged };
}

async function isImage(file: string): Promise<boolean> {
  try {
    const meta = await sharp(file, { limitInputPixels: 50_000_000 }).metadata();
    return Boolean(
      meta.width && meta.height && meta.format && ["jpeg", "png", "webp", "avif", "gif"].includes(meta.format),
    );
  } catch {
    return false;
  }
}
