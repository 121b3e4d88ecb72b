// The import loop: read records, map them, convert bodies, copy images, and hand batches to a sink.
// What it keeps between batches is small and bounded by the site's size, not the file's: category
// parents, the slugs of sections and tags seen, attachments' file paths, and posts whose featured image
// comes later in the file.
import { bodyToMarkdown, parseBody, type ParsedBody } from "./body";
import { mapComments } from "./comments";
import {
  type AttachmentInfo,
  itemSkipReason,
  mapAttachment,
  mapAuthor,
  mapCategory,
  mapPage,
  mapPost,
  mapTag,
  type MappedPost,
} from "./mapping";
import { FEED_KEY, oldLinkKey } from "./old-links";
import {
  type BatchResult,
  type CommentInput,
  emptyBatch,
  type FeatureImageInput,
  type ImageFile,
  type ImportBatch,
  type ImportSink,
  type PageInput,
  type SectionInput,
  type TagInput,
} from "./sink";
import { addCount, addOutcomes, addWarning, emptySummary, type ImportSummary, LIST_LIMIT } from "./summary";
import { safeUploadsPath, type UploadsFolder, uploadsPathFromUrl } from "./uploads";
import { readWxr, type WxrSource } from "./wxr-reader";
import type { WxrCategory, WxrItem, WxrItemTerm, WxrSite } from "./wxr-types";

export type ImportProgress = { bytesRead: number; articles: number; comments: number; skipped: number };

export type ImportOptions = {
  sink: ImportSink;
  /** Where the site's wp-content/uploads was copied; without it, images keep their old addresses. */
  uploads?: UploadsFolder | null;
  /** Articles per batch (one transaction each). */
  batchSize?: number;
  dryRun?: boolean;
  onProgress?: (progress: ImportProgress) => void;
};

export const DEFAULT_BATCH_SIZE = 500;
// Authors, sections and tags are small rows; a site with many thousands of tags still writes them in steps.
const TERMS_PER_BATCH = 2000;
const COMMENTS_PER_ARTICLE_BATCH = 20;

type PendingArticle = { post: MappedPost; content: string; comments: CommentInput[] };
type PendingPage = { page: Omit<PageInput, "body">; content: string };

export async function importWxr(source: WxrSource, options: ImportOptions): Promise<ImportSummary> {
  const run = new ImportRun(options);
  const started = performance.now();
  for await (const record of readWxr(source, { onBytes: (n) => run.progress(n), onWarning: (w) => run.warn(w) })) {
    switch (record.kind) {
      case "site":
        await run.begin(record.site);
        break;
      case "author":
        run.batch.authors.push(mapAuthor(record.author));
        break;
      case "category":
        run.addCategory(record.category);
        break;
      case "tag":
        run.addTag(mapTag(record.tag), true);
        break;
      case "term":
        addCount(run.summary.skipped, `${record.term.taxonomy} term`);
        break;
      case "item":
        run.addItem(record.item);
        break;
    }
    if (run.batchIsFull()) await run.flush();
  }
  await run.flush();
  await run.resolveLateFeatureImages();
  await options.sink.finish();
  run.summary.durationMs = Math.round(performance.now() - started);
  return run.summary;
}

class ImportRun {
  summary: ImportSummary;
  batch: ImportBatch = emptyBatch();
  private pending: PendingArticle[] = [];
  private pendingPages: PendingPage[] = [];
  /** Every page's WordPress slug and parent, for the nested permalinks (/parent/child/) of its children. */
  private pageTree = new Map<number, { name: string; parent: number }>();
  private pendingComments = 0;
  private site: WxrSite | null = null;
  private categoryParents = new Map<string, string>();
  private sectionSlugs = new Set<string>();
  private tagSlugs = new Set<string>();
  private attachments = new Map<number, AttachmentInfo>();
  private lateFeatureImages = new Map<number, number>();
  private storedImages = new Map<string, string | null>();
  private articles = 0;
  private comments = 0;
  private batchSize: number;

