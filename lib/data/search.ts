import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { engine, rows } from "@/db";
import { articles } from "@/db/schema";
import { foldDiacritics, foldTranslation } from "@/db/search-index";
import { listSummariesByIds, PAGE_SIZE, visibleToReaders, type ArticleSummary } from "./articles";
import { contains } from "./like";
import { pageCount, type Page } from "./paging";

/** Text in pieces, the matched words marked; rendered as React text, so nothing in it is markup. */
export type Highlighted = { text: string; mark: boolean }[];
export type SearchHit = ArticleSummary & { highlightedHeadline: Highlighted; snippet: Highlighted };

// The index holds no control characters (db/search-index.ts), so these cannot be confused with text.
const START = "\u0001";
const STOP = "\u0002";
const MAX_TERMS = 16;

/**
 * The words of a query, accents folded: runs of letters and digits. Every other character (quotes, *,
 * a lone -, parentheses, NUL, emoji) only separates words, and each word is then quoted as a string,
 * so nothing a reader types is read as query syntax; AND, OR, NEAR are words like any other.
 */
export function searchTerms(query: string): string[] {
  const words = query.slice(0, 1000).match(/[\p{L}\p{N}][\p{L}\p{M}\p{N}]*/gu) ?? [];
  return [...new Set(words.map((w) => foldDiacritics(w.slice(0, 64)).toLowerCase()))].slice(0, MAX_TERMS);
}

/** Every word must match, in any order: FTS5 and websearch_to_tsquery both AND quoted strings. */
const matchExpression = (terms: string[]) => terms.map((t) => `"${t}"`).join(" ");

export function toHighlighted(marked: string): Highlighted {
  return marked
    .split(/[\u0001\u0002]/)
    .map((text, i) => ({ text, mark: i % 2 === 1 }))
    .filter((piece) => piece.text !== "");
}

type RankedRow = { id: number; headline: string; dek: string; snippet: string };

/**
 * The stories a search ranks: every match readers can see, down to `since` (an article id; 0 for all).
 * FTS5 takes the rowid bound into the index itself, so an older match is never read.
 */
function sqliteQuery(terms: string[], now: number, since: number, select: SQL, tail: SQL = sql``): SQL {
  return sql`select ${select} from article_search join articles on articles.id = article_search.rowid
    where article_search match ${matchExpression(terms)} and article_search.rowid >= ${since}
      and ${visibleToReaders(now)} ${tail}`;
}

function postgresQuery(terms: string[], now: number, since: number, select: SQL, tail: SQL = sql``): SQL {
  return sql`select ${select} from article_search s join articles on articles.id = s.article_id,
      websearch_to_tsquery('english', ${matchExpression(terms)}) q
    where s.document @@ q and s.article_id >= ${since} and ${visibleToReaders(now)} ${tail}`;
}

const query = engine === "sqlite" ? sqliteQuery : postgresQuery;

/**
 * How many of the newest matches a search ranks. A common word matches most of an archive, and ranking
 * a match costs the same whatever page is asked for: "court" in 100,000 stories took 213 ms, nearly all
 * of it bm25 and the count visiting every match. Ranked among the newest thousand it is what a news
 * reader wants anyway — this year's court stories, best first — and an older story is one more word
 * away. A word in fewer stories than this is ranked across the whole archive, as before.
 */
export const SEARCH_WINDOW = 1000;

/** The window: the newest `size` matches readers can see (by id, the order stories entered the newsroom). */
export function buildSearchWindowQuery(terms: string[], now: number, size: number): SQL {
  const id = engine === "sqlite" ? sql`article_search.rowid` : sql`s.article_id`;
  return query(terms, now, 0, sql`articles.id as id`, sql`order by ${id} desc limit ${size + 1}`);
}

type Window = { total: number; since: number; more: boolean };

async function searchWindow(terms: string[], now: number, size: number): Promise<Window> {
  const ids = (await rows<{ id: number }>(buildSearchWindowQuery(terms, now, size))).map((r) => Number(r.id));
  const total = Math.min(ids.length, size);
  return { total, since: total ? ids[total - 1] : 0, more: ids.length > size };
}

// Headline above dek above body (then tags, section, bylines); the newer story first on a tie.
const sqliteRanked = (terms: string[], now: number, since: number, limit: number, offset: number) =>
  rows<RankedRow>(
    sqliteQuery(
      terms,
      now,
      since,
      sql`articles.id as id, highlight(article_search, 0, ${START}, ${STOP}) as headline,
        highlight(article_search, 1, ${START}, ${STOP}) as dek,
        snippet(article_search, 2, ${START}, ${STOP}, '…', 32) as snippet`,
      sql`order by bm25(article_search, 10.0, 4.0, 1.0, 0.5, 0.5, 0.5), articles.published_at desc, articles.id desc
        limit ${limit} offset ${offset}`,
    ),
  );

