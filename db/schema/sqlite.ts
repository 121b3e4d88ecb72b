import { sql } from "drizzle-orm";
import {
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
  type AnySQLiteColumn,
} from "drizzle-orm/sqlite-core";
import {
  ARTICLE_COMMENT_STATUSES,
  ARTICLE_STATUSES,
  COMMENT_STATUSES,
  IMPORT_RUN_STATUSES,
  OLD_LINK_KINDS,
  ROLES,
} from "../../lib/domain";
import { defineRelations, type Tables } from "./relations";

// Every timestamp is UTC milliseconds since the epoch; rendering applies the publication's time zone.
const now = sql`(cast(unixepoch('subsecond') * 1000 as integer))`;

export const users = sqliteTable(
  "users",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    email: text("email").notNull(),
    name: text("name").notNull(),
    passwordHash: text("password_hash").notNull(),
    role: text("role", { enum: ROLES }).notNull().default("contributor"),
    active: integer("active", { mode: "boolean" }).notNull().default(true),
    // Carried in the session token; raised when the password changes, which ends every older session.
    sessionVersion: integer("session_version").notNull().default(0),
    createdAt: integer("created_at").notNull().default(now),
    updatedAt: integer("updated_at").notNull().default(now),
  },
  (t) => [uniqueIndex("users_email_unique").on(t.email)],
);

export const authors = sqliteTable(
  "authors",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id").references(() => users.id, { onDelete: "set null" }),
    name: text("name").notNull(),
    slug: text("slug").notNull(),
    bio: text("bio").notNull().default(""),
    avatarPath: text("avatar_path"),
    createdAt: integer("created_at").notNull().default(now),
  },
  (t) => [uniqueIndex("authors_slug_unique").on(t.slug), uniqueIndex("authors_user_unique").on(t.userId)],
);

export const sections = sqliteTable(
  "sections",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    name: text("name").notNull(),
    slug: text("slug").notNull(),
    description: text("description").notNull().default(""),
    position: integer("position").notNull().default(0),
  },
  (t) => [uniqueIndex("sections_slug_unique").on(t.slug)],
);

export const tags = sqliteTable(
  "tags",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    name: text("name").notNull(),
    slug: text("slug").notNull(),
  },
  (t) => [uniqueIndex("tags_slug_unique").on(t.slug)],
);

export const articles = sqliteTable(
  "articles",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    slug: text("slug").notNull(),
    headline: text("headline").notNull(),
    dek: text("dek").notNull().default(""),
    dateline: text("dateline").notNull().default(""),
    body: text("body").notNull().default(""),
    featureImagePath: text("feature_image_path"),
    featureImageAlt: text("feature_image_alt").notNull().default(""),
    featureImageCaption: text("feature_image_caption").notNull().default(""),
    featureImageCredit: text("feature_image_credit").notNull().default(""),
    status: text("status", { enum: ARTICLE_STATUSES }).notNull().default("draft"),
    // For a scheduled article this is the moment it goes live; readers see it once it has passed.
    publishedAt: integer("published_at"),
    updatedAt: integer("updated_at").notNull().default(now),
    createdAt: integer("created_at").notNull().default(now),
    // Trash keeps the status so "Restore" puts the article back exactly where it was.
    trashedAt: integer("trashed_at"),
    correction: text("correction").notNull().default(""),
    commentStatus: text("comment_status", { enum: ARTICLE_COMMENT_STATUSES }).notNull().default("open"),
    sectionId: integer("section_id").references(() => sections.id, { onDelete: "set null" }),
    createdById: integer("created_by_id").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [
    uniqueIndex("articles_slug_unique").on(t.slug),
    // Reader lists walk these newest first; with the filtered columns in the index, counting a list and
    // skipping to a deep page never read the rows themselves.
    // updated_at and slug too: a sitemap file of 50,000 stories then reads nothing but this index.
    index("articles_published_idx").on(t.publishedAt, t.id, t.status, t.trashedAt, t.updatedAt, t.slug),
    index("articles_section_published_idx").on(t.sectionId, t.publishedAt, t.id, t.status, t.trashedAt),
    // The newsroom list, most recently updated first, and its tab counts.
    index("articles_updated_idx").on(t.updatedAt, t.id, t.trashedAt, t.status, t.publishedAt),
    index("articles_created_by_idx").on(t.createdById),
  ],
);