  constructor(private options: ImportOptions) {
    this.summary = emptySummary(Boolean(options.dryRun));
    this.summary.uploadsFolder = options.uploads?.root ?? null;
    this.batchSize = Math.max(1, options.batchSize ?? DEFAULT_BATCH_SIZE);
  }

  async begin(site: WxrSite) {
    this.site = site;
    this.summary.site = { title: site.title, url: site.link || site.baseBlogUrl, generator: site.generator };
    if (!site.wxrVersion) this.warn("The file has no wp:wxr_version: it may not come from WordPress's exporter.");
    await this.options.sink.begin(site);
    this.batch.redirects.push({ key: FEED_KEY, to: "/feed.xml" });
  }

  warn(message: string) {
    addWarning(this.summary, message);
  }

  progress(bytesRead: number) {
    this.summary.bytesRead = bytesRead;
    const skipped = Object.values(this.summary.skipped).reduce((a, b) => a + b, 0);
    this.options.onProgress?.({ bytesRead, articles: this.articles, comments: this.comments, skipped });
  }

  addCategory(category: WxrCategory) {
    const ancestors = this.ancestorsOf(category.parentSlug);
    const section = mapCategory(category, ancestors);
    this.categoryParents.set(category.slug, category.parentSlug);
    if (section.parentSlug && this.summary.nestedSections.length < LIST_LIMIT) {
      this.summary.nestedSections.push({ slug: section.slug, parent: section.parentSlug });
    }
    this.addSection(section, true);
  }

  private ancestorsOf(parentSlug: string): string[] {
    const chain: string[] = [];
    for (let slug = parentSlug; slug && !chain.includes(slug); slug = this.categoryParents.get(slug) ?? "") {
      chain.unshift(slug);
    }
    return chain;
  }

  /**
   * Declared terms all go to the sink, even two whose slugs came out the same ("Café" and "Cafe"): it
   * upserts by slug, so they become one, and both keep their WordPress ids and old links. A term only an
   * item names is sent once.
   */
  private addSection(section: SectionInput, declared = false) {
    const seen = this.sectionSlugs.has(section.slug);
    if (seen && !declared) return;
    if (seen) this.warn(`Two categories share the section slug "${section.slug}": they become one section.`);
    this.sectionSlugs.add(section.slug);
    this.batch.sections.push(section);
  }

  addTag(tag: TagInput, declared = false) {
    const seen = this.tagSlugs.has(tag.slug);
    if (seen && !declared) return;
    if (seen) this.warn(`Two tags share the slug "${tag.slug}": they become one tag.`);
    this.tagSlugs.add(tag.slug);
    this.batch.tags.push(tag);
  }

  addItem(item: WxrItem) {
    if (item.postType === "attachment") this.attachments.set(item.postId, mapAttachment(item));
    if (item.postType === "page") this.pageTree.set(item.postId, { name: item.postName, parent: item.postParent });
    const reason = itemSkipReason(item);
    if (reason) {
      addCount(this.summary.skipped, reason);
      return;
    }
    if (item.postType === "page") return this.addPage(item);
    const post = mapPost(item, this.site?.link || this.site?.baseBlogUrl || "");
    const { article } = post;
    for (const note of post.notes) this.warn(`post ${article.wpId} "${article.headline}": ${note}`);
    this.addTermsOf(item.terms, article.sectionSlug);
    const { comments, skipped } = mapComments(item.comments, article.wpId);
    for (const [why, n] of skipped) addCount(this.summary.skipped, why, n);
    for (const c of comments) this.summary.commentStatuses[c.status]++;
    this.summary.articleStatuses[article.trashedAt !== null ? "trashed" : article.status]++;
    this.pending.push({ post, content: item.content, comments });
    this.pendingComments += comments.length;
    this.articles++;
    this.comments += comments.length;
  }

  private addPage(item: WxrItem) {
    const { page, notes } = mapPage(item, this.site?.link || this.site?.baseBlogUrl || "", this.parentPathOf(item));
    for (const note of notes) this.warn(`page ${page.wpId} "${page.title}": ${note}`);
    this.pendingPages.push({ page, content: item.content });
  }

