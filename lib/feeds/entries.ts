import type { Article } from "@/lib/data/articles";
import { renderStoryFeedHtml, storyPlainText } from "@/lib/content/render";
import { absoluteUrl, articlePath, authorPath, sectionPath, tagPath } from "@/lib/site";

/** One story as every feed format carries it; the formats differ only in how they write it down. */
export type FeedEntry = {
  url: string;
  title: string;
  summary: string;
  /** Sanitised HTML (lib/content/render), with links and images made absolute for readers off the site. */
  contentHtml: string;
  authors: { name: string; url: string }[];
  categories: { term: string; label: string; url: string }[];
  published: Date;
  updated: Date;
  image: { url: string; type: string; alt: string } | null;
};

export type FeedChannel = {
  title: string;
  /** The publication: the author of record where a story has no byline. */
  publisher: string;
  subtitle: string;
  /** The page the feed follows (home, a section, tag or author page) and the feed's own address. */
  pageUrl: string;
  selfUrl: string;
  entries: FeedEntry[];
};

const IMAGE_TYPES: Record<string, string> = {
  webp: "image/webp",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  png: "image/png",
  gif: "image/gif",
  avif: "image/avif",
};

function imageType(path: string): string {
  return IMAGE_TYPES[path.split(/[?#]/)[0].split(".").pop()?.toLowerCase() ?? ""] ?? "image/jpeg";
}

/** sanitize-html writes every attribute in double quotes, so site-relative ones are found exactly. */
function absoluteLinks(html: string): string {
  return html.replace(
    / (href|src)="(\/(?!\/)[^"]*)"/g,
    (_, name: string, path: string) => ` ${name}="${absoluteUrl(path)}"`,
  );
}

function summaryOf(article: Article): string {
  if (article.dek) return article.dek;
  const text = storyPlainText(article.body);
  return text.length > 300 ? `${text.slice(0, 300).replace(/\s+\S*$/, "")}…` : text;
}

export function feedEntry(article: Article): FeedEntry {
  const categories = [
    ...(article.section
      ? [{ term: article.section.slug, label: article.section.name, url: sectionPath(article.section.slug) }]
      : []),
    ...article.tags.map((t) => ({ term: t.slug, label: t.name, url: tagPath(t.slug) })),
  ];
  return {
    url: absoluteUrl(articlePath(article.slug)),
    title: article.headline,
    summary: summaryOf(article),
    contentHtml: absoluteLinks(renderStoryFeedHtml(article.body)),
    authors: article.authors.map((a) => ({ name: a.name, url: absoluteUrl(authorPath(a.slug)) })),
    categories: categories.map((c) => ({ ...c, url: absoluteUrl(c.url) })),
    published: new Date(article.publishedAt),
    // A live story's entry moves with its newest update.
    updated: new Date(Math.max(article.updatedAt, article.publishedAt, article.liveCoverage?.lastUpdateAt ?? 0)),
    image: article.featureImage
      ? {
          url: absoluteUrl(article.featureImage.path),
          type: imageType(article.featureImage.path),
          alt: article.featureImage.alt,
        }
      : null,
  };
}

/** The newest story's last change, or the epoch for an empty feed. */
export function newestUpdate(entries: FeedEntry[]): Date {
  return new Date(Math.max(0, ...entries.map((e) => e.updated.getTime())));
}
