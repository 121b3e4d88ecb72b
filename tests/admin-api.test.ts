import { eq } from "drizzle-orm";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { POST as uploadImage } from "@/app/api/admin/images/route";
import { GET as getStory, PATCH as patchStory } from "@/app/api/admin/stories/[id]/route";
import { POST as createStory } from "@/app/api/admin/stories/route";
import { GET as contentStory } from "@/app/api/content/stories/[slug]/route";
import { db } from "@/db";
import { articles, auditEntries, revisions } from "@/db/schema";
import { createApiKey, revokeApiKey } from "@/lib/data/api-keys";
import { getArticleForEdit } from "@/lib/data/admin-articles";
import { uploadExists } from "@/lib/data/uploads";
import { createUser, updateUserAccess } from "@/lib/data/users";
import type { Role } from "@/lib/domain";
import { makeArticle, makeAuthor, makeSection } from "./support/factories";
import { invalidated } from "./support/next-cache";

const BASE = "http://localhost:3000/api/admin";

type Call = { key?: string | null; body?: unknown; raw?: BodyInit; type?: string; headers?: Record<string, string> };

function request(path: string, method: string, init: Call = {}) {
  const headers: Record<string, string> = { ...init.headers };
  if (init.key) headers.authorization = `Bearer ${init.key}`;
  let body: BodyInit | undefined = init.raw;
  if (init.body !== undefined) {
    body = JSON.stringify(init.body);
    headers["content-type"] = "application/json";
  }
  if (init.type) headers["content-type"] = init.type;
  return new Request(BASE + path, { method, headers, body });
}
const params = (id: number | string) => ({ params: Promise.resolve({ id: String(id) }) });
const create = (key: string, body: unknown, headers: Record<string, string> = {}) =>
  createStory(request("/stories", "POST", { key, body, headers }));
const read = (key: string, id: number) => getStory(request(`/stories/${id}`, "GET", { key }), params(id));
const update = (key: string, id: number, body: unknown) =>
  patchStory(request(`/stories/${id}`, "PATCH", { key, body }), params(id));

let admin: { id: number; name: string };
const keys = {} as Record<Role | "content", string>;

async function adminKey(role: Role, createdById = admin.id) {
  return (await createApiKey({ name: `Wire desk ${role}`, kind: "admin", role, createdById })).key;
}

beforeAll(async () => {
  admin = await createUser({
    email: "wire-admin@example.com",
    name: "Wire Admin",
    role: "administrator",
    passwordHash: "x",
  });
  for (const role of ["contributor", "author", "editor"] as const) keys[role] = await adminKey(role);
  keys.content = (await createApiKey({ name: "App", kind: "content", createdById: admin.id })).key;
});

const png = () =>
  sharp({ create: { width: 32, height: 20, channels: 3, background: "#3366aa" } })
    .png()
    .toBuffer();

describe("Admin API keys", () => {
  it("refuses no key, a Content key, a revoked key and a key whose maker can no longer act", async () => {
    const body = { headline: "Refused" };
    expect((await createStory(request("/stories", "POST", { body }))).status).toBe(401);
    const content = await create(keys.content, body);
    expect(content.status).toBe(401);
    expect((await content.json()).error.code).toBe("wrong_key_kind");

    const revoked = await createApiKey({ name: "Old", kind: "admin", role: "editor", createdById: admin.id });
    await revokeApiKey(revoked.record.id);
    expect((await create(revoked.key, body)).status).toBe(401);

    const leaver = await createUser({
      email: "leaver@example.com",
      name: "Leaver",
      role: "administrator",
      passwordHash: "x",
    });
    const orphan = await adminKey("editor", leaver.id);
    expect(await updateUserAccess(leaver.id, { active: false })).toBe("ok");
    expect((await create(orphan, body)).status).toBe(401);
    expect(await db.select().from(articles).where(eq(articles.headline, "Refused"))).toEqual([]);
  });
});

