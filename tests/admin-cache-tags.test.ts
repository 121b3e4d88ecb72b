import { describe, expect, it } from "vitest";
import { articleCacheTags, type ArticleCacheState } from "@/lib/cache/article-change";

const base: ArticleCacheState = { slug: "story", sectionId: 1, tagIds: [10, 11], authorIds: [5], public: true };

describe("articleCacheTags", () => {
  it("an edit of a published article touches its page, the latest lists, its section, tags and authors", () => {
    expect(articleCacheTags(base, base).sort()).toEqual(
      ["article:story", "articles:latest", "author:5", "section:1", "tag:10", "tag:11"].sort(),
    );
  });

  it("moving an article touches the old and the new slug, section, tags and bylines", () => {
    const after = { ...base, slug: "renamed", sectionId: 2, tagIds: [11, 12], authorIds: [6, 5] };
    expect(articleCacheTags(base, after).sort()).toEqual(
      [
        "article:story",
        "article:renamed",
        "articles:latest",
        "section:1",
        "section:2",
        "tag:10",
        "tag:11",
        "tag:12",
        "author:5",
        "author:6",
      ].sort(),
    );
  });

  it("publishing a draft and unpublishing or trashing a published article both touch reader pages", () => {
    const draft = { ...base, public: false };
    expect(articleCacheTags(draft, base)).toContain("article:story");
    expect(articleCacheTags(base, draft)).toContain("articles:latest");
    expect(articleCacheTags(base, null)).toContain("section:1");
  });

  it("a change that stays private (a draft, the trash) touches nothing", () => {
    const draft = { ...base, public: false };
    expect(articleCacheTags(null, draft)).toEqual([]);
    expect(articleCacheTags(draft, { ...draft, slug: "other" })).toEqual([]);
  });
});
