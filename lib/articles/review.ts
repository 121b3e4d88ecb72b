import type { EditableArticle } from "@/lib/data/admin-articles";
import { ARTICLE_MESSAGES, decidePublishedAt, type TimeDecision } from "./rules";

// The review queue's outcomes, as pure rules: an editor publishes, schedules or sends back a story that
// waits for review, and only such a story.

export const REVIEW_MESSAGES = {
  notPending: "This story is no longer waiting for review.",
  published: "Story published.",
  sentBack: "Story sent back to the writer.",
  noteMissing: "Tell the writer what to change.",
} as const;

type ReviewFacts = Pick<EditableArticle, "status" | "publishedAt" | "trashedAt">;

/** Why this story cannot be reviewed now (in the trash, or not waiting), or null. */
export function reviewRefusal(article: ReviewFacts): string | null {
  if (article.trashedAt !== null) return ARTICLE_MESSAGES.inTrash;
  return article.status === "pending" ? null : REVIEW_MESSAGES.notPending;
}

/** When a reviewed story goes live: now, or at the future time entered for a schedule. */
export function reviewedPublishTime(
  outcome: { kind: "publish" } | { kind: "schedule"; at: string },
  article: ReviewFacts,
  timezone: string,
  now: number,
): TimeDecision {
  return outcome.kind === "publish"
    ? decidePublishedAt("published", "", article, timezone, now)
    : decidePublishedAt("scheduled", outcome.at, article, timezone, now);
}
