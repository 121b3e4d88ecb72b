import { Pagination } from "@/components/ui/pagination";
import type { ArticleSummary, Page } from "@/lib/data/articles";
import { ArticleCard } from "./article-card";

/** Section, tag and author pages: a heading, then 20 stories a page, newest first. */
export function ArticleListPage({
  kicker,
  title,
  description,
  basePath,
  list,
  timeZone,
  aside,
}: {
  kicker: string;
  title: string;
  description?: string;
  basePath: string;
  list: Page<ArticleSummary>;
  timeZone: string;
  aside?: React.ReactNode;
}) {
  return (
    <div>
      <header className="mb-8 border-b-4 border-neutral-900 pb-4 dark:border-neutral-200">
        <p className="text-accent text-xs font-bold tracking-widest uppercase dark:text-red-300">{kicker}</p>
        <h1 className="mt-1 font-serif text-4xl font-black">{title}</h1>
        {description ? <p className="mt-2 max-w-2xl text-neutral-700 dark:text-neutral-300">{description}</p> : null}
        {aside}
      </header>
      {list.items.length === 0 ? (
        <p className="text-neutral-600 dark:text-neutral-400">No stories here yet.</p>
      ) : (
        <ol className="grid gap-10 sm:grid-cols-2 lg:grid-cols-3">
          {list.items.map((a) => (
            <li key={a.id}>
              <ArticleCard article={a} timeZone={timeZone} headingLevel={2} />
            </li>
          ))}
        </ol>
      )}
      <Pagination basePath={basePath} page={list.page} totalPages={list.totalPages} />
    </div>
  );
}
