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
  API_KEY_KINDS,
  ARTICLE_COMMENT_STATUSES,
  ARTICLE_STATUSES,
  COMMENT_STATUSES,
  DELIVERY_KINDS,
  DELIVERY_STATES,
  IMPORT_RUN_STATUSES,
  ISSUE_KINDS,
  ISSUE_STATES,
  JOB_STATES,
  MEDIA_USE_KINDS,
  MENU_ITEM_KINDS,
  MENU_NAMES,
  OLD_LINK_KINDS,
  PAGE_STATUSES,
  ROLES,
  SUBSCRIBER_STATUSES,
  WEBHOOK_DELIVERY_STATUSES,
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
    // Raised by every write of the content: a save names the version it was based on and is refused when
    // another save came in between (lib/data/admin-articles.ts compares them in the save's transaction).
    version: integer("version").notNull().default(1),
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
    // The duplicate rule, one branch each: "same name, or same email, on this story" (without them, a
    // scan of the story's comments per post: 0.3 ms at 4,000, more at 10,000).
    index("comments_author_article_idx").on(t.authorName, t.articleId),
    index("comments_email_article_idx").on(t.authorEmail, t.articleId),
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
    // A draft's autosave: one per writer in a row, rewritten in place until someone saves by hand.
    autosave: integer("autosave", { mode: "boolean" }).notNull().default(false),
  },
  (t) => [index("revisions_article_idx").on(t.articleId, t.createdAt)],
);

