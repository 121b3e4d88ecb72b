import { listArticlesForFeeds } from "@/lib/data/articles";
import { getSettings } from "@/lib/data/settings";
import { isoInZone } from "@/lib/format/dates";
import { absoluteUrl, articlePath } from "@/lib/site";
import { escapeXml, xmlResponse } from "@/lib/feeds/xml";

export const revalidate = 60;

// Google News sitemaps list only what was published in the last two days.
const TWO_DAYS_MS = 2 * 24 * 60 * 60 * 1000;

export async function GET() {
  // The window is applied here, not in the cached read, whose key would otherwise change every run.
  const since = Date.now() - TWO_DAYS_MS;
  const [settings, latest] = await Promise.all([getSettings(), listArticlesForFeeds(1000)]);
  const urls = latest
    .filter((a) => a.publishedAt >= since)
    .map(
      (a) => `  <url>
    <loc>${escapeXml(absoluteUrl(articlePath(a.slug)))}</loc>
    <news:news>
      <news:publication><news:name>${escapeXml(settings.siteTitle)}</news:name><news:language>en</news:language></news:publication>
      <news:publication_date>${isoInZone(a.publishedAt, settings.timezone)}</news:publication_date>
      <news:title>${escapeXml(a.headline)}</news:title>
    </news:news>
  </url>`,
    )
    .join("\n");
  return xmlResponse(`<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
${urls}
</urlset>
`);
}
