import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { SearchResult } from "@/components/search/search-result";
import { searchSummary } from "@/components/search/search-summary";
import { Pagination } from "@/components/ui/pagination";
import { searchArticles } from "@/lib/data/search";
import { getSettings } from "@/lib/data/settings";

export const metadata: Metadata = { title: "Search", robots: { index: false, follow: true } };

type Props = { searchParams: Promise<{ q?: string | string[]; page?: string | string[] }> };

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

export default async function SearchPage({ searchParams }: Props) {
  const params = await searchParams;
  const q = first(params.q)?.slice(0, 1000) ?? "";
  const rawPage = first(params.page);
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
          maxLength={1000}
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
      {q.trim() ? (
        <p className="mt-6 text-sm text-neutral-600 dark:text-neutral-400" role="status">
          {searchSummary(results, q)}
        </p>
      ) : null}
      <ol className="mt-6 space-y-8">
        {results.items.map((hit) => (
          <li key={hit.id}>
            <SearchResult hit={hit} timeZone={settings.timezone} />
          </li>
        ))}
      </ol>
      <Pagination
        basePath={`/search?q=${encodeURIComponent(q)}`}
        page={results.page}
        totalPages={results.totalPages}
        labels={{ previous: "← Previous", next: "Next →" }}
      />
    </div>
  );
}
