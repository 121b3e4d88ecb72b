import "server-only";
import { createHash } from "node:crypto";
import { z } from "zod";
import { editRefusal, type SaveRefusal } from "@/lib/articles/rules";
import { saveStory, type StorySave } from "@/lib/articles/save";
import { toEditorArticle } from "@/lib/articles/editor";
import { EMPTY_EDITOR_VALUES, type EditorValues } from "@/lib/articles/editing";
import { hasRole, type SessionUser } from "@/lib/auth/roles";
import { claimApiRequest, releaseApiRequest } from "@/lib/data/api-requests";
import { getArticleForEdit, type EditableArticle } from "@/lib/data/admin-articles";
import { getSettingsUncached } from "@/lib/data/settings";
import { checkImageBytes, MAX_UPLOAD_BYTES, storeImageUpload, uploadExists } from "@/lib/data/uploads";
import { getUserById } from "@/lib/data/users";
import { ARTICLE_STATUSES, type Role } from "@/lib/domain";
import { fromZonedInputValue, isoInZone, toZonedInputValue } from "@/lib/format/dates";
import { absoluteUrl } from "@/lib/site";
import { ArticleFormSchema } from "@/lib/validation/article";
import type { AuditActor } from "@/lib/observability/audit";
import { apiError } from "./errors";
import { checkApiKey } from "./key";

// The Admin API, for wire copy and scripts: an Admin key acts for the administrator who made it, with
// the role the key was given (never more than theirs), through the editor's own save path
// (lib/articles/save.ts): the same validation, rules, revisions, expired pages and audit trail.

const JSON_HEADERS = { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" };

function json(status: number, value: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(value), { status, headers: { ...JSON_HEADERS, ...headers } });
}

const RANKED: Role[] = ["contributor", "author", "editor", "administrator"];

type Caller = { user: SessionUser; actor: AuditActor; keyId: number; headers: Record<string, string> };

/** The key's bearer as the newsroom's rules see them, or the refusal to send. */
async function caller(request: Request): Promise<Caller | Response> {
  const check = await checkApiKey(request, "admin");
  if (!check.ok) return check.response;
  const { grant, headers } = check;
  const owner = grant.createdById === null ? null : await getUserById(grant.createdById);
  if (!owner || !owner.active || !grant.role)
    return apiError(401, "invalid_key", "The administrator who made this key can no longer act.");
  const role = RANKED[Math.min(RANKED.indexOf(grant.role), RANKED.indexOf(owner.role))];
  const user = { id: owner.id, email: owner.email, name: owner.name, role };
  return {
    user,
    actor: { id: owner.id, name: `${owner.name} (API key “${grant.name}”)`, email: owner.email },
    keyId: grant.id,
    headers,
  };
}

const uploadPath = z
  .string()
  .regex(/^\/uploads\/[0-9a-f]{32}\.(?:jpg|png|webp|avif|gif)$/, "Use a path the image upload returned.");

/** What a script may send: every field optional on update; unknown fields are refused, not ignored. */
const StoryInput = z
  .object({
    version: z.number().int().nonnegative(),
    headline: z.string(),
    slug: z.string(),
    dek: z.string(),
    dateline: z.string(),
    body: z.string(),
    section_id: z.number().int().positive().nullable(),
    tags: z.array(z.string().max(60)).max(20),
    author_ids: z.array(z.number().int().positive()),
    status: z.enum(ARTICLE_STATUSES),
    published_at: z.iso.datetime({ offset: true }).nullable(),
    comments_open: z.boolean(),
    correction: z.string(),
    feature_image: z
      .object({
        path: uploadPath,
        alt: z.string().default(""),
        caption: z.string().default(""),
        credit: z.string().default(""),
      })
      .strict()
      .nullable(),
  })
  .partial()
  .strict();
type StoryInput = z.infer<typeof StoryInput>;

