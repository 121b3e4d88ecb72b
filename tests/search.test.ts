import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { transaction } from "@/db";
import { articles } from "@/db/schema";
import { syncSearchIndex } from "@/db/search-index";
import { HighlightedText } from "@/components/search/highlighted-text";
import { searchArticles, searchTerms, toHighlighted } from "@/lib/data/search";
import { newsroomSearchCases, searchCases } from "./support/search-cases";

describe("search", searchCases);
describe("newsroom search", newsroomSearchCases);

describe("the search index", () => {
  it("picks up articles written around the data layer", async () => {
    const [story] = await transaction((tx) =>
      tx
        .insert(articles)
        .values({
          slug: "written-around",
          headline: "Imported quokkas",
          body: "See [x](https://example.org/wombat)",
          status: "published",
          publishedAt: Date.now() - 1000,
        })
        .returning(),
    );
    expect((await searchArticles("quokkas", 1))?.total).toBe(0);
    expect(await syncSearchIndex()).toBe(1);
    expect((await searchArticles("quokka", 1))?.items.map((a) => a.id)).toEqual([story.id]);
    expect(await syncSearchIndex()).toBe(0);
  });

  it("reads a query as words only", () => {
    expect(searchTerms(`"Dolmabahçe" AND (ceasefire* -talks) NEAR\u0000x 🤝`)).toEqual([
      "dolmabahce",
      "and",
      "ceasefire",
      "talks",
      "near",
      "x",
    ]);
  });

  it("renders snippets with <mark> and everything else escaped", () => {
    const pieces = toHighlighted(`<script>alert(1)</script> \u0001ceasefire\u0002 & <b>more</b>`);
    const html = renderToStaticMarkup(createElement(HighlightedText, { pieces }));
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toMatch(/<mark[^>]*>ceasefire<\/mark>/);
    expect(html).toContain("&amp; &lt;b&gt;more&lt;/b&gt;");
    expect(html).not.toContain("<script>");
  });
});
