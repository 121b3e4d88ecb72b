import { listLatestArticles } from "@/lib/data/articles";
import { getSettings } from "@/lib/data/settings";
import { absoluteUrl, articlePath } from "@/lib/site";
import { escapeXml, xmlResponse } from "@/lib/xml";

export const revalidate = 60;

export async function GET() {
  const [settings, articles] = await Promise.all([getSettings(), listLatestArticles(30)]);
  const items = articles
    .map((a) => {
      const url = absoluteUrl(articlePath(a.slug));
      return `    <item>
      <title>${escapeXml(a.headline)}</title>
      <link>${escapeXml(url)}</link>
      <guid isPermaLink="true">${escapeXml(url)}</guid>
      <description>${escapeXml(a.dek)}</description>
      <pubDate>${new Date(a.publishedAt).toUTCString()}</pubDate>
${a.authors.map((au) => `      <dc:creator>${escapeXml(au.name)}</dc:creator>`).join("\n")}
${a.section ? `      <category>${escapeXml(a.section.name)}</category>` : ""}
    </item>`;
    })
    .join("\n");
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel>
    <title>${escapeXml(settings.siteTitle)}</title>
    <link>${escapeXml(absoluteUrl("/"))}</link>
    <description>${escapeXml(settings.tagline)}</description>
    <language>en</language>
    <atom:link href="${escapeXml(absoluteUrl("/feed.xml"))}" rel="self" type="application/rss+xml"/>
${articles[0] ? `    <lastBuildDate>${new Date(articles[0].publishedAt).toUTCString()}</lastBuildDate>` : ""}
${items}
  </channel>
</rss>
`;
  return xmlResponse(xml, "application/rss+xml; charset=utf-8");
}