/** The request over what is stored (or over an empty story), as the editor's form would post it. */
function asForm(input: StoryInput, base: EditorValues, timezone: string) {
  const image = input.feature_image;
  return {
    id: base.id === null ? "" : String(base.id),
    headline: input.headline ?? base.headline,
    slug: input.slug ?? base.slug,
    dek: input.dek ?? base.dek,
    dateline: input.dateline ?? base.dateline,
    body: input.body ?? base.body,
    sectionId: String(input.section_id === undefined ? (base.sectionId ?? "") : (input.section_id ?? "")),
    tags: input.tags ? input.tags.join(", ") : base.tags,
    authorIds: (input.author_ids ?? base.authorIds).map(String),
    status: input.status ?? base.status,
    publishedAt:
      input.published_at === undefined
        ? base.publishedAt
        : input.published_at === null
          ? ""
          : toZonedInputValue(Date.parse(input.published_at), timezone),
    commentStatus: (input.comments_open ?? base.commentStatus === "open") ? "open" : "closed",
    correction: input.correction ?? base.correction,
    featureImageAlt: image ? image.alt : image === null ? "" : base.featureImageAlt,
    featureImageCaption: image ? image.caption : image === null ? "" : base.featureImageCaption,
    featureImageCredit: image ? image.credit : image === null ? "" : base.featureImageCredit,
    removeImage: image === null,
    baseVersion: input.version === undefined ? "" : String(input.version),
  };
}

/** A stored story as the Admin API shows it: what the editor holds, with its version. */
function serializeAdminStory(a: EditableArticle, timezone: string) {
  return {
    id: a.id,
    version: a.version,
    status: toEditorArticle(a, timezone).status,
    headline: a.headline,
    slug: a.slug,
    dek: a.dek,
    dateline: a.dateline,
    body: a.body,
    section_id: a.sectionId,
    tags: a.tagNames,
    author_ids: a.authorIds,
    published_at: a.publishedAt === null ? null : isoInZone(a.publishedAt, timezone),
    comments_open: a.commentStatus === "open",
    correction: a.correction,
    feature_image: a.featureImagePath
      ? {
          path: a.featureImagePath,
          url: absoluteUrl(a.featureImagePath),
          alt: a.featureImageAlt,
          caption: a.featureImageCaption,
          credit: a.featureImageCredit,
        }
      : null,
    edit_url: absoluteUrl(`/admin/articles/${a.id}`),
  };
}

async function storyResponse(id: number, status: number, headers: Record<string, string>) {
  const [story, { timezone }] = await Promise.all([getArticleForEdit(id), getSettingsUncached()]);
  if (!story) return apiError(404, "not_found", "No story has this id.");
  return json(status, { story: serializeAdminStory(story, timezone) }, headers);
}

function refusalResponse(refusal: SaveRefusal, current: number | null): Response {
  if (refusal.kind === "conflict")
    return json(409, {
      error: {
        code: "conflict",
        message: "The story changed after the version this request was based on. Fetch it and try again.",
        current_version: current,
      },
    });
  if (refusal.kind === "forbidden") return apiError(403, "forbidden", refusal.message);
  return invalidBody(refusal.message ?? "Some fields need attention.", refusal.fieldErrors);
}

function invalidBody(message: string, fields: Record<string, string[] | undefined> = {}): Response {
  return json(422, { error: { code: "invalid_body", message, fields } });
}

// A story's JSON: the body field takes 200,000 characters; the rest is small.
const MAX_STORY_BYTES = 1024 * 1024;

/** The request's body, read no further than `max` bytes (null when it is longer): memory is not the sender's. */
async function readCapped(request: Request, max: number): Promise<Buffer | null> {
  if (Number(request.headers.get("content-length") ?? 0) > max) return null;
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (request.body)
    for await (const chunk of request.body as unknown as AsyncIterable<Uint8Array>) {
      size += chunk.length;
      if (size > max) return null;
      chunks.push(chunk);
    }
  return Buffer.concat(chunks);
}

