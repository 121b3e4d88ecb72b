import { gzipSync } from "node:zlib";
import { expect, test, type Page } from "@playwright/test";
import { ISTANBUL_SLUG } from "./pages/article-page";

// Reader pages reach the browser without Next's client runtime (lib/edge/reader-page.ts): their only
// scripts are the site's own, under 60 KB gzip together (the budget; they are ~2 KB).
const BUDGET_GZIP_BYTES = 60 * 1024;

function scriptsOf(page: Page): string[] {
  const seen: string[] = [];
  page.on("request", (r) => {
    if (r.resourceType() === "script") seen.push(new URL(r.url()).pathname);
  });
  return seen;
}

async function gzipBytes(page: Page, paths: string[]): Promise<number> {
  let total = 0;
  for (const path of paths) total += gzipSync(await (await page.request.get(path)).body()).length;
  return total;
}

test("a story carries no framework: its own small script, and the reply form's once the reader reaches the form", async ({
  page,
}) => {
  const scripts = scriptsOf(page);
  await page.goto(`/articles/${ISTANBUL_SLUG}`);
  await page.waitForLoadState("load");
  const html = await page.content();
  expect(html).not.toMatch(/\/_next\/static\/[^"]*\.js/);
  expect(html).not.toContain("self.__next_f");
  expect(scripts).toEqual(["/reader.js"]);

  await page.getByRole("heading", { level: 3, name: "Leave a Reply" }).scrollIntoViewIfNeeded();
  await expect.poll(() => scripts).toEqual(["/reader.js", "/comment-form.js"]);
  const bytes = await gzipBytes(page, scripts);
  console.log(`story JavaScript: ${scripts.length} files, ${(bytes / 1024).toFixed(1)} KB gzip`);
  expect(bytes).toBeLessThan(BUDGET_GZIP_BYTES);
});

test("the home page, a section and search carry only the site's own script, and links are plain links", async ({
  page,
}) => {
  const scripts = scriptsOf(page);
  for (const path of ["/", "/world", "/search?q=istanbul"]) {
    await page.goto(path);
    await page.waitForLoadState("load");
    expect(await page.content(), path).not.toContain("self.__next_f");
  }
  expect(new Set(scripts)).toEqual(new Set(["/reader.js"]));
  expect(await gzipBytes(page, ["/reader.js"])).toBeLessThan(BUDGET_GZIP_BYTES);
  // Navigation is the browser's own: a section link is a full page load of the edge's stored copy.
  await page.goto("/");
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().resourceType() === "document"),
    page.getByRole("navigation", { name: "Sections" }).getByRole("link", { name: "World" }).click(),
  ]);
  expect(new URL(response.url()).pathname).toBe("/world");
});
