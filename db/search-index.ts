// Keeps the full-text index (`article_search`, created by the search_index migrations) in step with
// articles. Every article is indexed, whatever its status: readers' visibility is checked at query
// time (lib/data/search.ts), so publishing, trashing or a schedule coming due needs no index write.
// Writes call indexArticles() inside their own transaction; syncSearchIndex() at start catches rows
// written around the data layer (imports, a database from before the index).
import { asc, eq, inArray, sql, type SQL } from "drizzle-orm";
import { markdownToPlainText } from "../lib/articles/markdown";
import { engine, rows, run, transaction, type Db } from "./index";
import { recordMediaUses } from "./media-uses";
import { articleAuthors, articles, articleTags, authors, sections, tags } from "./schema";

export type SearchDocument = {
  id: number;
  headline: string;
  dek: string;
  body: string;
  tags: string;
  section: string;
  bylines: string;
  updatedAt: number;
};

// Control characters never reach the index: \u0001 and \u0002 mark highlights in query results.
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F]/g;
const clean = (text: string) => text.replace(CONTROL, " ");

const LATIN_WITH_MARKS = /[\u00C0-\u024F\u0130\u0131\u1E00-\u1EFF]/g;
const folded = new Map<string, string>();

/** One character for one character: accents dropped where the base letter is a single character. */
function foldChar(ch: string): string {
  let out = folded.get(ch);
  if (out === undefined) {
    const base = ch === "ı" ? "i" : ch.normalize("NFD").replace(/\p{M}+/gu, "");
    out = base.length === 1 ? base : ch;
    folded.set(ch, out);
  }
  return out;
}

/**
 * Accents folded ("Dolmabahçe" → "Dolmabahce") without changing the length, so an offset in the
 * folded text is the same offset in the original: PostgreSQL's index is built from this (the
 * unaccent extension is not always installed), and highlights found in it map back to the original.
 */
export function foldDiacritics(text: string): string {
  return text.replace(LATIN_WITH_MARKS, foldChar);
}

/** The from/to strings of PostgreSQL's translate() that fold exactly like foldDiacritics. */
export function foldTranslation(): { from: string; to: string } {
  let from = "";
  let to = "";
  for (const [low, high] of [
    [0xc0, 0x24f],
    [0x1e00, 0x1eff],
  ]) {
    for (let code = low; code <= high; code++) {
      const ch = String.fromCharCode(code);
      if (foldChar(ch) === ch) continue;
      from += ch;
      to += foldChar(ch);
    }
  }
  return { from, to };
}

const idList = (ids: number[]): SQL =>
  sql.join(
    ids.map((id) => sql`${id}`),
    sql`, `,
  );

async function loadDocuments(tx: Db, ids: number[]): Promise<SearchDocument[]> {
  const found = await tx
    .select({
      id: articles.id,
      headline: articles.headline,
      dek: articles.dek,
      body: articles.body,
      updatedAt: articles.updatedAt,
      section: sections.name,
    })
    .from(articles)
    .leftJoin(sections, eq(sections.id, articles.sectionId))
    .where(inArray(articles.id, ids));
  const tagRows = await tx
    .select({ id: articleTags.articleId, name: tags.name })
    .from(articleTags)
    .innerJoin(tags, eq(tags.id, articleTags.tagId))
    .where(inArray(articleTags.articleId, ids));
  const bylineRows = await tx
    .select({ id: articleAuthors.articleId, name: authors.name })
    .from(articleAuthors)
    .innerJoin(authors, eq(authors.id, articleAuthors.authorId))
    .where(inArray(articleAuthors.articleId, ids))
    .orderBy(asc(articleAuthors.position));
  const namesOf = (list: { id: number; name: string }[], id: number) =>
    clean(
      list
        .filter((r) => r.id === id)
        .map((r) => r.name)
        .join(" "),
    );
  return found.map((a) => ({
    id: a.id,
    headline: clean(a.headline),
    dek: clean(a.dek),
    body: clean(markdownToPlainText(a.body)),
    tags: namesOf(tagRows, a.id),
    section: clean(a.section ?? ""),
    bylines: namesOf(bylineRows, a.id),
    updatedAt: a.updatedAt,
  }));
}

/**
 * The text PostgreSQL indexes: folded, and only its words, as a query splits them (searchTerms). Its
 * parser would otherwise keep "-12" in "route-12" as a negative number, "3.5" and "example.org" whole,
 * and a query for "12", "5" or "org" would miss them; FTS5's tokenizer splits the same way as here.
 */
