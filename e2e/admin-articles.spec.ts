import { expect, test } from "@playwright/test";
import sharp from "sharp";
import { ArticleEditorPage } from "./pages/admin-article-editor";
import { seedArticleWithComments } from "./pages/admin-db";
import { withE2eDb } from "./support/db";
import { shot, zonedInputValue } from "./pages/admin-session";
import { uniqueId } from "./support/ids";
import { sessionState, SIGNED_OUT } from "./support/sessions";

test.use({ storageState: sessionState("admin-articles") });

test.describe("as the administrator", () => {
  test("write, publish and edit an article; readers see each change at once", async ({ page }) => {
    test.setTimeout(90_000);
    await page.goto("/admin");
    await expect(page.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
    await shot(page, "dashboard");
    const editor = new ArticleEditorPage(page);
    await editor.gotoNew();
    await editor.submit("Save draft");
    await expect(editor.form.getByText("Write a headline.")).toBeVisible();
    await expect(editor.form.getByLabel("Headline")).toHaveAttribute("aria-invalid", "true");

    const stamp = uniqueId();
    const headline = `Ferry strike halts Bosphorus crossings ${stamp}`;
    await editor.fill({
      headline,
      dek: "Commuters face long detours.",
      body: "## Morning chaos\n\nThousands waited at **Kadıköy** pier.",
      section: "Business",
      tags: `Transport ${stamp}, Turkey`,
    });
    await expect(editor.body.getByRole("heading", { name: "Morning chaos" })).toBeVisible();
    await editor.addAuthor("Daniel Okafor");
    await editor.addAuthor("Elif Arslan");
    await editor.form.getByRole("button", { name: "Move Elif Arslan up" }).click();
    await editor.status("Published").check();
    // Backdated behind the seeded lead story, which the reader specs expect to stay on top.
    await editor.form.getByLabel("Publish at").fill(zonedInputValue(Date.now() - 3 * 3_600_000));
    await shot(page, "article-editor");
    await editor.submit("Publish");
    const id = await editor.articleId();
    await editor.expectToast("Article created.");

    const slug = `ferry-strike-halts-bosphorus-crossings-${stamp}`;
    await page.goto(`/articles/${slug}`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(headline);
    const bylines = page.locator('[rel="author"]');
    await expect(bylines.first()).toHaveText("Elif Arslan");
    await expect(
      page.getByRole("navigation", { name: "Tags" }).getByRole("link", { name: `Transport ${stamp}` }),
    ).toBeVisible();
    await page.goto("/business");
    await expect(page.getByRole("link", { name: headline })).toBeVisible();

    // An edit of the published story reaches the article, the section front and the home page.
    await page.goto(`/admin/articles/${id}`);
    await editor.fill({ headline: `${headline} (updated)` });
    await editor.submit("Update");
    await editor.expectToast("Article updated.");
    const started = Date.now();
    await page.goto(`/articles/${slug}`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`${headline} (updated)`);
    const elapsed = Date.now() - started;
    test.info().annotations.push({ type: "publish-to-reader-ms", description: String(elapsed) });
    console.log(`publish-to-reader: ${elapsed} ms`);
    expect(elapsed).toBeLessThan(5000);
    // Edited hours after its (backdated) publication, so the story says when it was updated.
    const times = page.getByRole("main").locator("header time");
    await expect(times).toHaveCount(2);
    await expect(page.getByRole("main").getByText(/Published .* · Updated /)).toBeVisible();
    await page.goto("/business");
    await expect(page.getByRole("link", { name: `${headline} (updated)` })).toBeVisible();
    await page.goto("/");
    await expect(page.getByRole("link", { name: `${headline} (updated)` }).first()).toBeVisible();

    // Unpublish: gone for readers.
    await editor.unpublish(id);
    const gone = await page.goto(`/articles/${slug}`);
    expect(gone?.status()).toBe(404);
  });

  test("the list filters by status, searches headlines, and trash and restore work", async ({ page }) => {
    test.setTimeout(60_000);
    await page.goto("/admin/articles");
    const tabs = page.getByRole("navigation", { name: "Filter by status" });
    await expect(tabs.getByRole("link", { name: /^Drafts \(\d+\)$/ })).toBeVisible();
    await tabs.getByRole("link", { name: /^Scheduled/ }).click();
    await expect(page.getByRole("link", { name: /election/i })).toBeVisible();
    await shot(page, "articles-list");

    await page.goto("/admin/articles");
    await page.getByRole("searchbox", { name: "Search headlines" }).fill("prisoners");
    await page.getByRole("button", { name: "Search" }).click();
    await expect(page).toHaveURL(/q=prisoners/);
    const rows = page.getByRole("row");
    await expect(rows).toHaveCount(2);

    // Create a throwaway published article, trash it, restore it.
    const editor = new ArticleEditorPage(page);
    await editor.gotoNew();
    const headline = `Trash me ${uniqueId()}`;
    await editor.fill({ headline, body: "Short." });
    await editor.status("Published").check();
    await editor.form.getByLabel("Publish at").fill(zonedInputValue(Date.now() - 3 * 3_600_000));
    await editor.submit("Publish");
    const id = await editor.articleId();
    const slug = headline.toLowerCase().replace(/\s+/g, "-");
    expect((await page.request.get(`/articles/${slug}`)).status()).toBe(200);

    await page.goto(`/admin/articles?q=${encodeURIComponent(headline)}`);
    await page
      .getByRole("row", { name: new RegExp(headline) })
      .getByRole("button", { name: "Trash" })
      .click();
    const dialog = page.getByRole("dialog", { name: `Move “${headline}” to the trash?` });
    await expect(dialog).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();
    await page
      .getByRole("row", { name: new RegExp(headline) })
      .getByRole("button", { name: "Trash" })
      .click();
    await dialog.getByRole("button", { name: "Move to trash" }).click();
    await expect(page.getByRole("status")).toContainText("Article moved to the trash.");
    expect((await page.request.get(`/articles/${slug}`)).status()).toBe(404);

    await page.goto(`/admin/articles?status=trash&q=${encodeURIComponent(headline)}`);
    await page
      .getByRole("row", { name: new RegExp(headline) })
      .getByRole("button", { name: "Restore" })
      .click();
    await expect(page.getByRole("status")).toContainText("Article restored from the trash.");
    expect((await page.request.get(`/articles/${slug}`)).status()).toBe(200);
    expect(id).toBeGreaterThan(0);
  });

  test("permanent deletion says what goes with the story, and takes it", async ({ page }) => {
    const stamp = uniqueId();
    const headline = `Delete with comments ${stamp}`;
    const { articleId, slug } = seedArticleWithComments(headline, [
      { name: "One", body: `First ${stamp}`, status: "approved" },
      { name: "Two", body: `Second ${stamp}`, status: "pending" },
      { name: "Three", body: `Third ${stamp}`, status: "spam" },
    ]);
    withE2eDb((db) => {
      const revision = db.prepare("insert into revisions (article_id, snapshot, created_at) values (?, '{}', ?)");
      for (let i = 0; i < 4; i++) revision.run(articleId, Date.now() - i);
      db.prepare("update articles set trashed_at = ? where id = ?").run(Date.now(), articleId);
    });

    await page.goto(`/admin/articles?status=trash&q=${encodeURIComponent(headline)}`);
    await page
      .getByRole("row", { name: new RegExp(headline) })
      .getByRole("button", { name: "Delete permanently" })
      .click();
    const dialog = page.getByRole("dialog", { name: `Delete “${headline}” permanently?` });
    await expect(dialog).toContainText("Its 3 comments and 4 revisions are deleted with it. This cannot be undone.");
    await dialog.getByRole("button", { name: "Delete permanently" }).click();
    await expect(page.getByRole("status")).toContainText("Article deleted permanently.");
    await expect(page.getByRole("row", { name: new RegExp(headline) })).toHaveCount(0);
    expect((await page.request.get(`/articles/${slug}`)).status()).toBe(404);
    const left = withE2eDb((db) => [
      db.prepare("select count(*) as n from comments where article_id = ?").get(articleId),
      db.prepare("select count(*) as n from revisions where article_id = ?").get(articleId),
    ]);
    expect(left).toEqual([{ n: 0 }, { n: 0 }]);
  });

  test("a feature image is checked by its content, needs alt text, and is served with long cache headers", async ({
    page,
  }) => {
    const editor = new ArticleEditorPage(page);
    await editor.gotoNew();
    await editor.fill({ headline: `Picture desk ${uniqueId()}`, body: "With a picture." });
    const upload = editor.form.getByLabel("Upload image");
    await upload.setInputFiles({
      name: "photo.png",
      mimeType: "image/png",
      buffer: Buffer.from("<script>alert(1)</script>"),
    });
    await editor.submit("Save draft");
    await expect(
      editor.form.getByText("That file is not an image we can use (JPEG, PNG, WebP, AVIF or GIF)."),
    ).toBeVisible();

    const png = await sharp({ create: { width: 64, height: 36, channels: 3, background: "#3366cc" } })
      .png()
      .toBuffer();
    await upload.setInputFiles({ name: "photo.png", mimeType: "image/png", buffer: png });
    await editor.submit("Save draft");
    await expect(editor.form.getByText("Describe the image for readers who cannot see it.")).toBeVisible();

    await upload.setInputFiles({ name: "photo.png", mimeType: "image/png", buffer: png });
    await editor.form.getByLabel("Alt text").fill("A blue rectangle");
    await editor.form.getByLabel("Credit").fill("Photo: Desk");
    await editor.submit("Save draft");
    await editor.articleId();
    const image = editor.form.getByRole("img", { name: "A blue rectangle" });
    await expect(image).toBeVisible();
    const src = await editor.form.locator('input[name="featureImageAlt"]').inputValue();
    expect(src).toBe("A blue rectangle");
    const path = await page.evaluate(() => {
      const img = document.querySelector('form[aria-label="Article"] img') as HTMLImageElement;
      return new URL(img.currentSrc || img.src).searchParams.get("url") ?? new URL(img.src).pathname;
    });
    expect(path).toMatch(/^\/uploads\/[a-f0-9]{32}\.png$/);
    const served = await page.request.get(path);
    expect(served.headers()["content-type"]).toBe("image/png");
    expect(served.headers()["cache-control"]).toBe("public, max-age=31536000, immutable");
  });

  test("drafts are previewed at an editors-only URL", async ({ page, browser }) => {
    await page.goto("/admin/articles?status=draft&q=budget");
    await page
      .getByRole("row", { name: /budget/i })
      .getByRole("link", { name: "Preview" })
      .click();
    await expect(page).toHaveURL(/\/admin\/articles\/\d+\/preview$/);
    await expect(page.getByRole("note")).toContainText("Readers cannot see this page.");
    await expect(page.getByRole("heading", { level: 1 })).toContainText(/budget/i);
    await expect(page.locator('meta[name="robots"]')).toHaveAttribute("content", /noindex/);
    await shot(page, "article-preview");

    const anonymous = await browser.newContext({ storageState: SIGNED_OUT });
    const visitor = await anonymous.newPage();
    await visitor.goto(page.url());
    await expect(visitor).toHaveURL(/\/login\?callbackUrl=/);
    await anonymous.close();
  });

  test("every save is a revision, and an old one can be restored", async ({ page }) => {
    const editor = new ArticleEditorPage(page);
    await editor.gotoNew();
    const first = `Revision one ${uniqueId()}`;
    await editor.fill({ headline: first, body: "First body." });
    await editor.submit("Save draft");
    const id = await editor.articleId();
    await editor.fill({ headline: `${first} — second`, body: "Second body." });
    await editor.submit("Save draft");
    await editor.expectToast("Draft saved.");

    await page.getByRole("link", { name: "Revisions" }).click();
    const list = page.getByRole("list", { name: "Revisions, newest first" });
    await expect(list.getByRole("listitem")).toHaveCount(2);
    await expect(list.getByRole("listitem").first()).toContainText("by Administrator");
    await shot(page, "revisions");
    await list.getByRole("listitem").nth(1).getByRole("link").click();
    await expect(page.getByText("First body.")).toBeVisible();
    // One click: the restore is itself a revision.
    await page.getByRole("button", { name: "Restore this revision" }).click();
    await expect(page.getByRole("status")).toContainText("Revision restored.");

    await page.goto(`/admin/articles/${id}`);
    await expect(editor.form.getByLabel("Headline")).toHaveValue(first);
    await expect(editor.body).toHaveText("First body.");
    await expect(editor.postedBody).toHaveValue("First body.");
    await page.goto(`/admin/articles/${id}/revisions`);
    await expect(page.getByRole("list", { name: "Revisions, newest first" }).getByRole("listitem")).toHaveCount(3);
  });

  test("a scheduled article appears to readers by itself when its time comes", async ({ page }) => {
    test.setTimeout(240_000);
    const editor = new ArticleEditorPage(page);
    await editor.gotoNew();
    const headline = `Scheduled bulletin ${uniqueId()}`;
    await editor.fill({ headline, body: "On time." });
    await editor.status("Scheduled").check();
    await editor.submit("Schedule");
    await expect(editor.form.getByText("Choose the date and time to publish.")).toBeVisible();

    await editor.form.getByLabel("Publish at").fill(zonedInputValue(Date.now() - 60 * 60_000));
    await editor.submit("Schedule");
    await expect(editor.form.getByText("Choose a time in the future, or publish now.")).toBeVisible();

    // The next full minute at least 20 s away, in the publication's zone (Europe/Istanbul).
    const due = Math.ceil((Date.now() + 20_000) / 60_000) * 60_000;
    await editor.form.getByLabel("Publish at").fill(zonedInputValue(due));
    await editor.submit("Schedule");
    await editor.articleId();
    await editor.expectToast("Article created.");
    await expect(page.getByText(/Goes live/)).toBeVisible();

    const slug = headline.toLowerCase().replace(/\s+/g, "-");
    expect((await page.request.get(`/articles/${slug}`)).status()).toBe(404);
    // Reader pages revalidate at least every 60 s, so it shows up within a minute of being due.
    await expect
      .poll(async () => (await page.request.get(`/articles/${slug}`)).status(), {
        timeout: 200_000,
        intervals: [5_000],
      })
      .toBe(200);
    expect(Date.now()).toBeGreaterThanOrEqual(due);

    // Out of the way again, so the seeded front page is what the reader specs see.
    await page.getByRole("button", { name: "Move to trash" }).click();
    await page
      .getByRole("dialog", { name: "Move this article to the trash?" })
      .getByRole("button", { name: "Move to trash" })
      .click();
    await expect(page.getByRole("status")).toContainText("Article moved to the trash.");
  });
});

test.describe("on a phone", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("admin screens fit the screen; wide tables scroll inside their box", async ({ page }) => {
    for (const [path, name] of [
      ["/admin", "phone-dashboard"],
      ["/admin/articles", "phone-articles"],
      ["/admin/comments", "phone-comments"],
      ["/admin/users", "phone-users"],
    ] as const) {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, path).toBeLessThanOrEqual(0);
      await shot(page, name);
    }
  });
});

