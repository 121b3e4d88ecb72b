import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { eq, inArray } from "drizzle-orm";
import { db, transaction } from "@/db";
import { backfillMediaLibrary } from "@/db/media-library";
import { articles, media } from "@/db/schema";
import { NOT_ALLOWED, SIGN_IN_REQUIRED, idleState, type ActionState } from "@/lib/actions/state";
import type { SessionUser } from "@/lib/auth/roles";
import { figureMarkdown } from "@/lib/content/figure";
import { saveArticle } from "@/lib/data/admin-articles";
import { getMediaItem, listMedia } from "@/lib/data/media";
import { savePage } from "@/lib/data/pages";
import { storeImageUpload, uploadExists } from "@/lib/data/uploads";
import { createUser } from "@/lib/data/users";
import { articleFormData } from "./support/article-form";
import { makeArticle, makeAuthor } from "./support/factories";
import { signInAs } from "./support/session";
import { withCurrentVersion } from "./support/versioned-save";

vi.mock("@/lib/auth/session", () => import("./support/session"));

const { uploadStoryImageAction } = await import("@/lib/actions/story-images");
const { saveArticleAction } = await import("@/lib/actions/articles");
const { browseMediaAction, deleteMediaAction, updateMediaDetailsAction } = await import("@/lib/actions/media");

let dir: string;
let editor: SessionUser;
let author: SessionUser;
let contributor: SessionUser;
let n = 0;

async function person(role: SessionUser["role"]): Promise<SessionUser> {
  const email = `${role}-${++n}@media.example`;
  const u = await createUser({ email, name: `${role} ${n}`, role, passwordHash: "x" });
  return { id: u.id, email, name: u.name, role };
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "media-library-"));
  vi.stubEnv("DATA_DIR", dir);
  [editor, author, contributor] = [await person("editor"), await person("author"), await person("contributor")];
});
afterAll(() => {
  vi.unstubAllEnvs();
  fs.rmSync(dir, { recursive: true, force: true });
});

function form(values: Record<string, string>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(values)) f.set(k, v);
  return f;
}

const png = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: "#2a6" } })
    .png()
    .toBuffer();

/** Uploads an image as `user` through the story editor's path; returns its library row. */
async function upload(user: SessionUser, fileName: string, size = { width: 30, height: 20 }) {
  signInAs(user);
  const file = new File([new Uint8Array(await png(size.width, size.height))], fileName, { type: "image/png" });
  const result = (await uploadStoryImageAction(idleState, withImage(file))) as ActionState & {
    src?: string;
  };
  expect(result.status).toBe("ok");
  const [row] = await db.select().from(media).where(eq(media.path, result.src!));
  return row;
}

function withImage(file: File): FormData {
  const f = new FormData();
  f.set("image", file);
  return f;
}

async function describeImage(
  user: SessionUser,
  id: number,
  details: { alt?: string; caption?: string; credit?: string },
) {
  signInAs(user);
  return updateMediaDetailsAction(idleState, form({ id: String(id), alt: "", caption: "", credit: "", ...details }));
}

/** Saves a story through the article form, as the editor posts it. */
async function saveStory(user: SessionUser, id: number, values: Record<string, string>) {
  signInAs(user);
  return saveArticleAction(idleState, await withCurrentVersion(articleFormData({ id: String(id), ...values })));
}

describe("uploads enter the library", () => {
  it("with the stored size, bytes, the uploader and the file's own name", async () => {
    const row = await upload(author, "C:\\photos\\harbour-at-dawn.png", { width: 64, height: 48 });
    expect(row).toMatchObject({ fileName: "harbour-at-dawn.png", width: 64, height: 48, uploadedById: author.id });
    expect(row.bytes).toBeGreaterThan(0);
    expect(row.path).toMatch(/^\/uploads\/[0-9a-f]{32}\.png$/);
    const found = await listMedia({ search: "harbour-at-dawn" });
    expect(found.items.map((i) => i.id)).toEqual([row.id]);
    expect(found.items[0]).toMatchObject({ uploadedBy: author.name, uses: [] });
  });
});

