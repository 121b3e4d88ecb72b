// The domain's fixed lists and their types. Free of Drizzle, so client components, validation and
// role rules can import them without pulling the database schema into their bundle.

export const ROLES = ["administrator", "editor", "author", "contributor"] as const;
export type Role = (typeof ROLES)[number];

export const ARTICLE_STATUSES = ["draft", "scheduled", "published"] as const;
export type ArticleStatus = (typeof ARTICLE_STATUSES)[number];

export const COMMENT_STATUSES = ["pending", "approved", "spam", "trash"] as const;
export type CommentStatus = (typeof COMMENT_STATUSES)[number];

export const ARTICLE_COMMENT_STATUSES = ["open", "closed"] as const;
export type ArticleCommentStatus = (typeof ARTICLE_COMMENT_STATUSES)[number];

/** What an old address (a WordPress permalink) leads to: a row of ours, or a fixed address ("url"). */
export const OLD_LINK_KINDS = ["article", "section", "tag", "author", "url"] as const;
export type OldLinkKind = (typeof OLD_LINK_KINDS)[number];

export const IMPORT_RUN_STATUSES = ["running", "done", "failed"] as const;
export type ImportRunStatus = (typeof IMPORT_RUN_STATUSES)[number];

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