type Body = { ok: true; input: StoryInput; raw: string } | { ok: false; response: Response };

async function readStoryInput(request: Request): Promise<Body> {
  if (!/^application\/json\b/i.test(request.headers.get("content-type") ?? ""))
    return { ok: false, response: invalidBody("Send the story as application/json.") };
  const bytes = await readCapped(request, MAX_STORY_BYTES);
  if (!bytes)
    return { ok: false, response: tooLarge(`A story's JSON may be up to ${MAX_STORY_BYTES / 1024 / 1024} MB.`) };
  const raw = bytes.toString("utf8");
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return { ok: false, response: invalidBody("The body is not JSON.") };
  }
  const parsed = StoryInput.safeParse(value);
  if (!parsed.success)
    return {
      ok: false,
      response: invalidBody("Some fields are not what the Admin API takes.", z.flattenError(parsed.error).fieldErrors),
    };
  return { ok: true, input: parsed.data, raw };
}

/** Saves `input` over `base` as `who`, with the editor's schema, rules and write. */
async function save(
  who: Caller,
  input: StoryInput,
  base: EditorValues,
  requestId?: number,
): Promise<Response | StorySave> {
  const { timezone } = await getSettingsUncached();
  const form = ArticleFormSchema.safeParse(asForm(input, base, timezone));
  if (!form.success) return invalidBody("Some fields need attention.", z.flattenError(form.error).fieldErrors);
  if (input.feature_image && !(await uploadExists(input.feature_image.path)))
    return invalidBody("There is no such upload.", { feature_image: ["Use a path the image upload returned."] });
  if (input.published_at && fromZonedInputValue(form.data.publishedAt, timezone) === null)
    return invalidBody("The time could not be read.", { published_at: ["Use ISO 8601 with an offset."] });
  return saveStory(form.data, who.user, {
    from: "route",
    featureImagePath: input.feature_image?.path,
    actor: who.actor,
    idempotentRequest: requestId,
  });
}

/** POST /api/admin/stories: a new story; with `Idempotency-Key`, never a second one for a repeat. */
export async function createStoryHandler(request: Request): Promise<Response> {
  const who = await caller(request);
  if (who instanceof Response) return who;
  const body = await readStoryInput(request);
  if (!body.ok) return body.response;
  if (body.input.version !== undefined)
    return invalidBody("A new story has no version.", { version: ["Leave it out."] });

  const idempotencyKey = request.headers.get("idempotency-key");
  let requestId: number | undefined;
  if (idempotencyKey !== null) {
    if (!/^[\x21-\x7e]{1,255}$/.test(idempotencyKey))
      return invalidBody("An Idempotency-Key is 1 to 255 visible ASCII characters.");
    const hash = createHash("sha256").update(`POST /api/admin/stories\n${body.raw}`).digest("hex");
    const claim = await claimApiRequest(who.keyId, idempotencyKey, hash);
    if (claim.kind === "mismatch")
      return invalidBody("This Idempotency-Key was used for a different request.", {
        "idempotency-key": ["Use a new key."],
      });
    if (claim.kind === "busy")
      return json(409, {
        error: { code: "conflict", message: "A request with this Idempotency-Key is still running." },
      });
    if (claim.kind === "done")
      return claim.articleId === null
        ? apiError(404, "not_found", "The story this request created has been deleted.")
        : storyResponse(claim.articleId, 201, { ...who.headers, "idempotent-replayed": "true" });
    requestId = claim.id;
  }
  try {
    const saved = await save(who, body.input, EMPTY_EDITOR_VALUES, requestId);
    if (saved instanceof Response || !saved.ok) {
      if (requestId !== undefined) await releaseApiRequest(requestId);
      return saved instanceof Response ? saved : refusalResponse(saved.refusal, null);
    }
    return storyResponse(saved.id, 201, {
      ...who.headers,
      location: absoluteUrl(`/api/admin/stories/${saved.id}`),
    });
  } catch (error) {
    if (requestId !== undefined) await releaseApiRequest(requestId);
    throw error;
  }
}

