import "server-only";
import { and, eq, inArray, like, ne } from "drizzle-orm";
import type { Db } from "@/db";
import { indexArticles } from "@/db/search-index";
import { articleAuthors, articles, articleTags, authors as authorsTable, sections, tags } from "@/db/schema";
import { uniqueSlug } from "@/lib/wordpress/mapping";
import type { ArticleInput, FeatureImageInput, FeatureImageUpdate } from "@/lib/wordpress/sink";
import { addTopStories } from "./front-page";
import { digestOf, dropDeleted, loadMapped, loadMappedUndeleted } from "./import-map";
import { count, type WriteContext } from "./wordpress-terms";

type Lookups = { sections: Map<string, number>; tags: Map<string, number>; authors: Map<string, number | null> };

async function idsBySlug(tx: Db, table: typeof sections | typeof tags, slugs: string[]): Promise<Map<string, number>> {
  if (slugs.length === 0) return new Map();
  const rows = await tx
    .select({ id: table.id, slug: table.slug })
    .from(table)
    .where(inArray(table.slug, [...new Set(slugs)]));
  return new Map(rows.map((r) => [r.slug, r.id]));
}

async function lookups(tx: Db, list: ArticleInput[]): Promise<Lookups> {
  const logins = list.flatMap((a) => (a.authorLogin ? [a.authorLogin] : []));
  const authors = await loadMapped(tx, "wp:author-login", logins);
  await dropDeleted(tx, authorsTable, authors);
  return {
    sections: await idsBySlug(
      tx,
      sections,
      list.flatMap((a) => (a.sectionSlug ? [a.sectionSlug] : [])),
    ),
    tags: await idsBySlug(
      tx,
      tags,
      list.flatMap((a) => a.tagSlugs),
    ),
    authors: new Map([...authors].map(([login, m]) => [login, m.localId])),
  };
}

/** Writes a batch's articles with their bylines and tags; returns each WordPress id's article id. */
export async function writeArticles(ctx: WriteContext, list: ArticleInput[]): Promise<Map<number, number>> {
  const ids = new Map<number, number>();
  if (list.length === 0) return ids;
  // What an editor deleted after an earlier import stays deleted, with its comments.
  const { mapped, deleted } = await loadMappedUndeleted(
    ctx.tx,
    { kind: "wp:article", table: articles, noun: "posts" },
    list.map((a) => a.wpId),
    ctx.warnings,
  );
  const found = await lookups(ctx.tx, list);
  const written: number[] = [];
  const sticky: number[] = [];
  for (const article of list) {
    const key = `${article.wpId}`;
    if (deleted.has(key)) continue;
    const known = mapped.get(key);
    const digest = digestOf(article);
    let id = known?.localId ?? null;
    if (id !== null && known!.digest === digest) {
      count(ctx, "articles", "unchanged");
    } else {
      id = await saveArticle(ctx, article, id, found);
      written.push(id);
      if (article.sticky) sticky.push(id);
      count(ctx, "articles", known ? "updated" : "created");
      ctx.map.push({ kind: "wp:article", sourceKey: key, localId: id, digest });
      ctx.links.push(...article.oldPaths.map((k) => ({ key: k, kind: "article" as const, localId: id })));
    }
    ids.set(article.wpId, id);
  }
  // Searchable as soon as the batch commits, like a story saved in the newsroom.
  await indexArticles(ctx.tx, written);
  // Sticky posts become Top stories once, as they arrive: an editor who takes one off keeps it off.
  await addTopStories(ctx.tx, sticky);
  return ids;
}

function featureImageColumns(image: FeatureImageInput | null) {
  return {
    featureImagePath: image?.path ?? null,
    featureImageAlt: image?.alt ?? "",
    featureImageCaption: image?.caption ?? "",
  };
}

async function saveArticle(ctx: WriteContext, a: ArticleInput, id: number | null, found: Lookups): Promise<number> {
  const slug = await freeArticleSlug(ctx.tx, a.slug, id);
  if (slug !== a.slug) ctx.slugChanges.push({ kind: "article", wpId: a.wpId, wanted: a.slug, got: slug });
  const now = Date.now();
  const values = {
    slug,
    headline: a.headline,
    dek: a.dek,
    body: a.body,
    status: a.status,
    publishedAt: a.publishedAt,
    updatedAt: a.updatedAt ?? a.publishedAt ?? now,
    trashedAt: a.trashedAt,
    commentStatus: a.commentStatus,
    sectionId: a.sectionSlug ? (found.sections.get(a.sectionSlug) ?? null) : null,
    // The featured image's attachment comes later in the file: a later batch sets it.
    ...(a.featureImagePending ? {} : featureImageColumns(a.featureImage)),
  };
  if (id === null) {
    const createdAt = a.publishedAt ?? a.updatedAt ?? now;
    [{ id }] = await ctx.tx
      .insert(articles)
      .values({ ...values, createdAt })
      .returning({ id: articles.id });
  } else {
    await ctx.tx.update(articles).set(values).where(eq(articles.id, id));
    await ctx.tx.delete(articleAuthors).where(eq(articleAuthors.articleId, id));
    await ctx.tx.delete(articleTags).where(eq(articleTags.articleId, id));
  }
  const authorId = a.authorLogin ? found.authors.get(a.authorLogin) : null;
  if (authorId) await ctx.tx.insert(articleAuthors).values({ articleId: id, authorId, position: 0 });
  const tagIds = [...new Set(a.tagSlugs.flatMap((s) => found.tags.get(s) ?? []))];
  if (tagIds.length) await ctx.tx.insert(articleTags).values(tagIds.map((tagId) => ({ articleId: id, tagId })));
  return id;
}

/** The wanted slug, or with a suffix (-2, -3… as WordPress does) when another article has it. */
async function freeArticleSlug(tx: Db, wanted: string, own: number | null): Promise<string> {
  const others = (condition: ReturnType<typeof eq>) =>
    tx
      .select({ slug: articles.slug })
      .from(articles)
      .where(own === null ? condition : and(condition, ne(articles.id, own)));
  if ((await others(eq(articles.slug, wanted))).length === 0) return wanted;
  const taken = new Set((await others(like(articles.slug, `${wanted.slice(0, 70)}%`))).map((r) => r.slug));
  return uniqueSlug(wanted, (s) => taken.has(s));
}

/** Featured images whose attachment came after their post in the file. */
export async function writeFeatureImages(ctx: WriteContext, updates: FeatureImageUpdate[]) {
  if (updates.length === 0) return;
  const mapped = await loadMapped(
    ctx.tx,
    "wp:article",
    updates.map((u) => `${u.articleWpId}`),
  );
  for (const update of updates) {
    const id = mapped.get(`${update.articleWpId}`)?.localId;
    if (!id) continue;
    await ctx.tx.update(articles).set(featureImageColumns(update.image)).where(eq(articles.id, id));
  }
}
