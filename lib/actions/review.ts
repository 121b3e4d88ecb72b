"use server";

import { refresh } from "next/cache";
import { z } from "zod";
import { REVIEW_MESSAGES, reviewedPublishTime, reviewRefusal } from "@/lib/articles/review";
import { ARTICLE_MESSAGES } from "@/lib/articles/rules";
import type { SessionUser } from "@/lib/auth/roles";
import { expireArticleChange } from "@/lib/cache/expire";
import { getArticleForEdit, updateArticleState, type EditableArticle } from "@/lib/data/admin-articles";
import { getSettingsUncached } from "@/lib/data/settings";
import { formatDateTime } from "@/lib/format/dates";
import { xmlSafeText } from "@/lib/feeds/xml";
import { failure, ok, type ActionState } from "./state";
import { recordAudit } from "@/lib/observability/audit";
import { withRole } from "./wrappers";

// The review queue (/admin/review): an editor publishes, schedules or sends back what a writer submitted.
// Each outcome is a status-only change, recorded in the story's history with who made it.

const id = z.coerce.number().int().positive();
const UNKNOWN_ARTICLE = { invalid: "Unknown article." };

type Found = { article: EditableArticle } | { refusal: ActionState };

async function storyInReview(articleId: number): Promise<Found> {
  const article = await getArticleForEdit(articleId);
  if (!article) return { refusal: failure(ARTICLE_MESSAGES.gone) };
  const refusal = reviewRefusal(article);
  return refusal ? { refusal: failure(refusal) } : { article };
}

async function decide(
  user: SessionUser,
  articleId: number,
  change: { status: "published" | "scheduled" | "draft"; publishedAt: number | null; note?: string },
  now: number,
  done: string,
): Promise<ActionState> {
  const result = await updateArticleState(articleId, { status: change.status, publishedAt: change.publishedAt }, now, {
    userId: user.id,
    note: change.note,
  });
  if (!result) return failure(ARTICLE_MESSAGES.gone);
  expireArticleChange(result, "action");
  const action = { published: "article.publish", scheduled: "article.schedule", draft: "article.send-back" }[
    change.status
  ];
  await recordAudit({ action, target: { type: "article", id: articleId }, summary: change.note ?? done });
  refresh();
  return ok(done);
}

export const publishReviewedArticleAction = withRole(
  "editor",
  z.object({ id }),
  async (input, user) => {
    const found = await storyInReview(input.id);
    if ("refusal" in found) return found.refusal;
    const [{ timezone }, now] = [await getSettingsUncached(), Date.now()];
    const time = reviewedPublishTime({ kind: "publish" }, found.article, timezone, now);
    if (!time.ok) return failure(time.error);
    return decide(
      user,
      input.id,
      { status: "published", publishedAt: time.publishedAt },
      now,
      REVIEW_MESSAGES.published,
    );
  },
  UNKNOWN_ARTICLE,
);

export const scheduleReviewedArticleAction = withRole(
  "editor",
  z.object({ id, publishedAt: z.string().trim() }),
  async (input, user) => {
    const found = await storyInReview(input.id);
    if ("refusal" in found) return found.refusal;
    const [{ timezone }, now] = [await getSettingsUncached(), Date.now()];
    const time = reviewedPublishTime({ kind: "schedule", at: input.publishedAt }, found.article, timezone, now);
    if (!time.ok) return failure(time.error, { publishedAt: [time.error] });
    const at = time.publishedAt ?? now;
    return decide(
      user,
      input.id,
      { status: "scheduled", publishedAt: at },
      now,
      `Scheduled for ${formatDateTime(at, timezone)}.`,
    );
  },
  UNKNOWN_ARTICLE,
);

export const sendBackArticleAction = withRole(
  "editor",
  z.object({
    id,
    note: z
      .string()
      .transform((v) => xmlSafeText(v).trim())
      .pipe(
        z.string().min(1, REVIEW_MESSAGES.noteMissing).max(2000, "The note is too long (2,000 characters at most)."),
      ),
  }),
  async (input, user) => {
    const found = await storyInReview(input.id);
    if ("refusal" in found) return found.refusal;
    const { article } = found;
    const change = { status: "draft" as const, publishedAt: article.publishedAt, note: input.note };
    return decide(user, input.id, change, Date.now(), REVIEW_MESSAGES.sentBack);
  },
);
