import { absoluteUrl } from "@/lib/site";
import { API_ERROR_CODES } from "./errors";
import { DEFAULT_LIMIT, MAX_LIMIT } from "./content";

const str = { type: "string" } as const;
const url = { type: "string", format: "uri" } as const;
const id = { type: "integer", minimum: 1 } as const;
const offsetTime = {
  type: "string",
  format: "date-time",
  description: "In the publication's time zone, with its offset.",
} as const;

function object(properties: Record<string, unknown>, description?: string) {
  return {
    type: "object",
    ...(description ? { description } : {}),
    properties,
    required: Object.keys(properties),
    additionalProperties: false,
  };
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const nullable = (schema: object) => ({ oneOf: [schema, { type: "null" }] });

const schemas = {
  Ref: object({ id, name: str, slug: str, url }),
  Image: object({
    url,
    alt: str,
    caption: str,
    credit: str,
    width: { type: ["integer", "null"] },
    height: { type: ["integer", "null"] },
    sizes: {
      type: "array",
      minItems: 1,
      items: object({ width: { type: "integer" }, url }),
      description: "Resized copies (WebP or AVIF by the client's Accept header), narrowest first.",
    },
  }),
  Story: object({
    id,
    slug: str,
    url: { ...url, description: "The canonical address of the story page." },
    headline: str,
    dek: str,
    dateline: str,
    body_html: { type: "string", description: "Sanitised HTML, as the story page renders it." },
    body_text: { type: "string", description: "The body as plain text." },
    correction: str,
    feature_image: nullable(ref("Image")),
    section: nullable(ref("Ref")),
    authors: { type: "array", items: ref("Ref") },
    tags: { type: "array", items: ref("Ref") },
    published_at: offsetTime,
    updated_at: offsetTime,
  }),
  Section: object({ id, name: str, slug: str, description: str, url }),
  Author: object({ id, name: str, slug: str, bio: str, avatar_url: { type: ["string", "null"] }, url }),
  Error: object({
    error: object({ code: { type: "string", enum: [...API_ERROR_CODES] }, message: str }),
  }),
  StoryList: object({
    stories: { type: "array", items: ref("Story"), maxItems: MAX_LIMIT },
    next_cursor: { type: ["string", "null"], description: "Pass as `cursor` for the next page; null on the last." },
  }),
  StoryOne: object({ story: ref("Story") }),
  SectionList: object({ sections: { type: "array", items: ref("Section") } }),
  TagList: object({ tags: { type: "array", items: ref("Ref") } }),
  AuthorList: object({ authors: { type: "array", items: ref("Author") } }),
};

const errorResponse = (description: string) => ({
  description,
  content: { "application/json": { schema: ref("Error") } },
});

const ok = (schema: string, description: string) => ({
  description,
  headers: {
    ETag: { schema: str },
    "X-RateLimit-Limit": { schema: { type: "integer" } },
    "X-RateLimit-Remaining": { schema: { type: "integer" } },
  },
  content: { "application/json": { schema: ref(schema) } },
});

const common = {
  "304": { description: "Not modified since the ETag in If-None-Match." },
  "401": errorResponse("No key, an unknown or revoked key, or not a Content API key."),
  "429": {
    ...errorResponse("Over this key's rate limit."),
    headers: { "Retry-After": { schema: { type: "integer" }, description: "Seconds to wait." } },
  },
};

const slugFilter = (name: string, what: string) => ({
  name,
  in: "query",
  required: false,
  description: `Only stories ${what} (a slug).`,
  schema: { type: "string", maxLength: 80 },
});

function listOperation(operationId: string, summary: string, schema: string) {
  return { get: { operationId, summary, responses: { "200": ok(schema, summary), ...common } } };
}

const storiesPath = {
  get: {
    operationId: "listStories",
    summary: "Published stories, newest first",
    parameters: [
      slugFilter("section", "in this section"),
      slugFilter("tag", "with this tag"),
      slugFilter("author", "with this author's byline"),
      {
        name: "updated_since",
        in: "query",
        required: false,
        description: "Only stories changed after this moment (ISO 8601 with an offset).",
        schema: { type: "string", format: "date-time" },
      },
      {
        name: "limit",
        in: "query",
        required: false,
        schema: { type: "integer", minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT },
      },
      {
        name: "cursor",
        in: "query",
        required: false,
        description: "The `next_cursor` of the previous page. Stable while stories are published.",
        schema: str,
      },
    ],
    responses: {
      "200": ok("StoryList", "A page of stories."),
      "400": errorResponse("A parameter or cursor that cannot be read."),
      "404": errorResponse("No section, tag or author has the slug given."),
      ...common,
    },
  },
};

/** The Content API described for clients and code generators (OpenAPI 3.1). */
export function contentApiDocument() {
  return {
    openapi: "3.1.0",
    jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
    info: {
      title: "Content API",
      version: "1.0.0",
      description:
        "What readers of the publication see, for apps and partners. Every request needs a Content API key " +
        "(created by an administrator under Integrations) as `Authorization: Bearer <key>` or `?key=<key>`. " +
        "Errors are JSON with a stable `code`.",
    },
    servers: [{ url: absoluteUrl("/api/content") }],
    security: [{ bearer: [] }, { queryKey: [] }],
    paths: {
      "/stories": storiesPath,
      "/stories/{slug}": {
        get: {
          operationId: "getStory",
          summary: "One published story",
          parameters: [{ name: "slug", in: "path", required: true, schema: str }],
          responses: {
            "200": ok("StoryOne", "The story."),
            "404": errorResponse("No published story has this slug."),
            ...common,
          },
        },
      },
      "/sections": listOperation("listSections", "Every section", "SectionList"),
      "/tags": listOperation("listTags", "Tags of published stories", "TagList"),
      "/authors": listOperation("listAuthors", "Authors with a byline on a published story", "AuthorList"),
    },
    components: {
      schemas,
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer" },
        queryKey: { type: "apiKey", in: "query", name: "key" },
      },
    },
  };
}
