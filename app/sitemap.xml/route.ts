import { countSitemapFiles } from "@/lib/data/sitemap";
import { absoluteUrl } from "@/lib/site";
import { escapeXml, xmlResponse } from "@/lib/feeds/xml";

export const revalidate = 60;

// A sitemap index: one file for the home and section fronts, then the stories 50,000 to a file, the
// protocol's limit, so every published story is listed however many there are.
export async function GET() {
  const files = await countSitemapFiles();
  const locations = [
    "/sitemaps/pages.xml",
    ...Array.from({ length: files }, (_, i) => `/sitemaps/articles-${i + 1}.xml`),
  ];
  const entries = locations.map((path) => `  <sitemap><loc>${escapeXml(absoluteUrl(path))}</loc></sitemap>`).join("\n");
  return xmlResponse(`<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${entries}
</sitemapindex>
`);
}
