import { notFound } from "next/navigation";
import { countSitemapFiles, listSitemapArticles } from "@/lib/data/sitemap";
import { listSections } from "@/lib/data/taxonomy";
import { absoluteUrl, articlePath, sectionPath } from "@/lib/site";
import { escapeXml, xmlResponse } from "@/lib/xml";

export const revalidate = 60;

type Url = { path: string; lastModified?: number; changeFrequency?: string; priority?: number };

function urlset(urls: Url[]): Response {
  const entries = urls.map((u) =>
    [
      `  <url><loc>${escapeXml(absoluteUrl(u.path))}</loc>`,
      u.lastModified ? `<lastmod>${new Date(u.lastModified).toISOString()}</lastmod>` : "",
      u.changeFrequency ? `<changefreq>${u.changeFrequency}</changefreq>` : "",
      u.priority ? `<priority>${u.priority}</priority>` : "",
      "</url>",
    ].join(""),
  );
  return xmlResponse(`<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${entries.join("\n")}
</urlset>
`);
}

/** One file of the sitemap index: `pages.xml` (home and sections) or `articles-N.xml`. */
export async function GET(_request: Request, { params }: { params: Promise<{ file: string }> }) {
  const { file } = await params;
  if (file === "pages.xml") {
    const sections = await listSections();
    return urlset([
      { path: "/", changeFrequency: "always", priority: 1 },
      ...sections.map((s) => ({ path: sectionPath(s.slug), changeFrequency: "hourly", priority: 0.8 })),
    ]);
  }
  const number = Number(/^articles-(\d{1,6})\.xml$/.exec(file)?.[1]);
  if (!Number.isInteger(number) || number < 1 || number > (await countSitemapFiles())) notFound();
  const articles = await listSitemapArticles(number - 1);
  return urlset(articles.map((a) => ({ path: articlePath(a.slug), lastModified: a.lastModified })));
}