// A published or scheduled story autosaves here, one copy per story and writer, as the form held it:
// readers see nothing of it until the writer presses Update.
export const articleAutosaves = sqliteTable(
  "article_autosaves",
  {
    articleId: integer("article_id")
      .notNull()
      .references(() => articles.id, { onDelete: "cascade" }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    values: text("values").notNull(),
    baseVersion: integer("base_version").notNull(),
    savedAt: integer("saved_at").notNull().default(now),
  },
  (t) => [primaryKey({ columns: [t.articleId, t.userId] })],
);

// WordPress's post lock: who has a story open in the editor, renewed by a heartbeat, lapsing without one.
export const articleLocks = sqliteTable(
  "article_locks",
  {
    articleId: integer("article_id")
      .notNull()
      .references(() => articles.id, { onDelete: "cascade" }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    heartbeatAt: integer("heartbeat_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.articleId] })],
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

/**
 * Static pages (About, Corrections policy) at the root address, written in the stories' editor and stored
 * in the same Markdown. Their own table, so no feed, list, search index or news sitemap can pick one up.
 */
export const pages = sqliteTable(
  "pages",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    slug: text("slug").notNull(),
    title: text("title").notNull(),
    body: text("body").notNull().default(""),
    status: text("status", { enum: PAGE_STATUSES }).notNull().default("draft"),
    publishedAt: integer("published_at"),
    createdById: integer("created_by_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: integer("created_at").notNull().default(now),
    updatedAt: integer("updated_at").notNull().default(now),
    // Raised by every save; a save names the version it was based on (as articles do).
    version: integer("version").notNull().default(1),
  },
  (t) => [uniqueIndex("pages_slug_unique").on(t.slug)],
);

/** A page's saved versions, as the stories' revisions: a JSON snapshot of the editable fields. */
export const pageRevisions = sqliteTable(
  "page_revisions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    pageId: integer("page_id")
      .notNull()
      .references(() => pages.id, { onDelete: "cascade" }),
    userId: integer("user_id").references(() => users.id, { onDelete: "set null" }),
    snapshot: text("snapshot").notNull(),
    createdAt: integer("created_at").notNull().default(now),
  },
  (t) => [index("page_revisions_page_idx").on(t.pageId, t.createdAt)],
);

/**
 * The reader header's and footer's entries, in order: a section, a page or a custom link. An entry goes
 * with the section or page it leads to.
 */
export const menuItems = sqliteTable(
  "menu_items",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    menu: text("menu", { enum: MENU_NAMES }).notNull(),
    position: integer("position").notNull(),
    kind: text("kind", { enum: MENU_ITEM_KINDS }).notNull(),
    sectionId: integer("section_id").references(() => sections.id, { onDelete: "cascade" }),
    pageId: integer("page_id").references(() => pages.id, { onDelete: "cascade" }),
    label: text("label").notNull().default(""),
    url: text("url").notNull().default(""),
  },
  (t) => [index("menu_items_menu_idx").on(t.menu, t.position)],
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

// The one durable queue (lib/jobs): everything that must happen at least once after a crash — webhook
// deliveries, newsletter sends, scheduled backups. `key` is the idempotency key: enqueueing it again is a
// no-op. A claim sets `lease_token` and `lease_until`; a job whose process died is claimed again after
// its lease. Jobs sharing an `order_key` run one at a time, in id order.
export const jobs = sqliteTable(
  "jobs",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    kind: text("kind").notNull(),
    key: text("key").notNull(),
    payload: text("payload").notNull().default("{}"),
    state: text("state", { enum: JOB_STATES }).notNull().default("queued"),
    orderKey: text("order_key"),
    attempts: integer("attempts").notNull().default(0),
    maxAttempts: integer("max_attempts").notNull().default(10),
    runAt: integer("run_at").notNull().default(now),
    leaseToken: text("lease_token"),
    leaseUntil: integer("lease_until"),
    lastError: text("last_error"),
    createdAt: integer("created_at").notNull().default(now),
    updatedAt: integer("updated_at").notNull().default(now),
    finishedAt: integer("finished_at"),
  },
  (t) => [
    uniqueIndex("jobs_key_unique").on(t.key),
    index("jobs_due_idx").on(t.state, t.runAt),
    index("jobs_order_idx").on(t.orderKey, t.id),
    index("jobs_kind_idx").on(t.kind, t.state),
  ],
);

// The audit trail: who changed what in the newsroom, when, and from which address. Written by
// lib/observability/audit.ts only; the app never edits or deletes an entry (old ones are pruned).
// The actor's name and email are copied so an entry still says who it was after the account is gone.
export const auditEntries = sqliteTable(
  "audit_entries",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    at: integer("at").notNull().default(now),
    actorId: integer("actor_id"),
    actorName: text("actor_name").notNull().default(""),
    actorEmail: text("actor_email").notNull().default(""),
    action: text("action").notNull(),
    targetType: text("target_type").notNull().default(""),
    targetId: text("target_id").notNull().default(""),
    summary: text("summary").notNull().default(""),
    ip: text("ip").notNull().default(""),
  },
  (t) => [
    index("audit_entries_at_idx").on(t.at),
    index("audit_entries_actor_idx").on(t.actorId, t.at),
    index("audit_entries_action_idx").on(t.action, t.at),
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

// A story's live coverage (a live blog): started, and ended once the newsroom switches it off; an ended
// coverage stays on the story as an archive. One row per story that was ever live.
export const liveCoverage = sqliteTable(
  "live_coverage",
  {
    articleId: integer("article_id")
      .notNull()
      .references(() => articles.id, { onDelete: "cascade" }),
    startedAt: integer("started_at").notNull(),
    endedAt: integer("ended_at"),
    // The newest post or edit of an update: the story's feed entry and structured data show it.
    lastUpdateAt: integer("last_update_at"),
  },
  (t) => [primaryKey({ columns: [t.articleId] })],
);

// The timestamped updates of a live story. A deleted update stays as a tombstone (deleted_at) so that a
// reader's stream resuming from an earlier moment still learns of the deletion.
export const liveUpdates = sqliteTable(
  "live_updates",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    articleId: integer("article_id")
      .notNull()
      .references(() => articles.id, { onDelete: "cascade" }),
    body: text("body").notNull(),
    headline: text("headline").notNull().default(""),
    imagePath: text("image_path"),
    imageAlt: text("image_alt").notNull().default(""),
    byline: text("byline").notNull().default(""),
    keyEvent: integer("key_event", { mode: "boolean" }).notNull().default(false),
    pinned: integer("pinned", { mode: "boolean" }).notNull().default(false),
    createdById: integer("created_by_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: integer("created_at").notNull(),
    // Moves on every change (edit, pin, delete): a resuming stream asks for what changed after a moment.
    changedAt: integer("changed_at").notNull(),
    deletedAt: integer("deleted_at"),
  },
  (t) => [index("live_updates_article_changed_idx").on(t.articleId, t.changedAt)],
);

// Keys for the Content API (kind "content") and the Admin API (kind "admin", bound to a role). Only a
// hash of the key is kept; the key itself is shown once, when it is created.
export const apiKeys = sqliteTable(
  "api_keys",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    name: text("name").notNull(),
    kind: text("kind", { enum: API_KEY_KINDS }).notNull().default("content"),
    role: text("role", { enum: ROLES }),
    keyHash: text("key_hash").notNull(),
    // The key's first characters, so an administrator can tell keys apart.
    prefix: text("prefix").notNull(),
    createdById: integer("created_by_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: integer("created_at").notNull().default(now),
    lastUsedAt: integer("last_used_at"),
    revokedAt: integer("revoked_at"),
  },
  (t) => [uniqueIndex("api_keys_hash_unique").on(t.keyHash)],
);

// Admin API requests sent with an Idempotency-Key: reserved before the work starts, completed in the
// transaction that writes the story, so a repeated request is answered with that story, never a second.
export const apiRequests = sqliteTable(
  "api_requests",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    keyId: integer("key_id")
      .notNull()
      .references(() => apiKeys.id, { onDelete: "cascade" }),
    idempotencyKey: text("idempotency_key").notNull(),
    // What was asked (method, path and body, hashed): the same key with another request is refused.
    requestHash: text("request_hash").notNull(),
    articleId: integer("article_id").references(() => articles.id, { onDelete: "set null" }),
    createdAt: integer("created_at").notNull().default(now),
    completedAt: integer("completed_at"),
  },
  (t) => [
    uniqueIndex("api_requests_key_unique").on(t.keyId, t.idempotencyKey),
    index("api_requests_created_idx").on(t.createdAt),
  ],
);

// Outgoing webhooks: a URL, the events it wants (a JSON array), the secret deliveries are signed with.
export const webhooks = sqliteTable("webhooks", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull().default(""),
  url: text("url").notNull(),
  events: text("events").notNull().default("[]"),
  secret: text("secret").notNull(),
  active: integer("active", { mode: "boolean" }).notNull().default(true),
  // Deliveries that failed in a row; past the limit the webhook is disabled and `disabledReason` says why.
  failureStreak: integer("failure_streak").notNull().default(0),
  disabledReason: text("disabled_reason"),
  createdAt: integer("created_at").notNull().default(now),
});

// One row per event sent (or to send) to one webhook: the log the integrations screen shows.
export const webhookDeliveries = sqliteTable(
  "webhook_deliveries",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    webhookId: integer("webhook_id")
      .notNull()
      .references(() => webhooks.id, { onDelete: "cascade" }),
    eventId: text("event_id").notNull(),
    event: text("event").notNull(),
    payload: text("payload").notNull(),
    status: text("status", { enum: WEBHOOK_DELIVERY_STATUSES }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    responseCode: integer("response_code"),
    durationMs: integer("duration_ms"),
    error: text("error"),
    createdAt: integer("created_at").notNull().default(now),
    lastAttemptAt: integer("last_attempt_at"),
  },
  (t) => [
    uniqueIndex("webhook_deliveries_event_unique").on(t.webhookId, t.eventId),
    index("webhook_deliveries_log_idx").on(t.webhookId, t.id),
  ],
);

// Newsletters. A subscriber is one address; which newsletters it receives are rows of
// newsletter_subscriptions ("daily", or "section:<slug>"). Deleting a subscriber erases the address and,
// by cascade, its subscriptions and deliveries.
export const newsletterSubscribers = sqliteTable(
  "newsletter_subscribers",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    email: text("email").notNull(),
    status: text("status", { enum: SUBSCRIBER_STATUSES }).notNull().default("pending"),
    source: text("source").notNull().default("signup"),
    bounceCount: integer("bounce_count").notNull().default(0),
    confirmedAt: integer("confirmed_at"),
    createdAt: integer("created_at").notNull().default(now),
    updatedAt: integer("updated_at").notNull().default(now),
  },
  (t) => [
    uniqueIndex("newsletter_subscribers_email_unique").on(t.email),
    index("newsletter_subscribers_status_idx").on(t.status, t.id),
  ],
);

export const newsletterSubscriptions = sqliteTable(
  "newsletter_subscriptions",
  {
    subscriberId: integer("subscriber_id")
      .notNull()
      .references(() => newsletterSubscribers.id, { onDelete: "cascade" }),
    list: text("list").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.subscriberId, t.list] }),
    index("newsletter_subscriptions_list_idx").on(t.list, t.subscriberId),
  ],
);

