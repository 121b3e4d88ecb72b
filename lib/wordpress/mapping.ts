// How WordPress's records become this publication's: each rule a pure function, each tested on its own.
import { numberedSlug, slugify, SLUG_MAX } from "@/lib/format/text";
import { SLUG_PATTERN } from "@/lib/validation/article";
import { authorOldPaths, categoryOldPaths, decodePath, pageOldPaths, postOldPaths, tagOldPaths } from "./old-links";
import type { ArticleInput, ArticleStatus, AuthorInput, PageInput, SectionInput, TagInput } from "./sink";
import { htmlToText, truncateText } from "./text";
import { metaValue, type WxrAuthor, type WxrCategory, type WxrItem, type WxrTag } from "./wxr-types";

// The editor's limits (lib/validation/article.ts), so an imported story can be saved again unchanged.
export const HEADLINE_MAX = 300;
export const DEK_MAX = 600;

// Sections answer at /{slug}; these paths belong to the app's own routes, which would win.
export const RESERVED_SECTION_SLUGS = new Set([
  "admin",
  "api",
  "articles",
  "authors",
  "login",
  "search",
  "tags",
  "uploads",
]);

/** "YYYY-MM-DD HH:MM:SS" read as UTC; WordPress's "0000-00-00 00:00:00" (no date yet) is null. */
export function parseWpDate(value: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/.exec(value.trim());
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number);
  if (y === 0 || mo === 0 || d === 0) return null;
  return Date.UTC(y, mo - 1, d, h, mi, s);
}

/** An RSS pubDate; the Unix epoch is what WordPress writes for a draft without a date. */
function parsePubDate(value: string): number | null {
  const ms = Date.parse(value);
  return Number.isFinite(ms) && ms > 0 ? ms : null;
}

/** WordPress slugs are stored percent-encoded; this is the slug a reader saw in the address bar. */
export function decodeWpSlug(value: string): string {
  return decodePath(value.trim()).toLowerCase();
}

/** The slug kept when it is already one we accept, else the nearest one we do. */
function keptSlug(wpSlug: string, name: string, fallback: string): string {
  const decoded = decodeWpSlug(wpSlug);
  if (decoded.length <= SLUG_MAX && SLUG_PATTERN.test(decoded)) return decoded;
  return slugify(decoded) || slugify(name) || fallback;
}

/** `base`, or `base-2`, `base-3`… (as WordPress suffixes), the first that `isTaken` refuses. */
export function uniqueSlug(base: string, isTaken: (slug: string) => boolean): string {
  for (let n = 1; ; n++) {
    const candidate = numberedSlug(base, n);
    if (!isTaken(candidate)) return candidate;
  }
}

/** user_nicename as WordPress derives it from the login: what /author/{nicename}/ used. */
export function wpNicename(login: string): string {
  return login
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[.\s]+/g, "-")
    .replace(/[^a-z0-9_-]/g, "")
    .replace(/-{2,}/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 50);
}

export function mapAuthor(author: WxrAuthor): AuthorInput {
  const name =
    htmlToText(author.displayName) || htmlToText(`${author.firstName} ${author.lastName}`) || author.login || "Unknown";
  const nicename = wpNicename(author.login);
  return {
    wpId: author.id,
    login: author.login,
    email: author.email,
    name,
    slug: slugify(nicename) || slugify(name) || `author-${author.id ?? 0}`,
    bio: htmlToText(author.description),
    oldPaths: nicename ? authorOldPaths(nicename, author.id) : [],
  };
}

/** A category's section slug: WordPress's kept, unless one of the app's own routes owns it. */
export function sectionSlug(nicename: string, name: string): string {
  const slug = keptSlug(nicename, name, "section");
  return uniqueSlug(slug, (s) => RESERVED_SECTION_SLUGS.has(s));
}

export function tagSlug(nicename: string, name: string): string {
  return keptSlug(nicename, name, "tag");
}

/**
 * Categories become flat sections. `ancestors` are the WordPress slugs above it, root first (the
 * importer knows them: WordPress writes parents before children); only old links and the summary use them.
 */
