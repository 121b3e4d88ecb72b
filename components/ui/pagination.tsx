import Link from "next/link";

export function Pagination({ basePath, page, totalPages }: { basePath: string; page: number; totalPages: number }) {
  if (totalPages <= 1) return null;
  const href = (n: number) => (n === 1 ? basePath : `${basePath}?page=${n}`);
  return (
    <nav
      aria-label="Pagination"
      className="mt-10 flex items-center justify-between border-t border-neutral-200 pt-4 text-sm font-semibold dark:border-neutral-800"
    >
      {page > 1 ? (
        <Link href={href(page - 1)} rel="prev" className="hover:underline">
          ← Newer stories
        </Link>
      ) : (
        <span />
      )}
      <span className="text-neutral-500">
        Page {page} of {totalPages}
      </span>
      {page < totalPages ? (
        <Link href={href(page + 1)} rel="next" className="hover:underline">
          Older stories →
        </Link>
      ) : (
        <span />
      )}
    </nav>
  );
}
