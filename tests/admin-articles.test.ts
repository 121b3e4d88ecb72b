import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import sharp from "sharp";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/db";
import { articles, revisions } from "@/db/schema";
import { idleState } from "@/lib/actions/state";
import type { SessionUser } from "@/lib/auth/roles";
import { getArticleForEdit } from "@/lib/data/admin-articles";
import { listRevisions } from "@/lib/data/revisions";
import { createUser } from "@/lib/data/users";
import { eq } from "drizzle-orm";
import { makeArticle, makeAuthor, makeSection, makeTag } from "./support/factories";
import { invalidated } from "./support/next-cache";
import { signInAs } from "./support/session";
import { articleFormData } from "./support/article-form";

vi.mock("@/lib/auth/session", () => import("./support/session"));
vi.mock("next/navigation", () => ({
  redirect: (url: string) => {
    throw Object.assign(new Error("NEXT_REDIRECT"), { url });
  },
}));

const {
  saveArticleAction: saveAsPosted,
  restoreRevisionAction,
  trashArticleAction,
  unpublishArticleAction,
} = await import("@/lib/actions/articles");

let editor: SessionUser;
let author: SessionUser;
let contributor: SessionUser;

beforeAll(async () => {
  const mk = async (email: string, role: SessionUser["role"]) => {
    const u = await createUser({ email, name: email, role, passwordHash: "x" });
    return { id: u.id, email: u.email, name: u.name, role: u.role };
  };
  editor = await mk("ed@example.com", "editor");
  author = await mk("au@example.com", "author");
  contributor = await mk("co@example.com", "contributor");
});

/** Saves as the editor does: based on the version stored now (tests/article-versions.test.ts covers stale ones). */
async function saveArticleAction(prev: typeof idleState, f: FormData) {
  if (f.get("id") && !f.has("baseVersion"))
    f.set("baseVersion", String((await getArticleForEdit(Number(f.get("id"))))?.version ?? ""));
  return saveAsPosted(prev, f);
}

const form = articleFormData;