// Signups per client, counted in the database so the limit holds across instances.
export const newsletterSignupAttempts = sqliteTable(
  "newsletter_signup_attempts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    ip: text("ip").notNull(),
    createdAt: integer("created_at").notNull().default(now),
  },
  (t) => [index("newsletter_signup_attempts_ip_idx").on(t.ip, t.createdAt)],
);

// One row per newsletter sent (a story, a day's briefing). `key` makes each send happen once.
export const newsletterIssues = sqliteTable(
  "newsletter_issues",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    key: text("key").notNull(),
    kind: text("kind", { enum: ISSUE_KINDS }).notNull(),
    articleId: integer("article_id").references(() => articles.id, { onDelete: "set null" }),
    lists: text("lists").notNull().default("[]"),
    subject: text("subject").notNull().default(""),
    html: text("html").notNull().default(""),
    text: text("text").notNull().default(""),
    state: text("state", { enum: ISSUE_STATES }).notNull().default("waiting"),
    sendAt: integer("send_at").notNull(),
    createdById: integer("created_by_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: integer("created_at").notNull().default(now),
  },
  (t) => [
    uniqueIndex("newsletter_issues_key_unique").on(t.key),
    index("newsletter_issues_state_idx").on(t.state, t.sendAt),
  ],
);

// The send queue: one row per email (a subscriber and an issue, or a confirmation). A row is claimed with
// a lease before sending and marked sent in the step that records the SMTP server's acceptance.
export const mailDeliveries = sqliteTable(
  "mail_deliveries",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    kind: text("kind", { enum: DELIVERY_KINDS }).notNull(),
    issueId: integer("issue_id").references(() => newsletterIssues.id, { onDelete: "cascade" }),
    subscriberId: integer("subscriber_id").references(() => newsletterSubscribers.id, { onDelete: "cascade" }),
    toAddress: text("to_address"),
    payload: text("payload").notNull().default("{}"),
    state: text("state", { enum: DELIVERY_STATES }).notNull().default("queued"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: integer("next_attempt_at").notNull().default(0),
    leaseOwner: text("lease_owner"),
    leaseUntil: integer("lease_until"),
    sentAt: integer("sent_at"),
    messageId: text("message_id"),
    lastError: text("last_error"),
    createdAt: integer("created_at").notNull().default(now),
  },
  (t) => [
    uniqueIndex("mail_deliveries_issue_subscriber_unique").on(t.issueId, t.subscriberId),
    index("mail_deliveries_due_idx").on(t.state, t.nextAttemptAt),
    index("mail_deliveries_issue_state_idx").on(t.issueId, t.state),
  ],
);

