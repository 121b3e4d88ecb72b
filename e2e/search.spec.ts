import { expect, test } from "@playwright/test";
import { insertArticle, uniqueSlug } from "./support/db";

test("a reader searches in words: plurals, no accents, every word, highlighted, the query kept", async ({ page }) => {
  await page.goto("/search");
  const box = page.getByRole("searchbox", { name: "Search stories" });
  await box.fill("ceasefires istanbul");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/\/search\?q=ceasefires\+istanbul/);
  await expect(page.getByRole("status")).toHaveText(/^\d+ results? for “ceasefires istanbul”\.$/);
  const talks = page.getByRole("listitem").filter({ has: page.getByRole("link", { name: /prisoners/i }) });
  await expect(talks).toBeVisible();
  await expect(
    talks
      .locator("mark")
      .filter({ hasText: /^ceasefire$/i })
      .first(),
  ).toBeVisible();
  await expect(box).toHaveValue("ceasefires istanbul");

  await page.goto("/search?q=Dolmabahce");
  await expect(page.getByRole("status")).toHaveText("1 result for “Dolmabahce”.");
  await expect(page.locator("mark").filter({ hasText: "Dolmabahçe" }).first()).toBeVisible();
});

test("no results says so and keeps the query in the box", async ({ page }) => {
  await page.goto("/search?q=" + encodeURIComponent("zebrafish quokkas"));
  await expect(page.getByRole("status")).toHaveText("No results for “zebrafish quokkas”.");
  await expect(page.getByRole("searchbox", { name: "Search stories" })).toHaveValue("zebrafish quokkas");
  await expect(page.getByRole("main").getByRole("listitem")).toHaveCount(0);
});

test("results come 20 a page with next and previous", async ({ page }) => {
  const word = uniqueSlug("pgq").replace(/[^a-z]/g, "");
  const now = Date.now();
  for (let i = 0; i < 23; i++)
    insertArticle({
      slug: uniqueSlug("paged"),
      headline: `Harbour ${word} report ${i + 1}`,
      publishedAt: now - (i + 1) * 60_000,
    });

  await page.goto(`/search?q=${word}`);
  await expect(page.getByRole("status")).toHaveText(`23 results for “${word}”, page 1 of 2.`);
  const results = page.getByRole("main").getByRole("listitem");
  await expect(results).toHaveCount(20);
  await page.getByRole("link", { name: "Next →" }).click();
  await expect(page).toHaveURL(new RegExp(`/search\\?q=${word}&page=2$`));
  await expect(page.getByRole("status")).toHaveText(`23 results for “${word}”, page 2 of 2.`);
  await expect(results).toHaveCount(3);
  await page.getByRole("link", { name: "← Previous" }).click();
  await expect(results).toHaveCount(20);
});

test("any input is searched as text, never an error", async ({ request }) => {
  for (const q of [
    '"',
    "*",
    "AND",
    "NEAR(",
    "(",
    "-",
    "\u0000",
    "🤝",
    "x".repeat(1000),
    "a OR b NOT c",
    "{headline}:x",
  ]) {
    const response = await request.get(`/search?q=${encodeURIComponent(q)}`);
    expect(response.status(), JSON.stringify(q)).toBe(200);
  }
});
