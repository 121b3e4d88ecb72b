import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { SaxesParser } from "saxes";
import { describe, expect, it } from "vitest";
import { ArticleView } from "@/components/article/article-view";
import { getArticleBySlug } from "@/lib/data/articles";
import { getSettingsUncached, saveSettings } from "@/lib/data/settings";
import { escapeXml } from "@/lib/feeds/xml";
import { GET as feed } from "@/app/feed.xml/route";
import { GET as newsSitemap } from "@/app/news-sitemap.xml/route";
import { GET as sitemapIndex } from "@/app/sitemap.xml/route";
import { GET as sitemapFile } from "@/app/sitemaps/[file]/route";
import { makeArticle, makeAuthor, makeSection, makeTag } from "./support/factories";

// What a paste from Word or a PDF brings along: a line break (U+000B), a NUL, a byte-order mark read
// the wrong way round (U+FFFE) and half of an emoji (a lone surrogate). XML 1.0 can carry none of them.
// (SQLite stores the lone surrogate as bytes it reads back as U+FFFD, a character XML can carry.)
const dirty = (text: string) => `${text.replace(" ", "\u000B")}\u0000\uFFFE\uD83D`;
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

/** Errors a strict XML 1.0 parser reports for the document, none if it is well-formed. */
function xmlErrors(xml: string): string[] {
  const errors: string[] = [];
  const parser = new SaxesParser({ xmlns: true });
  parser.on("error", (e) => errors.push(e.message));
  parser.write(xml).close();
  return errors;
}

async function pastedArticle() {
  const section = await makeSection({ name: dirty("World news") });
  const author = await makeAuthor({ name: dirty("Ayşe Yılmaz") });
  const tag = await makeTag({ name: dirty("Energy prices") });
  return makeArticle(
    { headline: dirty("Storm hits the coast"), dek: dirty("Ferries stop running"), sectionId: section.id },
    { authorIds: [author.id], tagIds: [tag.id] },
  );
}

describe("text pasted with characters XML cannot carry", () => {
  it("leaves /feed.xml, /news-sitemap.xml and /sitemap.xml well-formed", async () => {
    const before = await getSettingsUncached();
    await saveSettings({ ...before, siteTitle: dirty("The Meridian Post"), tagline: dirty("News from the strait") });
    try {
      await pastedArticle();

      const rss = await (await feed(new Request("http://localhost/feed.xml"), { params: Promise.resolve({}) })).text();
      expect(xmlErrors(rss)).toEqual([]);
      expect(rss).toMatch(/<title>Storm hits the coast\uFFFD*<\/title>/);
      expect(rss).toMatch(/<dc:creator>Ayşe Yılmaz\uFFFD*<\/dc:creator>/);
      expect(rss).toMatch(/<category domain="[^"]+">World news\uFFFD*<\/category>/);
      expect(rss).toMatch(/<description>Ferries stop running\uFFFD*<\/description>/);
      expect(rss).toMatch(/<title>The Meridian Post\uFFFD*<\/title>/);

      const news = await (await newsSitemap()).text();
      expect(xmlErrors(news)).toEqual([]);
      expect(news).toMatch(/<news:title>Storm hits the coast\uFFFD*<\/news:title>/);

      expect(xmlErrors(await (await sitemapIndex()).text())).toEqual([]);
      for (const file of ["pages.xml", "articles-1.xml"]) {
        const xml = await (await sitemapFile(new Request("http://x/"), { params: Promise.resolve({ file }) })).text();
        expect(xmlErrors(xml)).toEqual([]);
      }
    } finally {
      await saveSettings(before);
    }
  });

  it("leaves the article's JSON-LD parseable and clean", async () => {
    const article = (await getArticleBySlug((await pastedArticle()).slug))!;
    const html = renderToStaticMarkup(
      createElement(ArticleView, {
        article,
        comments: [],
        commentCount: 0,
        siteTitle: dirty("The Meridian Post"),
        timeZone: "Europe/Istanbul",
      }),
    );
    const script = html.match(/<script type="application\/ld\+json">(.*?)<\/script>/s)![1];

    // The NewsArticle is the first node of the page's @graph (its BreadcrumbList the second).
    const data = JSON.parse(script)["@graph"][0];
    const stored = (text: string) => expect.stringMatching(new RegExp(`^${text}\uFFFD*$`));
    expect(data).toMatchObject({
      headline: stored("Storm hits the coast"),
      description: stored("Ferries stop running"),
      articleSection: stored("World news"),
      keywords: stored("Energy prices"),
      author: [{ name: stored("Ayşe Yılmaz") }],
      publisher: { name: "The Meridian Post" },
    });
    const strings: string[] = [];
    JSON.parse(script, (_key, value) => (typeof value === "string" && strings.push(value), value));
    expect(strings.filter((text) => NOT_XML.test(text))).toEqual([]);
  });

  it("are dropped at output, a Word line break becoming a space, everything else kept", () => {
    expect(escapeXml("Storm\u000Bhits\u000Cthe coast")).toBe("Storm hits the coast");
    expect(escapeXml("a\u0000b\u0008c\u001Fd\uFFFEe\uFFFFf\uD800g\uDFFFh")).toBe("abcdefgh");
    expect(escapeXml("tab\tline\ncr\r, emoji 😀, ç ğ ı ş, \uE000 \uFFFD")).toBe(
      "tab\tline\ncr\r, emoji 😀, ç ğ ı ş, \uE000 \uFFFD",
    );
    expect(escapeXml(`<a href="x">&'\u0000</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;");
  });
});