describe("saveArticleAction", () => {
  it("updates a published article and invalidates exactly the pages it left and joined", async () => {
    signInAs(editor);
    const [s1, s2] = [await makeSection(), await makeSection()];
    const [t1, t2] = [await makeTag(), await makeTag()];
    const [a1, a2] = [await makeAuthor(), await makeAuthor()];
    const article = await makeArticle({ sectionId: s1.id }, { tagIds: [t1.id], authorIds: [a1.id] });
    const result = await saveArticleAction(
      idleState,
      form({
        id: String(article.id),
        headline: "Moved",
        slug: `${article.slug}-moved`,
        sectionId: String(s2.id),
        tags: `${t2.name}, Brand New Tag`,
        authorIds: [String(a2.id), String(a1.id)],
        status: "published",
      }),
    );
    expect(result).toMatchObject({ status: "ok", message: "Article updated." });
    const saved = (await getArticleForEdit(article.id))!;
    expect(saved.authorIds).toEqual([a2.id, a1.id]);
    expect(saved.tagNames).toContain("Brand New Tag");
    const newTagId = (await db.query.tags.findFirst({ where: (t, { eq }) => eq(t.name, "Brand New Tag") }))!.id;
    expect([...invalidated].sort()).toEqual(
      [
        `article:${article.slug}`,
        `article:${article.slug}-moved`,
        "articles:latest",
        `section:${s1.id}`,
        `section:${s2.id}`,
        `tag:${t1.id}`,
        `tag:${t2.id}`,
        `tag:${newTagId}`,
        `author:${a1.id}`,
        `author:${a2.id}`,
        // The new tag's page may have been cached as "not found" before it existed.
        "tag-slug:brand-new-tag",
      ].sort(),
    );
    expect(saved.updatedAt).toBeGreaterThan(article.updatedAt);
  });

  it("keeps the first publication time on later edits and records a revision per save", async () => {
    signInAs(editor);
    const publishedAt = Date.now() - 3_600_000;
    const article = await makeArticle({ publishedAt });
    await saveArticleAction(
      idleState,
      form({ id: String(article.id), headline: "One", slug: article.slug, status: "published" }),
    );
    await saveArticleAction(
      idleState,
      form({ id: String(article.id), headline: "Two", slug: article.slug, status: "published" }),
    );
    expect((await getArticleForEdit(article.id))!.publishedAt).toBe(publishedAt);
    const list = await listRevisions(article.id);
    expect(list).toHaveLength(2);
    expect(list[0].userName).toBe(editor.name);
  });

  it("restoring a revision brings back its content as a new revision, keeping the status", async () => {
    signInAs(editor);
    const article = await makeArticle();
    await saveArticleAction(
      idleState,
      form({ id: String(article.id), headline: "First", body: "first body", slug: article.slug, status: "published" }),
    );
    await saveArticleAction(
      idleState,
      form({
        id: String(article.id),
        headline: "Second",
        body: "second body",
        slug: article.slug,
        status: "published",
      }),
    );
    const oldest = (await listRevisions(article.id)).at(-1)!;
    const result = await restoreRevisionAction(
      idleState,
      form({ articleId: String(article.id), revisionId: String(oldest.id) }),
    );
    expect(result.status).toBe("ok");
    const restored = (await getArticleForEdit(article.id))!;
    expect([restored.headline, restored.body, restored.status]).toEqual(["First", "first body", "published"]);
    expect(await db.select().from(revisions).where(eq(revisions.articleId, article.id))).toHaveLength(3);
  });

  it("schedules in the publication's time zone and refuses a time in the past", async () => {
    signInAs(editor);
    const article = await makeArticle({ status: "draft", publishedAt: null });
    const past = await saveArticleAction(
      idleState,
      form({ id: String(article.id), slug: article.slug, status: "scheduled", publishedAt: "2020-01-01T10:00" }),
    );
    expect(past.fieldErrors?.publishedAt).toEqual(["Choose a time in the future, or publish now."]);
    const year = new Date().getUTCFullYear() + 1;
    const ok = await saveArticleAction(
      idleState,
      form({ id: String(article.id), slug: article.slug, status: "scheduled", publishedAt: `${year}-07-01T09:30` }),
    );
    expect(ok.status).toBe("ok");
    // Europe/Istanbul is UTC+3 all year.
    expect((await getArticleForEdit(article.id))!.publishedAt).toBe(Date.UTC(year, 6, 1, 6, 30));
    expect(invalidated.length).toBeGreaterThan(0);
  });

  it("a contributor saves their own drafts but cannot publish, and cannot touch others' articles", async () => {
    signInAs(contributor);
    await expect(saveArticleAction(idleState, form({ headline: "Pitch", status: "draft" }))).rejects.toMatchObject({
      message: "NEXT_REDIRECT",
    });
    const own = (await db.select().from(articles).where(eq(articles.createdById, contributor.id)))[0]!;
    const publish = await saveArticleAction(
      idleState,
      form({ id: String(own.id), slug: own.slug, status: "published" }),
    );
    expect(publish.status).toBe("error");
    expect((await getArticleForEdit(own.id))!.status).toBe("draft");
    const others = await makeArticle({ status: "draft", publishedAt: null, createdById: editor.id });
    expect((await trashArticleAction(idleState, form({ id: String(others.id) }))).message).toBe(
      "You do not have permission to do that.",
    );
  });

  it("an author publishes their own article, found through their byline", async () => {
    signInAs(author);
    const byline = (await db.query.authors.findFirst({ where: (a, { eq }) => eq(a.userId, author.id) }))!;
    const article = await makeArticle(
      { status: "draft", publishedAt: null, createdById: editor.id },
      { authorIds: [byline.id] },
    );
    const result = await saveArticleAction(
      idleState,
      form({ id: String(article.id), slug: article.slug, status: "published", authorIds: [String(byline.id)] }),
    );
    expect(result).toMatchObject({ status: "ok", message: "Article published." });
    const notMine = await makeArticle({ status: "draft", publishedAt: null, createdById: editor.id });
    expect(
      (await saveArticleAction(idleState, form({ id: String(notMine.id), slug: notMine.slug, status: "published" })))
        .message,
    ).toBe("You do not have permission to do that.");
  });

  it("below editor the byline cannot be changed: a new story carries the writer's own, an edit keeps it", async () => {
    signInAs(author);
    const own = (await db.query.authors.findFirst({ where: (a, { eq }) => eq(a.userId, author.id) }))!;
    const chief = await makeAuthor();
    await expect(
      saveArticleAction(idleState, form({ headline: "Byline grab", authorIds: [String(chief.id)] })),
    ).rejects.toMatchObject({ message: "NEXT_REDIRECT" });
    const created = (await db.select().from(articles).where(eq(articles.headline, "Byline grab")))[0]!;
    expect((await getArticleForEdit(created.id))!.authorIds).toEqual([own.id]);
    const edit = await saveArticleAction(
      idleState,
      form({ id: String(created.id), slug: created.slug, headline: "Byline grab", authorIds: [String(chief.id)] }),
    );
    expect(edit.status).toBe("ok");
    expect((await getArticleForEdit(created.id))!.authorIds).toEqual([own.id]);

    signInAs(editor);
    await saveArticleAction(
      idleState,
      form({
        id: String(created.id),
        slug: created.slug,
        headline: "Byline grab",
        authorIds: [String(chief.id), String(own.id)],
      }),
    );
    expect((await getArticleForEdit(created.id))!.authorIds).toEqual([chief.id, own.id]);
  });

  it("a section or author that does not exist is a field error, not a crash", async () => {
    signInAs(editor);
    const article = await makeArticle();
    const result = await saveArticleAction(
      idleState,
      form({
        id: String(article.id),
        slug: article.slug,
        status: "published",
        sectionId: "99999",
        authorIds: ["99998"],
      }),
    );
    expect(result).toMatchObject({
      status: "error",
      fieldErrors: {
        sectionId: ["That section no longer exists."],
        authorIds: ["An author in the byline no longer exists."],
      },
    });
  });

  it("an image is stored only when the save goes through", async () => {
    signInAs(editor);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "uploads-test-"));
    vi.stubEnv("DATA_DIR", dir);
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: "#cc3333" } })
      .png()
      .toBuffer();
    const withImage = (values: Record<string, string>) => {
      const f = form(values);
      f.append("featureImage", new File([new Uint8Array(png)], "red.png", { type: "image/png" }));
      return f;
    };
    const { listUploads } = await import("@/lib/data/uploads");
    const article = await makeArticle();

    const refused = await saveArticleAction(
      idleState,
      withImage({ id: String(article.id), slug: article.slug, status: "published" }),
    );
    expect(refused.fieldErrors?.featureImageAlt).toEqual(["Describe the image for readers who cannot see it."]);
    expect(await listUploads()).toEqual([]);

    const saved = await saveArticleAction(
      idleState,
      withImage({ id: String(article.id), slug: article.slug, status: "published", featureImageAlt: "A red square" }),
    );
    expect(saved.status).toBe("ok");
    const stored = await listUploads();
    expect(stored).toHaveLength(1);
    expect((await getArticleForEdit(article.id))!.featureImagePath).toBe(stored[0]);
    vi.unstubAllEnvs();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("a story in the trash is restored before anything else is done to it", async () => {
    signInAs(editor);
    const article = await makeArticle();
    await saveArticleAction(
      idleState,
      form({ id: String(article.id), slug: article.slug, status: "published", headline: "Binned" }),
    );
    const revision = (await listRevisions(article.id))[0];
    await trashArticleAction(idleState, form({ id: String(article.id) }));
    const message = "Restore this article from the trash before editing it.";
    expect((await unpublishArticleAction(idleState, form({ id: String(article.id) }))).message).toBe(message);
    expect(
      (await restoreRevisionAction(idleState, form({ articleId: String(article.id), revisionId: String(revision.id) })))
        .message,
    ).toBe(message);
    expect(await getArticleForEdit(article.id)).toMatchObject({ status: "published", headline: "Binned" });
  });

  it("refuses a slug another article uses", async () => {
    signInAs(editor);
    const [a, b] = [await makeArticle(), await makeArticle()];
    const result = await saveArticleAction(idleState, form({ id: String(a.id), slug: b.slug, status: "published" }));
    expect(result.fieldErrors?.slug).toEqual(["Another article already uses this slug."]);
  });
});

