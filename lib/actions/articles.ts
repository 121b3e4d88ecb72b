"use server";

import { refresh } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import {
  autosavesInPlace,
  conflictMessage,
  editorValuesOf,
  lockStateFor,
  mayClaimLock,
  UNTITLED,
  type LockState,
  type SaveConflict,
} from "@/lib/articles/editing";
import { toEditorArticle } from "@/lib/articles/editor";
import {
  ARTICLE_MESSAGES,
  ARTICLE_STATE_CHANGES,
  bylineFor,
  decideArticleSave,
  editRefusal,
  savedMessage,
  type ArticleStateChange,
  type SaveRefusal,
} from "@/lib/articles/rules";
import type { SessionUser } from "@/lib/auth/roles";
import { expireArticleChange } from "@/lib/cache/expire";
import {
  deleteArticle,
  getArticleForEdit,
  getArticleSaveFacts,
  isSlugTaken,
  saveArticle,
  uniqueArticleSlug,
  updateArticleState,
  type EditableArticle,
  type SaveResult,
} from "@/lib/data/admin-articles";
import {
  claimArticleLock,
  getArticleLock,
  getLatestEdit,
  releaseArticleLock,
  saveAutosaveCopy,
} from "@/lib/data/article-editing";
import { getRevision } from "@/lib/data/revisions";
import { formatClock } from "@/lib/format/dates";
import { getSettingsUncached } from "@/lib/data/settings";
import { sendAsNewsletterIfTicked } from "@/lib/mail/publish-hook";
import { checkImageUpload } from "@/lib/data/uploads";
import { getMediaFacts } from "@/lib/data/media";
import { MEDIA_MESSAGES } from "@/lib/media/rules";
import { ArticleFormSchema, articleFormInput, type ArticleForm } from "@/lib/validation/article";
import type { ArticleStatus } from "@/lib/domain";
import { failure, invalid, keptValues, ok, type ActionState } from "./state";
import { recordAudit } from "@/lib/observability/audit";
import { withRole } from "./wrappers";
import { saveStory } from "@/lib/articles/save";

// Every article action refreshes the screen that posted it: the list, the editor's status line and the
// revisions show what changed, and a draft's change invalidates no reader tag that would do it anyway.

function invalidate(result: SaveResult | null): void {
  expireArticleChange(result, "action");
}

const ArticleIdSchema = z.object({ id: z.coerce.number().int().positive() });
const UNKNOWN_ARTICLE = { invalid: "Unknown article." };

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

/** What a save or an autosave answers: with the story's new version, or with who saved in between. */
export type SaveState = ActionState & {
  version?: number;
  articleId?: number;
  savedAt?: number;
  conflict?: SaveConflict;
  /** Someone else holds the story's lock: the autosave was not written. */
  lockedBy?: string;
};

/** A save refused because the story moved on: who saved it and when, and their version to compare with. */
async function conflictState(articleId: number, form: FormData, timezone: string): Promise<SaveState> {
  const [current, latest] = await Promise.all([getArticleForEdit(articleId), getLatestEdit(articleId)]);
  if (!current) return failure(ARTICLE_MESSAGES.gone);
  const by = latest?.userName ?? "Someone";
  const at = latest?.at ?? current.updatedAt;
  const conflict = { by, at, version: current.version, theirs: toEditorArticle(current, timezone) };
  return { ...failure(conflictMessage(by, formatClock(at, timezone)), {}, keptValues(form)), conflict };
}

function refusalState(refusal: SaveRefusal, form: FormData): ActionState {
  if (refusal.kind === "conflict") return failure("Someone saved this story in the meantime.");
  if (refusal.kind === "forbidden") return failure(refusal.message);
  return refusal.message
    ? failure(refusal.message, refusal.fieldErrors, keptValues(form))
    : invalid(form, refusal.fieldErrors);
}

const LibraryImageId = z.coerce.number().int().positive();

/** The path of the library image chosen as the feature image; null when none was chosen. */
async function chosenFromLibrary(value: FormDataEntryValue | null): Promise<string | "gone" | null> {
  if (value === null || value === "") return null;
  const id = LibraryImageId.safeParse(value);
  const found = id.success ? await getMediaFacts(id.data) : null;
  return found ? found.path : "gone";
}

/** The uploaded feature image, checked but not stored; null when none was sent. */
async function checkedUpload(file: FormDataEntryValue | null) {
  return file instanceof File && file.size > 0 ? checkImageUpload(file) : null;
}

export const saveArticleAction = withRole(
  "contributor",
  ArticleFormSchema,
  async (input, user, form) => {
    const image = form.get("featureImage");
    const fromLibrary =
      input.removeImage || (image instanceof File && image.size > 0)
        ? null
        : await chosenFromLibrary(form.get("libraryImageId"));
    if (fromLibrary === "gone") return invalid(form, { featureImage: [MEDIA_MESSAGES.gone] });
    const saved = await saveStory(input, user, {
      from: "action",
      upload: () => checkedUpload(image),
      uploadName: image instanceof File ? image.name : undefined,
      featureImagePath: fromLibrary ?? undefined,
    });
    if (!saved.ok && saved.refusal.kind === "conflict") return conflictState(input.id!, form, saved.timezone);
    if (!saved.ok) return refusalState(saved.refusal, form);
    await sendAsNewsletterIfTicked(form, saved.id, saved.write, user.id);
    // A story's first save by hand opens it at its own address, also when an autosave created it already.
    if (input.id === null || form.get("firstSave") === "1") redirect(`/admin/articles/${saved.id}?saved=1`);
    refresh();
    return {
      ...ok(savedMessage(saved.write, saved.before, saved.timezone)),
      version: saved.version,
      savedAt: saved.now,
    };
  },
  { read: articleFormInput },
);

