import { expect, test, type Browser, type Page } from "@playwright/test";
import { ArticleEditorPage } from "./pages/admin-article-editor";
import { shot } from "./pages/admin-session";
import { expectAxeClean, expectNoSidewaysScroll } from "./support/axe";
import { insertArticle, uniqueSlug, withE2eDb } from "./support/db";
import { sessionState, SIGNED_OUT, type SessionName } from "./support/sessions";

// Two editors, each in a browser of their own, on one story: the post lock, taking over, a save refused
// because the other saved in between (both texts kept), and autosave surviving a closed browser.

async function openEditor(browser: Browser, session: SessionName, id: number | "new") {
  const context = await browser.newContext({ storageState: sessionState(session) });
  const page = await context.newPage();
  await page.goto(`/admin/articles/${id}`);
  return { context, page, editor: new ArticleEditorPage(page) };
}

/** The posted Markdown field, whichever editor keeps it (a textarea, or a hidden input beside a rich editor). */
const bodyField = (page: Page) => page.getByRole("form", { name: "Article" }).locator('[name="body"]');

const lockHolder = (id: number) =>
  withE2eDb((db) => db.prepare("select user_id from article_locks where article_id = ?").get(id)) as
    { user_id: number } | undefined;

test("two editors on one story: presence, take-over, and a stale save refused with both texts kept", async ({
  browser,
}) => {
  test.setTimeout(60_000);
  const slug = uniqueSlug("shared-desk");
  const id = insertArticle({ slug, headline: `Shared desk ${slug}`, publishedAt: Date.now() - 60_000 });

  const ana = await openEditor(browser, "article-collaboration", id);
  await expect.poll(() => lockHolder(id)).toBeTruthy();
  const ben = await openEditor(browser, "article-collaboration.second", id);
  const presence = ben.page.getByRole("alert").filter({ hasText: "is editing this story." });
  await expect(presence).toContainText(/^editor \w+ is editing this story\./);
  await expect(ben.editor.form.getByLabel("Headline")).toBeDisabled();
  await expectAxeClean(ben.page);
  await shot(ben.page, "presence-notice");

  // Ana saves while Ben looks on: the version Ben's screen holds is now an old one.
  await ana.editor.fill({ body: "Alpha text, saved." });
  await ana.editor.submit("Update");
  await ana.editor.expectToast("Article updated.");
  await ana.editor.fill({ body: "Alpha text, saved. And more, unsaved." });

  await presence.getByRole("button", { name: "Take over" }).click();
  await expect(ben.editor.form.getByLabel("Headline")).toBeEnabled();
  const takenOver = ana.page.getByRole("alert").filter({ hasText: "has taken over this story." });
  // Told at the next lock check (every 4 s), not only at the next heartbeat.
  await expect(takenOver).toBeVisible({ timeout: 10_000 });
  await expect(ana.editor.form.getByLabel("Headline")).toBeDisabled();
  await expect(takenOver.getByRole("textbox", { name: "Your text" })).toHaveValue(/And more, unsaved\./);
  await expectAxeClean(ana.page);

  await ben.editor.fill({ body: "Bravo text, typed over the old version." });
  const clicked = Date.now();
  await ben.editor.submit("Update");
  const refused = ben.page.getByRole("alert", { name: "Save refused" });
  await expect(refused).toContainText(/^editor \w+ saved this story at \d\d:\d\d, after you opened it\./);
  const shownAfter = `${Date.now() - clicked} ms`;
  test.info().annotations.push({ type: "refused save shown after", description: shownAfter });
  console.log(`A refused save is shown ${shownAfter} after Update is pressed.`);
  await expect(bodyField(ben.page)).toHaveValue("Bravo text, typed over the old version.");
  await refused.getByRole("button", { name: "See the differences" }).click();
  const diff = refused.getByRole("region", { name: "Body: their version against yours" });
  await expect(diff.locator("del").first()).toContainText("Alpha");
  await expect(diff.locator("ins").first()).toContainText("Bravo");
  await expectAxeClean(ben.page);
  await shot(ben.page, "conflict-banner");
  // On a phone the notices wrap: the banner, its differences and its buttons fit the screen.
  await ben.page.setViewportSize({ width: 360, height: 740 });
  await expectNoSidewaysScroll(ben.page);
  for (const name of ["See the differences", "Copy my text", "Load their version"]) {
    const box = (await refused.getByRole("button", { name }).boundingBox())!;
    expect(box.x + box.width, name).toBeLessThanOrEqual(360);
  }
  await shot(ben.page, "conflict-banner-phone");
  await ben.page.setViewportSize({ width: 1280, height: 720 });

  await refused.getByRole("button", { name: "Load their version" }).click();
  await expect(bodyField(ben.page)).toHaveValue("Alpha text, saved.");
  await expect(refused.getByRole("textbox", { name: "Your text" })).toHaveValue(/Bravo text/);
  await ben.editor.submit("Update");
  await ben.editor.expectToast("Article updated.");
  await Promise.all([ana.context.close(), ben.context.close()]);
});

test("autosave: a new story and a published one come back after the browser closed", async ({ browser }) => {
  test.setTimeout(60_000);
  const first = await openEditor(browser, "article-collaboration", "new");
  const headline = `Autosaved ${uniqueSlug("desk")}`;
  // A click first: a browser asks before leaving only a page the user has interacted with.
  await first.editor.form.getByLabel("Headline").click();
  await first.editor.fill({ headline, body: "Words nobody saved by hand." });
  // Leaving with unsaved changes asks first.
  const asked = first.page.waitForEvent("dialog");
  await first.page.close({ runBeforeUnload: true });
  const dialog = await asked;
  expect(dialog.type()).toBe("beforeunload");
  await dialog.dismiss();
  await expect(first.page.getByText(/^Saved at \d\d:\d\d$/)).toBeVisible({ timeout: 15_000 });
  await expect(first.page).toHaveURL(/\/admin\/articles\/\d+$/);
  const url = first.page.url();
  await first.context.close();

  const again = await openEditor(browser, "article-collaboration", Number(/(\d+)$/.exec(url)![1]));
  await expect(again.editor.form.getByLabel("Headline")).toHaveValue(headline);
  await expect(bodyField(again.page)).toHaveValue("Words nobody saved by hand.");

  const slug = uniqueSlug("live-story");
  const live = insertArticle({
    slug,
    headline: `Live ${slug}`,
    publishedAt: Date.now() - 60_000,
    body: "As published.",
  });
  await again.page.goto(`/admin/articles/${live}`);
  await expect.poll(() => lockHolder(live)).toBeTruthy();
  await again.editor.fill({ body: "A change readers must not see yet." });
  await expect(again.page.getByText(/^Saved at \d\d:\d\d$/)).toBeVisible({ timeout: 15_000 });
  await again.context.close();

  const reader = await browser.newContext({ storageState: SIGNED_OUT });
  const response = await reader.request.get(`/articles/${slug}`);
  expect(await response.text()).not.toContain("A change readers must not see yet.");
  await reader.close();

  const last = await openEditor(browser, "article-collaboration", live);
  const offer = last.page.getByRole("region", { name: "Autosaved version" });
  await expect(offer).toContainText(/^Restore the autosaved version from \d\d:\d\d\?/);
  await expect(bodyField(last.page)).toHaveValue("As published.");
  await offer.getByRole("button", { name: "Restore" }).click();
  await expect(bodyField(last.page)).toHaveValue("A change readers must not see yet.");
  await last.context.close();
});
