import { db } from "@/db";
import { articleAuthors, articles, articleTags, authors, comments, sections, tags } from "@/db/schema";

let n = 0;
const unique = (prefix: string) => `${prefix}-${++n}-${Math.random().toString(36).slice(2, 7)}`;

export function makeSection(values: Partial<typeof sections.$inferInsert> = {}) {
  const slug = values.slug ?? unique("section");
  return db
    .insert(sections)
    .values({ name: slug, slug, ...values })
    .returning()
    .get();
}

export function makeAuthor(values: Partial<typeof authors.$inferInsert> = {}) {
  const slug = values.slug ?? unique("author");
  return db
    .insert(authors)
    .values({ name: `Author ${slug}`, slug, ...values })
    .returning()
    .get();
}

export function makeTag(values: Partial<typeof tags.$inferInsert> = {}) {
  const slug = values.slug ?? unique("tag");
  return db
    .insert(tags)
    .values({ name: slug, slug, ...values })
    .returning()
    .get();
}

export function makeArticle(
  values: Partial<typeof articles.$inferInsert> = {},
  links: { authorIds?: number[]; tagIds?: number[] } = {},
) {
  const slug = values.slug ?? unique("story");
  const article = db
    .insert(articles)
    .values({
      slug,
      headline: `Headline ${slug}`,
      body: "Body text.",
      status: "published",
      publishedAt: Date.now() - 60_000,
      ...values,
    })
    .returning()
    .get();
  links.authorIds?.forEach((authorId, position) =>
    db.insert(articleAuthors).values({ articleId: article.id, authorId, position }).run(),
  );
  links.tagIds?.forEach((tagId) => db.insert(articleTags).values({ articleId: article.id, tagId }).run());
  return article;
}

export function makeComment(values: Partial<typeof comments.$inferInsert> & { articleId: number }) {
  return db
    .insert(comments)
    .values({
      authorName: "Reader",
      authorEmail: `${unique("reader")}@example.org`,
      body: "A comment.",
      status: "approved",
      ...values,
    })
    .returning()
    .get();
}
