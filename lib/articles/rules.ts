import type { ArticleStatus } from "@/lib/domain";
import { NOT_ALLOWED, type FieldErrors } from "@/lib/actions/state";
import { canChooseBylines, canEditArticle, canPublish, isUnpublishedStatus, type SessionUser } from "@/lib/auth/roles";
import type { ArticleSaveFacts, ArticleWrite, EditableArticle } from "@/lib/data/admin-articles";
import { formatDateTime, fromZonedInputValue, toZonedInputValue } from "@/lib/format/dates";
import { newImagesWithoutAlt } from "@/lib/content/figure";
import { parseTagNames, type ArticleForm } from "@/lib/validation/article";

// The rules for changing an article, as pure functions: the actions gather the facts, these decide.

export const ARTICLE_MESSAGES = {
  gone: "That article no longer exists.",
  inTrash: "Restore this article from the trash before editing it.",
  draftsOnly: "Contributors save drafts or submit them for review; an editor publishes them.",
  cannotPublish: "You cannot publish or schedule.",
  invalidTime: "Enter a valid date and time.",
  pastSchedule: "Choose a time in the future, or publish now.",
  unknownSection: "That section no longer exists.",
  unknownAuthor: "An author in the byline no longer exists.",
  slugTaken: "Another article already uses this slug.",
  altMissing: "Describe the image for readers who cannot see it.",
  bodyAltMissing:
    "Give every image in the story alt text before publishing: describe it for readers who cannot see it.",
  noVersion: "This form does not say which version of the story it was based on. Reload the page and try again.",
} as const;

/** Why `user` may not change this stored article (gone, or not theirs to edit), or null when they may. */
export function editRefusal(user: SessionUser, article: Pick<EditableArticle, "ownership"> | null): string | null {
  if (!article) return ARTICLE_MESSAGES.gone;
  return canEditArticle(user, article.ownership) ? null : NOT_ALLOWED;
}

type Stored = Pick<EditableArticle, "status" | "publishedAt">;
export type TimeDecision = { ok: true; publishedAt: number | null } | { ok: false; error: string };

/**
 * When the story is live: scheduled takes the time entered, which must lie ahead; published is decided
 * by publishTime; a draft, or a story in review, keeps what draftPublishedAt says.
 */
export function decidePublishedAt(
  status: ArticleStatus,
  entered: string,
  current: Stored | null,
  timezone: string,
  now: number,
): TimeDecision {
  if (status === "published") return publishTime(entered, current?.publishedAt ?? null, timezone, now);
  if (isUnpublishedStatus(status)) return { ok: true, publishedAt: draftPublishedAt(current) };
  const at = fromZonedInputValue(entered, timezone);
  if (at === null) return { ok: false, error: ARTICLE_MESSAGES.invalidTime };
  return at > now ? { ok: true, publishedAt: at } : { ok: false, error: ARTICLE_MESSAGES.pastSchedule };
}

/**
 * A past time entered backdates the story; the field left as shown keeps the exact stored time (the
 * input has no seconds); otherwise a story that is not live yet (never published, or scheduled) goes
 * out now, and a live one keeps its first publication time.
 */
function publishTime(entered: string, stored: number | null, timezone: string, now: number): TimeDecision {
  const unchanged = stored !== null && entered === toZonedInputValue(stored, timezone);
  const chosen = entered && !unchanged ? fromZonedInputValue(entered, timezone) : null;
  if (entered && !unchanged && chosen === null) return { ok: false, error: ARTICLE_MESSAGES.invalidTime };
  if (chosen !== null && chosen <= now) return { ok: true, publishedAt: chosen };
  return { ok: true, publishedAt: stored === null || stored > now ? now : stored };
}

/** Back to draft (saved so, or unpublished): a scheduled story loses its time, a published one keeps it. */
export function draftPublishedAt(current: Stored | null): number | null {
  return current?.status === "scheduled" ? null : (current?.publishedAt ?? null);
}

type StateFacts = Pick<EditableArticle, "ownership" | "status" | "publishedAt" | "trashedAt">;

/** Unpublishing, trashing or restoring a stored article: who is refused, what is written, what is said. */
export type ArticleStateChange = {
  refusal: (user: SessionUser, article: StateFacts) => string | null;
  write: (
    article: StateFacts,
    now: number,
  ) => { status?: ArticleStatus; publishedAt?: number | null; trashedAt?: number | null };
  done: string;
};

export const ARTICLE_STATE_CHANGES = {
  unpublish: {
    refusal: (user, article) => {
      if (!canPublish(user, article.ownership)) return NOT_ALLOWED;
      if (article.trashedAt !== null) return ARTICLE_MESSAGES.inTrash;
      return article.status === "draft" ? "This article is already a draft." : null;
    },
    write: (article) => ({ status: "draft", publishedAt: draftPublishedAt(article) }),
    done: "Article unpublished; it is a draft again.",
  },
  trash: {
    refusal: (user, article) => {
      // Taking a live story down is a publishing decision.
      if (!isUnpublishedStatus(article.status) && !canPublish(user, article.ownership)) return NOT_ALLOWED;
      return article.trashedAt !== null ? "This article is already in the trash." : null;
    },
    write: (_article, now) => ({ trashedAt: now }),
    done: "Article moved to the trash.",
  },
  restore: {
    refusal: (user, article) => {
      if (!isUnpublishedStatus(article.status) && !canPublish(user, article.ownership)) return NOT_ALLOWED;
      return article.trashedAt === null ? "This article is not in the trash." : null;
    },
    write: () => ({ trashedAt: null }),
    done: "Article restored from the trash.",
  },
} satisfies Record<string, ArticleStateChange>;

