import { test, expect, type Locator, type Page } from "@playwright/test";
import { seedArticleWithComments } from "./pages/admin-db";
import { ArticleEditorPage } from "./pages/admin-article-editor";
import { E2E_ADMIN } from "./pages/admin-session";
import { ArticlePage, ReplyFormSection } from "./pages/article-page";

// Only the keyboard: no click, fill or check anywhere in this file. Typing goes through
// keyboard.type, moving through Tab, acting through Enter, and choosing a radio with the arrows.

/** Presses Tab until `target` has focus, failing if it is not reached within `max` presses. */
async function tabTo(page: Page, target: Locator, max = 60) {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press("Tab");
  }
  await expect(target, `not reached with ${max} Tab presses`).toBeFocused();
}

const stamp = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

// Each test speaks from its own client IP, so the comment flood rule applies per test.
test.use({
  extraHTTPHeaders: { "x-forwarded-for": `10.77.${Math.floor(Math.random() * 250)}.${1 + (Date.now() % 250)}` },
});

test.describe.configure({ timeout: 60_000 });

test("a keyboard-only reader skips to the content, uses the navigation, finds a story and posts a reply", async ({
  page,
}) => {
  const id = stamp();
  const headline = `Keyboard thread ${id}`;
  const { slug } = seedArticleWithComments(headline, [
    { name: "Deniz Kaya", body: "Already here.", status: "approved" },
  ]);

  await page.goto("/");
  // The first Tab lands on the skip link, which is then visible; Enter moves on into the main content.
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to content" });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/#main$/);
  await page.keyboard.press("Tab");
  expect(await page.evaluate(() => !!document.activeElement?.closest("main"))).toBe(true);

  // Back to the top: the masthead, then the section navigation.
  await page.goto("/");
  const sections = page.getByRole("navigation", { name: "Sections" });
  await tabTo(page, sections.getByRole("link", { name: "Home" }), 5);
  await tabTo(page, sections.getByRole("link", { name: "World" }), 3);
  await tabTo(page, sections.getByRole("link", { name: "Search" }), 30);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/search$/);

  await tabTo(page, page.getByRole("searchbox", { name: "Search stories" }));
  await page.keyboard.type(headline);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("status")).toContainText("1 result");
  await tabTo(page, page.getByRole("link", { name: headline }));
  await page.keyboard.press("Enter");
  const article = new ArticlePage(page);
  await expect(page).toHaveURL(new RegExp(`/articles/${slug}$`));
  await article.expectLoaded(headline);

  // The reply form, field by field in its order, sent with Enter on its button.
  const form = new ReplyFormSection(page);
  await tabTo(page, form.comment);
  const body = `Read with the keyboard alone ${id}`;
  await page.keyboard.type(body);
  await page.keyboard.press("Tab");
  await expect(form.name).toBeFocused();
  await page.keyboard.type("Keyboard Reader");
  await page.keyboard.press("Tab");
  await expect(form.email).toBeFocused();
  await page.keyboard.type(`keys-${id}@example.net`);
  await tabTo(page, form.submit, 4);
  await page.keyboard.press("Enter");

  const mine = article.comment("Keyboard Reader");
  await expect(mine).toContainText("Your comment is awaiting moderation.");
  await expect(mine).toContainText(body);
});

/** The sign-in form with the keyboard: Tab to Email, type, Tab, type, Enter. */
async function signInWithKeyboard(page: Page, callbackUrl: string) {
  await page.goto(`/login?callbackUrl=${encodeURIComponent(callbackUrl)}`);
  await tabTo(page, page.getByLabel("Email"), 10);
  await page.keyboard.type(E2E_ADMIN.email);
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("Password")).toBeFocused();
  await page.keyboard.type(E2E_ADMIN.password);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`${callbackUrl.replace(/[?]/g, "\\?")}$`));
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
}

test("an editor signs in and approves a held comment with the keyboard", async ({ page }) => {
  const id = stamp();
  const { articleId } = seedArticleWithComments(`Keyboard desk ${id}`, [
    { name: "Held Reader", body: `Held for moderation ${id}`, status: "pending" },
  ]);

  await signInWithKeyboard(page, `/admin/comments?article=${articleId}`);
  const held = page.getByRole("listitem", { name: "Comment by Held Reader" });
  await tabTo(page, held.getByRole("button", { name: "Approve" }));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("status")).toContainText("Comment approved.");
});

test("an editor writes and publishes a story with the keyboard", async ({ page }) => {
  const headline = `Keyboard bulletin ${stamp()}`;
  await signInWithKeyboard(page, "/admin/articles/new");
  const editor = new ArticleEditorPage(page);

  await tabTo(page, editor.form.getByLabel("Headline"));
  await page.keyboard.type(headline);
  await tabTo(page, editor.body);
  await page.keyboard.type("Written and published without a mouse.");
  // A radio group is one Tab stop; the arrow keys choose within it (Draft, Pending review, Published…).
  await tabTo(page, editor.status("Draft"));
  await page.keyboard.press("ArrowDown");
  await expect(editor.status("Pending review")).toBeChecked();
  await page.keyboard.press("ArrowDown");
  await expect(editor.status("Published")).toBeChecked();
  await tabTo(page, editor.form.getByRole("button", { name: "Publish" }));
  await page.keyboard.press("Enter");
  await editor.expectToast("Article created.");

  const slug = headline.toLowerCase().replace(/\s+/g, "-");
  await page.goto(`/articles/${slug}`);
  await new ArticlePage(page).expectLoaded(headline);
});
