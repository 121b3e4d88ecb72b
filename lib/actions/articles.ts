"use server";

import { updateTag } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { failure, NOT_ALLOWED, type ActionState } from "@/lib/action-state";
import { done } from "@/lib/action-done";
import { requireSessionRole } from "@/lib/auth/guards";
import { canChooseBylines, canEditArticle, canPublish, type SessionUser } from "@/lib/auth/roles";
import { articleCacheTags } from "@/lib/cache/article-change";
import { CACHE_TAGS } from "@/lib/cache/tags";
import {
  authorIdForUser,
  deleteArticle,
  getArticleForEdit,
  isSlugTaken,
  saveArticle,
  uniqueArticleSlug,
  updateArticleState,
  type ArticleWrite,
  type EditableArticle,
  type SaveResult,
  unknownReferences,
} from "@/lib/data/admin-articles";
import { getRevision } from "@/lib/data/revisions";
import { readSettings } from "@/lib/data/settings";
import { checkImageUpload, storeImageUpload, type CheckedImage } from "@/lib/data/uploads";
import { formatDateTime, fromZonedInputValue, toZonedInputValue } from "@/lib/format";
import { articleFormInput, ArticleFormSchema, parseTagNames } from "@/lib/validation/article";

const IN_TRASH = "Restore this article from the trash before editing it.";

const IdSchema = z.object({ id: z.coerce.number().int().positive() });

function invalidate(result: SaveResult | null): void {
  if (!result) return;
  for (const tag of articleCacheTags(result.before, result.after)) updateTag(tag);
  for (const slug of result.createdTagSlugs ?? []) updateTag(CACHE_TAGS.tagSlug(slug));
}

type Loaded = { article: EditableArticle } | { refusal: ActionState };

/** Loads an article by id, or the refusal to return. */
async function load(id: number): Promise<Loaded> {
  const article = await getArticleForEdit(id);
  return article ? { article } : { refusal: failure("That article no longer exists.") };
}

/** Loads the article a form's `id` names, or the refusal to return. */
async function loadNamed(form: FormData): Promise<Loaded> {
  const parsed = IdSchema.safeParse(Object.fromEntries(form));
  return parsed.success ? load(parsed.data.id) : { refusal: failure("Unknown article.") };
}

/** Narrows a loaded article to one the user may change. */
function editable(user: SessionUser, loaded: Loaded): Loaded {
  if ("refusal" in loaded || canEditArticle(user, loaded.article.ownership)) return loaded;
  return { refusal: failure(NOT_ALLOWED) };
}

export async function saveArticleAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const auth = await requireSessionRole("contributor");
  if (!auth.ok) return auth.refusal;
  const { user } = auth;

  const input = articleFormInput(form);
  const values = Object.fromEntries(Object.entries(input).filter(([, v]) => typeof v === "string")) as Record<
    string,
    string
  >;
  const parsed = ArticleFormSchema.safeParse(input);
  if (!parsed.success)
    return failure("Please correct the highlighted fields.", parsed.error.flatten().fieldErrors, values);
  const data = parsed.data;

  let current: EditableArticle | null = null;
  if (data.id !== null) {
    const found = editable(user, await load(data.id));
    if ("refusal" in found) return found.refusal;
    current = found.article;
    if (current.trashedAt !== null) return failure(IN_TRASH);
  }
  if (data.status !== "draft" && !canPublish(user, current?.ownership ?? null)) {
    return failure(
      "Contributors can only save drafts; an editor publishes them.",
      { status: ["You cannot publish or schedule."] },
      values,
    );
  }

  // Below editor, the byline stays what it was, or on a new story is the writer's own.
  let authorIds = data.authorIds;
  if (!canChooseBylines(user)) {
    const own = await authorIdForUser(user.id);
    authorIds = current ? current.authorIds : own ? [own] : [];
  }
  const unknown = await unknownReferences(data.sectionId, authorIds);
  if (unknown.section || unknown.authors) {
    return failure(
      "Please correct the highlighted fields.",
      {
        ...(unknown.section ? { sectionId: ["That section no longer exists."] } : {}),
        ...(unknown.authors ? { authorIds: ["An author in the byline no longer exists."] } : {}),
      },
      values,
    );
  }

  const slug = data.slug || (await uniqueArticleSlug(data.headline, data.id));
  if (await isSlugTaken(slug, data.id))
    return failure(
      "Please correct the highlighted fields.",
      { slug: ["Another article already uses this slug."] },
      values,
    );

  const { timezone } = await readSettings();
  const now = Date.now();
  let publishedAt: number | null = current?.publishedAt ?? null;
  if (data.status === "scheduled") {
    publishedAt = fromZonedInputValue(data.publishedAt, timezone);
    if (publishedAt === null)
      return failure(
        "Please correct the highlighted fields.",
        { publishedAt: ["Enter a valid date and time."] },
        values,
      );
    if (publishedAt <= now)
      return failure(
        "Please correct the highlighted fields.",
        { publishedAt: ["Choose a time in the future, or publish now."] },
        values,
      );
  } else if (data.status === "published") {
    // A past time entered here backdates the story; the unchanged field keeps the exact stored time
    // (the input has no seconds); otherwise a scheduled or never-published story goes out now.
    const unchanged = publishedAt !== null && data.publishedAt === toZonedInputValue(publishedAt, timezone);
    const chosen = data.publishedAt && !unchanged ? fromZonedInputValue(data.publishedAt, timezone) : null;
    if (data.publishedAt && !unchanged && chosen === null) {
      return failure(
        "Please correct the highlighted fields.",
        { publishedAt: ["Enter a valid date and time."] },
        values,
      );
    }
    if (chosen !== null && chosen <= now) publishedAt = chosen;
    else if (publishedAt === null || publishedAt > now) publishedAt = now;
  } else if (current?.status === "scheduled") {
    publishedAt = null;
  }

  // The file is stored only once nothing else can refuse the save, so refusals leave no orphans.
  let featureImagePath = data.removeImage ? null : (current?.featureImagePath ?? null);
  const file = form.get("featureImage");
  let image: CheckedImage | null = null;
  if (file instanceof File && file.size > 0) {
    const checked = await checkImageUpload(file);
    if (!checked.ok)
      return failure("Please correct the highlighted fields.", { featureImage: [checked.error] }, values);
    image = checked;
  }
  if ((image || featureImagePath) && !data.featureImageAlt) {
    return failure(
      "Please correct the highlighted fields.",
      { featureImageAlt: ["Describe the image for readers who cannot see it."] },
      values,
    );
  }
  if (image) featureImagePath = await storeImageUpload(image);

  const write: ArticleWrite = {
    headline: data.headline,
    slug,
    dek: data.dek,
    dateline: data.dateline,
    body: data.body,
    sectionId: data.sectionId,
    tagNames: parseTagNames(data.tags),
    authorIds,
    featureImagePath,
    featureImageAlt: data.featureImageAlt,
    featureImageCaption: data.featureImageCaption,
    featureImageCredit: data.featureImageCredit,
    correction: data.correction,
    commentStatus: data.commentStatus,
    status: data.status,
    publishedAt,
  };
  const result = await saveArticle(data.id, write, user.id, now);
  invalidate(result);

  if (data.id === null) redirect(`/admin/articles/${result.id}?saved=1`);
  if (data.status === "scheduled" && publishedAt !== null)
    return done(`Scheduled for ${formatDateTime(publishedAt, timezone)}.`);
  if (data.status === "published" && current?.status !== "published") return done("Article published.");
  return done(data.status === "published" ? "Article updated." : "Draft saved.");
}

