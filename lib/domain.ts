// The domain's fixed lists and their types. Free of Drizzle, so client components, validation and
// role rules can import them without pulling the database schema into their bundle.

export const MEDIA_USE_KINDS = ["feature", "body", "live"] as const;
export type MediaUseKind = (typeof MEDIA_USE_KINDS)[number];

export const ROLES = ["administrator", "editor", "author", "contributor"] as const;
export type Role = (typeof ROLES)[number];

// "pending" is WordPress's Pending Review: written, waiting for an editor, never on reader pages.
export const ARTICLE_STATUSES = ["draft", "pending", "scheduled", "published"] as const;
export type ArticleStatus = (typeof ARTICLE_STATUSES)[number];

export const ARTICLE_STATUS_LABELS: Record<ArticleStatus, string> = {
  draft: "Draft",
  pending: "Pending review",
  published: "Published",
  scheduled: "Scheduled",
};

// A static page (About, Corrections policy) is a draft or live: it has no review queue or schedule.
export const PAGE_STATUSES = ["draft", "published"] as const;
export type PageStatus = (typeof PAGE_STATUSES)[number];

/** The reader menus an editor arranges, and what an entry of one leads to. */
export const MENU_NAMES = ["header", "footer"] as const;
export type MenuName = (typeof MENU_NAMES)[number];
export const MENU_ITEM_KINDS = ["section", "page", "link"] as const;
export type MenuItemKind = (typeof MENU_ITEM_KINDS)[number];

export const COMMENT_STATUSES = ["pending", "approved", "spam", "trash"] as const;
export type CommentStatus = (typeof COMMENT_STATUSES)[number];

export const ARTICLE_COMMENT_STATUSES = ["open", "closed"] as const;
export type ArticleCommentStatus = (typeof ARTICLE_COMMENT_STATUSES)[number];

/** What an old address (a WordPress permalink) leads to: a row of ours, or a fixed address ("url"). */
export const OLD_LINK_KINDS = ["article", "section", "tag", "author", "page", "url"] as const;
export type OldLinkKind = (typeof OLD_LINK_KINDS)[number];

// A durable job's life: queued (due at run_at), running (claimed under a lease), done, or dead (gave up).
export const JOB_STATES = ["queued", "running", "done", "dead"] as const;
export type JobState = (typeof JOB_STATES)[number];

export const IMPORT_RUN_STATUSES = ["running", "done", "failed"] as const;
export type ImportRunStatus = (typeof IMPORT_RUN_STATUSES)[number];

/** Content API keys read what readers see; Admin API keys act with the role they are bound to. */
export const API_KEY_KINDS = ["content", "admin"] as const;
export type ApiKeyKind = (typeof API_KEY_KINDS)[number];

export const WEBHOOK_DELIVERY_STATUSES = ["pending", "delivered", "failed"] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];

export const WEBHOOK_EVENTS = [
  "story.published",
  "story.updated",
  "story.unpublished",
  "story.deleted",
  "comment.approved",
  "live.update",
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export const SUBSCRIBER_STATUSES = ["pending", "confirmed", "unsubscribed", "bouncing"] as const;
export type SubscriberStatus = (typeof SUBSCRIBER_STATUSES)[number];
export const ISSUE_KINDS = ["article", "daily"] as const;
export type IssueKind = (typeof ISSUE_KINDS)[number];
/** waiting: not yet due (a scheduled story); sending: its rows are queued; skipped: nothing to send. */
export const ISSUE_STATES = ["waiting", "sending", "done", "skipped"] as const;
export type IssueState = (typeof ISSUE_STATES)[number];
export const DELIVERY_KINDS = ["issue", "confirm", "test"] as const;
export type DeliveryKind = (typeof DELIVERY_KINDS)[number];
export const DELIVERY_STATES = ["queued", "sent", "failed", "bounced", "skipped"] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];