describe("search", () => {
  it("finds images by alt text, caption and file name, every word, case-insensitive, % taken literally", async () => {
    const [a, b, c] = [
      await upload(editor, "quay-one.png"),
      await upload(editor, "market-two.png"),
      await upload(editor, "50%-off.png"),
    ];
    await describeImage(editor, a.id, { alt: "Fishing boats at the Zanzibar quay", caption: "Morning catch" });
    await describeImage(editor, b.id, { alt: "A stall", caption: "Zanzibar spice market", credit: "Ana Ruiz" });
    const ids = async (search: string) => (await listMedia({ search })).items.map((i) => i.id).sort();
    expect(await ids("zanzibar")).toEqual([a.id, b.id].sort());
    expect(await ids("ZANZIBAR spice")).toEqual([b.id]);
    expect(await ids("morning catch")).toEqual([a.id]);
    expect(await ids("market-two")).toEqual([b.id]);
    expect(await ids("50%")).toEqual([c.id]);
    expect(await ids("Ana Ruiz")).toEqual([]); // the credit is not searched: it names people, not pictures
  });
});

describe("where an image is used, and the Unused filter", () => {
  it("names the stories that place it as feature image or in their text, and the authors who wear it", async () => {
    const [inBody, asFeature, avatar, spare] = [
      await upload(author, "in-body.png"),
      await upload(author, "as-feature.png"),
      await upload(author, "avatar.png"),
      await upload(author, "spare.png"),
    ];
    const story = await makeArticle({ headline: "Where-used story", createdById: author.id, status: "draft" });
    const body = `Text.\n\n${figureMarkdown({ src: inBody.path, alt: "Boats", caption: "", credit: "" })}\n\nMore.`;
    const saved = await saveStory(author, story.id, {
      headline: "Where-used story",
      slug: story.slug,
      body,
      libraryImageId: String(asFeature.id),
      featureImageAlt: "A feature",
    });
    expect(saved.status).toBe("ok");
    const wearer = await makeAuthor({ name: "Ada Avatar", avatarPath: avatar.path });

    expect((await getMediaItem(inBody.id))!.uses).toEqual([
      { kind: "body", articleId: story.id, headline: "Where-used story" },
    ]);
    expect((await getMediaItem(asFeature.id))!.uses).toEqual([
      { kind: "feature", articleId: story.id, headline: "Where-used story" },
    ]);
    expect((await getMediaItem(avatar.id))!.uses).toEqual([
      { kind: "avatar", authorId: wearer.id, name: "Ada Avatar" },
    ]);

    const unused = new Set((await listMedia({ unused: true, limit: 100 })).items.map((i) => i.id));
    expect(unused.has(spare.id)).toBe(true);
    for (const used of [inBody, asFeature, avatar]) expect(unused.has(used.id), used.fileName).toBe(false);

    // Taken out of the text, the image is unused now; an earlier version still holds it, so it stays.
    const textOnly = {
      headline: "Where-used story",
      slug: story.slug,
      body: "Text only.",
      featureImageAlt: "A feature",
    };
    expect(await saveStory(author, story.id, textOnly)).toMatchObject({ status: "ok" });
    expect((await getMediaItem(inBody.id))!.uses).toEqual([]);
    expect((await listMedia({ unused: true, limit: 100 })).items.map((i) => i.id)).toContain(inBody.id);
    signInAs(author);
    const refused = await deleteMediaAction(idleState, form({ id: String(inBody.id) }));
    expect(refused).toMatchObject({ status: "error" });
    expect(refused.message).toContain("an earlier version of “Where-used story”");
    expect(await uploadExists(inBody.path)).toBe(true);
  });
});