// The media library: one row per uploaded image (the bytes are the upload store's, under `path`).
// Written by the one upload path (lib/data/uploads.ts); the alt text, caption and credit are the library's,
// the starting point for any story that places the image later.
export const media = sqliteTable(
  "media",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    path: text("path").notNull(),
    fileName: text("file_name").notNull().default(""),
    width: integer("width").notNull().default(0),
    height: integer("height").notNull().default(0),
    bytes: integer("bytes").notNull().default(0),
    alt: text("alt").notNull().default(""),
    caption: text("caption").notNull().default(""),
    credit: text("credit").notNull().default(""),
    uploadedById: integer("uploaded_by_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: integer("created_at").notNull().default(now),
    updatedAt: integer("updated_at").notNull().default(now),
  },
  (t) => [uniqueIndex("media_path_unique").on(t.path), index("media_uploaded_by_idx").on(t.uploadedById, t.id)],
);

// Where each library image is placed: a story's feature image, its body, or one of its live updates.
// Derived from the stories' text, rewritten with their search index (db/media-uses.ts) in the same write.
export const mediaUses = sqliteTable(
  "media_uses",
  {
    mediaId: integer("media_id")
      .notNull()
      .references(() => media.id, { onDelete: "cascade" }),
    articleId: integer("article_id")
      .notNull()
      .references(() => articles.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: MEDIA_USE_KINDS }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.mediaId, t.articleId, t.kind] }), index("media_uses_article_idx").on(t.articleId)],
);

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
  liveCoverageRelations,
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
  liveCoverage,
} as unknown as Tables);