describe("publication time", () => {
  it("a past time backdates a published article; a future one publishes now; the unchanged field keeps the exact time", async () => {
    signInAs(editor);
    const article = await makeArticle({ status: "draft", publishedAt: null });
    await saveArticleAction(
      idleState,
      form({ id: String(article.id), slug: article.slug, status: "published", publishedAt: "2025-03-01T12:00" }),
    );
    expect((await getArticleForEdit(article.id))!.publishedAt).toBe(Date.UTC(2025, 2, 1, 9, 0));

    const exact = Date.now() - 123_456;
    const other = await makeArticle({ publishedAt: exact });
    const { toZonedInputValue } = await import("@/lib/format/dates");
    await saveArticleAction(
      idleState,
      form({
        id: String(other.id),
        slug: other.slug,
        status: "published",
        publishedAt: toZonedInputValue(exact, "Europe/Istanbul"),
      }),
    );
    expect((await getArticleForEdit(other.id))!.publishedAt).toBe(exact);

    const draft = await makeArticle({ status: "draft", publishedAt: null });
    const before = Date.now();
    await saveArticleAction(
      idleState,
      form({
        id: String(draft.id),
        slug: draft.slug,
        status: "published",
        publishedAt: `${new Date().getUTCFullYear() + 1}-01-01T00:00`,
      }),
    );
    expect((await getArticleForEdit(draft.id))!.publishedAt).toBeGreaterThanOrEqual(before);
    expect((await getArticleForEdit(draft.id))!.publishedAt).toBeLessThanOrEqual(Date.now());
  });
});