test.describe("lower roles", () => {
  test.use({ storageState: sessionState("admin-articles.contributor") });

  test("a contributor writes drafts only, and cannot reach users, settings or comments", async ({ page }) => {
    await page.goto("/admin");
    await expect(page.getByRole("navigation", { name: "Newsroom" }).getByRole("link", { name: "Users" })).toHaveCount(
      0,
    );

    const editor = new ArticleEditorPage(page);
    await editor.gotoNew();
    await expect(editor.status("Published")).toBeDisabled();
    await expect(editor.status("Scheduled")).toBeDisabled();
    // Their own byline, which only an editor can change.
    await expect(editor.form.getByText("Editors set the byline.")).toBeVisible();
    await expect(editor.form.getByRole("button", { name: "Add author" })).toHaveCount(0);
    const headline = `Contributor pitch ${uniqueId()}`;
    await editor.fill({ headline, body: "Please publish me." });
    await editor.submit("Save draft");
    await editor.articleId();
    await editor.expectToast("Article created.");

    // Only their own articles are listed.
    await page.goto("/admin/articles");
    await expect(page.getByRole("link", { name: headline })).toBeVisible();
    await expect(page.getByRole("link", { name: /prisoners/i })).toHaveCount(0);

    for (const path of ["/admin/users", "/admin/settings", "/admin/comments"]) {
      await page.goto(path);
      await expect(page).toHaveURL(/\/admin\?denied=1$/);
      await expect(page.getByRole("main").getByRole("alert")).toHaveText(
        "You do not have permission to open that page.",
      );
    }
    await shot(page, "contributor-denied");
  });
});
