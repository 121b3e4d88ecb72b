import { expect, test } from "@playwright/test";

test("section, tag and author pages announce their own RSS and Atom feeds, and the feeds answer", async ({
  page,
  request,
}) => {
  for (const path of ["/world", "/tags/diplomacy", "/authors/elif-arslan"]) {
    await page.goto(path);
    const rss = page.locator(`head link[rel="alternate"][type="application/rss+xml"][href$="${path}/feed.xml"]`);
    const atom = page.locator(`head link[rel="alternate"][type="application/atom+xml"][href$="${path}/atom.xml"]`);
    await expect(rss).toHaveCount(1);
    await expect(atom).toHaveCount(1);
    for (const href of [await rss.getAttribute("href"), await atom.getAttribute("href")]) {
      const response = await request.get(href!);
      expect(response.status(), href!).toBe(200);
      expect(await response.text()).toContain("<title");
    }
  }
  await page.goto("/");
  await expect(page.locator('head link[rel="alternate"][type="application/atom+xml"][href$="/atom.xml"]')).toHaveCount(
    1,
  );
});

test("a feed reader polling with ETag or Last-Modified gets 304 until the feed changes", async ({ request }) => {
  for (const path of ["/feed.xml", "/atom.xml", "/world/atom.xml"]) {
    const first = await request.get(path);
    expect(first.status()).toBe(200);
    const etag = first.headers()["etag"];
    const modified = first.headers()["last-modified"];
    expect(etag).toBeTruthy();
    expect((await request.get(path, { headers: { "If-None-Match": etag } })).status()).toBe(304);
    expect((await request.get(path, { headers: { "If-Modified-Since": modified } })).status()).toBe(304);
    expect((await request.get(path, { headers: { "If-None-Match": '"something-else"' } })).status()).toBe(200);
  }
});
