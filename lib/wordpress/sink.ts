// The boundary between the WordPress import (reading, converting, mapping: everything in lib/wordpress)
// and the store it writes to. The importer hands a sink batches already in this publication's shapes,
// keyed by WordPress ids; a sink decides what "created", "updated" and "unchanged" mean for its store.
import type { WxrSite } from "./wxr-types";

export type ArticleStatus = "draft" | "scheduled" | "published";
export type CommentStatus = "pending" | "approved" | "spam" | "trash";

/** Old-link keys (see old-links.ts: `oldLinkKey`) that should answer with a redirect to the entity. */
type OldPaths = { oldPaths: string[] };

export type AuthorInput = OldPaths & {
  /** wp:author_id; null only in exports older than WordPress 3.1, where the login is the key. */
  wpId: number | null;
  /** What items name in dc:creator; the byline link from an article to its author. */
  login: string;
  email: string;
  name: string;
  slug: string;
  bio: string;
};

export type SectionInput = OldPaths & {
  wpTermId: number | null;
  slug: string;
  name: string;
  description: string;
  /** The WordPress parent's slug: sections are flat here, the parent is only reported. */
  parentSlug: string | null;
};

export type TagInput = OldPaths & { wpTermId: number | null; slug: string; name: string };

export type FeatureImageInput = {
  wpAttachmentId: number;
  /** The stored copy's public path, as `ImportSink.storeImages` returned it. */
  path: string;
  alt: string;
  caption: string;
};

export type ArticleInput = OldPaths & {
  wpId: number;
  /** The slug wanted; a sink that finds it taken by another article picks a free one and reports it. */
  slug: string;
  headline: string;
  dek: string;
  /** Markdown, image addresses already pointing at the stored copies. */
  body: string;
  /** For a trashed post, the status it had before (WordPress keeps it), so a restore puts it back. */
  status: ArticleStatus;
  publishedAt: number | null;
  updatedAt: number | null;
  /** Set for a post that was in WordPress's trash. */
  trashedAt: number | null;
  commentStatus: "open" | "closed";
  /** The byline: an author's login (dc:creator), null when the post names none. */
  authorLogin: string | null;
  sectionSlug: string | null;
  tagSlugs: string[];
  featureImage: FeatureImageInput | null;
  /**
   * The featured image's attachment comes later in the file: keep the article's current image for now;
   * a later batch's `featureImages` sets it (or clears it when the file turns out missing).
   */
  featureImagePending: boolean;
  /** WordPress's sticky post: it arrives among the front page's Top stories. */
  sticky?: boolean;
};

/** A WordPress page: a static page here, at the root (/about). */
export type PageInput = OldPaths & {
  wpId: number;
  /** The slug wanted; a sink finding it taken (a section, another page, a route) picks a free one. */
  slug: string;
  title: string;
  /** Markdown, image addresses already pointing at the stored copies. */
  body: string;
  status: "draft" | "published";
  publishedAt: number | null;
  updatedAt: number | null;
};

export type CommentInput = {
  wpId: number;
  articleWpId: number;
  /**
   * The WordPress parent, already moved up past parents that were skipped (a reply to a pingback becomes
   * top-level). Within a batch parents come before their replies, and a post's comments always travel in
   * the same batch as the post.
   */
  parentWpId: number | null;
  authorName: string;
  authorEmail: string;
  authorUrl: string;
  authorIp: string;
  /** Plain text, as comments are stored here: blank lines between paragraphs. */
  body: string;
  status: CommentStatus;
  createdAt: number | null;
  /** wp:comment_user_id, 0 for a visitor: the comment was written by this WordPress user. */
  wpUserId: number | null;
};

export type FeatureImageUpdate = { articleWpId: number; image: FeatureImageInput | null };

/** A fixed old address, such as /feed → /feed.xml. */
export type RedirectInput = { key: string; to: string };

/**
 * Written in one transaction, in this order: authors, sections, tags, articles, pages, comments,
 * featured-image updates, redirects. Authors are keyed by wpId (login when null), sections and tags by slug (two WordPress
 * terms whose slugs came out the same become one), articles and comments by wpId.
 */
export type ImportBatch = {
  authors: AuthorInput[];
  sections: SectionInput[];
  tags: TagInput[];
  articles: ArticleInput[];
  pages: PageInput[];
  comments: CommentInput[];
  featureImages: FeatureImageUpdate[];
  redirects: RedirectInput[];
};

export const ENTITY_KINDS = [
  "authors",
  "sections",
  "tags",
  "articles",
  "pages",
  "comments",
  "images",
  "users",
] as const;
export type EntityKind = (typeof ENTITY_KINDS)[number];
export type Outcome = "created" | "updated" | "unchanged";
export type OutcomeCounts = Record<Outcome, number>;

export type SlugChange = {
  kind: "article" | "section" | "tag" | "author" | "page";
  wpId: number | null;
  wanted: string;
  got: string;
};

export type BatchResult = {
  counts: Partial<Record<EntityKind, Partial<OutcomeCounts>>>;
  slugChanges: SlugChange[];
  warnings: string[];
};

/** A file found in the uploads folder for a path under wp-content/uploads. */
export type ImageFile = { uploadsPath: string; file: string };

export type StoredImages = {
  /** uploadsPath → the stored copy's public path, or null when the file is not an image we can use. */
  paths: Map<string, string | null>;
  counts: Partial<OutcomeCounts>;
};

export interface ImportSink {
  /** Once, before any batch: the site the export came from. */
  begin(site: WxrSite): Promise<void>;
  /**
   * Copies image files (re-encoded like any upload). Called before the batch whose bodies need them, outside
   * its transaction; must be idempotent by uploadsPath, so a re-run reuses the copies it made before.
   */
  storeImages(files: ImageFile[]): Promise<StoredImages>;
  /** One transaction: a failure leaves nothing of the batch behind, and a re-run writes it again. */
  writeBatch(batch: ImportBatch): Promise<BatchResult>;
  /** Once, after the last batch: caches, search index, feeds. */
  finish(): Promise<void>;
}

export function emptyBatch(): ImportBatch {
  return {
    authors: [],
    sections: [],
    tags: [],
    articles: [],
    pages: [],
    comments: [],
    featureImages: [],
    redirects: [],
  };
}