describe("the library's alt text, caption and credit", () => {
  it("are what a story starts from when it places the image later, in its text or as feature image", async () => {
    const image = await upload(contributor, "lighthouse.png");
    const saved = await describeImage(contributor, image.id, {
      alt: "The lighthouse at Cape Wrath in fog",
      caption: "Fog rolls in",
      credit: "Photo: Kaan Demir",
    });
    expect(saved).toMatchObject({ status: "ok" });

    // The editor's chooser reads them from the library…
    signInAs(author);
    const browsed = await browseMediaAction(idleState, form({ search: "Cape Wrath", before: "" }));
    expect(browsed.status).toBe("ok");
    const chosen = ("images" in browsed ? browsed.images : [])!.find((i) => i.id === image.id)!;
    expect(chosen).toMatchObject({
      path: image.path,
      alt: "The lighthouse at Cape Wrath in fog",
      caption: "Fog rolls in",
      credit: "Photo: Kaan Demir",
    });

    // …and a story saves them: in a figure in its text, and in the feature image's fields.
    const story = await makeArticle({ createdById: author.id, status: "draft" });
    const figure = figureMarkdown({
      src: chosen.path,
      alt: chosen.alt,
      caption: chosen.caption,
      credit: chosen.credit,
    });
    const result = await saveStory(author, story.id, {
      headline: "Lighthouse",
      slug: story.slug,
      body: `Intro.\n\n${figure}`,
      libraryImageId: String(chosen.id),
      featureImageAlt: chosen.alt,
      featureImageCaption: chosen.caption,
      featureImageCredit: chosen.credit,
      status: "published",
    });
    expect(result).toMatchObject({ status: "ok" });
    const [stored] = await db.select().from(articles).where(eq(articles.id, story.id));
    expect(stored).toMatchObject({
      featureImagePath: image.path,
      featureImageAlt: "The lighthouse at Cape Wrath in fog",
      featureImageCaption: "Fog rolls in",
      featureImageCredit: "Photo: Kaan Demir",
    });
    expect(stored.body).toContain(
      `<figure><img src="${image.path}" alt="The lighthouse at Cape Wrath in fog"><figcaption>Fog rolls in<small>Photo: Kaan Demir</small></figcaption></figure>`,
    );
    expect((await getMediaItem(image.id))!.uses.map((u) => u.kind).sort()).toEqual(["body", "feature"]);
  });

  it("refuses texts that are too long, keeping what was typed", async () => {
    const image = await upload(author, "long.png");
    const result = await describeImage(author, image.id, { alt: "x".repeat(501) });
    expect(result).toMatchObject({ status: "error" });
    expect(result.fieldErrors?.alt).toBeDefined();
    expect((await getMediaItem(image.id))!.alt).toBe("");
  });

  it("a feature image chosen from the library must still be there", async () => {
    const story = await makeArticle({ createdById: author.id, status: "draft" });
    const result = await saveStory(author, story.id, {
      headline: "Gone",
      slug: story.slug,
      libraryImageId: "987654321",
      featureImageAlt: "Alt",
    });
    expect(result).toMatchObject({ status: "error" });
    expect(result.fieldErrors?.featureImage).toEqual(["That image is no longer in the library."]);
    const [stored] = await db.select().from(articles).where(eq(articles.id, story.id));
    expect(stored.featureImagePath).toBeNull();
  });
});