describe("stories", () => {
  it("a contributor key writes drafts and submits them, with a revision, but cannot publish", async () => {
    const made = await create(keys.contributor, {
      headline: "Wire: harbour strike",
      dek: "From the agency.",
      dateline: "IZMIR",
      body: "## What happened\n\nDockers walked out at dawn.",
      tags: ["Labour", "Ports"],
    });
    expect(made.status).toBe(201);
    const { story } = await made.json();
    expect(story).toMatchObject({
      status: "draft",
      headline: "Wire: harbour strike",
      tags: ["Labour", "Ports"],
      version: 1,
    });
    expect(made.headers.get("location")).toBe(`${BASE}/stories/${story.id}`);
    expect(await db.select().from(revisions).where(eq(revisions.articleId, story.id))).toHaveLength(1);
    const [row] = await db
      .select({ createdById: articles.createdById })
      .from(articles)
      .where(eq(articles.id, story.id));
    expect(row.createdById).toBe(admin.id);
    const [audit] = await db
      .select()
      .from(auditEntries)
      .where(eq(auditEntries.targetId, String(story.id)));
    expect(audit).toMatchObject({
      action: "article.create",
      actorName: "Wire Admin (API key “Wire desk contributor”)",
    });

    const publish = await update(keys.contributor, story.id, { version: story.version, status: "published" });
    expect(publish.status).toBe(422);
    expect((await publish.json()).error.fields.status[0]).toMatch(/publish/i);
    expect((await getArticleForEdit(story.id))!.status).toBe("draft");

    const submit = await update(keys.contributor, story.id, { version: story.version, status: "pending" });
    expect(submit.status).toBe(200);
    expect((await submit.json()).story).toMatchObject({ status: "pending", version: story.version + 1 });
  });

  it("an author key publishes; readers' pages expire and the Content API serves the sanitised story", async () => {
    invalidated.length = 0;
    const made = await create(keys.author, {
      headline: "Wire: ferry timetable",
      slug: "wire-ferry-timetable",
      body: 'Ferries resume. <script>alert(1)</script> [Click](javascript:alert(2)) <img src=x onerror="alert(3)">',
      status: "published",
      published_at: new Date(Date.now() - 60_000).toISOString(),
    });
    expect(made.status).toBe(201);
    expect((await made.json()).story.status).toBe("published");
    expect(invalidated).toContain("article:wire-ferry-timetable");

    const read = await contentStory(
      new Request("http://localhost:3000/api/content/stories/wire-ferry-timetable", {
        headers: { authorization: `Bearer ${keys.content}` },
      }),
      { params: Promise.resolve({ slug: "wire-ferry-timetable" }) },
    );
    const { story } = await read.json();
    expect(story.body_html).toContain("Ferries resume.");
    expect(story.body_html).not.toMatch(/<script|javascript:|onerror/i);
  });

  it("sections, tags and bylines: an editor key sets them; a contributor key's byline choice is not taken", async () => {
    const section = await makeSection();
    const author = await makeAuthor();
    const made = await create(keys.editor, {
      headline: "Wire: budget vote",
      section_id: section.id,
      tags: ["Budget"],
      author_ids: [author.id],
    });
    expect(made.status).toBe(201);
    expect((await made.json()).story).toMatchObject({
      section_id: section.id,
      tags: ["Budget"],
      author_ids: [author.id],
    });

    // As in the editor, only editors choose bylines: a contributor key's choice is not taken.
    const own = await create(keys.contributor, { headline: "Wire: someone else's byline", author_ids: [author.id] });
    expect(own.status).toBe(201);
    expect((await own.json()).story.author_ids).not.toContain(author.id);
    const unknown = await create(keys.editor, { headline: "Wire: no such section", section_id: 999_999 });
    expect(unknown.status).toBe(422);
    expect((await unknown.json()).error.fields.sectionId).toBeTruthy();
  });

  it("an update names its version: a stale one is refused with 409, a missing one with 422", async () => {
    const { story } = await (await create(keys.editor, { headline: "Wire: versions", body: "One." })).json();
    const first = await update(keys.editor, story.id, { version: story.version, body: "Two." });
    expect(first.status).toBe(200);
    const stale = await update(keys.editor, story.id, { version: story.version, body: "Overwrites two?" });
    expect(stale.status).toBe(409);
    expect((await stale.json()).error).toMatchObject({ code: "conflict", current_version: story.version + 1 });
    expect((await update(keys.editor, story.id, { body: "No version." })).status).toBe(422);
    expect((await getArticleForEdit(story.id))!.body).toBe("Two.");
    const got = await (await read(keys.editor, story.id)).json();
    expect(got.story).toMatchObject({ body: "Two.", version: story.version + 1 });
  });

  it("refuses what the editor would: someone else's story, unknown fields, bad types, a crafted image path", async () => {
    const theirs = await makeArticle({ status: "draft", publishedAt: null });
    expect((await read(keys.author, theirs.id)).status).toBe(403);
    expect((await update(keys.author, theirs.id, { version: theirs.version, headline: "Mine now" })).status).toBe(403);
    expect((await read(keys.editor, 987_654_321)).status).toBe(404);

    for (const body of [
      { headline: "Wire", created_by_id: 1 },
      { headline: "Wire", status: "live" },
      { headline: 42 },
      { headline: "Wire", feature_image: { path: "/uploads/../../etc/passwd", alt: "x" } },
      { headline: "Wire", feature_image: { path: `/uploads/${"0".repeat(32)}.png`, alt: "Not uploaded" } },
      { headline: "" },
    ]) {
      const answer = await create(keys.editor, body);
      expect(answer.status, JSON.stringify(body)).toBe(422);
      expect((await answer.json()).error.code).toBe("invalid_body");
    }
    const huge = await create(keys.editor, { headline: "Wire: huge", body: "x".repeat(1_100_000) });
    expect(huge.status).toBe(413);
    const notJson = await createStory(
      request("/stories", "POST", { key: keys.editor, raw: "headline=x", type: "text/plain" }),
    );
    expect(notJson.status).toBe(422);
  });
});