export const articleAuthors = sqliteTable(
  "article_authors",
  {
    articleId: integer("article_id")
      .notNull()
      .references(() => articles.id, { onDelete: "cascade" }),
    authorId: integer("author_id")
      .notNull()
      .references(() => authors.id, { onDelete: "cascade" }),
    position: integer("position").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.articleId, t.authorId] }), index("article_authors_author_idx").on(t.authorId)],
);

export const articleTags = sqliteTable(
  "article_tags",
  {
    articleId: integer("article_id")
      .notNull()
      .references(() => articles.id, { onDelete: "cascade" }),
    tagId: integer("tag_id")
      .notNull()
      .references(() => tags.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.articleId, t.tagId] }), index("article_tags_tag_idx").on(t.tagId)],
);

export const comments = sqliteTable(
  "comments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    articleId: integer("article_id")
      .notNull()
      .references(() => articles.id, { onDelete: "cascade" }),
    parentId: integer("parent_id").references((): AnySQLiteColumn => comments.id, { onDelete: "cascade" }),
    // Set when an editor replies from the admin; the reply is attributed to their account.
    userId: integer("user_id").references(() => users.id, { onDelete: "set null" }),
    authorName: text("author_name").notNull(),
    authorEmail: text("author_email").notNull(),
    authorUrl: text("author_url").notNull().default(""),
    authorIp: text("author_ip").notNull().default(""),
    authorUserAgent: text("author_user_agent").notNull().default(""),
    body: text("body").notNull(),
    status: text("status", { enum: COMMENT_STATUSES }).notNull().default("pending"),
    createdAt: integer("created_at").notNull().default(now),
  },
  (t) => [
    index("comments_article_status_idx").on(t.articleId, t.status, t.createdAt),
    index("comments_status_created_idx").on(t.status, t.createdAt),
    // The moderation queue newest first, over all articles or one, whatever the status filter.
    index("comments_created_idx").on(t.createdAt, t.id, t.status),
    index("comments_article_created_idx").on(t.articleId, t.createdAt, t.id, t.status),
    index("comments_email_status_idx").on(t.authorEmail, t.status),
    index("comments_ip_created_idx").on(t.authorIp, t.createdAt),
    index("comments_parent_idx").on(t.parentId),
  ],
);

/**
 * How many comments each article has in each status, plus the whole site's under article_id 0: the
 * moderation tabs read these few rows instead of counting a million comments. Kept by triggers on
 * comments (written by hand in the migration), so every path that adds, moves or deletes a comment,
 * the cascade from a deleted article included, keeps it right.
 */
export const commentCounts = sqliteTable(
  "comment_counts",
  {
    articleId: integer("article_id").notNull(),
    status: text("status", { enum: COMMENT_STATUSES }).notNull(),
    n: integer("n").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.articleId, t.status] })],
);

export const revisions = sqliteTable(
  "revisions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    articleId: integer("article_id")
      .notNull()
      .references(() => articles.id, { onDelete: "cascade" }),
    userId: integer("user_id").references(() => users.id, { onDelete: "set null" }),
    // JSON snapshot of the editable fields, so a restore brings back exactly what was saved.
    snapshot: text("snapshot").notNull(),
    createdAt: integer("created_at").notNull().default(now),
  },
  (t) => [index("revisions_article_idx").on(t.articleId, t.createdAt)],
);

/** Each change of a story's status: who made it, when, from what to what, and a note (a send-back's reason). */
export const articleStatusChanges = sqliteTable(
  "article_status_changes",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    articleId: integer("article_id")
      .notNull()
      .references(() => articles.id, { onDelete: "cascade" }),
    userId: integer("user_id").references(() => users.id, { onDelete: "set null" }),
    // Null when the story was created with this status.
    fromStatus: text("from_status", { enum: ARTICLE_STATUSES }),
    toStatus: text("to_status", { enum: ARTICLE_STATUSES }).notNull(),
    note: text("note").notNull().default(""),
    createdAt: integer("created_at").notNull().default(now),
  },
  (t) => [index("article_status_changes_article_idx").on(t.articleId, t.createdAt, t.id)],
);

/** The editors' picks for the home page: the lead (position 0) and Top stories (1, 2, 3…), each with an optional expiry. */
export const frontPagePicks = sqliteTable(
  "front_page_picks",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    articleId: integer("article_id")
      .notNull()
      .references(() => articles.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    expiresAt: integer("expires_at"),
    createdAt: integer("created_at").notNull().default(now),
  },
  (t) => [
    uniqueIndex("front_page_picks_article_idx").on(t.articleId),
    uniqueIndex("front_page_picks_position_idx").on(t.position),
    index("front_page_picks_expires_idx").on(t.expiresAt),
  ],
);

