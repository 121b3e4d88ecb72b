import type { SearchPage } from "@/lib/data/search";

/** What the search page says it found, read out to screen readers as a status. */
export function searchSummary({ total, more, page, totalPages }: SearchPage, q: string): string {
  if (total === 0) return `No results for “${q}”.`;
  // Past the window only the newest matches are ranked (lib/data/search.ts), so the count is a floor.
  const found = more
    ? `More than ${total.toLocaleString("en")} results`
    : `${total.toLocaleString("en")} ${total === 1 ? "result" : "results"}`;
  const count = `${found} for “${q}”`;
  const said = totalPages > 1 ? `${count}, page ${page} of ${totalPages}.` : `${count}.`;
  return more ? `${said} The newest ${total.toLocaleString("en")} are shown; add a word to find older stories.` : said;
}
