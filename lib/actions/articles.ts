"use server";

import { refresh, updateTag } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import {
  ARTICLE_MESSAGES,
  ARTICLE_STATE_CHANGES,
  bylineFor,
  decideArticleSave,
  editRefusal,
  imageAltErrors,
  savedMessage,
  type ArticleStateChange,
  type SaveRefusal,
} from "@/lib/articles/rules";
import type { SessionUser } from "@/lib/auth/roles";
import { articleCacheTags } from "@/lib/cache/article-change";
import { CACHE_TAGS } from "@/lib/cache/tags";
import {
  deleteArticle,
  getArticleForEdit,
  getArticleSaveFacts,
  isSlugTaken,
  saveArticle,
  updateArticleState,
  type EditableArticle,
  type SaveResult,
} from "@/lib/data/admin-articles";
import { getRevision } from "@/lib/data/revisions";
import { getSettingsUncached } from "@/lib/data/settings";
import { checkImageUpload, removeUpload, storeImageUpload } from "@/lib/data/uploads";
import { ArticleFormSchema, articleFormInput } from "@/lib/validation/article";
import { failure, invalid, keptValues, ok, type ActionState } from "./state";
import { recordAudit } from "@/lib/observability/audit";
import { withRole } from "./wrappers";

// Every article action refreshes the screen that posted it: the list, the editor's status line and the
// revisions show what changed, and a draft's change invalidates no reader tag that would do it anyway.

function invalidate(result: SaveResult | null): void {
  if (!result) return;
  for (const tag of articleCacheTags(result.before, result.after)) updateTag(tag);
  for (const slug of result.createdTagSlugs ?? []) updateTag(CACHE_TAGS.tagSlug(slug));
}

type ArticleOrRefusal = { article: EditableArticle } | { refusal: ActionState };

/** The stored article, or the refusal to return when it is gone. */
async function existingArticle(id: number): Promise<ArticleOrRefusal> {
  const article = await getArticleForEdit(id);
  return article ? { article } : { refusal: failure(ARTICLE_MESSAGES.gone) };
}

/** The stored article when `user` may edit it, or the refusal to return (gone, or not theirs). */
async function articleUserMayEdit(user: SessionUser, id: number): Promise<ArticleOrRefusal> {
  const found = await existingArticle(id);
  if ("refusal" in found) return found;
  const refusal = editRefusal(user, found.article);
  return refusal ? { refusal: failure(refusal) } : found;
}

function refusalState(refusal: SaveRefusal, form: FormData): ActionState {
  if (refusal.kind === "forbidden") return failure(refusal.message);
  return refusal.message
    ? failure(refusal.message, refusal.fieldErrors, keptValues(form))
    : invalid(form, refusal.fieldErrors);
}

/** The uploaded feature image, checked but not stored; null when none was sent. */
async function checkedUpload(file: FormDataEntryValue | null) {
  return file instanceof File && file.size > 0 ? checkImageUpload(file) : null;
}

export const saveArticleAction = withRole(
  "contributor",
  ArticleFormSchema,
  async (input, user, form) => {
    const [facts, { timezone }] = await Promise.all([getArticleSaveFacts(input, user.id), getSettingsUncached()]);
    const now = Date.now();
    const decision = decideArticleSave(input, user, { ...facts, timezone, now });
    if (!decision.ok) return refusalState(decision.refusal, form);
    const { write } = decision;

    // The file is stored only once nothing else can refuse the save, so refusals leave no orphans.
    const image = await checkedUpload(form.get("featureImage"));
    if (image && !image.ok) return invalid(form, { featureImage: [image.error] });
    const altErrors = imageAltErrors(!!(image || write.featureImagePath), write.featureImageAlt);
    if (altErrors) return invalid(form, altErrors);
    const featureImagePath = image ? await storeImageUpload(image) : write.featureImagePath;

    const result = await saveArticle(input.id, { ...write, featureImagePath }, user.id, now);
    if (result === "slug-taken") {
      if (image) await removeUpload(featureImagePath);
      return invalid(form, { slug: [ARTICLE_MESSAGES.slugTaken] });
    }
    invalidate(result);
    await recordAudit({
      action: saveAuditAction(input.id === null, facts.current?.status ?? null, write.status, write.publishedAt, now),
      target: { type: "article", id: result.id },
      summary: write.headline,
    });
    if (input.id === null) redirect(`/admin/articles/${result.id}?saved=1`);
    refresh();
    return ok(savedMessage(write, facts.current, timezone));
  },
  { read: articleFormInput },
);