describe("Idempotency-Key", () => {
  const wire = { headline: "Wire: quake drill", body: "Sirens at noon." };

  it("a repeated request answers with the first story, never a second; another body with the same key is refused", async () => {
    const headers = { "idempotency-key": "drill-2026-12-05" };
    const first = await create(keys.editor, wire, headers);
    const again = await create(keys.editor, wire, headers);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect((await again.json()).story.id).toBe((await first.json()).story.id);
    expect(await db.select().from(articles).where(eq(articles.headline, wire.headline))).toHaveLength(1);

    const other = await create(keys.editor, { ...wire, body: "Another text." }, headers);
    expect(other.status).toBe(422);
    // Keys belong to the key that used them: another Admin key may use the same value for its own story.
    expect((await create(keys.author, wire, headers)).status).toBe(201);
  });

  it("ten copies sent at once create one story", async () => {
    const headers = { "idempotency-key": "burst-1" };
    const body = { ...wire, headline: "Wire: burst" };
    const answers = await Promise.all(Array.from({ length: 10 }, () => create(keys.editor, body, headers)));
    const ids = new Set<number>();
    for (const a of answers) {
      expect([201, 409]).toContain(a.status);
      if (a.status === 201) ids.add((await a.json()).story.id);
    }
    expect(ids.size).toBe(1);
    expect(await db.select().from(articles).where(eq(articles.headline, "Wire: burst"))).toHaveLength(1);
  });

  it("a refused request frees its key for the corrected retry", async () => {
    const headers = { "idempotency-key": "fix-and-retry" };
    const bad = { headline: "Wire: retried", status: "scheduled" };
    expect((await create(keys.editor, bad, headers)).status).toBe(422);
    expect((await create(keys.editor, { headline: "Wire: retried" }, headers)).status).toBe(201);
  });
});

describe("images", () => {
  it("uploads through the editor's path, then a story uses it as its feature image", async () => {
    const raw = await png();
    const answer = await uploadImage(request("/images", "POST", { key: keys.contributor, raw, type: "image/png" }));
    expect(answer.status).toBe(201);
    const { image } = await answer.json();
    expect(image.path).toMatch(/^\/uploads\/[0-9a-f]{32}\.png$/);
    expect(await uploadExists(image.path)).toBe(true);

    const form = new FormData();
    form.set("file", new File([new Uint8Array(raw)], "photo.png", { type: "image/png" }));
    expect((await uploadImage(request("/images", "POST", { key: keys.contributor, raw: form }))).status).toBe(201);

    const noAlt = await create(keys.author, { headline: "Wire: with photo", feature_image: { path: image.path } });
    expect(noAlt.status).toBe(422);
    const made = await create(keys.author, {
      headline: "Wire: with photo",
      feature_image: { path: image.path, alt: "Cranes at the port", caption: "Idle cranes", credit: "Agency" },
    });
    expect(made.status).toBe(201);
    expect((await made.json()).story.feature_image).toMatchObject({ path: image.path, alt: "Cranes at the port" });
  });

  it("refuses a hostile file, an empty one and one too large", async () => {
    const html = Buffer.from("<html><script>alert(1)</script></html>");
    const hostile = await uploadImage(request("/images", "POST", { key: keys.editor, raw: html, type: "image/png" }));
    expect(hostile.status).toBe(422);
    const svg = Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="9" height="9"/></svg>',
    );
    expect(
      (await uploadImage(request("/images", "POST", { key: keys.editor, raw: svg, type: "image/svg+xml" }))).status,
    ).toBe(422);
    expect(
      (await uploadImage(request("/images", "POST", { key: keys.editor, raw: new Uint8Array(0), type: "image/png" })))
        .status,
    ).toBe(422);
    const huge = new Uint8Array(9 * 1024 * 1024);
    expect(
      (await uploadImage(request("/images", "POST", { key: keys.editor, raw: huge, type: "image/png" }))).status,
    ).toBe(413);
    expect(
      (await uploadImage(request("/images", "POST", { key: keys.content, raw: await png(), type: "image/png" })))
        .status,
    ).toBe(401);
    // Sent in chunks with no length announced: reading stops at the limit.
    const chunk = new Uint8Array(1024 * 1024);
    let sentChunks = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sentChunks++ < 20) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const chunked = new Request(`${BASE}/images`, {
      method: "POST",
      headers: { authorization: `Bearer ${keys.editor}`, "content-type": "image/png" },
      body: stream,
      duplex: "half",
    } as RequestInit);
    expect((await uploadImage(chunked)).status).toBe(413);
    expect(sentChunks).toBeLessThan(20);
  });
});