/**
 * ts_headline runs on the folded text (so "Dolmabahce" is marked in "Dolmabahçe"); folding keeps every
 * offset, so the marks are then put back into the original text.
 */
async function postgresRanked(
  terms: string[],
  now: number,
  since: number,
  limit: number,
  offset: number,
): Promise<RankedRow[]> {
  const { from, to } = foldTranslation();
  const headline = (column: SQL, options: string) =>
    sql`ts_headline('english', translate(${column}, ${from}, ${to}), q, ${`StartSel=${START}, StopSel=${STOP}, ${options}`})`;
  // Ranked first, then headlines for the one page only: ts_headline re-parses the whole text.
  const ranked = postgresQuery(
    terms,
    now,
    since,
    sql`articles.id as id, ts_rank(s.document, q) as rank, articles.published_at as published_at`,
    sql`order by rank desc, articles.published_at desc, articles.id desc limit ${limit} offset ${offset}`,
  );
  const found = await rows<RankedRow & { headlineText: string; dekText: string; bodyText: string }>(
    sql`with ranked as (${ranked})
      select ranked.id as id, ${headline(sql`s.headline`, "HighlightAll=true")} as headline,
        ${headline(sql`s.dek`, "HighlightAll=true")} as dek, ${headline(sql`s.body`, "MaxWords=40, MinWords=20")} as snippet,
        s.headline as "headlineText", s.dek as "dekText", s.body as "bodyText"
      from ranked join article_search s on s.article_id = ranked.id, websearch_to_tsquery('english', ${matchExpression(terms)}) q
      order by ranked.rank desc, ranked.published_at desc, ranked.id desc`,
  );
  return found.map((r) => ({
    id: Number(r.id),
    headline: unfold(r.headline, r.headlineText),
    dek: unfold(r.dek, r.dekText),
    snippet: unfold(r.snippet, r.bodyText),
  }));
}

/** Puts the marks of a fragment of the folded text into the same place in the original text. */
function unfold(marked: string, original: string): string {
  const at = foldDiacritics(original).indexOf(marked.replace(/[\u0001\u0002]/g, ""));
  if (at < 0) return marked;
  let position = at;
  return [...marked].map((ch) => (ch === START || ch === STOP ? ch : original[position++])).join("");
}

/** The body's best passage; the dek when only the dek (or nothing in the text) matched. */
function bestSnippet(r: RankedRow): Highlighted {
  const choice = r.snippet.includes(START) || !r.dek.includes(START) ? r.snippet || r.dek : r.dek;
  return toHighlighted(choice);
}

/** A page of results; `more` when the words match more stories than the window ranks (SEARCH_WINDOW). */
export type SearchPage = Page<SearchHit> & { more: boolean };

/**
 * One page of what readers can see that matches every word of `text`, best first among the newest
 * `window` matches; null when the page is past the end (page 1 of no results is still a page).
 */
export async function searchArticles(
  text: string,
  page: number,
  window: number = SEARCH_WINDOW,
): Promise<SearchPage | null> {
  const terms = searchTerms(text);
  const now = Date.now();
  const { total, since, more } = terms.length
    ? await searchWindow(terms, now, window)
    : { total: 0, since: 0, more: false };
  if (!Number.isInteger(page) || page < 1 || page > pageCount(total, PAGE_SIZE)) return null;
  const ranked = total
    ? await (engine === "sqlite" ? sqliteRanked : postgresRanked)(terms, now, since, PAGE_SIZE, (page - 1) * PAGE_SIZE)
    : [];
  const summaries = new Map((await listSummariesByIds(ranked.map((r) => Number(r.id)))).map((a) => [a.id, a]));
  const items = ranked.flatMap((r) => {
    const summary = summaries.get(Number(r.id));
    return summary ? [{ ...summary, highlightedHeadline: toHighlighted(r.headline), snippet: bestSnippet(r) }] : [];
  });
  return { items, page, totalPages: pageCount(total, PAGE_SIZE), total, more };
}

/**
 * The newsroom's headline search, on the same index: every word in the headline, the last one as a
 * prefix (an editor typing "pris" finds "prisoners"), whatever the article's status. Text without a
 * word (say "%") falls back to a substring match.
 */
export function headlineMatches(text: string): SQL {
  const terms = searchTerms(text);
  if (terms.length === 0) return contains(articles.headline, text.trim());
  const last = terms.length - 1;
  if (engine === "sqlite") {
    const expression = `headline : (${terms.map((t, i) => `"${t}"${i === last ? "*" : ""}`).join(" ")})`;
    return sql`${articles.id} in (select rowid from article_search where article_search match ${expression})`;
  }
  const expression = terms.map((t, i) => `${t}:${i === last ? "*" : ""}A`).join(" & ");
  return sql`${articles.id} in (select article_id from article_search where document @@ to_tsquery('english', ${expression}))`;
}
