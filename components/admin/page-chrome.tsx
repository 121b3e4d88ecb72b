import Link from "next/link";

export function FilterTabs({
  label,
  tabs,
}: {
  label: string;
  tabs: { href: string; label: string; count: number; current: boolean }[];
}) {
  return (
    <nav
      aria-label={label}
      className="flex flex-wrap gap-x-1 gap-y-2 border-b border-neutral-200 text-sm dark:border-neutral-800"
    >
      {tabs.map((t) => (
        <Link
          key={t.href}
          href={t.href}
          aria-current={t.current ? "page" : undefined}
          className={`-mb-px border-b-2 px-3 py-2 ${t.current ? "border-neutral-900 font-bold dark:border-white" : "border-transparent text-neutral-600 hover:text-neutral-900 dark:text-neutral-400"}`}
        >
          {t.label} <span className="text-neutral-500 dark:text-neutral-400">({t.count})</span>
        </Link>
      ))}
    </nav>
  );
}

export function AdminPagination({
  page,
  totalPages,
  href,
}: {
  page: number;
  totalPages: number;
  href: (page: number) => string;
}) {
  if (totalPages <= 1) return null;
  return (
    <nav aria-label="Pagination" className="mt-4 flex items-center justify-between text-sm font-semibold">
      {page > 1 ? <Link href={href(page - 1)}>← Previous</Link> : <span />}
      <span className="text-neutral-500 dark:text-neutral-400">
        Page {page} of {totalPages}
      </span>
      {page < totalPages ? <Link href={href(page + 1)}>Next →</Link> : <span />}
    </nav>
  );
}

export function PageTitle({ children, actions }: { children: React.ReactNode; actions?: React.ReactNode }) {
  return (
    <div className="mb-6 flex flex-wrap items-center justify-between gap-3">
      <h1 className="font-serif text-3xl font-bold">{children}</h1>
      {actions}
    </div>
  );
}

export function NewArticleLink() {
  return (
    <Link
      href="/admin/articles/new"
      className="rounded bg-neutral-900 px-4 py-2 text-sm font-semibold text-white dark:bg-white dark:text-neutral-900"
    >
      New article
    </Link>
  );
}

/**
 * A newsroom list table: scrolls inside its box on a phone rather than widening the page.
 * `minWidthClass` is a literal Tailwind class (e.g. "min-w-[640px]") written where it is used.
 */
export function AdminTable({
  caption,
  columns,
  minWidthClass,
  children,
}: {
  caption: string;
  columns: string[];
  minWidthClass: string;
  children: React.ReactNode;
}) {
  return (
    // `relative`: visually hidden labels (absolutely positioned) inside the table stay in this scrolling
    // box instead of widening the page on a phone.
    <div className="relative overflow-x-auto">
      <table className={`w-full text-left text-sm ${minWidthClass}`}>
        <caption className="sr-only">{caption}</caption>
        <thead className="border-b border-neutral-300 dark:border-neutral-700">
          <tr>
            {columns.map((column, i) => (
              <th key={column} scope="col" className={i < columns.length - 1 ? "py-2 pr-3" : "py-2"}>
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-neutral-200 dark:divide-neutral-800">{children}</tbody>
      </table>
    </div>
  );
}
