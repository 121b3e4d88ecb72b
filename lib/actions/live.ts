"use server";

import { refresh, updateTag } from "next/cache";
import { ARTICLE_MESSAGES } from "@/lib/articles/rules";
import { canPublish, type SessionUser } from "@/lib/auth/roles";
import { articleCacheTags, type ArticleCacheState } from "@/lib/cache/article-change";
import { getArticleForEdit } from "@/lib/data/admin-articles";
import { changeLiveUpdate, getLiveCoverage, insertLiveUpdate, setLiveCoverage, type LiveChange } from "@/lib/data/live";
import { getSettingsUncached } from "@/lib/data/settings";
import { checkImageUpload, removeUpload, storeImageUpload } from "@/lib/data/uploads";
import { publishLive } from "@/lib/live/bus.mjs";
import { liveUpdateEvent } from "@/lib/live/render";
import {
  isLive,
  LIVE_MESSAGES,
  LiveCoverageSchema,
  LivePinSchema,
  LiveUpdateRefSchema,
  LiveUpdateSchema,
  type LiveEvent,
  type LiveUpdateFields,
} from "@/lib/live/rules";
import { failure, invalid, ok } from "./state";
import { recordAudit } from "@/lib/observability/audit";
import { withRole } from "./wrappers";

// Live coverage publishes straight to readers, so each action needs the right to publish the story.
// A change drops the story's reader pages (and home, section, tag and author lists, which show the
// "Live" label and the feed's newest time), then goes out once, rendered, to every open stream.

async function mayRunCoverage(user: SessionUser, articleId: number): Promise<string | null> {
  const article = await getArticleForEdit(articleId);
  if (!article || article.trashedAt !== null) return ARTICLE_MESSAGES.gone;
  return canPublish(user, article.ownership) ? null : "You cannot publish this story's live coverage.";
}

function invalidate(state: ArticleCacheState | null): void {
  for (const tag of articleCacheTags(state, state)) updateTag(tag);
}

async function broadcast(articleId: number, event: LiveEvent): Promise<void> {
  await publishLive({ articleId, at: event.at, data: JSON.stringify(event) });
}

export const setLiveCoverageAction = withRole(
  "author",
  LiveCoverageSchema,
  async ({ articleId, live }, user) => {
    const refusal = await mayRunCoverage(user, articleId);
    if (refusal) return failure(refusal);
    const now = Date.now();
    const { coverage, state } = await setLiveCoverage(articleId, live === "on", now);
    invalidate(state);
    await broadcast(articleId, { kind: "coverage", at: now, live: isLive(coverage) });
    await recordAudit({
      action: live === "on" ? "live.start" : "live.end",
      target: { type: "article", id: articleId },
    });
    refresh();
    return ok(live === "on" ? "Live coverage is on." : "Live coverage has ended. The updates stay on the story.");
  },
  { invalid: "Unknown story." },
);

async function publishChange(change: LiveChange): Promise<void> {
  invalidate(change.state);
  const { timezone } = await getSettingsUncached();
  for (const update of [...change.others, change.update]) {
    await broadcast(update.articleId, liveUpdateEvent(update, timezone));
  }
}

/** Posts a new update, or saves an edit of one (`updateId`). */
export const postLiveUpdateAction = withRole("author", LiveUpdateSchema, async (input, user, form) => {
  const refusal = await mayRunCoverage(user, input.articleId);
  if (refusal) return failure(refusal);
  const editing = typeof input.updateId === "number" ? input.updateId : null;
  if (editing === null && !isLive(await getLiveCoverage(input.articleId))) return failure(LIVE_MESSAGES.notLive);

  const file = form.get("image");
  const image = file instanceof File && file.size > 0 ? await checkImageUpload(file) : null;
  if (image && !image.ok) return invalid(form, { image: [image.error] });
  const keptPath = typeof form.get("imagePath") === "string" && !input.removeImage ? String(form.get("imagePath")) : "";
  if ((image || keptPath) && !input.imageAlt) return invalid(form, { imageAlt: [LIVE_MESSAGES.imageAlt] });
  const imagePath = image
    ? await storeImageUpload(image, { uploadedById: user.id, fileName: (file as File).name })
    : keptPath.startsWith("/uploads/")
      ? keptPath
      : null;

  const fields: LiveUpdateFields = {
    body: input.body,
    headline: input.headline,
    byline: input.byline,
    keyEvent: input.keyEvent,
    image: imagePath ? { path: imagePath, alt: input.imageAlt } : null,
  };
  const now = Date.now();
  const change =
    editing === null
      ? await insertLiveUpdate(input.articleId, fields, user.id, now)
      : await changeLiveUpdate(input.articleId, editing, { fields }, now);
  if (!change) {
    if (image) await removeUpload(imagePath);
    return failure(LIVE_MESSAGES.gone);
  }
  await publishChange(change);
  refresh();
  return ok(editing === null ? "Update posted." : "Update saved.");
});

export const pinLiveUpdateAction = withRole("author", LivePinSchema, async ({ articleId, updateId, pinned }, user) => {
  const refusal = await mayRunCoverage(user, articleId);
  if (refusal) return failure(refusal);
  const now = Date.now();
  const change = await changeLiveUpdate(articleId, updateId, { pinned: pinned === "1" }, now);
  if (!change) return failure(LIVE_MESSAGES.gone);
  await publishChange(change);
  refresh();
  return ok(pinned === "1" ? "Update pinned to the top." : "Update unpinned.");
});

export const deleteLiveUpdateAction = withRole("author", LiveUpdateRefSchema, async ({ articleId, updateId }, user) => {
  const refusal = await mayRunCoverage(user, articleId);
  if (refusal) return failure(refusal);
  const change = await changeLiveUpdate(articleId, updateId, { deleted: true }, Date.now());
  if (!change) return failure(LIVE_MESSAGES.gone);
  await publishChange(change);
  await recordAudit({
    action: "live.delete-update",
    target: { type: "article", id: articleId },
    summary: `Update ${updateId}`,
  });
  refresh();
  return ok("Update deleted.");
});
