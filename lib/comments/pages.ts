import type { CommentPlace } from "@/lib/data/comments";

// Comment pages as WordPress breaks them with its default settings: 50 threads (a top-level comment
// with all its replies) per page, older threads first on each page, and the last page shown at the
// article's own URL. Earlier pages live at `<article>/comment-page-N`, so a story with thousands of
// comments stays a light page and every page is an ordinary cacheable URL.

export const THREADS_PER_PAGE = 50;

const SEGMENT = /^comment-page-([1-9]\d{0,5})$/;

/** The page number a `comment-page-N` path segment names, or null for anything else. */
export function parseCommentPage(segment: string): number | null {
  const match = SEGMENT.exec(segment);
  return match ? Number(match[1]) : null;
}

export function commentPageCount(threads: number): number {
  return Math.max(1, Math.ceil(threads / THREADS_PER_PAGE));
}

/** Where page `page` of `pages` is read: the last one at the article's URL, as WordPress links it. */
export function commentPagePath(articlePath: string, page: number, pages: number): string {
  return page >= pages ? articlePath : `${articlePath}/comment-page-${page}`;
}

/** The threads on one page (1-based), oldest first. */
export function threadsOnPage<T>(threads: T[], page: number): T[] {
  return threads.slice((page - 1) * THREADS_PER_PAGE, page * THREADS_PER_PAGE);
}

/** The URL of a comment's page, anchored at the comment, from its place (lib/data/comments.ts). */
export function commentLink(articlePath: string, { threadsBefore, threads }: CommentPlace, id: number): string {
  const page = Math.floor(threadsBefore / THREADS_PER_PAGE) + 1;
  return `${commentPagePath(articlePath, page, commentPageCount(threads))}#comment-${id}`;
}