/** The stored story `id` when the caller may edit it, or the refusal. */
async function editable(who: Caller, id: string): Promise<EditableArticle | Response> {
  const story = /^\d{1,12}$/.test(id) ? await getArticleForEdit(Number(id)) : null;
  if (!story) return apiError(404, "not_found", "No story has this id.");
  const refusal = editRefusal(who.user, story);
  return refusal ? apiError(403, "forbidden", refusal) : story;
}

/** GET /api/admin/stories/:id: the story as the editor holds it, with the version an update names. */
export async function getAdminStoryHandler(request: Request, id: string): Promise<Response> {
  const who = await caller(request);
  if (who instanceof Response) return who;
  const story = await editable(who, id);
  if (story instanceof Response) return story;
  return json(200, { story: serializeAdminStory(story, (await getSettingsUncached()).timezone) }, who.headers);
}

/** PATCH /api/admin/stories/:id: changes the fields sent, based on the `version` sent (409 if stale). */
export async function updateStoryHandler(request: Request, id: string): Promise<Response> {
  const who = await caller(request);
  if (who instanceof Response) return who;
  const story = await editable(who, id);
  if (story instanceof Response) return story;
  const body = await readStoryInput(request);
  if (!body.ok) return body.response;
  if (body.input.version === undefined)
    return invalidBody("Name the version this change is based on.", { version: ["Required: GET the story for it."] });
  const { timezone } = await getSettingsUncached();
  const saved = await save(who, body.input, toEditorArticle(story, timezone));
  if (saved instanceof Response) return saved;
  if (!saved.ok) return refusalResponse(saved.refusal, (await getArticleForEdit(story.id))?.version ?? null);
  return storyResponse(saved.id, 200, who.headers);
}

/**
 * POST /api/admin/images: an image's bytes (or a multipart `file`), through the editor's upload path:
 * checked by decoding, metadata stripped, re-encoded, stored under a random name.
 */
export async function uploadImageHandler(request: Request): Promise<Response> {
  const who = await caller(request);
  if (who instanceof Response) return who;
  if (!hasRole(who.user, "contributor")) return apiError(403, "forbidden", "This key may not upload.");
  const type = request.headers.get("content-type") ?? "";
  const sent = await readCapped(request, MAX_UPLOAD_BYTES + 64 * 1024);
  if (!sent) return tooLarge(IMAGE_TOO_LARGE);
  let bytes = sent;
  let fileName: string | undefined;
  if (/^multipart\/form-data\b/i.test(type)) {
    const parts = await new Response(new Uint8Array(sent), { headers: { "content-type": type } })
      .formData()
      .catch(() => null);
    const file = parts?.get("file");
    if (!(file instanceof File)) return invalidBody("Send the image as the multipart field `file`.");
    bytes = Buffer.from(await file.arrayBuffer());
    fileName = file.name;
  }
  if (bytes.length > MAX_UPLOAD_BYTES) return tooLarge(IMAGE_TOO_LARGE);
  if (bytes.length === 0) return invalidBody("Send the image's bytes.");
  const checked = await checkImageBytes(bytes);
  if (!checked.ok) return invalidBody(checked.error, { file: [checked.error] });
  const path = await storeImageUpload(checked, { uploadedById: who.user.id, fileName });
  return json(201, { image: { path, url: absoluteUrl(path) } }, who.headers);
}

const IMAGE_TOO_LARGE = `Images up to ${MAX_UPLOAD_BYTES / 1024 / 1024} MB are accepted.`;

function tooLarge(message: string): Response {
  return json(413, { error: { code: "invalid_body", message } });
}

export function adminMethodNotAllowed(allow: string) {
  return () => apiError(405, "method_not_allowed", `This Admin API endpoint takes ${allow}.`, { allow });
}

export function adminNotFound(): Response {
  return apiError(404, "not_found", "There is no such endpoint in the Admin API.");
}