/** Bylines are an editor's call: below editor a story keeps its byline, and a new one carries the writer's own. */
export function bylineFor(
  user: Pick<SessionUser, "role">,
  chosen: number[],
  current: Pick<EditableArticle, "authorIds"> | null,
  ownAuthorId: number | null,
): number[] {
  if (canChooseBylines(user)) return chosen;
  if (current) return current.authorIds;
  return ownAuthorId ? [ownAuthorId] : [];
}

/**
 * A section or author the form names that no longer exists (a stale form, or a crafted one). Only a
 * byline the user chose can name one: a kept byline comes from the database.
 */
export function referenceErrors(unknown: ArticleSaveFacts["unknown"], bylineChosen: boolean): FieldErrors | null {
  const errors: FieldErrors = {};
  if (unknown.section) errors.sectionId = [ARTICLE_MESSAGES.unknownSection];
  if (unknown.authors && bylineChosen) errors.authorIds = [ARTICLE_MESSAGES.unknownAuthor];
  return Object.keys(errors).length ? errors : null;
}

/** A feature image, kept or new, needs alt text. */
export function imageAltErrors(hasImage: boolean, alt: string): FieldErrors | null {
  return hasImage && !alt ? { featureImageAlt: [ARTICLE_MESSAGES.altMissing] } : null;
}

/** A save refused: for who is asking or what state the story is in, or for problems in fields. */
export type SaveRefusal =
  | { kind: "forbidden"; message: string }
  | { kind: "fields"; fieldErrors: FieldErrors; message?: string }
  /** Someone saved the story after the version the form was based on. */
  | { kind: "conflict" };
export type SaveDecision = { ok: true; write: ArticleWrite } | { ok: false; refusal: SaveRefusal };

/** Whether `user` may save `form` over what is stored, and what then gets written (the image is the action's). */
export function decideArticleSave(
  form: ArticleForm,
  user: SessionUser,
  facts: ArticleSaveFacts & { timezone: string; now: number },
): SaveDecision {
  const { current } = facts;
  const refuse = (refusal: SaveRefusal): SaveDecision => ({ ok: false, refusal });
  if (form.id !== null) {
    const message =
      editRefusal(user, current) ?? (current && current.trashedAt !== null ? ARTICLE_MESSAGES.inTrash : null);
    if (message) return refuse({ kind: "forbidden", message });
    // A crafted request cannot skip the version check by leaving the version out.
    if (form.baseVersion === null) return refuse({ kind: "forbidden", message: ARTICLE_MESSAGES.noVersion });
    if (current && current.version !== form.baseVersion) return refuse({ kind: "conflict" });
  }
  // Submitting for review is open to every writer; only putting a story before readers needs the right.
  if (!isUnpublishedStatus(form.status) && !canPublish(user, current?.ownership ?? null)) {
    const fieldErrors = { status: [ARTICLE_MESSAGES.cannotPublish] };
    return refuse({ kind: "fields", message: ARTICLE_MESSAGES.draftsOnly, fieldErrors });
  }
  const references = referenceErrors(facts.unknown, canChooseBylines(user));
  if (references) return refuse({ kind: "fields", fieldErrors: references });
  if (facts.slugTaken) return refuse({ kind: "fields", fieldErrors: { slug: [ARTICLE_MESSAGES.slugTaken] } });
  if (form.status !== "draft" && newImagesWithoutAlt(form.body, current?.body ?? "").length > 0)
    return refuse({ kind: "fields", fieldErrors: { body: [ARTICLE_MESSAGES.bodyAltMissing] } });
  const time = decidePublishedAt(form.status, form.publishedAt, current, facts.timezone, facts.now);
  if (!time.ok) return refuse({ kind: "fields", fieldErrors: { publishedAt: [time.error] } });
  return { ok: true, write: articleWrite(form, { ...facts, publishedAt: time.publishedAt, user }) };
}

function articleWrite(
  form: ArticleForm,
  decided: ArticleSaveFacts & { publishedAt: number | null; user: SessionUser },
): ArticleWrite {
  const { current } = decided;
  return {
    headline: form.headline,
    slug: decided.slug,
    dek: form.dek,
    dateline: form.dateline,
    body: form.body,
    sectionId: form.sectionId,
    tagNames: parseTagNames(form.tags),
    authorIds: bylineFor(decided.user, form.authorIds, current, decided.ownAuthorId),
    featureImagePath: form.removeImage ? null : (current?.featureImagePath ?? null),
    featureImageAlt: form.featureImageAlt,
    featureImageCaption: form.featureImageCaption,
    featureImageCredit: form.featureImageCredit,
    correction: form.correction,
    commentStatus: form.commentStatus,
    status: form.status,
    publishedAt: decided.publishedAt,
  };
}

/** The toast after a save: what happened to the story, in the newsroom's words. */
export function savedMessage(
  write: Pick<ArticleWrite, "status" | "publishedAt">,
  before: Stored | null,
  timezone: string,
) {
  if (write.status === "scheduled" && write.publishedAt !== null)
    return `Scheduled for ${formatDateTime(write.publishedAt, timezone)}.`;
  if (write.status === "published" && before?.status !== "published") return "Article published.";
  if (write.status === "pending")
    return before?.status === "pending" ? "Saved; still waiting for review." : "Submitted for review.";
  return write.status === "published" ? "Article updated." : "Draft saved.";
}
