import type { Metadata } from "next";
import type { FeedFormat } from "./formats";

export function feedPath(pagePath: string, format: FeedFormat): string {
  const file = format === "rss" ? "feed.xml" : "atom.xml";
  return pagePath === "/" ? `/${file}` : `${pagePath}/${file}`;
}

type AlternateTypes = NonNullable<NonNullable<Metadata["alternates"]>["types"]>;

/**
 * Autodiscovery <link rel="alternate"> for a page: its own RSS and Atom feeds first (a section, tag
 * or author page), then the whole site's. A page's `alternates` replaces the layout's, so every page
 * that sets any lists them all.
 */
export function feedLinks(siteTitle: string, page?: { name: string; path: string }): AlternateTypes {
  const feeds = (format: FeedFormat, label: string) => [
    ...(page ? [{ url: feedPath(page.path, format), title: `${page.name} — ${siteTitle} (${label})` }] : []),
    { url: feedPath("/", format), title: `${siteTitle} (${label})` },
  ];
  return { "application/rss+xml": feeds("rss", "RSS"), "application/atom+xml": feeds("atom", "Atom") };
}
