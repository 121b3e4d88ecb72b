// Sample content for an empty database, on whichever engine is in use. Idempotent: a database that
// already has articles is left alone.
import { count } from "drizzle-orm";
import { transaction, type Db } from "../index";
import { indexArticles } from "../search-index";
import { articleAuthors, articles, articleTags, authors, comments, menuItems, pages, sections, tags } from "../schema";
import { ARTICLES, AUTHORS, COMMENTS, CREDIT, DAY, HOUR, MINUTE, SECTIONS, TAGS } from "./content";
import { PAGES } from "./pages";

export { ISTANBUL_TALKS_SLUG } from "./content";

/** Seeds an empty database; returns whether it did. */
export function seedDatabase(now: number = Date.now()): Promise<boolean> {
  return transaction(async (tx) => {
    const [existing] = await tx.select({ n: count() }).from(articles);
    if ((existing?.n ?? 0) > 0) return false;

    const sectionIds = idsBySlug(
      await tx
        .insert(sections)
        .values(SECTIONS.map((s, position) => ({ ...s, position })))
        .returning({ id: sections.id, slug: sections.slug }),
    );
    const authorIds = idsBySlug(
      await tx
        .insert(authors)
        .values(AUTHORS.map((a) => ({ ...a, avatarPath: `/images/authors/${a.slug}.webp`, createdAt: now - 30 * DAY })))
        .returning({ id: authors.id, slug: authors.slug }),
    );
    const tagIds = idsBySlug(await tx.insert(tags).values(TAGS).returning({ id: tags.id, slug: tags.slug }));

    const published = await insertArticles(tx, now, { sectionIds, authorIds, tagIds });
    await insertComments(tx, published);
    await insertPages(tx, now);
    await indexArticles(
      tx,
      [...published.values()].map((a) => a.id),
    );
    return true;
  });
}

/** About and the Corrections policy, published, and linked from the footer menu. */
async function insertPages(tx: Db, now: number) {
  const rows = await tx
    .insert(pages)
    .values(
      PAGES.map((p) => ({
        ...p,
        status: "published" as const,
        publishedAt: now - 30 * DAY,
        createdAt: now - 30 * DAY,
        updatedAt: now - 30 * DAY,
      })),
    )
    .returning({ id: pages.id });
  await tx
    .insert(menuItems)
    .values(rows.map((r, i) => ({ menu: "footer" as const, kind: "page" as const, pageId: r.id, position: i + 1 })));
}

type Ids = Map<string, number>;

function idsBySlug(rows: { id: number; slug: string }[]): Ids {
  return new Map(rows.map((r) => [r.slug, r.id]));
}

/** Inserts the stories with their bylines and tags; returns each story's id and publication time. */
async function insertArticles(
  tx: Db,
  now: number,
  refs: { sectionIds: Ids; authorIds: Ids; tagIds: Ids },
): Promise<Map<string, { id: number; publishedAt: number | null }>> {
  const stored = new Map<string, { id: number; publishedAt: number | null }>();
  for (const a of ARTICLES) {
    const publishedAt = a.publishOffset === null ? null : now + a.publishOffset;
    const createdAt = publishedAt === null || a.status === "scheduled" ? now - 1 * DAY : publishedAt - 90 * MINUTE;
    const updatedAt =
      publishedAt !== null && a.status === "published" ? publishedAt + (a.updatedAfter ?? 0) : now - 20 * HOUR;
    const [row] = await tx
      .insert(articles)
      .values({
        slug: a.slug,
        headline: a.headline,
        dek: a.dek,
        dateline: a.dateline,
        body: a.body,
        featureImagePath: `/images/articles/${a.slug}.webp`,
        featureImageAlt: a.imageAlt,
        featureImageCaption: a.imageCaption,
        featureImageCredit: CREDIT,
        status: a.status,
        publishedAt,
        updatedAt,
        createdAt,
        correction: a.correction ?? "",
        commentStatus: a.commentStatus ?? "open",
        sectionId: requireId(refs.sectionIds, a.section, "section"),
      })
      .returning({ id: articles.id });
    stored.set(a.slug, { id: row.id, publishedAt });

    await tx.insert(articleAuthors).values(
      a.authors.map((slug, position) => ({
        articleId: row.id,
        authorId: requireId(refs.authorIds, slug, "author"),
        position,
      })),
    );
    if (a.tags.length) {
      await tx
        .insert(articleTags)
        .values(a.tags.map((slug) => ({ articleId: row.id, tagId: requireId(refs.tagIds, slug, "tag") })));
    }
  }
  return stored;
}

/** Inserts the comments in order, so a reply can name the comment it answers by its key. */
async function insertComments(tx: Db, stored: Map<string, { id: number; publishedAt: number | null }>) {
  const commentIds: Ids = new Map();
  for (const c of COMMENTS) {
    const article = stored.get(c.article);
    if (!article || article.publishedAt === null)
      throw new Error(`Seed comment ${c.key} targets an unpublished article`);
    const [row] = await tx
      .insert(comments)
      .values({
        articleId: article.id,
        parentId: c.parent ? requireId(commentIds, c.parent, "comment") : null,
        authorName: c.name,
        authorEmail: c.email,
        authorUrl: c.url ?? "",
        authorIp: c.ip,
        authorUserAgent: "Mozilla/5.0",
        body: c.body,
        status: c.status,
        createdAt: article.publishedAt + c.minutesAfterPublication * MINUTE,
      })
      .returning({ id: comments.id });
    commentIds.set(c.key, row.id);
  }
}

function requireId(ids: Ids, key: string, kind: string): number {
  const id = ids.get(key);
  if (id === undefined) throw new Error(`Seed data refers to unknown ${kind} "${key}"`);
  return id;
}