  private parentPathOf(item: WxrItem): string[] {
    const path: string[] = [];
    const seen = new Set<number>([item.postId]);
    for (let id = item.postParent; id && !seen.has(id);) {
      const parent = this.pageTree.get(id);
      if (!parent) break;
      seen.add(id);
      path.unshift(parent.name);
      id = parent.parent;
    }
    return path;
  }

  /** A filtered export names categories and tags on its items that its header never declared. */
  private addTermsOf(terms: WxrItemTerm[], sectionSlug: string | null) {
    for (const term of terms) {
      if (term.domain === "category") {
        const section = mapCategory({
          termId: null,
          slug: term.nicename,
          parentSlug: "",
          name: term.name,
          description: "",
        });
        if (section.slug === sectionSlug) this.addSection(section);
      } else if (term.domain === "post_tag") {
        this.addTag(mapTag({ termId: null, slug: term.nicename, name: term.name, description: "" }));
      }
    }
  }

  batchIsFull(): boolean {
    const terms = this.batch.authors.length + this.batch.sections.length + this.batch.tags.length;
    return (
      this.pending.length + this.pendingPages.length >= this.batchSize ||
      this.pendingComments >= this.batchSize * COMMENTS_PER_ARTICLE_BATCH ||
      terms >= TERMS_PER_BATCH
    );
  }

  async flush() {
    const pending = this.pending;
    const pages = this.pendingPages;
    this.pending = [];
    this.pendingPages = [];
    this.pendingComments = 0;
    const parsed = pending.map((p) => this.parse(p.content));
    const parsedPages = pages.map((p) => this.parse(p.content));
    const stored = await this.storeImages(pending, parsed, pages, parsedPages);
    pending.forEach((p, i) => {
      const { featureImage, featureImagePending } = this.featureImageOf(p.post, stored);
      const body = bodyToMarkdown(parsed[i], (image) =>
        image.uploadsPath ? (stored.get(image.uploadsPath) ?? undefined) : undefined,
      );
      this.batch.articles.push({ ...p.post.article, body, featureImage, featureImagePending });
      this.batch.comments.push(...p.comments);
    });
    pages.forEach((p, i) => {
      const body = bodyToMarkdown(parsedPages[i], (image) =>
        image.uploadsPath ? (stored.get(image.uploadsPath) ?? undefined) : undefined,
      );
      this.batch.pages.push({ ...p.page, body });
    });
    await this.write(this.batch);
    this.batch = emptyBatch();
  }

  private parse(content: string): ParsedBody {
    const parsed = parseBody(content, { siteUrl: this.site?.link || this.site?.baseBlogUrl || "" });
    for (const [name, n] of parsed.unknownShortcodes) addCount(this.summary.unknownShortcodes, name, n);
    for (const [name, n] of parsed.droppedBlocks) addCount(this.summary.droppedBlocks, name, n);
    this.summary.embeds += parsed.embeds;
    return parsed;
  }

  private async write(batch: ImportBatch) {
    const size = Object.values(batch).reduce((n, list) => n + list.length, 0);
    if (size === 0) return;
    const result: BatchResult = await this.options.sink.writeBatch(batch);
    for (const [kind, counts] of Object.entries(result.counts))
      addOutcomes(this.summary, kind as keyof typeof result.counts, counts);
    for (const change of result.slugChanges)
      if (this.summary.slugChanges.length < LIST_LIMIT) this.summary.slugChanges.push(change);
    for (const warning of result.warnings) this.warn(warning);
  }

  /** Finds and stores the images a batch needs: body images and featured images. */
  private async storeImages(
    pending: PendingArticle[],
    parsed: ParsedBody[],
    pages: PendingPage[],
    parsedPages: ParsedBody[],
  ): Promise<Map<string, string | null>> {
    const wanted = new Map<string, number>();
    const want = (body: ParsedBody, wpId: number) => {
      for (const image of body.images) if (image.uploadsPath) wanted.set(image.uploadsPath, wpId);
    };
    parsed.forEach((body, i) => want(body, pending[i].post.article.wpId));
    parsedPages.forEach((body, i) => want(body, pages[i].page.wpId));
    for (const p of pending) {
      const path = this.featureImagePath(p.post.thumbnailId);
      if (path) wanted.set(path, p.post.article.wpId);
    }
    return this.storeFiles(wanted);
  }