export function mapCategory(category: WxrCategory, ancestors: string[] = []): SectionInput {
  const name = htmlToText(category.name) || decodeWpSlug(category.slug);
  const parent = category.parentSlug ? decodeWpSlug(category.parentSlug) : "";
  return {
    wpTermId: category.termId,
    slug: sectionSlug(category.slug, name),
    name,
    description: htmlToText(category.description),
    parentSlug: parent ? sectionSlug(parent, parent) : null,
    oldPaths: categoryOldPaths([...ancestors, category.slug], category.termId),
  };
}

export function mapTag(tag: WxrTag): TagInput {
  const name = htmlToText(tag.name) || decodeWpSlug(tag.slug);
  return { wpTermId: tag.termId, slug: tagSlug(tag.slug, name), name, oldPaths: tagOldPaths(tag.slug) };
}

const SKIPPED_TYPES: Record<string, string> = {
  attachment: "attachment (used for images only)",
  nav_menu_item: "menu item",
  revision: "revision",
  wp_block: "reusable block",
  wp_template: "site design",
  wp_template_part: "site design",
  wp_global_styles: "site design",
  wp_navigation: "site design",
  wp_font_family: "site design",
  wp_font_face: "site design",
  custom_css: "site design",
  customize_changeset: "site design",
  oembed_cache: "embed cache",
  user_request: "privacy request",
};

/** Why an item is not imported as an article or a page, or null for a post or page. */
export function itemSkipReason(item: WxrItem): string | null {
  if (item.postType === "post") return item.status === "auto-draft" ? "auto-draft" : null;
  if (item.postType === "page") {
    if (item.status === "auto-draft") return "auto-draft";
    return item.status === "trash" ? "page in the trash" : null;
  }
  return SKIPPED_TYPES[item.postType] ?? `custom type "${item.postType || "(none)"}"`;
}

/** publish → published, future → scheduled, trash → trashed (keeping the status from before), else draft. */
export function mapPostStatus(
  wpStatus: string,
  statusBeforeTrash?: string,
): { status: ArticleStatus; trashed: boolean } {
  switch (wpStatus) {
    case "publish":
      return { status: "published", trashed: false };
    case "future":
      return { status: "scheduled", trashed: false };
    case "trash":
      return {
        status: statusBeforeTrash && statusBeforeTrash !== "trash" ? mapPostStatus(statusBeforeTrash).status : "draft",
        trashed: true,
      };
    default:
      // draft, pending, private and anything a plugin invented are not for readers.
      return { status: "draft", trashed: false };
  }
}

/** The post's slug: wp:post_name (as readers saw it), or from the title when WordPress had none yet. */
export function articleSlug(item: WxrItem): string {
  const wanted = metaValue(item.meta, "_wp_desired_post_slug") || item.postName.replace(/__trashed(-\d+)?$/, "");
  return keptSlug(wanted, htmlToText(item.title), `post-${item.postId}`);
}

export type MappedPost = {
  /** The article but for what needs the body converted and the images stored. */
  article: Omit<ArticleInput, "body" | "featureImage" | "featureImagePending">;
  /** _thumbnail_id: the attachment holding the featured image. */
  thumbnailId: number | null;
  /** Changes the summary should mention (a protected post held back as a draft…). */
  notes: string[];
};

