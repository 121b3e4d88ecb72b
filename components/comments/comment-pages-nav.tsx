import { commentPagePath } from "@/lib/comments/pages";

export type CommentPages = { page: number; pages: number; articlePath: string };

/** WordPress's "Older Comments" / "Newer Comments" links; plain links to cacheable pages. */
export function CommentPagesNav({ page, pages, articlePath }: CommentPages) {
  if (pages <= 1) return null;
  const link = "font-semibold text-blue-700 hover:underline dark:text-blue-400";
  return (
    <nav aria-label="Comment pages" className="mt-6 flex items-center justify-between gap-4 text-sm">
      {page > 1 ? (
        <a href={`${commentPagePath(articlePath, page - 1, pages)}#comments`} className={link}>
          ← Older Comments
        </a>
      ) : (
        <span />
      )}
      <span className="text-neutral-600 dark:text-neutral-400">{`Page ${page} of ${pages}`}</span>
      {page < pages ? (
        <a href={`${commentPagePath(articlePath, page + 1, pages)}#comments`} className={link}>
          Newer Comments →
        </a>
      ) : (
        <span />
      )}
    </nav>
  );
}
