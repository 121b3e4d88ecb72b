import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ArticleCard } from "@/components/article/article-card";
import { Pagination } from "@/components/ui/pagination";
import { searchArticles } from "@/lib/data/articles";
import { getSettings } from "@/lib/data/settings";

export const metadata: Metadata = { title: "Search", robots: { index: false } };

type Props = { searchParams: Promise<{ q?: string | string[]; page?: string | string[] }> };

export default async function SearchPage({ searchParams }: Props) {
  const params = await searchParams;
  const q = (Array.isArray(params.q) ? params.q[0] : params.q)?.slice(0, 200) ?? "";
  const rawPage = Array.isArray(params.page) ? params.page[0] : params.page;
  const page = rawPage === undefined ? 1 : /^[1-9]\d{0,5}$/.test(rawPage) ? Number(rawPage) : null;
  if (page === null) notFound();
  const [settings, results] = await Promise.all([getSettings(), searchArticles(q, page)]);
  if (!results) notFound();

  return (
    <div className="mx-auto max-w-3xl">
      <h1 className="font-serif text-4xl font-black">Search</h1>
      <form role="search" action="/search" className="mt-6 flex gap-2">
        <label htmlFor="search-q" className="sr-only">
          Search stories
        </label>
        <input
          id="search-q"
          type="search"
          name="q"
          defaultValue={q}
          placeholder="Search stories"
          className="min-w-0 flex-1 rounded border border-neutral-400 bg-transparent px-3 py-2"
        />
        <button
          type="submit"
          className="rounded bg-neutral-900 px-4 py-2 font-semibold text-white dark:bg-white dark:text-neutral-900"
        >
          Search
        </button>
      </form>
      {q ? (
        <p className="mt-6 text-sm text-neutral-600 dark:text-neutral-400" role="status">
          {results.total === 0
            ? `No stories match “${q}”.`
            : `${results.total} ${results.total === 1 ? "story matches" : "stories match"} “${q}”.`}
        </p>
      ) : null}
      <ol className="mt-6 space-y-8">
        {results.items.map((a) => (
          <li key={a.id}>
            <ArticleCard article={a} timeZone={settings.timezone} headingLevel={2} />
          </li>
        ))}
      </ol>
      <Pagination basePath={`/search?q=${encodeURIComponent(q)}`} page={results.page} totalPages={results.totalPages} />
    </div>
  );
}
