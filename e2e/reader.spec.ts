import { expect, test } from "@playwright/test";
import { ArticlePage, ISTANBUL_SLUG } from "./pages/article-page";
import { insertArticle, insertSection, uniqueSlug } from "./support/db";

test("a reader goes from the front page to the Istanbul story and follows its links", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("navigation", { name: "Sections" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Lead story" }).getByRole("heading", { level: 2 })).toBeVisible();
  // Other tests publish stories of their own, so the Istanbul story may no longer be the lead.
  await page
    .getByRole("main")
    .getByRole("link", { name: /prisoners/i })
    .first()
    .click();

  const article = new ArticlePage(page);
  await expect(page).toHaveURL(new RegExp(`/articles/${ISTANBUL_SLUG}$`));
  await article.expectLoaded(/prisoner/i);
  await expect(article.body.getByText("ISTANBUL —")).toBeVisible();
  await expect(article.body.getByText(/Dolmabahçe/).first()).toBeVisible();
  await expect(article.body.getByText(/Medinsky/).first()).toBeVisible();

  const published = page
    .getByText(/^Published/)
    .locator("time")
    .first();
  await expect(published).toHaveAttribute("datetime", /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/);
  await expect(page.getByRole("figure")).toBeVisible();
  await expect(page.getByRole("img").first()).toHaveAttribute("alt", /.+/);

  // Byline → author page.
  const byline = page.getByRole("link", { name: /.+/ }).and(page.locator('[rel="author"]')).first();
  const authorName = (await byline.textContent())!.trim();
  await byline.click();
  await expect(page.getByRole("heading", { level: 1, name: authorName })).toBeVisible();
  await expect(page.getByRole("link", { name: /prisoners/i }).first()).toBeVisible();

  // Section link.
  await page.goBack();
  await page.getByRole("banner").getByRole("link", { name: "World" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "World" })).toBeVisible();
  await expect(page.getByRole("link", { name: /prisoners/i }).first()).toBeVisible();

  // Tag link.
  await article.goto(ISTANBUL_SLUG);
  await page.getByRole("navigation", { name: "Tags" }).getByRole("link", { name: "Diplomacy" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Diplomacy" })).toBeVisible();
  await expect(page.getByRole("link", { name: /prisoners/i }).first()).toBeVisible();
});

test("the Istanbul story shows its approved comment thread and nothing held back", async ({ page }) => {
  const article = new ArticlePage(page);
  await article.goto(ISTANBUL_SLUG);
  const heading = page.getByRole("heading", { level: 2, name: /Responses? to “/ });
  await expect(heading).toBeVisible();
  const list = page.locator("#comments");
  await expect(list.locator('[id^="comment-"] ol [id^="comment-"] ol [id^="comment-"]').first()).toBeVisible();
  await expect(page.locator("body")).not.toContainText("@example.org");
});

test("unknown slugs, drafts, scheduled stories and bad page numbers are 404s", async ({ page }) => {
  for (const path of [
    "/articles/no-such-story",
    "/articles/draft-budget-leak-analysis",
    "/articles/scheduled-election-preview",
    "/world?page=999",
    "/world?page=abc",
    "/world?page=0",
    "/no-such-section",
    "/tags/no-such-tag",
    "/authors/nobody",
  ]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(404);
  }
  await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Go to the front page" })).toBeVisible();
});

test("drafts and scheduled stories are not listed anywhere readers look", async ({ page, request }) => {
  await page.goto("/");
  await expect(page.getByRole("main")).not.toContainText(/budget leak/i);
  const feed = await (await request.get("/feed.xml")).text();
  expect(feed).toContain("<rss");
  expect(feed).toContain(ISTANBUL_SLUG);
  expect(feed).not.toContain("draft-budget-leak-analysis");
  expect(feed).not.toContain("scheduled-election-preview");
  // sitemap.xml is an index; a crawler reads the files it lists.
  const index = await (await request.get("/sitemap.xml")).text();
  expect(index).toContain("<sitemapindex");
  const files = [...index.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]).pathname);
  expect(files).toContain("/sitemaps/articles-1.xml");
  const sitemap = (await Promise.all(files.map(async (file) => (await request.get(file)).text()))).join("\n");
  expect(sitemap).toContain(ISTANBUL_SLUG);
  expect(sitemap).not.toContain("scheduled-election-preview");
});

test("section pages paginate with ?page=N, 20 a page, with previous/next links", async ({ page }) => {
  const slug = uniqueSlug("archive");
  const sectionId = insertSection("Archive", slug);
  // Far in the past, so these stories stay off the front page other tests read.
  const now = Date.now() - 40 * 24 * 3_600_000;
  for (let i = 1; i <= 25; i++) {
    insertArticle({
      slug: `${slug}-story-${i}`,
      headline: `Archive story number ${i}`,
      sectionId,
      publishedAt: now - i * 60_000,
    });
  }

  await page.goto(`/${slug}`);
  const stories = page.getByRole("main").getByRole("heading", { level: 2 });
  await expect(stories).toHaveCount(20);
  await expect(stories.first()).toHaveText("Archive story number 1");
  await page.getByRole("link", { name: "Older stories →" }).click();
  await expect(page).toHaveURL(new RegExp(`/${slug}\\?page=2$`));
  await expect(stories).toHaveCount(5);
  await expect(stories.last()).toHaveText("Archive story number 25");
  await expect(page.getByText("Page 2 of 2")).toBeVisible();
  await page.getByRole("link", { name: "← Newer stories" }).click();
  await expect(page).toHaveURL(new RegExp(`/${slug}$`));
  expect((await page.goto(`/${slug}?page=3`))?.status()).toBe(404);
});

test("a scheduled story appears on cached pages by itself once it is due", async ({ page }) => {
  const slug = uniqueSlug("scheduled");
  const sectionId = insertSection("Timed", `${slug}-section`);
  await page.goto(`/${slug}-section`);
  await expect(page.getByText("No stories here yet.")).toBeVisible();
  insertArticle({
    slug,
    headline: `Timed story ${slug}`,
    sectionId,
    status: "scheduled",
    publishedAt: Date.now() + 6_000,
  });
  await page.reload();
  await expect(page.getByText("No stories here yet.")).toBeVisible();
  expect((await page.goto(`/articles/${slug}`))?.status()).toBe(404);

  await expect(async () => {
    await page.goto(`/${slug}-section`);
    await expect(page.getByRole("link", { name: `Timed story ${slug}` })).toBeVisible({ timeout: 500 });
  }).toPass({ timeout: 15_000 });
  expect((await page.goto(`/articles/${slug}`))?.status()).toBe(200);
});

test("search finds the Istanbul story", async ({ page }) => {
  await page.goto("/search");
  await page.getByRole("searchbox", { name: "Search stories" }).fill("Dolmabahçe");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByRole("status")).toContainText(/1 result for/);
  await expect(page.getByRole("link", { name: /prisoners/i })).toBeVisible();
});

test("the pages are usable at phone width and have a skip link", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`/articles/${ISTANBUL_SLUG}`);
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Skip to content" })).toBeFocused();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});