describe("deleting", () => {
  it("removes an unused image's file and row", async () => {
    const image = await upload(author, "unused.png");
    signInAs(author);
    expect(await deleteMediaAction(idleState, form({ id: String(image.id) }))).toMatchObject({
      status: "ok",
      message: "Image deleted.",
    });
    expect(await uploadExists(image.path)).toBe(false);
    expect(await getMediaItem(image.id)).toBeNull();
    expect(await deleteMediaAction(idleState, form({ id: String(image.id) }))).toMatchObject({
      status: "error",
      message: "That image is no longer in the library.",
    });
  });

  it("keeps an image in use and names its users, also for a crafted request", async () => {
    const image = await upload(editor, "in-use.png");
    const story = await makeArticle({ headline: "Kept story", createdById: editor.id });
    const body = figureMarkdown({ src: image.path, alt: "Kept", caption: "", credit: "" });
    expect(await saveArticle(story.id, storyWrite(story.slug, body, "Kept story"), editor.id)).toHaveProperty("id");
    await makeAuthor({ name: "Bo Byline", avatarPath: image.path });

    signInAs(editor);
    const refused = await deleteMediaAction(idleState, form({ id: String(image.id) }));
    expect(refused).toMatchObject({ status: "error" });
    expect(refused.message).toBe(
      "This image is still used (in the text of “Kept story”; avatar of Bo Byline), so it was kept.",
    );
    // Crafted: extra fields, the id repeated with another, or sent as text around it change nothing.
    for (const crafted of [form({ id: String(image.id), force: "1", usedBy: "" }), form({ id: ` ${image.id} ` })]) {
      expect(await deleteMediaAction(idleState, crafted)).toMatchObject({ status: "error" });
    }
    expect(await deleteMediaAction(idleState, form({ id: "../uploads/x" }))).toMatchObject({ status: "error" });
    expect(await uploadExists(image.path)).toBe(true);
    expect(await getMediaItem(image.id)).not.toBeNull();
  });

  it("an image on a static page is used there: listed, not Unused, kept on delete and when a story drops it", async () => {
    const image = await upload(editor, "about-team.png");
    const body = figureMarkdown({ src: image.path, alt: "The team", caption: "", credit: "" });
    const saved = await savePage(
      null,
      null,
      { title: "About us", slug: `about-${image.id}`, body, status: "published" },
      editor.id,
    );
    expect(saved.kind).toBe("saved");
    const pageId = saved.kind === "saved" ? saved.id : 0;
    expect((await getMediaItem(image.id))!.uses).toEqual([{ kind: "page", pageId, title: "About us" }]);
    const unused = await listMedia({ unused: true, limit: 100 });
    expect(unused.items.map((i) => i.id)).not.toContain(image.id);

    signInAs(editor);
    const refused = await deleteMediaAction(idleState, form({ id: String(image.id) }));
    expect(refused.message).toBe("This image is still used (on the page “About us”), so it was kept.");
    // A story that placed the same image and then drops it does not take the file from the page.
    const story = await makeArticle({ headline: "Borrowed", createdById: editor.id });
    expect(await saveArticle(story.id, storyWrite(story.slug, body, "Borrowed"), editor.id)).toHaveProperty("id");
    expect(
      await saveArticle(story.id, storyWrite(story.slug, "No picture now.", "Borrowed"), editor.id),
    ).toHaveProperty("id");
    expect(await uploadExists(image.path)).toBe(true);
  });

  it("finds a use written around the data layer, which media_uses never saw", async () => {
    const image = await upload(editor, "raw-use.png");
    await transaction((tx) =>
      tx.insert(articles).values({ slug: `raw-${image.id}`, headline: "Written around", body: `![x](${image.path})` }),
    );
    signInAs(editor);
    const refused = await deleteMediaAction(idleState, form({ id: String(image.id) }));
    expect(refused.message).toContain("in the text of “Written around”");
    expect(await uploadExists(image.path)).toBe(true);
  });
});

describe("who may call the media actions", () => {
  it("nobody signed out: each action is refused and nothing changes", async () => {
    const image = await upload(author, "signed-out.png");
    signInAs(null);
    const attempts = [
      updateMediaDetailsAction(idleState, form({ id: String(image.id), alt: "Hacked", caption: "", credit: "" })),
      deleteMediaAction(idleState, form({ id: String(image.id) })),
      browseMediaAction(idleState, form({ search: "", before: "" })),
    ];
    for (const result of await Promise.all(attempts))
      expect(result).toMatchObject({ status: "error", message: SIGN_IN_REQUIRED });
    expect(await getMediaItem(image.id)).toMatchObject({ alt: "" });
    expect(await uploadExists(image.path)).toBe(true);
  });

  it("a contributor or author cannot change or delete someone else's image; an editor can", async () => {
    const theirs = await upload(author, "someone-elses.png");
    for (const outsider of [contributor, await person("author")]) {
      signInAs(outsider);
      const change = await updateMediaDetailsAction(
        idleState,
        form({ id: String(theirs.id), alt: "Hacked", caption: "", credit: "" }),
      );
      expect(change).toMatchObject({ status: "error", message: NOT_ALLOWED });
      expect(await deleteMediaAction(idleState, form({ id: String(theirs.id) }))).toMatchObject({
        status: "error",
        message: NOT_ALLOWED,
      });
      // A crafted claim to be the uploader is not read: the uploader comes from the database.
      const crafted = form({
        id: String(theirs.id),
        alt: "Hacked",
        caption: "",
        credit: "",
        uploadedById: String(outsider.id),
      });
      expect(await updateMediaDetailsAction(idleState, crafted)).toMatchObject({ message: NOT_ALLOWED });
    }
    expect(await getMediaItem(theirs.id)).toMatchObject({ alt: "" });
    expect(await uploadExists(theirs.path)).toBe(true);

    expect(await describeImage(editor, theirs.id, { alt: "Set by an editor" })).toMatchObject({ status: "ok" });
    signInAs(editor);
    expect(await deleteMediaAction(idleState, form({ id: String(theirs.id) }))).toMatchObject({ status: "ok" });
  });
});

