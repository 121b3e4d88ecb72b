import { escapeXml } from "@/lib/feeds/xml";
import { newestUpdate, type FeedChannel, type FeedEntry } from "./entries";

// RSS 2.0 and Atom 1.0 from the same entries. Every piece of text goes through escapeXml, which first
// drops what XML cannot carry (xmlSafeText), so a paste from Word never breaks a feed.

export type FeedFormat = "rss" | "atom";

export const FEED_CONTENT_TYPES: Record<FeedFormat, string> = {
  rss: "application/rss+xml; charset=utf-8",
  atom: "application/atom+xml; charset=utf-8",
};

const e = escapeXml;
const lines = (list: string[]) => list.filter(Boolean).join("\n");

function rssItem(entry: FeedEntry): string {
  return `    <item>
${lines([
  `      <title>${e(entry.title)}</title>`,
  `      <link>${e(entry.url)}</link>`,
  `      <guid isPermaLink="true">${e(entry.url)}</guid>`,
  `      <description>${e(entry.summary)}</description>`,
  `      <content:encoded>${e(entry.contentHtml)}</content:encoded>`,
  ...entry.authors.map((a) => `      <dc:creator>${e(a.name)}</dc:creator>`),
  ...entry.categories.map((c) => `      <category domain="${e(c.url)}">${e(c.label)}</category>`),
  `      <pubDate>${entry.published.toUTCString()}</pubDate>`,
  `      <dcterms:modified>${entry.updated.toISOString()}</dcterms:modified>`,
  entry.image
    ? `      <media:content url="${e(entry.image.url)}" medium="image" type="${e(entry.image.type)}"><media:description>${e(entry.image.alt)}</media:description></media:content>`
    : "",
])}
    </item>`;
}

export function renderRss(channel: FeedChannel): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:media="http://search.yahoo.com/mrss/">
  <channel>
${lines([
  `    <title>${e(channel.title)}</title>`,
  `    <link>${e(channel.pageUrl)}</link>`,
  `    <description>${e(channel.subtitle)}</description>`,
  `    <language>en</language>`,
  `    <atom:link href="${e(channel.selfUrl)}" rel="self" type="application/rss+xml"/>`,
  `    <lastBuildDate>${newestUpdate(channel.entries).toUTCString()}</lastBuildDate>`,
  ...channel.entries.map(rssItem),
])}
  </channel>
</rss>
`;
}

function atomEntry(entry: FeedEntry): string {
  return `  <entry>
${lines([
  `    <id>${e(entry.url)}</id>`,
  `    <title type="text">${e(entry.title)}</title>`,
  `    <link rel="alternate" type="text/html" href="${e(entry.url)}"/>`,
  `    <published>${entry.published.toISOString()}</published>`,
  `    <updated>${entry.updated.toISOString()}</updated>`,
  ...entry.authors.map((a) => `    <author><name>${e(a.name)}</name><uri>${e(a.url)}</uri></author>`),
  ...entry.categories.map((c) => `    <category term="${e(c.term)}" label="${e(c.label)}" scheme="${e(c.url)}"/>`),
  `    <summary type="text">${e(entry.summary)}</summary>`,
  `    <content type="html">${e(entry.contentHtml)}</content>`,
  entry.image ? `    <link rel="enclosure" type="${e(entry.image.type)}" href="${e(entry.image.url)}"/>` : "",
  entry.image
    ? `    <media:content url="${e(entry.image.url)}" medium="image" type="${e(entry.image.type)}"><media:description>${e(entry.image.alt)}</media:description></media:content>`
    : "",
])}
  </entry>`;
}

export function renderAtom(channel: FeedChannel): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/" xml:lang="en">
${lines([
  `  <id>${e(channel.selfUrl)}</id>`,
  `  <title type="text">${e(channel.title)}</title>`,
  channel.subtitle ? `  <subtitle type="text">${e(channel.subtitle)}</subtitle>` : "",
  `  <link rel="alternate" type="text/html" href="${e(channel.pageUrl)}"/>`,
  `  <link rel="self" type="application/atom+xml" href="${e(channel.selfUrl)}"/>`,
  `  <updated>${newestUpdate(channel.entries).toISOString()}</updated>`,
  // Atom requires an author for every entry; the publication stands in where a story has no byline.
  `  <author><name>${e(channel.publisher)}</name></author>`,
  ...channel.entries.map(atomEntry),
])}
</feed>
`;
}