/**
 * The form as an autosave reads it: a story without a headline yet is kept as "Untitled", and the status
 * and time are kept as typed but not applied (an autosave never publishes, schedules or unpublishes).
 */
function autosaveFormInput(form: FormData) {
  const input = articleFormInput(form);
  return { ...input, headline: input.headline.trim() || UNTITLED, status: "draft", publishedAt: "" };
}

function typedSchedule(form: FormData): { status: ArticleStatus; publishedAt: string } {
  const status = String(form.get("status") ?? "draft");
  const typed = (["draft", "published", "scheduled"] as const).find((s) => s === status) ?? "draft";
  return { status: typed, publishedAt: String(form.get("publishedAt") ?? "").slice(0, 40) };
}

/**
 * Autosave, as WordPress and Ghost do it: a draft (or a story not yet saved) is saved into itself, its
 * autosave revisions folded into one per writer; a published or scheduled story into the writer's own
 * autosave copy, which readers never see. The same rules as a save: who may edit, the version the form
 * was based on; and nothing is written while another user holds the story's lock.
 */
export const autosaveArticleAction = withRole(
  "contributor",
  ArticleFormSchema,
  async (input, user, form): Promise<SaveState> => {
    const [facts, { timezone }] = await Promise.all([getArticleSaveFacts(input, user.id), getSettingsUncached()]);
    const now = Date.now();
    const current = facts.current;
    if (input.id !== null) {
      const refusal = editRefusal(user, current) ?? (current?.trashedAt != null ? ARTICLE_MESSAGES.inTrash : null);
      if (refusal) return failure(refusal);
      const lock = lockStateFor(await getArticleLock(input.id), user.id, now);
      if (lock.status === "held") return { ...failure(`${lock.by} has taken over this story.`), lockedBy: lock.by };
    }
    if (current && !autosavesInPlace(current.status)) {
      if (input.baseVersion === null) return failure(ARTICLE_MESSAGES.noVersion);
      const values = JSON.stringify(editorValuesOf(input, typedSchedule(form), current.featureImagePath));
      const saved = await saveAutosaveCopy(current.id, user.id, {
        values,
        baseVersion: input.baseVersion,
        savedAt: now,
      });
      if (saved === "conflict") return conflictState(current.id, form, timezone);
      if (saved === "gone") return failure(ARTICLE_MESSAGES.gone);
      return { ...ok("Autosaved."), version: current.version, articleId: current.id, savedAt: now };
    }
    return autosaveDraft(input, user, form, { facts, timezone, now });
  },
  { read: autosaveFormInput },
);

async function autosaveDraft(
  input: ArticleForm,
  user: SessionUser,
  form: FormData,
  { facts, timezone, now }: { facts: Awaited<ReturnType<typeof getArticleSaveFacts>>; timezone: string; now: number },
): Promise<SaveState> {
  // A slug typed half-way that another story uses is not a reason to lose the text: the stored one stays.
  if (facts.slugTaken) {
    const slug = facts.current?.slug ?? (await uniqueArticleSlug(input.headline, null));
    facts = { ...facts, slug, slugTaken: false };
  }
  const decision = decideArticleSave({ ...input, status: "draft" }, user, { ...facts, timezone, now });
  if (!decision.ok && decision.refusal.kind === "conflict") return conflictState(input.id!, form, timezone);
  if (!decision.ok) return refusalState(decision.refusal, form);
  const options = { baseVersion: input.baseVersion, autosave: true };
  const result = await saveArticle(input.id, decision.write, user.id, now, options);
  if (result === "slug-taken") return invalid(form, { slug: [ARTICLE_MESSAGES.slugTaken] });
  if (result === "conflict") return conflictState(input.id!, form, timezone);
  invalidate(result);
  return { ...ok("Draft autosaved."), version: result.version, articleId: result.id, savedAt: now };
}

const LockSchema = z.object({
  id: z.coerce.number().int().positive(),
  intent: z.enum(["renew", "check", "takeOver", "release"]),
});

/**
 * The editor's heartbeat, as WordPress's post lock: renews the caller's lock on a story (or takes it
 * when free or lapsed), checks who holds it, takes it over, or gives it up on leaving.
 */
export const articleLockAction = withRole(
  "contributor",
  LockSchema,
  async ({ id, intent }, user): Promise<ActionState & { lock?: LockState }> => {
    const found = await articleUserMayEdit(user, id);
    if ("refusal" in found) return found.refusal;
    const now = Date.now();
    if (intent === "release") {
      await releaseArticleLock(id, user.id);
      return ok("Released.");
    }
    const lock =
      intent === "check"
        ? await getArticleLock(id)
        : await claimArticleLock(id, user.id, now, (held) => mayClaimLock(held, user.id, now, intent === "takeOver"));
    return {
      ...ok(intent === "takeOver" ? "You have taken over this story." : "Lock checked."),
      lock: lockStateFor(lock, user.id, now),
    };
  },
  UNKNOWN_ARTICLE,
);

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
  invalidate(await updateArticleState(article.id, change.write(article, Date.now()), Date.now(), { userId: user.id }));
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
    const result = await saveArticle(current.id, write, user.id, Date.now(), { baseVersion: current.version });
    if (result === "slug-taken") return failure(ARTICLE_MESSAGES.slugTaken);
    if (result === "conflict") return failure("Someone saved this story a moment ago. Try again.");
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
