import Link from "next/link";

export function Pagination({
  basePath,
  page,
  totalPages,
  labels = { previous: "← Newer stories", next: "Older stories →" },
}: {
  basePath: string;
  page: number;
  totalPages: number;
  labels?: { previous: string; next: string };
}) {
  if (totalPages <= 1) return null;
  const href = (n: number) => (n === 1 ? basePath : `${basePath}${basePath.includes("?") ? "&" : "?"}page=${n}`);
  return (
    <nav
      aria-label="Pagination"
      className="mt-10 flex items-center justify-between border-t border-neutral-200 pt-4 text-sm font-semibold dark:border-neutral-800"
    >
      {page > 1 ? (
        <Link href={href(page - 1)} rel="prev" className="hover:underline">
          {labels.previous}
        </Link>
      ) : (
        <span />
      )}
      <span className="text-neutral-500 dark:text-neutral-400">
        Page {page} of {totalPages}
      </span>
      {page < totalPages ? (
        <Link href={href(page + 1)} rel="next" className="hover:underline">
          {labels.next}
        </Link>
      ) : (
        <span />
      )}
    </nav>
  );
}
