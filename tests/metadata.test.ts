import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ArticleView } from "@/components/article/article-view";
import { getArticleBySlug } from "@/lib/data/articles";
import { getImageSize } from "@/lib/data/image-size";
import { homeJsonLd } from "@/lib/metadata/json-ld";
import { makeArticle, makeAuthor, makeSection, makeTag } from "./support/factories";

type Node = Record<string, unknown> & { "@type": string };

function jsonLdOf(html: string): Node[] {
  const found = [...html.matchAll(/<script type="application\/ld\+json">(.*?)<\/script>/gs)];
  expect(found).toHaveLength(1);
  return (JSON.parse(found[0][1]) as { "@graph": Node[] })["@graph"];
}

describe("structured data", () => {
  it("an article's NewsArticle has publisher logo, sized image, language, access and a breadcrumb trail", async () => {
    const section = await makeSection({ name: "World", slug: "world-ld" });
    const stored = await makeArticle(
      {
        headline: "Talks resume",
        sectionId: section.id,
        featureImagePath: "/images/articles/russia-ukraine-talks-istanbul.webp",
      },
      {
        authorIds: [(await makeAuthor({ name: "Elif Arslan" })).id],
        tagIds: [(await makeTag({ name: "Diplomacy" })).id],
      },
    );
    const article = (await getArticleBySlug(stored.slug))!;
    const imageSize = await getImageSize(article.featureImage!.path);
    expect(imageSize).toEqual({ width: 1600, height: 900 });
    const html = renderToStaticMarkup(
      createElement(ArticleView, {
        article,
        comments: [],
        commentCount: 0,
        siteTitle: "The Meridian Post",
        timeZone: "Europe/Istanbul",
        imageSize,
      }),
    );
    const [news, breadcrumbs] = jsonLdOf(html);
    expect(news).toMatchObject({
      "@type": "NewsArticle",
      headline: "Talks resume",
      inLanguage: "en",
      isAccessibleForFree: true,
      image: {
        "@type": "ImageObject",
        url: "http://localhost:3000/images/articles/russia-ukraine-talks-istanbul.webp",
        width: 1600,
        height: 900,
      },
      publisher: {
        "@type": "NewsMediaOrganization",
        name: "The Meridian Post",
        logo: { "@type": "ImageObject", url: "http://localhost:3000/brand/logo-512.png", width: 512, height: 512 },
      },
      author: [{ "@type": "Person", name: "Elif Arslan" }],
    });
    expect(breadcrumbs["@type"]).toBe("BreadcrumbList");
    expect(breadcrumbs.itemListElement).toEqual([
      { "@type": "ListItem", position: 1, name: "The Meridian Post", item: "http://localhost:3000/" },
      { "@type": "ListItem", position: 2, name: "World", item: "http://localhost:3000/world-ld" },
      { "@type": "ListItem", position: 3, name: "Talks resume", item: `http://localhost:3000/articles/${stored.slug}` },
    ]);
  });

  it("reads image sizes only from bundled images and uploads", async () => {
    expect(await getImageSize("/images/../../package.json")).toBeNull();
    expect(await getImageSize("/etc/passwd")).toBeNull();
    expect(await getImageSize("/uploads/0123456789abcdef0123456789abcdef.png")).toBeNull();
  });

  it("the home page names the publication and the site's search", () => {
    const [organization, website] = homeJsonLd("The Meridian Post", "News")["@graph"] as Node[];
    expect(organization).toMatchObject({ "@type": "NewsMediaOrganization", logo: { width: 512, height: 512 } });
    expect(website).toMatchObject({
      "@type": "WebSite",
      potentialAction: {
        "@type": "SearchAction",
        target: { urlTemplate: "http://localhost:3000/search?q={search_term_string}" },
        "query-input": "required name=search_term_string",
      },
    });
  });
});
