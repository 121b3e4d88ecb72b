import { publisherJsonLd } from "@/lib/metadata/brand";
import type { Article } from "@/lib/data/articles";
import type { ImageSize } from "@/lib/data/image-size";
import { isoInZone } from "@/lib/format/dates";
import { storyPlainText, storyWordCount } from "@/lib/content/render";
import { absoluteUrl, articlePath, authorPath, sectionPath } from "@/lib/site";
import { xmlSafeText } from "@/lib/feeds/xml";

/**
 * JSON-LD for a `<script type="application/ld+json">`: every string cleaned of the characters XML
 * cannot carry (search engines read it as they read feeds), and "<" escaped so a headline can never
 * close the script element.
 */
export function jsonLdScriptText(data: unknown): string {
  return JSON.stringify(data, (_key, value) => (typeof value === "string" ? xmlSafeText(value) : value)).replace(
    /</g,
    "\\u003c",
  );
}

type ArticleForJsonLd = Pick<
  Article,
  | "slug"
  | "headline"
  | "dek"
  | "body"
  | "publishedAt"
  | "updatedAt"
  | "featureImage"
  | "section"
  | "tags"
  | "authors"
  | "dateline"
>;

/** NewsArticle and its BreadcrumbList (home → section → story), as one @graph. */
export function newsArticleJsonLd(
  article: ArticleForJsonLd,
  site: { siteTitle: string; timeZone: string; imageSize?: ImageSize | null },
) {
  const url = absoluteUrl(articlePath(article.slug));
  const image = article.featureImage
    ? { "@type": "ImageObject", url: absoluteUrl(article.featureImage.path), ...(site.imageSize ?? {}) }
    : undefined;
  const crumbs = [
    { name: site.siteTitle, item: absoluteUrl("/") },
    ...(article.section ? [{ name: article.section.name, item: absoluteUrl(sectionPath(article.section.slug)) }] : []),
    { name: article.headline, item: url },
  ];
  return {
    "@context": "https://schema.org",
    "@graph": [
      {
        "@type": "NewsArticle",
        headline: article.headline,
        description: article.dek || storyPlainText(article.body).slice(0, 200),
        wordCount: storyWordCount(article.body),
        datePublished: isoInZone(article.publishedAt, site.timeZone),
        dateModified: isoInZone(Math.max(article.updatedAt, article.publishedAt), site.timeZone),
        mainEntityOfPage: url,
        image,
        articleSection: article.section?.name,
        keywords: article.tags.map((t) => t.name).join(", ") || undefined,
        author: article.authors.map((a) => ({ "@type": "Person", name: a.name, url: absoluteUrl(authorPath(a.slug)) })),
        publisher: publisherJsonLd(site.siteTitle),
        dateline: article.dateline || undefined,
        inLanguage: "en",
        isAccessibleForFree: true,
      },
      {
        "@type": "BreadcrumbList",
        itemListElement: crumbs.map((c, i) => ({ "@type": "ListItem", position: i + 1, ...c })),
      },
    ],
  };
}

/** The home page: the publication, and the site with its search (a SearchAction for the search box). */
export function homeJsonLd(siteTitle: string, tagline: string) {
  return {
    "@context": "https://schema.org",
    "@graph": [
      publisherJsonLd(siteTitle),
      {
        "@type": "WebSite",
        "@id": absoluteUrl("/#website"),
        name: siteTitle,
        description: tagline,
        url: absoluteUrl("/"),
        inLanguage: "en",
        publisher: { "@id": absoluteUrl("/#publisher") },
        potentialAction: {
          "@type": "SearchAction",
          target: { "@type": "EntryPoint", urlTemplate: `${absoluteUrl("/search")}?q={search_term_string}` },
          "query-input": "required name=search_term_string",
        },
      },
    ],
  };
}
