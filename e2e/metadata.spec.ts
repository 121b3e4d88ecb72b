import { expect, test, type Page } from "@playwright/test";

const ISTANBUL_SLUG = "russia-ukraine-talks-istanbul";

async function jsonLdGraph(page: Page): Promise<Record<string, unknown>[]> {
  const text = await page.locator('script[type="application/ld+json"]').textContent();
  return JSON.parse(text!)["@graph"];
}

test("the home page describes the publication and its search, with icons and a manifest served locally", async ({
  page,
  request,
}) => {
  await page.goto("/");
  const [organization, website] = await jsonLdGraph(page);
  expect(organization).toMatchObject({
    "@type": "NewsMediaOrganization",
    logo: { "@type": "ImageObject", width: 512 },
  });
  expect(website).toMatchObject({ "@type": "WebSite", potentialAction: { "@type": "SearchAction" } });
  for (const selector of ['link[rel="icon"]', 'link[rel="apple-touch-icon"]', 'link[rel="manifest"]']) {
    const href = await page.locator(`head ${selector}`).first().getAttribute("href");
    expect(href, selector).toMatch(/^\/(?!\/)/);
    expect((await request.get(href!)).status(), href!).toBe(200);
  }
  const manifest = await (await request.get("/manifest.webmanifest")).json();
  expect(manifest.name).toBe("The Meridian Post");
  for (const icon of manifest.icons)
    expect((await request.get(icon.src)).headers()["content-type"]).toMatch(/^image\//);
});

test("a story's NewsArticle carries its sized image and a breadcrumb trail", async ({ page }) => {
  await page.goto(`/articles/${ISTANBUL_SLUG}`);
  const [news, breadcrumbs] = await jsonLdGraph(page);
  expect(news).toMatchObject({
    "@type": "NewsArticle",
    image: { "@type": "ImageObject", width: 1600, height: 900 },
    inLanguage: "en",
    isAccessibleForFree: true,
  });
  expect((breadcrumbs.itemListElement as { name: string }[]).map((c) => c.name)).toEqual([
    "The Meridian Post",
    "World",
    expect.stringContaining("prisoners"),
  ]);
});

test("search results, sign-in and the newsroom ask not to be indexed; list pages have sharing tags", async ({
  page,
}) => {
  for (const path of ["/search?q=istanbul", "/login", "/admin"]) {
    await page.goto(path);
    await expect(page.locator('head meta[name="robots"]'), path).toHaveAttribute("content", /noindex/);
  }
  for (const path of ["/world", "/tags/diplomacy", "/authors/elif-arslan"]) {
    await page.goto(path);
    await expect(page.locator('head meta[property="og:title"]'), path).toHaveAttribute("content", /\S/);
    await expect(page.locator('head meta[property="og:url"]'), path).toHaveAttribute("content", new RegExp(`${path}$`));
    await expect(page.locator('head meta[name="twitter:card"]'), path).toHaveAttribute("content", "summary");
  }
});
