import sharp from "sharp";
import { uniqueSlug } from "./mapping";
import type { BatchResult, ImageFile, ImportBatch, ImportSink, SlugChange, StoredImages } from "./sink";

/**
 * A sink that writes nothing: it counts what an import into an empty publication would create, finds
 * slug clashes among the imported articles, and opens each image file as the real import would.
 */
export class DryRunSink implements ImportSink {
  private articleSlugs = new Map<string, number>();

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
        sections: { created: batch.sections.length },
        tags: { created: batch.tags.length },
        articles: { created: batch.articles.length },
        comments: { created: batch.comments.length },
      },
      slugChanges,
      warnings: [],
    };
  }
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
