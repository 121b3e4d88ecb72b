import { describe, expect, it } from "vitest";
import { getArticleBySlug } from "@/lib/data/articles";
import { getAuthorBySlug, getSectionBySlug, getTagBySlug } from "@/lib/data/taxonomy";
import { createUser, getAuthorForUser } from "@/lib/data/users";
import { numberedSlug, slugify, SLUG_MAX } from "@/lib/format/text";
import { SLUG_PATTERN } from "@/lib/validation/article";
import { cachedReads } from "./support/next-cache";
import { makeArticle, makeAuthor, makeSection, makeTag } from "./support/factories";

const READS = { getArticleBySlug, getSectionBySlug, getTagBySlug, getAuthorBySlug };

describe("reads by a slug from the address", () => {
  it("answer null for a slug longer than any stored, without a query or a cached read", async () => {
    const long = "a".repeat(300);
    const before = cachedReads.length;
    for (const [name, read] of Object.entries(READS)) expect(await read(long), name).toBeNull();
    expect(cachedReads.slice(before)).toEqual([]);
    expect(await getArticleBySlug(`${"b".repeat(SLUG_MAX)}x`)).toBeNull();
  });

  it("still find a stored slug of the greatest length", async () => {
    const slug = (c: string) => c.repeat(SLUG_MAX);
    const section = await makeSection({ slug: slug(`s${Date.now()}`).slice(0, SLUG_MAX) });
    const tag = await makeTag({ slug: slug(`t${Date.now()}`).slice(0, SLUG_MAX) });
    const author = await makeAuthor({ slug: slug(`p${Date.now()}`).slice(0, SLUG_MAX) });
    const article = await makeArticle({ slug: slug(`r${Date.now()}`).slice(0, SLUG_MAX) });
    const before = cachedReads.length;
    expect((await getSectionBySlug(section.slug))?.id).toBe(section.id);
    expect((await getTagBySlug(tag.slug))?.id).toBe(tag.id);
    expect((await getAuthorBySlug(author.slug))?.id).toBe(author.id);
    expect((await getArticleBySlug(article.slug))?.id).toBe(article.id);
    // The longest tag Next accepts is 256 characters.
    const tags = cachedReads.slice(before).flatMap((r) => r.tags);
    expect(tags.length).toBeGreaterThan(0);
    for (const tag of tags) expect(tag.length).toBeLessThanOrEqual(256);
  });
});

describe("slugs the site writes", () => {
  it("keep to the greatest length, numbered ones too", () => {
    const base = slugify("word ".repeat(40));
    expect(base.length).toBeLessThanOrEqual(SLUG_MAX);
    expect(numberedSlug(base, 1)).toBe(base);
    for (const n of [2, 10, 1000]) {
      const numbered = numberedSlug(base, n);
      expect(numbered.length).toBeLessThanOrEqual(SLUG_MAX);
      expect(numbered).toMatch(SLUG_PATTERN);
      expect(numbered.endsWith(`-${n}`)).toBe(true);
    }
  });

  it("give a second user with the same long name a numbered author slug within it", async () => {
    const name = `Zeynep ${"Longname ".repeat(12)}${Date.now()}`;
    const values = (n: number) => ({
      name,
      role: "author" as const,
      passwordHash: "x",
      email: `long-${n}-${Date.now()}@example.com`,
    });
    await createUser(values(1));
    const second = await createUser(values(2));
    const slug = (await getAuthorForUser(second.id))!.slug;
    expect(slug.length).toBeLessThanOrEqual(SLUG_MAX);
    expect(slug).toMatch(/-2$/);
  });
});
