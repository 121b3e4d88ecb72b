import { afterEach, describe, expect, it, vi } from "vitest";
import {
  PAGE_SIZE,
  getArticleBySlug,
  listAuthorArticles,
  listLatestArticles,
  listSectionArticles,
  listTagArticles,
} from "@/lib/data/articles";
import { makeArticle, makeAuthor, makeSection, makeTag } from "./support/factories";

const HOUR = 3_600_000;

afterEach(() => {
  vi.useRealTimers();
});

describe("reader queries", () => {
  it("show only published articles, never drafts, trash or future schedules", async () => {
    const section = await makeSection();
    const published = await makeArticle({ sectionId: section.id });
    const draft = await makeArticle({ sectionId: section.id, status: "draft", publishedAt: null });
    const trashed = await makeArticle({ sectionId: section.id, trashedAt: Date.now() });
    const scheduled = await makeArticle({ sectionId: section.id, status: "scheduled", publishedAt: Date.now() + HOUR });

    const list = await listSectionArticles(section.id, 1);
    expect(list?.items.map((a) => a.slug)).toEqual([published.slug]);
    expect(await getArticleBySlug(published.slug)).not.toBeNull();
    for (const hidden of [draft, trashed, scheduled]) {
      expect(await getArticleBySlug(hidden.slug)).toBeNull();
    }
    const latest = (await listLatestArticles(100)).map((a) => a.slug);
    expect(latest).toContain(published.slug);
    expect(latest).not.toContain(draft.slug);
    expect(latest).not.toContain(scheduled.slug);
  });

  it("order lists by publication time, newest first", async () => {
    const section = await makeSection();
    const now = Date.now();
    const older = await makeArticle({ sectionId: section.id, publishedAt: now - 3 * HOUR });
    const newest = await makeArticle({ sectionId: section.id, publishedAt: now - HOUR });
    const middle = await makeArticle({ sectionId: section.id, publishedAt: now - 2 * HOUR });
    const list = await listSectionArticles(section.id, 1);
    expect(list?.items.map((a) => a.id)).toEqual([newest.id, middle.id, older.id]);
  });

  it("paginate 20 per page and return null past the end", async () => {
    const tag = await makeTag();
    const now = Date.now();
    for (let i = 0; i < PAGE_SIZE + 5; i++)
      await makeArticle({ publishedAt: now - (i + 1) * 1000 }, { tagIds: [tag.id] });

    const first = await listTagArticles(tag.id, 1);
    const second = await listTagArticles(tag.id, 2);
    expect(first).toMatchObject({ page: 1, totalPages: 2, total: PAGE_SIZE + 5 });
    expect(first?.items).toHaveLength(PAGE_SIZE);
    expect(second?.items).toHaveLength(5);
    expect(new Set([...first!.items, ...second!.items].map((a) => a.id)).size).toBe(PAGE_SIZE + 5);
    expect(await listTagArticles(tag.id, 3)).toBeNull();
    expect(await listTagArticles(tag.id, 0)).toBeNull();
  });

  it("keep an empty list's first page and refuse its second", async () => {
    const section = await makeSection();
    expect(await listSectionArticles(section.id, 1)).toEqual({ items: [], page: 1, totalPages: 1, total: 0 });
    expect(await listSectionArticles(section.id, 2)).toBeNull();
  });

  it("let a scheduled article appear by itself once its time has passed", async () => {
    const now = Date.now();
    const section = await makeSection();
    const scheduled = await makeArticle({ sectionId: section.id, status: "scheduled", publishedAt: now + HOUR });
    expect(await getArticleBySlug(scheduled.slug)).toBeNull();

    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(now + HOUR + 1000);
    expect((await getArticleBySlug(scheduled.slug))?.id).toBe(scheduled.id);
    expect((await listSectionArticles(section.id, 1))?.items.map((a) => a.id)).toEqual([scheduled.id]);
  });

  it("return an article with its ordered bylines, section and tags in one read", async () => {
    const section = await makeSection({ name: "World" });
    const first = await makeAuthor({ name: "Zeynep Kaya" });
    const second = await makeAuthor({ name: "Anna Müller" });
    const tag = await makeTag({ name: "Diplomacy" });
    const article = await makeArticle(
      { sectionId: section.id, dateline: "ISTANBUL" },
      { authorIds: [first.id, second.id], tagIds: [tag.id] },
    );

    const read = await getArticleBySlug(article.slug);
    expect(read?.authors.map((a) => a.name)).toEqual(["Zeynep Kaya", "Anna Müller"]);
    expect(read?.section?.name).toBe("World");
    expect(read?.tags.map((t) => t.name)).toEqual(["Diplomacy"]);
    expect(read?.dateline).toBe("ISTANBUL");
    expect((await listAuthorArticles(second.id, 1))?.items.map((a) => a.id)).toEqual([article.id]);
  });
});
