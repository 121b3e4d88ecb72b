import "server-only";
import { and, asc, desc, eq, gt, inArray, lt, or, type SQL } from "drizzle-orm";
import { db } from "@/db";
import { articleAuthors, articles, articleTags, authors, tags } from "@/db/schema";
import { articleRelations, toArticle, visibleToReaders, type Article, type TagRef } from "./articles";
import type { Author } from "./taxonomy";

/** Where a page of the API's story list resumes: after the story with this published time and id. */
export type StoryCursor = { publishedAt: number; id: number };

export type StoryListQuery = {
  sectionId?: number;
  tagId?: number;
  authorId?: number;
  /** Only stories changed after this moment (ms). */
  updatedSince?: number;
  after?: StoryCursor;
  limit: number;
};

function storyFilters(query: StoryListQuery): SQL {
  const where: (SQL | undefined)[] = [visibleToReaders()];
  if (query.sectionId !== undefined) where.push(eq(articles.sectionId, query.sectionId));
  if (query.tagId !== undefined)
    where.push(
      inArray(
        articles.id,
        db.select({ id: articleTags.articleId }).from(articleTags).where(eq(articleTags.tagId, query.tagId)),
      ),
    );
  if (query.authorId !== undefined)
    where.push(
      inArray(
        articles.id,
        db
          .select({ id: articleAuthors.articleId })
          .from(articleAuthors)
          .where(eq(articleAuthors.authorId, query.authorId)),
      ),
    );
  if (query.updatedSince !== undefined) where.push(gt(articles.updatedAt, query.updatedSince));
  // Keyset, not OFFSET: a story published while a client walks the list lands before its cursor, so
  // no page repeats or skips a story.
  if (query.after)
    where.push(
      or(
        lt(articles.publishedAt, query.after.publishedAt),
        and(eq(articles.publishedAt, query.after.publishedAt), lt(articles.id, query.after.id)),
      ),
    );
  return and(...where) as SQL;
}

/** One page of visible stories, newest first, whole; one more than `limit` tells there is a next page. */
export async function listStoriesForApi(query: StoryListQuery): Promise<{ stories: Article[]; more: boolean }> {
  const rows = await db.query.articles.findMany({
    where: storyFilters(query),
    orderBy: [desc(articles.publishedAt), desc(articles.id)],
    limit: query.limit + 1,
    with: articleRelations,
  });
  const stories = rows.map(toArticle);
  const more = stories.length > query.limit;
  return { stories: more ? stories.slice(0, query.limit) : stories, more };
}

/** Tags that at least one visible story carries. */
export function listPublicTags(): Promise<TagRef[]> {
  const used = db
    .select({ id: articleTags.tagId })
    .from(articleTags)
    .innerJoin(articles, eq(articles.id, articleTags.articleId))
    .where(visibleToReaders());
  return db
    .select({ id: tags.id, name: tags.name, slug: tags.slug })
    .from(tags)
    .where(inArray(tags.id, used))
    .orderBy(asc(tags.name));
}

/** Authors with a byline on at least one visible story (staff without one stay private). */
export function listPublicAuthors(): Promise<Author[]> {
  const credited = db
    .select({ id: articleAuthors.authorId })
    .from(articleAuthors)
    .innerJoin(articles, eq(articles.id, articleAuthors.articleId))
    .where(visibleToReaders());
  return db
    .select({
      id: authors.id,
      name: authors.name,
      slug: authors.slug,
      bio: authors.bio,
      avatarPath: authors.avatarPath,
    })
    .from(authors)
    .where(inArray(authors.id, credited))
    .orderBy(asc(authors.name));
}
