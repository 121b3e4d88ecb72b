import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { transaction } from "@/db";
import { articles } from "@/db/schema";
import { syncSearchIndex } from "@/db/search-index";
import { HighlightedText } from "@/components/search/highlighted-text";
import { searchSummary } from "@/components/search/search-summary";
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

  it("says how many it found, and that there are more when the words match more than it ranks", () => {
    const page = { items: [], page: 1, totalPages: 50, total: 1000, more: true };
    expect(searchSummary(page, "court")).toBe(
      "More than 1,000 results for “court”, page 1 of 50. The newest 1,000 are shown; add a word to find older stories.",
    );
    expect(searchSummary({ ...page, more: false, total: 999 }, "court")).toBe("999 results for “court”, page 1 of 50.");
    expect(searchSummary({ ...page, more: false, total: 1, totalPages: 1 }, "court")).toBe("1 result for “court”.");
    expect(searchSummary({ ...page, more: false, total: 0, totalPages: 1 }, "court")).toBe("No results for “court”.");
  });
});