describe("upgrading a publication with uploads from before the library", () => {
  it("enters every stored upload once, with the alt text, caption and credit its first story gave it", async () => {
    // Stored as before the library: the files are there, their rows are not.
    const bytes = { bytes: await png(40, 30), ext: "png" as const, width: 40, height: 30 };
    const [featured, figured, loose] = [
      await storeImageUpload(bytes),
      await storeImageUpload(bytes),
      await storeImageUpload(bytes),
    ];
    await transaction((tx) => tx.delete(media).where(inArray(media.path, [featured, figured, loose])));
    const writer = await person("author");
    const old = await makeArticle({
      headline: "Old story",
      createdById: writer.id,
      featureImagePath: featured,
      featureImageAlt: "Old feature alt",
      featureImageCaption: "Old caption",
      featureImageCredit: "Old credit",
      body: `Before.\n\n${figureMarkdown({ src: figured, alt: "Old figure alt", caption: "Figure caption", credit: "Figure credit" })}`,
    });

    expect(await backfillMediaLibrary()).toBe(3);
    expect(await backfillMediaLibrary()).toBe(0);
    const rows = await db
      .select()
      .from(media)
      .where(inArray(media.path, [featured, figured, loose]));
    const byPath = new Map(rows.map((r) => [r.path, r]));
    expect(byPath.get(featured)).toMatchObject({
      alt: "Old feature alt",
      caption: "Old caption",
      credit: "Old credit",
      uploadedById: writer.id,
      width: 40,
      height: 30,
    });
    expect(byPath.get(figured)).toMatchObject({
      alt: "Old figure alt",
      caption: "Figure caption",
      credit: "Figure credit",
    });
    expect(byPath.get(loose)).toMatchObject({ alt: "", uploadedById: null });
    expect((await getMediaItem(byPath.get(featured)!.id))!.uses).toEqual([
      { kind: "feature", articleId: old.id, headline: "Old story" },
    ]);
    expect((await getMediaItem(byPath.get(figured)!.id))!.uses).toEqual([
      { kind: "body", articleId: old.id, headline: "Old story" },
    ]);
    // The writer manages the images of their story: the uploader is the story's creator.
    signInAs(writer);
    expect(
      await updateMediaDetailsAction(
        idleState,
        form({ id: String(byPath.get(featured)!.id), alt: "Corrected", caption: "", credit: "" }),
      ),
    ).toMatchObject({ status: "ok" });
  });
});