export function mapPost(item: WxrItem, siteUrl: string): MappedPost {
  const notes: string[] = [];
  const mapped = mapPostStatus(item.status, metaValue(item.meta, "_wp_trash_meta_status"));
  const trashed = mapped.trashed;
  let status = mapped.status;
  // This publication has no post passwords: publishing a protected post would show it to everyone.
  if (item.postPassword && status !== "draft") {
    status = "draft";
    notes.push("password-protected: imported as a draft");
  }
  const modified = parseWpDate(item.postModifiedGmt);
  const dated = parseWpDate(item.postDateGmt) ?? parsePubDate(item.pubDate) ?? parseWpDate(item.postDate);
  const publishedAt = status === "draft" ? null : dated;
  const trashTime = Number(metaValue(item.meta, "_wp_trash_meta_time"));
  const fullHeadline = htmlToText(item.title) || "(untitled)";
  const headline = truncateText(fullHeadline, HEADLINE_MAX);
  if (headline !== fullHeadline) notes.push(`headline shortened to ${HEADLINE_MAX} characters`);
  const categories = item.terms.filter((t) => t.domain === "category");
  const section = categories.find((c) => c.nicename !== "uncategorized") ?? categories[0];
  if (categories.length > 1) notes.push(`in ${categories.length} categories; section "${section.name}"`);
  const thumbnailId = Number.parseInt(metaValue(item.meta, "_thumbnail_id") ?? "", 10);
  const article: MappedPost["article"] = {
    wpId: item.postId,
    slug: articleSlug(item),
    headline,
    dek: truncateText(htmlToText(item.excerpt), DEK_MAX),
    status,
    publishedAt,
    updatedAt: modified ?? dated,
    trashedAt: trashed ? (trashTime > 0 ? trashTime * 1000 : (modified ?? dated)) : null,
    commentStatus: item.commentStatus === "open" ? "open" : "closed",
    authorLogin: item.creator || null,
    sectionSlug: section ? sectionSlug(section.nicename, section.name) : null,
    tagSlugs: [...new Set(item.terms.filter((t) => t.domain === "post_tag").map((t) => tagSlug(t.nicename, t.name)))],
    oldPaths:
      status === "published" && !trashed
        ? postOldPaths({
            postId: item.postId,
            wpSlug: item.postName,
            postDate: item.postDate,
            link: item.link,
            siteUrl,
          })
        : [],
    // Only when set, so the digests of earlier imports' non-sticky posts stay the same.
    ...(item.isSticky ? { sticky: true } : {}),
  };
  return { article, thumbnailId: thumbnailId > 0 ? thumbnailId : null, notes };
}

/** What the importer keeps of an attachment to give a post its featured image. */
export type AttachmentInfo = { url: string; uploadsFile: string; alt: string; caption: string };

export function mapAttachment(item: WxrItem): AttachmentInfo {
  return {
    url: item.attachmentUrl || item.guid,
    uploadsFile: metaValue(item.meta, "_wp_attached_file") ?? "",
    alt: htmlToText(metaValue(item.meta, "_wp_attachment_image_alt") ?? ""),
    caption: htmlToText(item.excerpt),
  };
}

/**
 * A WordPress page becomes a static page at the root. Published stays published (a protected one is held
 * back as a draft); anything else is a draft. `parentPath` is the slugs of its parent pages, root first
 * (WordPress writes parents first): its permalink was /parent/child/, which keeps leading to it.
 */
export function mapPage(
  item: WxrItem,
  siteUrl: string,
  parentPath: string[] = [],
): { page: Omit<PageInput, "body">; notes: string[] } {
  const notes: string[] = [];
  let published = item.status === "publish";
  if (item.postPassword && published) {
    published = false;
    notes.push("password-protected: imported as a draft");
  }
  const modified = parseWpDate(item.postModifiedGmt);
  const dated = parseWpDate(item.postDateGmt) ?? parsePubDate(item.pubDate) ?? parseWpDate(item.postDate);
  const fullTitle = htmlToText(item.title) || "(untitled)";
  const title = truncateText(fullTitle, PAGE_TITLE_MAX);
  if (title !== fullTitle) notes.push(`title shortened to ${PAGE_TITLE_MAX} characters`);
  const slug = keptSlug(item.postName, fullTitle, `page-${item.postId}`);
  return {
    page: {
      wpId: item.postId,
      slug,
      title,
      status: published ? "published" : "draft",
      publishedAt: published ? dated : null,
      updatedAt: modified ?? dated,
      oldPaths: published
        ? pageOldPaths({ postId: item.postId, path: [...parentPath, item.postName], link: item.link, siteUrl })
        : [],
    },
    notes,
  };
}

/** The page editor's limit (lib/validation/page.ts), so an imported page can be saved again unchanged. */
export const PAGE_TITLE_MAX = 200;
