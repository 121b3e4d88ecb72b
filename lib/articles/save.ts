import "server-only";
import { ARTICLE_MESSAGES, decideArticleSave, imageAltErrors, type SaveRefusal } from "@/lib/articles/rules";
import type { SessionUser } from "@/lib/auth/roles";
import { expireArticleChange } from "@/lib/cache/expire";
import {
  getArticleSaveFacts,
  saveArticle,
  type ArticleWrite,
  type EditableArticle,
  type SaveOptions,
} from "@/lib/data/admin-articles";
import { getSettingsUncached } from "@/lib/data/settings";
import { removeUpload, storeImageUpload, type ImageCheck } from "@/lib/data/uploads";
import type { ArticleForm } from "@/lib/validation/article";
import { recordAudit, type AuditActor } from "@/lib/observability/audit";

/** A save that was written: the story's id and new version, what was written and what was there before. */
export type StorySaved = {
  ok: true;
  id: number;
  version: number;
  write: ArticleWrite;
  before: EditableArticle | null;
  timezone: string;
  now: number;
};

export type StorySave = StorySaved | { ok: false; refusal: SaveRefusal; timezone: string };

export type StorySaveOptions = {
  /** Where the save comes from: the editor (a server action) or the Admin API (a route handler). */
  from: "action" | "route";
  /** A new feature image sent with the save, checked only once nothing else refuses it. */
  upload?: () => Promise<ImageCheck | null>;
  /** The uploaded file's name on the writer's machine, for the media library. */
  uploadName?: string;
  /** A feature image already stored (chosen from the media library, or an Admin API upload), in place of the story's. */
  featureImagePath?: string;
  /** Who to name in the audit trail when it is not the signed-in user (an Admin API key). */
  actor?: AuditActor;
  /** Written in the story's own transaction (the Admin API's idempotency record). */
  idempotentRequest?: SaveOptions["idempotentRequest"];
};

/**
 * Saving a story by hand, from the editor or the Admin API: the same rules (who may edit and publish,
 * the version the save was based on, alt text, slugs, bylines), the same write with its revision, the
 * same reader pages expired and the same audit entry. Each caller turns the outcome into its own answer.
 */
export async function saveStory(input: ArticleForm, user: SessionUser, options: StorySaveOptions): Promise<StorySave> {
  const [facts, { timezone }] = await Promise.all([getArticleSaveFacts(input, user.id), getSettingsUncached()]);
  const now = Date.now();
  const refuse = (refusal: SaveRefusal): StorySave => ({ ok: false, refusal, timezone });
  const decision = decideArticleSave(input, user, { ...facts, timezone, now });
  if (!decision.ok) return refuse(decision.refusal);
  const { write } = decision;

  // The file is stored only once nothing else can refuse the save, so refusals leave no orphans.
  const image = options.upload ? await options.upload() : null;
  if (image && !image.ok) return refuse({ kind: "fields", fieldErrors: { featureImage: [image.error] } });
  const chosen = options.featureImagePath ?? write.featureImagePath;
  const altErrors = imageAltErrors(!!(image || chosen), write.featureImageAlt);
  if (altErrors) return refuse({ kind: "fields", fieldErrors: altErrors });
  const featureImagePath = image
    ? await storeImageUpload(image, { uploadedById: user.id, fileName: options.uploadName })
    : chosen;

  const result = await saveArticle(input.id, { ...write, featureImagePath }, user.id, now, {
    baseVersion: input.baseVersion,
    idempotentRequest: options.idempotentRequest,
  });
  if (typeof result === "string" && image) await removeUpload(featureImagePath);
  if (result === "slug-taken") return refuse({ kind: "fields", fieldErrors: { slug: [ARTICLE_MESSAGES.slugTaken] } });
  if (result === "conflict") return refuse({ kind: "conflict" });
  expireArticleChange(result, options.from);
  await recordAudit({
    action: saveAuditAction(input.id === null, facts.current?.status ?? null, write.status, write.publishedAt, now),
    target: { type: "article", id: result.id },
    summary: write.headline,
    actor: options.actor,
  });
  return { ok: true, id: result.id, version: result.version!, write, before: facts.current, timezone, now };
}

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
