import { describe, expect, it } from "vitest";
import {
  authorOldPaths,
  categoryOldPaths,
  FEED_KEY,
  oldLinkKey,
  pathOnSite,
  postOldPaths,
  tagOldPaths,
} from "@/lib/wordpress/old-links";

/** What the site will do with a request: its key, looked up among the recorded ones. */
function lookup(recorded: string[], url: string): boolean {
  const { pathname, search } = new URL(url, "https://new.example");
  const key = oldLinkKey(pathname, search)?.key;
  return key !== undefined && recorded.includes(key);
}

describe("old-link keys", () => {
  it("finds /?p=ID whatever else the query says, and the other query forms", () => {
    expect(oldLinkKey("/", "?p=123")).toEqual({ key: "?p=123", page: null });
    expect(oldLinkKey("/", "?p=123&preview=true")).toEqual({ key: "?p=123", page: null });
    expect(oldLinkKey("/index.php", "?cat=4&paged=2")).toEqual({ key: "?cat=4", page: 2 });
    expect(oldLinkKey("/", "?author=2")?.key).toBe("?author=2");
    expect(oldLinkKey("/", "?tag=ferries")?.key).toBe("/tag/ferries");
    expect(oldLinkKey("/", "?feed=rss2")?.key).toBe(FEED_KEY);
    expect(oldLinkKey("/", "?p=abc")).toBeNull();
  });

  it("meets the same key for a trailing slash, percent-encoding, index.php and capitals", () => {
    for (const path of [
      "/2023/11/20/köprü-açıldı/",
      "/2023/11/20/k%C3%B6pr%C3%BC-a%C3%A7%C4%B1ld%C4%B1/",
      "/2023/11/20/k%c3%b6pr%c3%bc-a%c3%a7%c4%b1ld%c4%b1",
      "/index.php/2023/11/20/köprü-açıldı/",
      "//2023//11/20/köprü-açıldı",
    ]) {
      expect(oldLinkKey(path)?.key, path).toBe("/2023/11/20/köprü-açıldı");
    }
    expect(oldLinkKey("/2024/05/14/Ferry-Timetable/")?.key).toBe("/2024/05/14/ferry-timetable");
  });

  it("takes a page number off section, tag and author archives", () => {
    expect(oldLinkKey("/category/news/page/3/")).toEqual({ key: "/category/news", page: 3 });
    expect(oldLinkKey("/author/editor/page/2")).toEqual({ key: "/author/editor", page: 2 });
  });

  it("sends every feed to the feed, and an archive's or a post's feed to its page", () => {
    for (const path of ["/feed/", "/feed/rss2/", "/feed/atom", "/rss", "/comments/feed/"]) {
      expect(oldLinkKey(path)?.key, path).toBe(FEED_KEY);
    }
    expect(oldLinkKey("/category/news/feed/")?.key).toBe("/category/news");
    expect(oldLinkKey("/2024/05/14/ferry/feed/")?.key).toBe("/2024/05/14/ferry");
    expect(oldLinkKey("/2024/05/14/ferry/amp/")?.key).toBe("/2024/05/14/ferry");
  });

  it("has no key for the home page", () => {
    expect(oldLinkKey("/")).toBeNull();
    expect(oldLinkKey("")).toBeNull();
  });

  it("reads an old address only when it is on the old site, under the folder it was installed in", () => {
    expect(pathOnSite("https://www.old.example/news/2024/05/x/?a=1", "https://old.example/news")).toEqual({
      pathname: "/2024/05/x/",
      search: "?a=1",
    });
    expect(pathOnSite("https://elsewhere.example/2024/05/x/", "https://old.example")).toBeNull();
    expect(pathOnSite("/2024/05/x/", "https://old.example")).toEqual({ pathname: "/2024/05/x/", search: "" });
  });
});

describe("the old addresses recorded for each imported thing", () => {
  const post = postOldPaths({
    postId: 101,
    wpSlug: "ferry-timetable-summer",
    postDate: "2024-05-14 00:30:00",
    link: "https://harbour.example/news/ferry-timetable-summer/",
    siteUrl: "https://harbour.example",
  });

  it("covers a post's permalink and every WordPress pattern, dated by the site's local date", () => {
    expect(post).toEqual([
      "?p=101",
      "/news/ferry-timetable-summer",
      "/2024/05/14/ferry-timetable-summer",
      "/2024/05/ferry-timetable-summer",
      "/ferry-timetable-summer",
      "/archives/101",
    ]);
  });

  it("answers the links readers still have", () => {
    for (const url of [
      "/?p=101",
      "/2024/05/14/ferry-timetable-summer/",
      "/2024/05/ferry-timetable-summer/",
      "/ferry-timetable-summer/",
      "/news/ferry-timetable-summer/",
      "/2024/05/14/ferry-timetable-summer/feed/",
    ]) {
      expect(lookup(post, url), url).toBe(true);
    }
    expect(lookup(post, "/2024/05/15/ferry-timetable-summer/")).toBe(false);
    expect(lookup(post, "/?p=102")).toBe(false);
  });

  it("covers categories flat and nested, tags and authors", () => {
    const category = categoryOldPaths(["news", "harbour"], 3);
    expect(category).toEqual(["/category/harbour", "/category/news/harbour", "?cat=3"]);
    for (const url of ["/category/news/harbour/", "/category/harbour/page/2/", "/?cat=3"])
      expect(lookup(category, url), url).toBe(true);
    expect(tagOldPaths("ferries")).toEqual(["/tag/ferries"]);
    expect(lookup(tagOldPaths("ferries"), "/?tag=ferries")).toBe(true);
    expect(authorOldPaths("j-okafor", 2)).toEqual(["/author/j-okafor", "?author=2"]);
  });
});