/** Breaking banners, newest last: the one not cleared and not expired is shown on every reader page. */
export const breakingNews = sqliteTable(
  "breaking_news",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    text: text("text").notNull(),
    url: text("url").notNull().default(""),
    expiresAt: integer("expires_at"),
    clearedAt: integer("cleared_at"),
    userId: integer("user_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: integer("created_at").notNull().default(now),
  },
  (t) => [index("breaking_news_expires_idx").on(t.expiresAt)],
);

/** The newsroom's internal thread on a story: never read by any reader page, feed or export. */
export const articleNotes = sqliteTable(
  "article_notes",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    articleId: integer("article_id")
      .notNull()
      .references(() => articles.id, { onDelete: "cascade" }),
    userId: integer("user_id").references(() => users.id, { onDelete: "set null" }),
    body: text("body").notNull(),
    createdAt: integer("created_at").notNull().default(now),
  },
  (t) => [index("article_notes_article_idx").on(t.articleId, t.createdAt)],
);

/** A colleague @mentioned in a note: on their dashboard's "For you" until they open the story. */
export const noteMentions = sqliteTable(
  "note_mentions",
  {
    noteId: integer("note_id")
      .notNull()
      .references(() => articleNotes.id, { onDelete: "cascade" }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    articleId: integer("article_id")
      .notNull()
      .references(() => articles.id, { onDelete: "cascade" }),
    readAt: integer("read_at"),
  },
  (t) => [
    primaryKey({ columns: [t.noteId, t.userId] }),
    index("note_mentions_user_idx").on(t.userId, t.readAt, t.articleId),
  ],
);

export const settings = sqliteTable("settings", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
});

export const loginAttempts = sqliteTable(
  "login_attempts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    email: text("email").notNull(),
    ip: text("ip").notNull(),
    createdAt: integer("created_at").notNull().default(now),
  },
  (t) => [
    index("login_attempts_lookup_idx").on(t.email, t.ip, t.createdAt),
    // The per-client limit counts one client's failures across all emails.
    index("login_attempts_ip_idx").on(t.ip, t.createdAt),
  ],
);

// Imports from other systems (WordPress): which of our rows each source record became, so running an
// import again updates instead of duplicating. `digest` is a hash of what was last written, to tell an
// unchanged record from an updated one without comparing every column.
export const importMap = sqliteTable(
  "import_map",
  {
    kind: text("kind").notNull(),
    sourceKey: text("source_key").notNull(),
    localId: integer("local_id"),
    localPath: text("local_path"),
    digest: text("digest").notNull().default(""),
  },
  (t) => [primaryKey({ columns: [t.kind, t.sourceKey] })],
);

// Old addresses (a WordPress site's permalinks) that answer with a permanent redirect. The target is
// the row, not its address, so a story renamed after the import still redirects to where it is now.
export const oldLinks = sqliteTable("old_links", {
  key: text("key").primaryKey(),
  kind: text("kind", { enum: OLD_LINK_KINDS }).notNull(),
  localId: integer("local_id"),
  target: text("target").notNull().default(""),
});

// One row per import run: its progress while it runs (the import screen polls it), its summary after.
// The cache handler drops every page cached before the latest `finished_at`: an import run from the
// command line writes outside the server process, which cannot be told otherwise.
export const importRuns = sqliteTable("import_runs", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  source: text("source").notNull(),
  status: text("status", { enum: IMPORT_RUN_STATUSES }).notNull().default("running"),
  progress: text("progress").notNull().default("{}"),
  summary: text("summary"),
  error: text("error"),
  startedAt: integer("started_at").notNull().default(now),
  finishedAt: integer("finished_at"),
});

// Sessions are stateless JWTs; signing out records the session's id here until the token would have
// expired anyway, so a copied cookie is refused after sign-out.
export const revokedSessions = sqliteTable("revoked_sessions", {
  sessionId: text("session_id").primaryKey(),
  expiresAt: integer("expires_at").notNull(),
});

// Relations are engine-neutral objects; they are written once, against the PostgreSQL types.
export const {
  usersRelations,
  authorsRelations,
  sectionsRelations,
  tagsRelations,
  articlesRelations,
  articleAuthorsRelations,
  articleTagsRelations,
  commentsRelations,
  revisionsRelations,
} = defineRelations({
  users,
  authors,
  sections,
  tags,
  articles,
  articleAuthors,
  articleTags,
  comments,
  revisions,
} as unknown as Tables);