const words = (text: string) => foldDiacritics(text).replace(/[^\p{L}\p{M}\p{N}]+/gu, " ");

function insertStatement(d: SearchDocument): SQL {
  if (engine === "sqlite") {
    return sql`insert into article_search (rowid, headline, dek, body, tags, section, bylines, source_updated_at)
      values (${d.id}, ${d.headline}, ${d.dek}, ${d.body}, ${d.tags}, ${d.section}, ${d.bylines}, ${d.updatedAt})`;
  }
  const vector = (text: string, weight: string) =>
    sql`setweight(to_tsvector('english'::regconfig, ${words(text)}::text), ${sql.raw(`'${weight}'`)})`;
  const document = sql.join(
    [
      vector(d.headline, "A"),
      vector(d.dek, "B"),
      vector(d.body, "C"),
      vector(`${d.tags} ${d.section} ${d.bylines}`, "D"),
    ],
    sql` || `,
  );
  return sql`insert into article_search (article_id, headline, dek, body, tags, section, bylines, source_updated_at, document)
    values (${d.id}, ${d.headline}, ${d.dek}, ${d.body}, ${d.tags}, ${d.section}, ${d.bylines}, ${d.updatedAt}, ${document})`;
}

/** Drops the index rows of these articles (deleted ones, or before writing them again). */
export async function removeFromSearchIndex(tx: Db, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  const key = engine === "sqlite" ? sql`rowid` : sql`article_id`;
  await run(sql`delete from article_search where ${key} in (${idList(ids)})`, tx);
}

/**
 * Writes the index rows of these articles as they now stand; call it inside the write's transaction.
 * Where they place library images (media_uses) is derived from the same text, so it is rewritten here too.
 */
export async function indexArticles(tx: Db, ids: number[]): Promise<void> {
  const unique = [...new Set(ids)];
  await recordMediaUses(tx, unique);
  for (let i = 0; i < unique.length; i += 200) {
    const batch = unique.slice(i, i + 200);
    await removeFromSearchIndex(tx, batch);
    for (const doc of await loadDocuments(tx, batch)) await run(insertStatement(doc), tx);
  }
}

/** Re-indexes the articles a byline, section or tag name appears on, after that name changed. */
export async function indexArticlesLinkedTo(tx: Db, link: { authorId?: number; sectionId?: number; tagId?: number }) {
  const ids: number[] = [];
  if (link.authorId !== undefined)
    ids.push(
      ...(
        await tx
          .select({ id: articleAuthors.articleId })
          .from(articleAuthors)
          .where(eq(articleAuthors.authorId, link.authorId))
      ).map((r) => r.id),
    );
  if (link.tagId !== undefined)
    ids.push(
      ...(
        await tx.select({ id: articleTags.articleId }).from(articleTags).where(eq(articleTags.tagId, link.tagId))
      ).map((r) => r.id),
    );
  if (link.sectionId !== undefined)
    ids.push(
      ...(await tx.select({ id: articles.id }).from(articles).where(eq(articles.sectionId, link.sectionId))).map(
        (r) => r.id,
      ),
    );
  await indexArticles(tx, ids);
}

/**
 * Brings the index in step with articles written around the data layer: rows missing, orphaned, or
 * older than the article (source_updated_at differs; -1 after the migration filled it). Returns how
 * many articles it wrote. With `everything`, rewrites the whole index (npm run search:rebuild).
 */
export function syncSearchIndex({ everything = false } = {}): Promise<number> {
  return transaction(async (tx) => {
    const column = engine === "sqlite" ? sql`rowid` : sql`article_id`;
    const key = sql`s.${column}`;
    if (everything) await run(sql`delete from article_search`, tx);
    else await run(sql`delete from article_search where ${column} not in (select id from articles)`, tx);
    const stale = await rows<{ id: number }>(
      sql`select a.id as id from articles a left join article_search s on ${key} = a.id
          where ${key} is null or cast(s.source_updated_at as bigint) <> a.updated_at`,
      tx,
    );
    await indexArticles(
      tx,
      stale.map((r) => Number(r.id)),
    );
    // Fresh statistics, or PostgreSQL's planner may not use the GIN index after a bulk load.
    if (engine === "postgres" && stale.length > 0) await run(sql`analyze article_search`, tx);
    return stale.length;
  });
}