export async function unpublishArticleAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const auth = await requireSessionRole("author");
  if (!auth.ok) return auth.refusal;
  const found = editable(auth.user, await loadNamed(form));
  if ("refusal" in found) return found.refusal;
  const { article } = found;
  if (!canPublish(auth.user, article.ownership)) return failure(NOT_ALLOWED);
  if (article.trashedAt !== null) return failure(IN_TRASH);
  if (article.status === "draft") return failure("This article is already a draft.");
  invalidate(
    await updateArticleState(article.id, {
      status: "draft",
      publishedAt: article.status === "scheduled" ? null : article.publishedAt,
    }),
  );
  return done("Article unpublished; it is a draft again.");
}

export async function trashArticleAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const auth = await requireSessionRole("contributor");
  if (!auth.ok) return auth.refusal;
  const found = editable(auth.user, await loadNamed(form));
  if ("refusal" in found) return found.refusal;
  const { article } = found;
  // Taking a live story down is a publishing decision.
  if (article.status !== "draft" && !canPublish(auth.user, article.ownership)) return failure(NOT_ALLOWED);
  if (article.trashedAt !== null) return failure("This article is already in the trash.");
  invalidate(await updateArticleState(article.id, { trashedAt: Date.now() }));
  return done("Article moved to the trash.");
}

export async function restoreArticleAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const auth = await requireSessionRole("contributor");
  if (!auth.ok) return auth.refusal;
  const found = editable(auth.user, await loadNamed(form));
  if ("refusal" in found) return found.refusal;
  const { article } = found;
  if (article.status !== "draft" && !canPublish(auth.user, article.ownership)) return failure(NOT_ALLOWED);
  if (article.trashedAt === null) return failure("This article is not in the trash.");
  invalidate(await updateArticleState(article.id, { trashedAt: null }));
  return done("Article restored from the trash.");
}

export async function deleteArticleAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const auth = await requireSessionRole("editor");
  if (!auth.ok) return auth.refusal;
  const found = await loadNamed(form);
  if ("refusal" in found) return found.refusal;
  if (found.article.trashedAt === null) return failure("Move the article to the trash before deleting it.");
  invalidate(await deleteArticle(found.article.id));
  return done("Article deleted permanently.");
}

const RestoreRevisionSchema = z.object({
  articleId: z.coerce.number().int().positive(),
  revisionId: z.coerce.number().int().positive(),
});

/** Brings back a revision's content (not its status) and saves it as a new revision. */
export async function restoreRevisionAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const auth = await requireSessionRole("contributor");
  if (!auth.ok) return auth.refusal;
  const parsed = RestoreRevisionSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) return failure("Unknown revision.");
  const found = editable(auth.user, await load(parsed.data.articleId));
  if ("refusal" in found) return found.refusal;
  if (found.article.trashedAt !== null) return failure(IN_TRASH);
  const revision = await getRevision(parsed.data.articleId, parsed.data.revisionId);
  if (!revision) return failure("That revision no longer exists.");
  const { status, publishedAt, ...content } = revision.snapshot;
  void status;
  void publishedAt;
  const slug = (await isSlugTaken(content.slug, found.article.id)) ? found.article.slug : content.slug;
  // As on save, only an editor changes the byline, so an old revision's byline is not restored below that.
  const authorIds = canChooseBylines(auth.user) ? content.authorIds : found.article.authorIds;
  const current = found.article;
  invalidate(
    await saveArticle(
      current.id,
      { ...content, slug, authorIds, status: current.status, publishedAt: current.publishedAt },
      auth.user.id,
    ),
  );
  return done("Revision restored.");
}
