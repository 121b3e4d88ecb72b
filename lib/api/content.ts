import "server-only";
import { createHash } from "node:crypto";
import { z } from "zod";
import { cachedRead } from "@/lib/cache/cached";
import { CACHE_TAGS, SCHEDULE_GRANULARITY_SECONDS } from "@/lib/cache/tags";
import { KEEP_HEADER } from "@/lib/edge/api-answers";
import { getArticleBySlug } from "@/lib/data/articles";
import { listPublicAuthors, listPublicTags, listStoriesForApi, type StoryCursor } from "@/lib/data/content-api";
import { getImageSize } from "@/lib/data/image-size";
import { getSettings } from "@/lib/data/settings";
import { getAuthorBySlug, getSectionBySlug, getTagBySlug, listSections } from "@/lib/data/taxonomy";
import { SLUG_MAX } from "@/lib/format/text";
import { apiError, CORS_HEADERS } from "./errors";
import { checkApiKey } from "./key";
import { serializeAuthor, serializeSection, serializeStory, serializeTag } from "./serialize";

export const MAX_LIMIT = 100;
export const DEFAULT_LIMIT = 20;

/**
 * A finished answer, kept in the shared cache under the tags of the pages showing the same stories;
 * `keep` lets the edge keep it too (lib/edge/api-answers.ts): for how long, and under which tags.
 */
type Body = { json: string; etag: string; keep?: string };

function body(value: unknown): Body {
  const json = JSON.stringify(value);
  return { json, etag: `"${createHash("sha256").update(json).digest("base64url").slice(0, 27)}"` };
}

async function storyJson(article: NonNullable<Awaited<ReturnType<typeof getArticleBySlug>>>) {
  const [settings, size] = await Promise.all([
    getSettings(),
    article.featureImage ? getImageSize(article.featureImage.path) : null,
  ]);
  return serializeStory(article, settings.timezone, size);
}

/** cachedRead for an answer the edge may keep as well, under the same tags and no longer. */
function cachedBody<Args extends unknown[], Found extends Body | null>(
  name: string,
  fn: (...args: Args) => Promise<Found>,
  tags: (...args: Args) => string[],
): (...args: Args) => Promise<Found> {
  const keep = (...args: Args) => [SCHEDULE_GRANULARITY_SECONDS, CACHE_TAGS.site, ...tags(...args)].join(" ");
  return cachedRead(
    name,
    async (...args: Args) => {
      const found = await fn(...args);
      return (found && { ...found, keep: keep(...args) }) as Found;
    },
    tags,
  );
}

const storyBody = cachedBody(
  "api-story",
  async (slug: string): Promise<Body | null> => {
    const article = await getArticleBySlug(slug);
    return article ? body({ story: await storyJson(article) }) : null;
  },
  (slug) => [CACHE_TAGS.article(slug)],
);

type ListArgs = {
  sectionId?: number;
  tagId?: number;
  authorId?: number;
  updatedSince?: number;
  after?: StoryCursor;
  limit: number;
};

const listBody = cachedBody(
  "api-stories",
  async (args: ListArgs): Promise<Body> => {
    const { stories, more } = await listStoriesForApi(args);
    const last = stories.at(-1);
    return body({
      stories: await Promise.all(stories.map(storyJson)),
      next_cursor: more && last ? encodeCursor({ publishedAt: last.publishedAt, id: last.id }) : null,
    });
  },
  (args) => [
    CACHE_TAGS.latest,
    ...(args.sectionId !== undefined ? [CACHE_TAGS.section(args.sectionId)] : []),
    ...(args.tagId !== undefined ? [CACHE_TAGS.tag(args.tagId)] : []),
    ...(args.authorId !== undefined ? [CACHE_TAGS.author(args.authorId)] : []),
  ],
);

const sectionsBody = cachedBody(
  "api-sections",
  async (): Promise<Body> => body({ sections: (await listSections()).map(serializeSection) }),
  () => [],
);
// Which tags and authors are public changes with what is published.
const tagsBody = cachedBody(
  "api-tags",
  async (): Promise<Body> => body({ tags: (await listPublicTags()).map(serializeTag) }),
  () => [CACHE_TAGS.latest],
);
const authorsBody = cachedBody(
  "api-authors",
  async (): Promise<Body> => body({ authors: (await listPublicAuthors()).map(serializeAuthor) }),
  () => [CACHE_TAGS.latest],
);

export function encodeCursor(cursor: StoryCursor): string {
  return Buffer.from(`${cursor.publishedAt}.${cursor.id}`).toString("base64url");
}

