import { notFound } from "next/navigation";
import { countSitemapFiles, listSitemapArticles } from "@/lib/data/sitemap";
import { listSitemapPages } from "@/lib/data/pages";
import { listSections } from "@/lib/data/taxonomy";
import { absoluteUrl, articlePath, pagePath, sectionPath } from "@/lib/site";
import { escapeXml, xmlResponse } from "@/lib/feeds/xml";

export const revalidate = 60;

type Url = { path: string; lastModified?: number; changeFrequency?: string; priority?: number };

// A file holds 50,000 addresses: plain slugs skip URL parsing and escaping, which cost more than the query.
const PLAIN_PATH = /^[/A-Za-z0-9._~-]*$/;

function location(path: string, origin: string): string {
  return PLAIN_PATH.test(path) ? origin + path : escapeXml(absoluteUrl(path));
}

function urlset(urls: Url[]): Response {
  const origin = absoluteUrl("/").slice(0, -1);
  let entries = "";
  for (const u of urls) {
    entries += `  <url><loc>${location(u.path, origin)}</loc>`;
    if (u.lastModified) entries += `<lastmod>${new Date(u.lastModified).toISOString()}</lastmod>`;
    if (u.changeFrequency) entries += `<changefreq>${u.changeFrequency}</changefreq>`;
    if (u.priority) entries += `<priority>${u.priority}</priority>`;
    entries += "</url>\n";
  }
  return xmlResponse(`<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${entries}</urlset>
`);
}

/** One file of the sitemap index: `pages.xml` (home, sections, static pages) or `articles-N.xml`. */
export async function GET(_request: Request, { params }: { params: Promise<{ file: string }> }) {
  const { file } = await params;
  if (file === "pages.xml") {
    const [sections, pages] = await Promise.all([listSections(), listSitemapPages()]);
    return urlset([
      { path: "/", changeFrequency: "always", priority: 1 },
      ...sections.map((s) => ({ path: sectionPath(s.slug), changeFrequency: "hourly", priority: 0.8 })),
      ...pages.map((p) => ({ path: pagePath(p.slug), lastModified: p.updatedAt, priority: 0.5 })),
    ]);
  }
  const number = Number(/^articles-(\d{1,6})\.xml$/.exec(file)?.[1]);
  if (!Number.isInteger(number) || number < 1 || number > (await countSitemapFiles())) notFound();
  const articles = await listSitemapArticles(number - 1);
  return urlset(articles.map((a) => ({ path: articlePath(a.slug), lastModified: a.lastModified })));
}