describe("the newsroom's article list", () => {
  it("counts a scheduled article whose time has come as published", async () => {
    const { countArticlesByFilter, listAdminArticles } = await import("@/lib/data/admin-articles");
    const before = await countArticlesByFilter(null);
    const due = await makeArticle({ status: "scheduled", publishedAt: Date.now() - 1000 });
    await makeArticle({ status: "scheduled", publishedAt: Date.now() + 3_600_000 });
    const after = await countArticlesByFilter(null);
    expect(after.published - before.published).toBe(1);
    expect(after.scheduled - before.scheduled).toBe(1);
    const row = (await listAdminArticles({ filter: "published", query: due.headline, page: 1, ownerId: null }))
      .items[0];
    expect(row).toMatchObject({ id: due.id, status: "published" });
  });

  it("pages twenty at a time, newest edit first, and clamps a page past the end to the last", async () => {
    const { ADMIN_PAGE_SIZE, listAdminArticles } = await import("@/lib/data/admin-articles");
    const base = Date.now() - 3_600_000;
    const made = [];
    for (let i = 0; i < ADMIN_PAGE_SIZE + 3; i++) {
      made.push(await makeArticle({ headline: `Paginated desk story ${i}`, updatedAt: base + i * 1000 }));
    }
    const newestFirst = made.map((a) => a.id).reverse();
    const list = (page: number) =>
      listAdminArticles({ filter: "all", query: "Paginated desk story", page, ownerId: null });

    const first = await list(1);
    expect(first).toMatchObject({ total: ADMIN_PAGE_SIZE + 3, totalPages: 2, page: 1 });
    expect(first.items.map((r) => r.id)).toEqual(newestFirst.slice(0, ADMIN_PAGE_SIZE));
    expect((await list(2)).items.map((r) => r.id)).toEqual(newestFirst.slice(ADMIN_PAGE_SIZE));
    expect(await list(9)).toMatchObject({ page: 2, items: (await list(2)).items });
  });
});
