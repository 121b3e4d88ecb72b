import { relations } from "drizzle-orm";
import type * as pg from "./postgres";

export type Tables = Pick<
  typeof pg,
  | "users"
  | "authors"
  | "sections"
  | "tags"
  | "articles"
  | "articleAuthors"
  | "articleTags"
  | "comments"
  | "revisions"
  | "liveCoverage"
>;

/**
 * The relations behind `db.query`, for either engine's tables. Drizzle's relation objects only name
 * tables and columns, so one definition serves both; it is typed with the PostgreSQL tables, the
 * types every caller sees.
 */
export function defineRelations(t: Tables) {
  return {
    usersRelations: relations(t.users, ({ one }) => ({ author: one(t.authors) })),

    authorsRelations: relations(t.authors, ({ one, many }) => ({
      user: one(t.users, { fields: [t.authors.userId], references: [t.users.id] }),
      articles: many(t.articleAuthors),
    })),

    sectionsRelations: relations(t.sections, ({ many }) => ({ articles: many(t.articles) })),

    tagsRelations: relations(t.tags, ({ many }) => ({ articles: many(t.articleTags) })),

    articlesRelations: relations(t.articles, ({ one, many }) => ({
      section: one(t.sections, { fields: [t.articles.sectionId], references: [t.sections.id] }),
      createdBy: one(t.users, { fields: [t.articles.createdById], references: [t.users.id] }),
      authors: many(t.articleAuthors),
      tags: many(t.articleTags),
      comments: many(t.comments),
      revisions: many(t.revisions),
      live: one(t.liveCoverage, { fields: [t.articles.id], references: [t.liveCoverage.articleId] }),
    })),

    liveCoverageRelations: relations(t.liveCoverage, ({ one }) => ({
      article: one(t.articles, { fields: [t.liveCoverage.articleId], references: [t.articles.id] }),
    })),

    articleAuthorsRelations: relations(t.articleAuthors, ({ one }) => ({
      article: one(t.articles, { fields: [t.articleAuthors.articleId], references: [t.articles.id] }),
      author: one(t.authors, { fields: [t.articleAuthors.authorId], references: [t.authors.id] }),
    })),

    articleTagsRelations: relations(t.articleTags, ({ one }) => ({
      article: one(t.articles, { fields: [t.articleTags.articleId], references: [t.articles.id] }),
      tag: one(t.tags, { fields: [t.articleTags.tagId], references: [t.tags.id] }),
    })),

    commentsRelations: relations(t.comments, ({ one }) => ({
      article: one(t.articles, { fields: [t.comments.articleId], references: [t.articles.id] }),
      parent: one(t.comments, { fields: [t.comments.parentId], references: [t.comments.id] }),
    })),

    revisionsRelations: relations(t.revisions, ({ one }) => ({
      article: one(t.articles, { fields: [t.revisions.articleId], references: [t.articles.id] }),
      user: one(t.users, { fields: [t.revisions.userId], references: [t.users.id] }),
    })),
  };
}