/** What a save did, for the audit trail: a publish or a schedule is told apart from an edit. */
function saveAuditAction(
  created: boolean,
  before: string | null,
  after: string,
  publishedAt: number | null,
  now: number,
): string {
  if (after === "published" && before !== "published")
    return publishedAt !== null && publishedAt > now ? "article.schedule" : "article.publish";
  return created ? "article.create" : "article.update";
}

const ArticleIdSchema = z.object({ id: z.coerce.number().int().positive() });
const UNKNOWN_ARTICLE = { invalid: "Unknown article." };

/**
 * Unpublish, trash and restore (lib/articles/rules.ts decides each): the article as `user` may edit it,
 * the change's own refusal, then the change written, its reader pages invalidated and the screen refreshed.
 */
async function changeArticleState(
  user: SessionUser,
  id: number,
  change: ArticleStateChange,
  auditName: "unpublish" | "trash" | "restore",
): Promise<ActionState> {
  const found = await articleUserMayEdit(user, id);
  if ("refusal" in found) return found.refusal;
  const { article } = found;
  const refusal = change.refusal(user, article);
  if (refusal) return failure(refusal);
  invalidate(await updateArticleState(article.id, change.write(article, Date.now())));
  await recordAudit({
    action: `article.${auditName}`,
    target: { type: "article", id: article.id },
    summary: article.headline,
  });
  refresh();
  return ok(change.done);
}

export const unpublishArticleAction = withRole(
  "author",
  ArticleIdSchema,
  ({ id }, user) => changeArticleState(user, id, ARTICLE_STATE_CHANGES.unpublish, "unpublish"),
  UNKNOWN_ARTICLE,
);

export const trashArticleAction = withRole(
  "contributor",
  ArticleIdSchema,
  ({ id }, user) => changeArticleState(user, id, ARTICLE_STATE_CHANGES.trash, "trash"),
  UNKNOWN_ARTICLE,
);

export const restoreArticleAction = withRole(
  "contributor",
  ArticleIdSchema,
  ({ id }, user) => changeArticleState(user, id, ARTICLE_STATE_CHANGES.restore, "restore"),
  UNKNOWN_ARTICLE,
);

export const deleteArticleAction = withRole(
  "editor",
  ArticleIdSchema,
  async ({ id }) => {
    const found = await existingArticle(id);
    if ("refusal" in found) return found.refusal;
    if (found.article.trashedAt === null) return failure("Move the article to the trash before deleting it.");
    invalidate(await deleteArticle(found.article.id));
    await recordAudit({ action: "article.delete", target: { type: "article", id }, summary: found.article.headline });
    refresh();
    return ok("Article deleted permanently.");
  },
  UNKNOWN_ARTICLE,
);

const RestoreRevisionSchema = z.object({
  articleId: z.coerce.number().int().positive(),
  revisionId: z.coerce.number().int().positive(),
});

/** Brings back a revision's content (not its status) and saves it as a new revision. */
export const restoreRevisionAction = withRole(
  "contributor",
  RestoreRevisionSchema,
  async ({ articleId, revisionId }, user) => {
    const found = await articleUserMayEdit(user, articleId);
    if ("refusal" in found) return found.refusal;
    const current = found.article;
    if (current.trashedAt !== null) return failure(ARTICLE_MESSAGES.inTrash);
    const revision = await getRevision(articleId, revisionId);
    if (!revision) return failure("That revision no longer exists.");
    const { status, publishedAt, ...content } = revision.snapshot;
    void status;
    void publishedAt;
    const slug = (await isSlugTaken(content.slug, current.id)) ? current.slug : content.slug;
    // As on save, only an editor changes the byline, so an old revision's byline is not restored below that.
    const authorIds = bylineFor(user, content.authorIds, current, null);
    const write = { ...content, slug, authorIds, status: current.status, publishedAt: current.publishedAt };
    const result = await saveArticle(current.id, write, user.id);
    if (result === "slug-taken") return failure(ARTICLE_MESSAGES.slugTaken);
    invalidate(result);
    await recordAudit({
      action: "article.revision-restore",
      target: { type: "article", id: current.id },
      summary: `${content.headline} (revision ${revisionId})`,
    });
    refresh();
    return ok("Revision restored.");
  },
  { invalid: "Unknown revision." },
);