export function decodeCursor(value: string): StoryCursor | null {
  const match = /^(\d{1,16})\.(\d{1,12})$/.exec(Buffer.from(value, "base64url").toString());
  return match ? { publishedAt: Number(match[1]), id: Number(match[2]) } : null;
}

function matchesEtag(header: string | null, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === "*") return true;
  return header.split(",").some((tag) => tag.trim().replace(/^W\//, "") === etag);
}

function answer(request: Request, found: Body, extra: Record<string, string>): Response {
  const headers: Record<string, string> = {
    ...CORS_HEADERS,
    ...extra,
    etag: found.etag,
    // Revalidated on every use (with the ETag), so a revoked key is refused at once even by a cache
    // between the client and us; the body is the same for every key.
    "cache-control": "private, no-cache",
    vary: "Authorization",
  };
  if (found.keep) headers[KEEP_HEADER] = found.keep;
  if (matchesEtag(request.headers.get("if-none-match"), found.etag))
    return new Response(null, { status: 304, headers });
  headers["content-type"] = "application/json; charset=utf-8";
  return new Response(request.method === "HEAD" ? null : found.json, { status: 200, headers });
}

/** Key check first, every time; then the cached answer. */
async function serve(request: Request, read: () => Promise<Body | Response>): Promise<Response> {
  const check = await checkApiKey(request, "content");
  if (!check.ok) return check.response;
  const found = await read();
  return found instanceof Response ? found : answer(request, found, check.headers);
}

const slugParam = z.string().min(1).max(SLUG_MAX);
const ListParams = z.object({
  limit: z.coerce.number().int().min(1).max(MAX_LIMIT).default(DEFAULT_LIMIT),
  cursor: z.string().max(100).optional(),
  section: slugParam.optional(),
  tag: slugParam.optional(),
  author: slugParam.optional(),
  updated_since: z.iso.datetime({ offset: true }).optional(),
});

async function resolveList(params: URLSearchParams): Promise<ListArgs | Response> {
  const raw = Object.fromEntries(
    ["limit", "cursor", "section", "tag", "author", "updated_since"].flatMap((k) => {
      const v = params.get(k);
      return v === null ? [] : [[k, v]];
    }),
  );
  const parsed = ListParams.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return apiError(400, "invalid_parameter", `Invalid ${String(issue.path[0])}: ${issue.message}`);
  }
  const q = parsed.data;
  const args: ListArgs = { limit: q.limit };
  if (q.cursor !== undefined) {
    const after = decodeCursor(q.cursor);
    if (!after) return apiError(400, "invalid_cursor", "This cursor was not given by this API.");
    args.after = after;
  }
  if (q.updated_since !== undefined) args.updatedSince = Date.parse(q.updated_since);
  if (q.section !== undefined) {
    const section = await getSectionBySlug(q.section);
    if (!section) return apiError(404, "not_found", "No section has this slug.");
    args.sectionId = section.id;
  }
  if (q.tag !== undefined) {
    const tag = await getTagBySlug(q.tag);
    if (!tag) return apiError(404, "not_found", "No tag has this slug.");
    args.tagId = tag.id;
  }
  if (q.author !== undefined) {
    const author = await getAuthorBySlug(q.author);
    if (!author) return apiError(404, "not_found", "No author has this slug.");
    args.authorId = author.id;
  }
  return args;
}

export function listStoriesHandler(request: Request): Promise<Response> {
  return serve(request, async () => {
    const args = await resolveList(new URL(request.url).searchParams);
    return args instanceof Response ? args : listBody(args);
  });
}

export function getStoryHandler(request: Request, slug: string): Promise<Response> {
  return serve(request, async () => {
    const found = slug.length <= SLUG_MAX ? await storyBody(slug) : null;
    return found ?? apiError(404, "not_found", "No published story has this slug.");
  });
}

export const listSectionsHandler = (request: Request) => serve(request, sectionsBody);
export const listTagsHandler = (request: Request) => serve(request, tagsBody);
export const listAuthorsHandler = (request: Request) => serve(request, authorsBody);

export function preflight(): Response {
  return new Response(null, { status: 204, headers: CORS_HEADERS });
}

export function notFoundHandler(): Response {
  return apiError(404, "not_found", "There is no such endpoint in the Content API.");
}

export function methodNotAllowed(): Response {
  return apiError(405, "method_not_allowed", "The Content API is read-only.", { allow: "GET, HEAD, OPTIONS" });
}
