import { describe, expect, it } from "vitest";
import {
  commentLink,
  commentPageCount,
  commentPagePath,
  parseCommentPage,
  THREADS_PER_PAGE,
  threadsOnPage,
} from "@/lib/comments/pages";

const threads = (n: number, from = 1) => Array.from({ length: n }, (_, i) => ({ id: from + i, parentId: null }));

describe("comment pages", () => {
  it("reads only WordPress's comment-page-N segments", () => {
    expect(parseCommentPage("comment-page-1")).toBe(1);
    expect(parseCommentPage("comment-page-42")).toBe(42);
    for (const bad of [
      "comment-page-0",
      "comment-page-01",
      "comment-page-",
      "comment-page-1x",
      "respond",
      "comment-page-9999999",
    ])
      expect(parseCommentPage(bad), bad).toBeNull();
  });

  it("puts 50 threads on a page, and the newest page at the article's own URL", () => {
    expect(THREADS_PER_PAGE).toBe(50);
    expect(commentPageCount(0)).toBe(1);
    expect(commentPageCount(50)).toBe(1);
    expect(commentPageCount(51)).toBe(2);
    expect(commentPagePath("/articles/a", 1, 3)).toBe("/articles/a/comment-page-1");
    expect(commentPagePath("/articles/a", 3, 3)).toBe("/articles/a");
    const list = threads(120);
    expect(threadsOnPage(list, 1).map((t) => t.id)).toEqual(list.slice(0, 50).map((t) => t.id));
    expect(threadsOnPage(list, 3)).toHaveLength(20);
  });

  it("links a comment to its thread's page, the last one at the article's own URL", () => {
    expect(commentLink("/articles/a", { threadsBefore: 0, threads: 61 }, 101)).toBe(
      "/articles/a/comment-page-1#comment-101",
    );
    expect(commentLink("/articles/a", { threadsBefore: 49, threads: 61 }, 50)).toBe(
      "/articles/a/comment-page-1#comment-50",
    );
    expect(commentLink("/articles/a", { threadsBefore: 50, threads: 61 }, 51)).toBe("/articles/a#comment-51");
    expect(commentLink("/articles/a", { threadsBefore: 60, threads: 61 }, 103)).toBe("/articles/a#comment-103");
    expect(commentLink("/articles/a", { threadsBefore: 50, threads: 101 }, 7)).toBe(
      "/articles/a/comment-page-2#comment-7",
    );
    expect(commentLink("/articles/a", { threadsBefore: 0, threads: 0 }, 1)).toBe("/articles/a#comment-1");
  });
});