describe("paging at 50,000 images", () => {
  it("walks every image once, newest first, each page as fast deep in the library as at its start", async () => {
    const TOTAL = 50_000;
    const now = Date.now();
    for (let i = 0; i < TOTAL; i += 1000) {
      await transaction(async (tx) => {
        await tx.insert(media).values(
          Array.from({ length: 1000 }, (_, j) => ({
            path: `/uploads/bulk-${i + j}.png`,
            fileName: `bulk-${i + j}.png`,
            alt: (i + j) % 1000 === 0 ? "Needle in the haystack" : "",
            createdAt: now,
          })),
        );
      });
    }
    const issued = recordStatements();
    const queryCounts: number[] = [];
    const timed = async (query: Parameters<typeof listMedia>[0]) => {
      const [ran, start] = [issued.seen.length, performance.now()];
      const page = await listMedia(query);
      const ms = performance.now() - start;
      queryCounts.push(issued.seen.length - ran);
      return { page, ms };
    };

    const seen = new Set<number>();
    let before: number | null = null;
    let previous = Infinity;
    const times: number[] = [];
    for (;;) {
      const { page, ms }: { page: Awaited<ReturnType<typeof listMedia>>; ms: number } = await timed({
        before,
        limit: 100,
      });
      times.push(ms);
      for (const item of page.items) {
        expect(item.id).toBeLessThan(previous);
        previous = item.id;
        seen.add(item.id);
      }
      if (page.nextBefore === null) break;
      before = page.nextBefore;
    }
    const bulk = await db.select({ id: media.id }).from(media).where(eq(media.fileName, "bulk-0.png"));
    expect(bulk).toHaveLength(1);
    expect(seen.size).toBeGreaterThanOrEqual(TOTAL);

    // The last pages cost what the first ones do: no OFFSET, whose cost grows with the page number.
    // Each page is the same four statements (the page, its stories, its avatars, the pages placing it), however deep; and the
    // last pages cost what the first ones do, where OFFSET's cost grows with the page number.
    expect(times.length).toBe(Math.ceil(seen.size / 100));
    expect(new Set(queryCounts)).toEqual(new Set([4]));
    const sqlIssued = issued.stop();
    expect(sqlIssued.length).toBeGreaterThanOrEqual(times.length * 3);
    expect(sqlIssued.filter((q) => /\boffset\b/i.test(q))).toEqual([]);
    expect(sqlIssued.filter((q) => /from "media"/i.test(q) && /"id" < /.test(q)).length).toBe(times.length - 1);
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const first = median(times.slice(5, 30));
    const last = median(times.slice(-25));
    expect(last).toBeLessThan(first * 3 + 5);

    // The Unused filter and a search, from deep in the library, are one bounded page too.
    const deep = (await db.select({ id: media.id }).from(media).where(eq(media.fileName, "bulk-100.png")))[0].id;
    const unused = await timed({ unused: true, before: deep, limit: 48 });
    expect(unused.page.items).toHaveLength(48);
    expect(unused.page.items.every((i) => i.id < deep)).toBe(true);
    const needles = await timed({ search: "needle haystack", limit: 100 });
    expect(needles.page.items).toHaveLength(TOTAL / 1000);
    expect(Math.max(unused.ms, needles.ms)).toBeLessThan(2_000);
  }, 180_000);
});

/** The SQL text of every read either engine runs until stopped (better-sqlite3 and pg's pool, unwrapped after). */
function recordStatements(): { seen: string[]; stop: () => string[] } {
  const seen: string[] = [];
  const statement = Object.getPrototypeOf(new Database(":memory:").prepare("select 1")) as {
    all: (...a: unknown[]) => unknown;
  };
  // Reads outside a transaction go through the pool's own query().
  const client = pg.Pool.prototype as unknown as { query: (...a: unknown[]) => unknown };
  const [all, query] = [statement.all, client.query];
  statement.all = function (this: { source: string }, ...args: unknown[]) {
    seen.push(this.source);
    return all.apply(this, args);
  };
  client.query = function (this: unknown, ...args: unknown[]) {
    const first = args[0] as string | { text?: string };
    seen.push(typeof first === "string" ? first : (first?.text ?? ""));
    return query.apply(this, args);
  };
  return {
    seen,
    stop() {
      statement.all = all;
      client.query = query;
      return seen;
    },
  };
}

function storyWrite(slug: string, body: string, headline: string) {
  return {
    headline,
    slug,
    dek: "",
    dateline: "",
    body,
    sectionId: null,
    tagNames: [],
    authorIds: [],
    featureImagePath: null,
    featureImageAlt: "",
    featureImageCaption: "",
    featureImageCredit: "",
    correction: "",
    commentStatus: "open" as const,
    status: "published" as const,
    publishedAt: Date.now() - 60_000,
  };
}