  /** The stored copies of the wanted uploads paths, null for none (each image is looked at once per run). */
  private async storeFiles(wanted: Map<string, number>): Promise<Map<string, string | null>> {
    const files: ImageFile[] = [];
    for (const [uploadsPath, articleWpId] of wanted) {
      if (this.storedImages.has(uploadsPath)) continue;
      const file = this.options.uploads ? await this.options.uploads.locate(uploadsPath) : null;
      if (file) {
        files.push({ uploadsPath, file });
      } else {
        // Remembered as having no copy, so an image used again is reported once.
        this.storedImages.set(uploadsPath, null);
        this.missingImage(uploadsPath, articleWpId);
      }
    }
    if (files.length > 0) {
      const stored = await this.options.sink.storeImages(files);
      addOutcomes(this.summary, "images", stored.counts);
      for (const [uploadsPath, path] of stored.paths) {
        this.storedImages.set(uploadsPath, path);
        if (path === null) this.warn(`${uploadsPath} is not an image we can use (JPEG, PNG, WebP, AVIF or GIF).`);
        // Old addresses of the image itself (hotlinks, feed readers) now lead to the copy.
        else this.batch.redirects.push({ key: oldLinkKey(`/wp-content/uploads/${uploadsPath}`)!.key, to: path });
      }
    }
    return this.storedImages;
  }

  private missingImage(uploadsPath: string, articleWpId: number) {
    this.summary.missingImageCount++;
    if (this.summary.missingImages.length < LIST_LIMIT) {
      this.summary.missingImages.push({ uploadsPath, articleWpId });
    }
  }

  private featureImagePath(attachmentId: number | null): string | null {
    const attachment = attachmentId ? this.attachments.get(attachmentId) : undefined;
    if (!attachment) return null;
    return safeUploadsPath(attachment.uploadsFile) ?? uploadsPathFromUrl(attachment.url);
  }

  private featureImageOf(post: MappedPost, stored: Map<string, string | null>) {
    if (!post.thumbnailId) return { featureImage: null, featureImagePending: false };
    if (!this.attachments.has(post.thumbnailId)) {
      this.lateFeatureImages.set(post.article.wpId, post.thumbnailId);
      return { featureImage: null, featureImagePending: true };
    }
    return { featureImage: this.featureImage(post.thumbnailId, stored), featureImagePending: false };
  }

  private featureImage(attachmentId: number, stored: Map<string, string | null>): FeatureImageInput | null {
    const attachment = this.attachments.get(attachmentId)!;
    const uploadsPath = this.featureImagePath(attachmentId);
    const path = uploadsPath ? stored.get(uploadsPath) : null;
    return path ? { wpAttachmentId: attachmentId, path, alt: attachment.alt, caption: attachment.caption } : null;
  }

  /** Featured images whose attachment came after the post in the file. */
  async resolveLateFeatureImages() {
    const late = [...this.lateFeatureImages];
    this.lateFeatureImages.clear();
    for (let i = 0; i < late.length; i += this.batchSize) {
      const slice = late.slice(i, i + this.batchSize);
      const wanted = new Map<string, number>();
      for (const [articleWpId, attachmentId] of slice) {
        const path = this.featureImagePath(attachmentId);
        if (path) wanted.set(path, articleWpId);
        else this.warn(`post ${articleWpId}: its featured image (attachment ${attachmentId}) is not in the export.`);
      }
      const stored = await this.storeFiles(wanted);
      this.batch.featureImages = slice.map(([articleWpId, attachmentId]) => ({
        articleWpId,
        image: this.attachments.has(attachmentId) ? this.featureImage(attachmentId, stored) : null,
      }));
      await this.write(this.batch);
      this.batch = emptyBatch();
    }
  }
}
