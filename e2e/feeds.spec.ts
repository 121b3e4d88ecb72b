import { expect, test } from "@playwright/test";
import { ArticleEditorPage } from "./pages/admin-article-editor";
import { zonedInputValue } from "./pages/admin-session";
import { uniqueLetters } from "./support/ids";
import { openSession } from "./support/sessions";

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
  // Other tests publish while this one runs; each poll asks with the validators just served, until an
  // answer comes back before the next change.
  const poll = (path: string, header: "If-None-Match" | "If-Modified-Since") =>
    expect
      .poll(
        async () => {
          const first = await request.get(path);
          expect(first.status()).toBe(200);
          const value = first.headers()[header === "If-None-Match" ? "etag" : "last-modified"];
          expect(value).toBeTruthy();
          return (await request.get(path, { headers: { [header]: value } })).status();
        },
        { timeout: 15_000 },
      )
      .toBe(304);
  for (const path of ["/feed.xml", "/atom.xml", "/world/atom.xml"]) {
    await poll(path, "If-None-Match");
    await poll(path, "If-Modified-Since");
    expect((await request.get(path, { headers: { "If-None-Match": '"something-else"' } })).status()).toBe(200);
  }
});

test("a story an editor publishes reaches its section's feed and search at once, and leaves both when unpublished", async ({
  page,
  request,
}) => {
  test.setTimeout(90_000);
  // Unique letters first: the word must end as an English noun does, so that "…s" is its plural to
  // the stemmer (a random ending such as "ss" would not be).
  const word = `${uniqueLetters()}lighthouse`;
  const feed = "/science/atom.xml";
  const before = await request.get(feed);
  const etag = before.headers()["etag"];
  expect(await before.text()).not.toContain(word);
  // An anonymous reader's search is kept by the edge, and a publish must still reach it at once.
  const search = `/search?q=${word}s`;
  await expect(async () => {
    const kept = await request.get(search);
    expect(kept.headers()["x-newsroom-cache"]).toBe("hit");
    expect(await kept.text()).toContain("No results for");
  }).toPass({ timeout: 10_000 });

  await openSession(page.context(), "feeds");
  const editor = new ArticleEditorPage(page);
  await editor.gotoNew();
  await editor.fill({
    headline: `Keepers return to the ${word}`,
    body: "The lamps are lit again.",
    section: "Science",
  });
  await editor.addAuthor("Elif Arslan");
  await editor.status("Published").check();
  // Backdated behind the seeded lead story, which the reader specs expect to stay on top.
  await editor.form.getByLabel("Publish at").fill(zonedInputValue(Date.now() - 3 * 3_600_000));
  await editor.submit("Publish");
  const id = await editor.articleId();

  const updated = await request.get(feed, { headers: { "If-None-Match": etag } });
  expect(updated.status()).toBe(200);
  expect(await updated.text()).toContain(`Keepers return to the ${word}`);
  expect(await (await request.get(search)).text()).toContain(`href="/articles/keepers-return-to-the-${word}"`);
  await page.goto(search);
  await expect(page.getByRole("status")).toHaveText(`1 result for “${word}s”.`);

  await editor.unpublish(id);
  expect(await (await request.get(feed)).text()).not.toContain(word);
  expect(await (await request.get(search)).text()).not.toContain(`href="/articles/keepers-return-to-the-${word}"`);
  await page.goto(`/search?q=${word}`);
  await expect(page.getByRole("status")).toHaveText(`No results for “${word}”.`);
});
