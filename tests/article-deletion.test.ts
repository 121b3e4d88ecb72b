import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { desc, eq } from "drizzle-orm";
import { db } from "@/db";
import { articles, revisions } from "@/db/schema";
import {
  countArticleDependents,
  deleteArticle,
  REVISIONS_KEPT,
  saveArticle,
  updateArticleState,
  type ArticleWrite,
} from "@/lib/data/admin-articles";
import { createUser } from "@/lib/data/users";
import { storeImageUpload, uploadExists } from "@/lib/data/uploads";
import { makeArticle, makeComment } from "./support/factories";

// What goes with a story: revisions pruned to the newest 50, images nobody refers to any more
// removed from the uploads store, and the counts the permanent-delete confirmation shows.
let dir: string;
let userId: number;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "deletion-test-"));
  vi.stubEnv("DATA_DIR", dir);
  userId = (await createUser({ email: "pruner@example.com", name: "Pruner", role: "editor", passwordHash: "x" })).id;
});
afterAll(() => {
  vi.unstubAllEnvs();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A stored upload (the bytes are never decoded here). */
const upload = () => storeImageUpload({ bytes: Buffer.from("jpeg bytes"), ext: "jpg" });

function write(slug: string, values: Partial<ArticleWrite> = {}): ArticleWrite {
  return {
    headline: `Story ${slug}`,
    slug,
    dek: "",
    dateline: "",
    body: "",
    sectionId: null,
    tagNames: [],
    authorIds: [],
    featureImagePath: null,
    featureImageAlt: "A photo",
    featureImageCaption: "",
    featureImageCredit: "",
    correction: "",
    commentStatus: "open",
    status: "draft",
    publishedAt: null,
    ...values,
  };
}

async function save(id: number | null, values: ArticleWrite, at: number): Promise<number> {
  const result = await saveArticle(id, values, userId, at);
  if (result === "slug-taken" || result === "conflict") throw new Error("slug taken");
  return result.id;
}

describe("revisions", () => {
  it("keeps the newest 50 per story on save; another story's are untouched", async () => {
    const t = Date.now();
    const other = await save(null, write("other-story"), t);
    const id = await save(null, write("busy-story", { headline: "Edit 0" }), t);
    for (let i = 1; i <= REVISIONS_KEPT + 4; i++) await save(id, write("busy-story", { headline: `Edit ${i}` }), t + i);
    const kept = await db
      .select({ snapshot: revisions.snapshot })
      .from(revisions)
      .where(eq(revisions.articleId, id))
      .orderBy(desc(revisions.createdAt));
    expect(kept).toHaveLength(REVISIONS_KEPT);
    expect(JSON.parse(kept[0].snapshot).headline).toBe(`Edit ${REVISIONS_KEPT + 4}`);
    expect(JSON.parse(kept.at(-1)!.snapshot).headline).toBe("Edit 5");
    expect(await db.select().from(revisions).where(eq(revisions.articleId, other))).toHaveLength(1);
  });
});

describe("uploaded images", () => {
  it("an image replaced on save stays while a kept revision refers to it, and goes once that revision is pruned", async () => {
    const first = await upload();
    const second = await upload();
    const t = Date.now();
    const id = await save(null, write("photo-story", { featureImagePath: first }), t);
    await save(id, write("photo-story", { featureImagePath: second }), t + 1);
    expect(await uploadExists(first)).toBe(true);
    // 50 revisions: the oldest, which holds the first image, is still kept.
    for (let i = 2; i < REVISIONS_KEPT; i++) await save(id, write("photo-story", { featureImagePath: second }), t + i);
    expect(await uploadExists(first)).toBe(true);
    await save(id, write("photo-story", { featureImagePath: second }), t + REVISIONS_KEPT);
    expect(await uploadExists(first)).toBe(false);
    expect(await uploadExists(second)).toBe(true);
  });

  it("an image replaced on a story that has no revisions (imported) goes at once", async () => {
    const old = await upload();
    const article = await makeArticle({ featureImagePath: old });
    await save(article.id, write(article.slug, { featureImagePath: await upload() }), Date.now());
    expect(await uploadExists(old)).toBe(false);
  });

  it("permanent deletion removes the story's images no other story or revision uses, and keeps shared ones", async () => {
    const own = await upload();
    const inBody = await upload();
    const shared = await upload();
    const t = Date.now();
    const id = await save(null, write("doomed", { featureImagePath: own, body: `![map](${inBody})` }), t);
    await save(id, write("doomed", { featureImagePath: shared, body: `![map](${inBody})` }), t + 1);
    await makeArticle({ featureImagePath: shared });
    await updateArticleState(id, { trashedAt: t + 2 });
    await deleteArticle(id);
    expect([await uploadExists(own), await uploadExists(inBody), await uploadExists(shared)]).toEqual([
      false,
      false,
      true,
    ]);
    expect(await db.select().from(articles).where(eq(articles.id, id))).toEqual([]);
  });
});

describe("the permanent-delete confirmation", () => {
  it("counts each story's comments (any status) and revisions", async () => {
    const t = Date.now();
    const id = await save(null, write("counted"), t);
    await save(id, write("counted", { headline: "Again" }), t + 1);
    for (const status of ["approved", "pending", "spam"] as const) await makeComment({ articleId: id, status });
    const bare = await makeArticle();
    const tolls = await countArticleDependents([id, bare.id]);
    expect(tolls.get(id)).toEqual({ comments: 3, revisions: 2 });
    expect(tolls.get(bare.id)).toEqual({ comments: 0, revisions: 0 });
    expect((await countArticleDependents([])).size).toBe(0);
  });
});
