import { transaction } from "@/db";
import { indexArticles } from "@/db/search-index";
import { articleAuthors, articles, articleTags, authors, comments, sections, tags } from "@/db/schema";

let n = 0;
const unique = (prefix: string) => `${prefix}-${++n}-${Math.random().toString(36).slice(2, 7)}`;

export function makeSection(values: Partial<typeof sections.$inferInsert> = {}) {
  const slug = values.slug ?? unique("section");
  return transaction(async (tx) => {
    const [row] = await tx
      .insert(sections)
      .values({ name: slug, slug, ...values })
      .returning();
    return row;
  });
}

export function makeAuthor(values: Partial<typeof authors.$inferInsert> = {}) {
  const slug = values.slug ?? unique("author");
  return transaction(async (tx) => {
    const [row] = await tx
      .insert(authors)
      .values({ name: `Author ${slug}`, slug, ...values })
      .returning();
    return row;
  });
}

export function makeTag(values: Partial<typeof tags.$inferInsert> = {}) {
  const slug = values.slug ?? unique("tag");
  return transaction(async (tx) => {
    const [row] = await tx
      .insert(tags)
      .values({ name: slug, slug, ...values })
      .returning();
    return row;
  });
}

export function makeArticle(
  values: Partial<typeof articles.$inferInsert> = {},
  links: { authorIds?: number[]; tagIds?: number[] } = {},
) {
  const slug = values.slug ?? unique("story");
  return transaction(async (tx) => {
    const [article] = await tx
      .insert(articles)
      .values({
        slug,
        headline: `Headline ${slug}`,
        body: "Body text.",
        status: "published",
        publishedAt: Date.now() - 60_000,
        ...values,
      })
      .returning();
    const bylines = (links.authorIds ?? []).map((authorId, position) => ({
      articleId: article.id,
      authorId,
      position,
    }));
    if (bylines.length) await tx.insert(articleAuthors).values(bylines);
    const tagged = (links.tagIds ?? []).map((tagId) => ({ articleId: article.id, tagId }));
    if (tagged.length) await tx.insert(articleTags).values(tagged);
    await indexArticles(tx, [article.id]);
    return article;
  });
}

export function makeComment(values: Partial<typeof comments.$inferInsert> & { articleId: number }) {
  return transaction(async (tx) => {
    const [row] = await tx
      .insert(comments)
      .values({
        authorName: "Reader",
        authorEmail: `${unique("reader")}@example.org`,
        body: "A comment.",
        status: "approved",
        ...values,
      })
      .returning();
    return row;
  });
}
