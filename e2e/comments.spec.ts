import { createHash } from "node:crypto";
import { test as base, expect, type Browser, type Page } from "@playwright/test";
import { seedArticleWithComments } from "./pages/admin-db";
import { withE2eDb } from "./support/db";
import { E2E_ADMIN } from "./pages/admin-session";
import { ArticlePage, ReplyFormSection } from "./pages/article-page";
import { uniqueId } from "./support/ids";
import { sessionState } from "./support/sessions";
import { storedOnEveryWorker } from "./support/stored";

// Each test speaks from its own client IP (the server trusts X-Forwarded-For in e2e), so the
// 15-second flood rule applies per test and tests can run in parallel.
function ipFor(key: string): string {
  const [a, b] = createHash("sha256").update(key).digest();
  return `10.${a}.${b}.${1 + (Date.now() % 250)}`;
}

const test = base.extend<{ clientIp: string }>({
  clientIp: async ({}, provide, testInfo) => {
    await provide(ipFor(testInfo.titlePath.join("/")));
  },
  extraHTTPHeaders: async ({ clientIp }, provide) => {
    await provide({ "x-forwarded-for": clientIp });
  },
});

// Posting renders uncached pages on a 2-core machine while the other spec runs alongside.
test.describe.configure({ timeout: 60_000 });

const email = (who: string) => `${who}-${uniqueId()}@example.net`;

async function anonymousPage(browser: Browser, slug: string) {
  const context = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": ipFor(`anon-${uniqueId()}`) } });
  const page = await context.newPage();
  await page.goto(`/articles/${slug}`);
  return { context, page };
}

test("the form offers WordPress's fields in order, with labels, limits and a hidden honeypot", async ({ page }) => {
  await page.goto("/articles/eu-migration-pact-brussels");
  const form = new ReplyFormSection(page);
  await expect(form.heading).toHaveText("Leave a Reply");
  await expect(
    form.form.getByText("Your email address will not be published. Required fields are marked *"),
  ).toBeVisible();
  await expect(form.form.locator(".required").first()).toHaveAttribute("aria-hidden", "true");
  await expect(form.comment).toHaveAttribute("maxlength", "65525");
  await expect(form.comment).toHaveAttribute("required", "");
  await expect(form.name).toHaveAttribute("maxlength", "245");
  await expect(form.name).toHaveAttribute("autocomplete", "name");
  await expect(form.email).toHaveAttribute("type", "email");
  await expect(form.email).toHaveAttribute("maxlength", "100");
  await expect(form.email).toHaveAttribute("autocomplete", "email");
  await expect(form.website).toHaveAttribute("type", "url");
  await expect(form.website).toHaveAttribute("maxlength", "200");
  await expect(form.remember).not.toBeChecked();
  await expect(form.submit).toBeVisible();

  // Tab order: Comment → Name → Email → Website → checkbox → button; the honeypot is never reached.
  await form.comment.focus();
  for (const next of [form.name, form.email, form.website, form.remember, form.submit]) {
    await page.keyboard.press("Tab");
    await expect(next).toBeFocused();
  }
  const honeypot = form.form.locator('input[name="comment_url_confirm"]');
  await expect(honeypot).toHaveAttribute("tabindex", "-1");
  await expect(honeypot).toHaveAttribute("autocomplete", "off");
  await expect(honeypot).not.toBeInViewport();
  await expect(form.form.getByRole("textbox")).toHaveCount(4);
});

test("with JavaScript a first comment is posted without a reload, focused, and shown only to its author", async ({
  page,
  browser,
  request,
}) => {
  const slug = "coral-reef-heat-survey";
  const article = new ArticlePage(page);
  await article.goto(slug);
  const countBefore = await page.locator("#comments-title").textContent();
  await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));

  const form = new ReplyFormSection(page);
  const text = `Bleaching surveys need funding ${uniqueId()}.`;
  const address = email("deniz");
  // Hold the post back a moment so the pending state of the button can be seen.
  await page.route(`**/articles/${slug}`, async (route) => {
    if (route.request().method() === "POST") await new Promise((resolve) => setTimeout(resolve, 1_000));
    await route.continue();
  });
  await form.post({ comment: text, name: "Deniz Aksoy", email: address });
  await expect(form.form.getByRole("button", { name: "Posting…" })).toBeDisabled();

  await expect(page).toHaveURL(new RegExp(`/articles/${slug}#comment-\\d+$`));
  const mine = article.comment("Deniz Aksoy");
  await expect(mine).toContainText(text);
  await expect(mine).toContainText("Your comment is awaiting moderation.");
  const anchor = new URL(page.url()).hash;
  await expect(page.locator(anchor)).toBeFocused();
  expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
  // The count only includes approved comments.
  await expect(page.locator("#comments-title")).toHaveText(countBefore!);

  // A reload keeps showing it to its author (signed cookie)…
  await page.reload();
  await expect(article.comment("Deniz Aksoy")).toContainText("Your comment is awaiting moderation.");

  // …but another visitor, and the shared cached page, never see it.
  const other = await anonymousPage(browser, slug);
  await expect(other.page.getByRole("heading", { level: 3, name: "Leave a Reply" })).toBeVisible();
  await expect(other.page.locator("#comments")).not.toContainText(text);
  await expect(other.page.getByText("Your comment is awaiting moderation.")).toHaveCount(0);
  expect(await other.page.content()).not.toContain(address);
  await other.context.close();
  // The author's page is rendered for them alone; the public one stays in the shared cache.
  const own = await page.request.get(`/articles/${slug}`);
  expect(own.headers()["cache-control"]).toMatch(/private.*no-store|no-store.*private/);
  expect(await own.text()).toContain(text);
  // Anonymous readers are answered from server.ts's store of finished pages.
  await expect(async () => {
    const shared = await request.get(`/articles/${slug}`);
    expect(shared.headers()["x-newsroom-cache"]).toBe("hit");
    expect(await shared.text()).not.toContain(text);
  }).toPass({ timeout: 10_000 });
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("a comment is posted with a plain form post and the page lands on it", async ({ page }) => {
    const slug = "gobekli-tepe-new-enclosure";
    const article = new ArticlePage(page);
    await article.goto(slug);
    const form = new ReplyFormSection(page);
    const text = `Twelve thousand years old.\n\nAnd still surprising: https://example.org/enclosure ${uniqueId()}`;
    await form.post({ comment: text, name: "Ilker Tan", email: email("ilker"), website: "https://ilker.example" });

    await expect(page).toHaveURL(new RegExp(`/articles/${slug}#comment-\\d+$`));
    const mine = article.comment("Ilker Tan");
    await expect(mine).toContainText("Your comment is awaiting moderation.");
    await expect(mine.getByRole("paragraph").filter({ hasText: "Twelve thousand" })).toBeVisible();
    await expect(mine.getByRole("link", { name: "https://example.org/enclosure" })).toHaveAttribute(
      "rel",
      "nofollow ugc",
    );
    await expect(mine.getByRole("link", { name: "Ilker Tan" })).toHaveAttribute("href", "https://ilker.example/");
    await expect(mine.getByRole("link", { name: "Ilker Tan" })).toHaveAttribute("rel", /nofollow ugc/);
  });

  test("errors re-render the form with the input kept, for the poster only", async ({ page, request }) => {
    await page.goto("/articles/black-sea-grain-insurance");
    const form = new ReplyFormSection(page);
    await form.post({ comment: "Insurance is the real story here.", name: "", email: "" });
    await expect(form.errors).toContainText("Please fill the required fields.");
    await expect(form.comment).toHaveValue("Insurance is the real story here.");
    await form.post({ comment: "Insurance is the real story here.", name: "Sena", email: "sena-at-example" });
    await expect(form.errors).toContainText("Please enter a valid email address.");
    await expect(form.name).toHaveValue("Sena");
    await expect(form.email).toHaveValue("sena-at-example");
    // The re-rendered page answered a POST; it must never have entered the shared cache.
    const shared = await request.get("/articles/black-sea-grain-insurance");
    expect(await shared.text()).not.toContain("sena-at-example");
  });

  test("replying works through ?replytocom links", async ({ page }) => {
    const article = new ArticlePage(page);
    await article.goto("istanbul-film-festival-opens");
    await page
      .getByRole("link", { name: /^Reply to / })
      .first()
      .click();
    await expect(page).toHaveURL(/\?replytocom=\d+#respond$/);
    await expect(page.getByRole("heading", { level: 3, name: /^Leave a Reply to .+/ })).toBeVisible();
    await page.getByRole("link", { name: "Cancel reply" }).click();
    await expect(page.getByRole("heading", { level: 3, name: "Leave a Reply" })).toBeVisible();
  });

  test("a reply to a thread on an earlier comment page lands on that page", async ({ page }) => {
    const { slug } = storyWithThreads(60);
    await page.goto(`/articles/${slug}/comment-page-1`);
    await page.getByRole("link", { name: "Reply to Reader 3", exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/articles/${slug}/comment-page-1\\?replytocom=\\d+#respond$`));
    const form = new ReplyFormSection(page);
    await expect(form.heading).toHaveText(/^Leave a Reply to Reader 3/);
    const text = `Still true on page one ${uniqueId()}`;
    await form.post({ comment: text, name: "Deniz Kaya", email: email("deniz") });

    await expect(page).toHaveURL(new RegExp(`/articles/${slug}/comment-page-1#comment-\\d+$`));
    const thread = page
      .locator("li")
      .filter({ has: commentBy(page, "Reader 3") })
      .first();
    const mine = thread.getByRole("article", { name: "Comment by Deniz Kaya" });
    await expect(mine).toContainText("Your comment is awaiting moderation.");
    await expect(mine).toContainText(text);
  });
});

test("every rule's message is shown, focused in an error summary", async ({ page, clientIp }) => {
  await page.goto("/articles/soil-antibiotic-discovery");
  const form = new ReplyFormSection(page);

  await form.post({ comment: "A comment", name: "", email: "" });
  await expect(form.errors).toContainText("Please fill the required fields.");
  await expect(form.errors).toBeFocused();
  await expect(form.name).toHaveAttribute("aria-invalid", "true");
  await expect(form.name).toHaveAccessibleDescription("Please fill the required fields.");
  await expect(form.comment).toHaveValue("A comment");
  await page.locator("#respond").screenshot({ path: test.info().outputPath("reply-form-errors.png") });

  await form.post({ comment: "A comment", name: "Kerem", email: "kerem@" });
  await expect(form.errors).toContainText("Please enter a valid email address.");

  await form.post({ comment: "   ", name: "Kerem", email: "kerem@example.net" });
  await expect(form.errors).toContainText("Please type your comment text.");

  await form.post({ comment: "Fine", name: "Kerem", email: "kerem@example.net", website: "javascript:alert(1)" });
  await expect(form.errors).toContainText("Please enter a website address starting with http:// or https://.");

  // Over the limits: the maxlength attributes are only hints, so a client that ignores them is refused.
  await form.form.evaluate((f) => f.querySelectorAll("[maxlength]").forEach((el) => el.removeAttribute("maxlength")));
  await form.post({ comment: "x".repeat(65_526), name: "K".repeat(246), email: "kerem@example.net", website: "" });
  await expect(form.errors).toContainText("Your comment is too long.");
  await expect(form.errors).toContainText("Your name is too long.");
  await form.form.evaluate((f) => f.querySelectorAll("[maxlength]").forEach((el) => el.removeAttribute("maxlength")));
  await form.post({
    comment: "Fine",
    name: "Kerem",
    email: `${"k".repeat(100)}@example.net`,
    website: `https://example.net/${"w".repeat(200)}`,
  });
  await expect(form.errors).toContainText("Your email address is too long.");
  await expect(form.errors).toContainText("Your website address is too long.");

  const text = `Soil keeps giving ${uniqueId()}`;
  const address = email("kerem");
  await form.post({ comment: text, name: "Kerem", email: address, website: "" });
  await expect(page).toHaveURL(/#comment-\d+$/);

  await form.post({ comment: text, name: "Kerem", email: address });
  await expect(form.errors).toContainText("Duplicate comment detected; it looks as though you’ve already said that!");
  await expect(form.errors).toBeFocused();

  await form.post({ comment: `${text} — and more`, name: "Kerem", email: address });
  await expect(form.errors).toContainText("You are posting comments too quickly. Slow down.");
  expect(clientIp).toMatch(/^10\./);
});

test("after an error, a successful post clears the errors and the form", async ({ page, clientIp }) => {
  const slug = "central-bank-holds-rates";
  await page.goto(`/articles/${slug}`);
  const form = new ReplyFormSection(page);
  // A pending comment first, so the next posts happen on the per-visitor page.
  await form.post({ comment: `Rates first ${uniqueId()}`, name: "Mert", email: email("mert") });
  await expect(page).toHaveURL(/#comment-\d+$/);
  await page.setExtraHTTPHeaders({ "x-forwarded-for": `${clientIp.split(".").slice(0, 3).join(".")}.251` });
  await form.post({ comment: "Second", name: "", email: "" });
  await expect(form.errors).toContainText("Please fill the required fields.");
  const second = `Rates second ${uniqueId()}`;
  await form.post({ comment: second, name: "Mert", email: email("mert2") });
  await expect(new ArticlePage(page).comment("Mert").filter({ hasText: second })).toBeVisible();
  await expect(form.errors).toHaveCount(0);
  await expect(form.comment).toHaveValue("");
});

test("a reply to a comment that is not approved, or not on this article, is refused", async ({ page }) => {
  await page.goto("/articles/eu-migration-pact-brussels");
  const form = new ReplyFormSection(page);
  await form.form.locator('input[name="parentId"]').evaluate((el) => ((el as HTMLInputElement).value = "999999"));
  await form.post({ comment: "Orphan reply", name: "Nil", email: email("nil") });
  await expect(form.errors).toContainText("The comment you are replying to is not available.");
});

test("a reply by a previously approved commenter is published at once, nested under its parent, for everyone", async ({
  page,
  browser,
}) => {
  const slug = "nairobi-solar-minigrids";
  const article = new ArticlePage(page);
  await article.goto(slug);
  const parent = page
    .locator("li[id^='comment-']")
    .filter({ has: article.comment("Otieno Wafula") })
    .first();
  const parentId = await parent.getAttribute("id");
  await article.comment("Otieno Wafula").getByRole("link", { name: "Reply to Otieno Wafula" }).click();

  const form = new ReplyFormSection(page);
  await expect(form.heading).toHaveText(/^Leave a Reply to Otieno Wafula/);
  await expect(page.getByRole("link", { name: "Cancel reply" })).toBeVisible();
  const text = `Mini-grids in Kisumu too ${uniqueId()}`;
  // Grace Njeri has an approved comment in the seed, so hers is approved without moderation.
  await form.post({ comment: text, name: "Grace Njeri", email: "grace.njeri@example.org" });

  await expect(page).toHaveURL(new RegExp(`/articles/${slug}#comment-\\d+$`));
  const replyId = new URL(page.url()).hash;
  const nested = page.locator(`#${parentId} > ol > ${replyId}`);
  await expect(nested).toContainText(text);
  await expect(nested).not.toContainText("awaiting moderation");
  await expect(form.heading).toHaveText("Leave a Reply");

  // The shared cached page was refreshed for everyone.
  const other = await anonymousPage(browser, slug);
  await expect(other.page.locator(`#${parentId} > ol > ${replyId}`)).toContainText(text);
  await expect(other.page.locator("#comments-title")).toHaveText(/^\d+ Responses to “/);
  await other.page.screenshot({ path: test.info().outputPath("thread.png"), fullPage: true });
  await other.context.close();
});

test("comments closed: no form, only the notice", async ({ page }) => {
  await page.goto("/articles/high-seas-treaty-ratified");
  await expect(page.locator("#comments").getByText("Comments are closed.")).toBeVisible();
  await expect(page.getByRole("heading", { name: /Leave a Reply/ })).toHaveCount(0);
  await expect(page.getByRole("link", { name: /^Reply to / })).toHaveCount(0);
  // A reply link crafted by hand does not bring the form back.
  await page.goto("/articles/high-seas-treaty-ratified?replytocom=1#respond");
  await expect(page.getByText("Comments are closed.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Post Comment" })).toHaveCount(0);
});

test("markup in a comment is shown as text and never runs", async ({ page }) => {
  const dialogs: string[] = [];
  page.on("dialog", async (dialog) => {
    dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  const slug = "german-coalition-budget-deal";
  const article = new ArticlePage(page);
  await article.goto(slug);
  const payload = "<img src=x onerror=alert(1)><script>alert(1)</script>";
  await new ReplyFormSection(page).post({ comment: payload, name: "<b>Mallory</b>", email: email("mallory") });
  await expect(page).toHaveURL(/#comment-\d+$/);
  const mine = article.comment("<b>Mallory</b>");
  await expect(mine).toContainText(payload);
  await expect(mine.locator("img, script, b")).toHaveCount(0);
  await page.reload();
  await expect(article.comment("<b>Mallory</b>")).toContainText(payload);
  expect(dialogs).toEqual([]);
});

test("a filled honeypot sends the comment to spam: nobody sees it, not even its sender", async ({ page }) => {
  const slug = "earthquake-early-warning-sensors";
  await page.goto(`/articles/${slug}`);
  const form = new ReplyFormSection(page);
  const text = `Cheap sensors here ${uniqueId()}`;
  await form.form.locator('input[name="comment_url_confirm"]').fill("http://spam.example", { force: true });
  await form.post({ comment: text, name: "Bot", email: email("bot") });
  await expect(page).toHaveURL(new RegExp(`/articles/${slug}#comments$`));
  await expect(page.locator("#comments")).not.toContainText(text);
});

test("remember me prefills the form on the next visit, and unchecking it forgets", async ({ page }) => {
  const form = new ReplyFormSection(page);
  const address = email("aylin");
  await page.goto("/articles/sahel-drought-food-prices");
  await form.post({
    comment: `Food prices ${uniqueId()}`,
    name: "Aylin Koç",
    email: address,
    website: "https://aylin.example",
    remember: true,
  });
  await expect(page).toHaveURL(/#comment-\d+$/);

  await page.goto("/articles/eu-parliament-political-ads-vote");
  await expect(form.name).toHaveValue("Aylin Koç");
  await expect(form.email).toHaveValue(address);
  await expect(form.website).toHaveValue("https://aylin.example/");
  await expect(form.remember).toBeChecked();
  await expect(form.comment).toHaveValue("");

  // A new client IP and address, so the flood rule does not apply to this second post.
  await page.setExtraHTTPHeaders({ "x-forwarded-for": ipFor(`remember-${uniqueId()}`) });
  await form.post({ comment: `Ads rules ${uniqueId()}`, email: email("aylin2"), remember: false });
  await expect(page).toHaveURL(/#comment-\d+$/);
  await page.goto("/articles/eu-migration-pact-brussels");
  await expect(form.name).toHaveValue("");
  await expect(form.email).toHaveValue("");
  await expect(form.remember).not.toBeChecked();
});

test("a remembered commenter reads the stored page with the form filled in, with and without JavaScript", async ({
  browser,
  request,
  baseURL,
}) => {
  const path = "/articles/eu-parliament-political-ads-vote";
  // The browser's connection may reach any worker of the server.
  await storedOnEveryWorker(request, path);
  const me = { name: `Zeynep "Q" <b>${uniqueId()}</b>`, email: email("zeynep"), url: "https://zeynep.example/" };
  const value = Buffer.from(JSON.stringify(me)).toString("base64url");

  for (const javaScriptEnabled of [false, true]) {
    const context = await browser.newContext({ javaScriptEnabled });
    await context.addCookies([{ name: "comment_author", value, url: baseURL! }]);
    const page = await context.newPage();
    const response = await page.goto(path);
    expect(response!.headers()["x-newsroom-cache"], `JavaScript ${javaScriptEnabled}`).toBe("hit");
    expect(response!.headers()["cache-control"]).toBe("private, no-store");
    const form = new ReplyFormSection(page);
    if (javaScriptEnabled) {
      // With the reply form's script loaded (no framework re-renders it), typing leaves the details in place.
      await page.waitForLoadState("networkidle");
      await form.comment.fill("Still me after hydration.");
    }
    await expect(form.name).toHaveValue(me.name);
    await expect(form.email).toHaveValue(me.email);
    await expect(form.website).toHaveValue(me.url);
    await expect(form.remember).toBeChecked();
    await context.close();
  }
  // The shared copy never learnt who they are.
  expect(await (await request.get(path)).text()).not.toContain("Zeynep");
});

test("a guest cannot post as staff: the editor's name and email are held, and only a newsroom reply is badged", async ({
  page,
  browser,
}) => {
  test.setTimeout(90_000);
  const stamp = uniqueId();
  const { articleId, slug } = seedArticleWithComments(`Impostor watch ${stamp}`, [
    {
      name: "Staff",
      body: `I am the staff, honestly ${stamp}`,
      status: "approved",
      email: `fake-staff-${stamp}@example.net`,
    },
  ]);

  // A real reply from the moderation screen: public at once, linked to the account, badged.
  const desk = await browser.newContext({ storageState: sessionState("comments") });
  const deskPage = await desk.newPage();
  await deskPage.goto(`/admin/comments?article=${articleId}`);
  const target = deskPage.getByRole("listitem", { name: "Comment by Staff" });
  await target.getByText("Reply", { exact: true }).click();
  const replyForm = target.getByRole("form", { name: "Reply to Staff" });
  await replyForm.getByLabel("Reply to Staff").fill(`From the real desk ${stamp}`);
  await replyForm.getByRole("button", { name: "Post reply" }).click();
  await expect(deskPage.getByRole("status")).toContainText("Reply posted.");
  await desk.close();
  // The flood rule counts the desk's reply by its email too; move it back a minute rather than wait.
  withE2eDb((db) =>
    db
      .prepare("update comments set created_at = created_at - 60000 where article_id = ? and user_id is not null")
      .run(articleId),
  );

  // Now an outsider types the administrator's name and address, which just appeared approved: held,
  // shown only to its sender, and without the badge.
  const article = new ArticlePage(page);
  await article.goto(slug);
  const impostorText = `Official statement from the desk ${stamp}`;
  await new ReplyFormSection(page).post({ comment: impostorText, name: "Administrator", email: E2E_ADMIN.email });
  const impostor = page.locator("li[id^='comment-']").filter({ hasText: impostorText });
  await expect(impostor).toContainText("Your comment is awaiting moderation.");
  await expect(impostor.getByTitle("Posted from the newsroom")).toHaveCount(0);

  const reader = await anonymousPage(browser, slug);
  await expect(reader.page.getByText(impostorText)).toHaveCount(0);
  const staffReply = reader.page.getByRole("article", { name: "Comment by Administrator" });
  await expect(staffReply).toContainText(`From the real desk ${stamp}`);
  await expect(staffReply.getByTitle("Posted from the newsroom")).toHaveText("Staff");
  // A guest who calls themselves "Staff" is only a name.
  await expect(reader.page.getByRole("article", { name: "Comment by Staff" })).toContainText(
    `I am the staff, honestly`,
  );
  await expect(reader.page.getByTitle("Posted from the newsroom")).toHaveCount(1);
  await reader.context.close();
});

/** A story of its own with `count` approved threads, from "Reader 1" (oldest) to "Reader <count>". */
function storyWithThreads(count: number) {
  const headline = `Paged comments ${uniqueId()}`;
  const threads = Array.from({ length: count }, (_, i) => ({
    name: `Reader ${i + 1}`,
    body: `Thread number ${i + 1}.`,
    status: "approved" as const,
  }));
  return { headline, ...seedArticleWithComments(headline, threads) };
}

const commentBy = (page: Page, name: string) => page.getByRole("article", { name: `Comment by ${name}`, exact: true });

test("more than 50 threads are paged as WordPress pages them: the newest at the story's URL", async ({
  page,
  request,
}) => {
  const { slug, headline } = storyWithThreads(120);
  await page.goto(`/articles/${slug}`);
  const comments = new ArticlePage(page).comments;
  await expect(comments.getByRole("heading", { name: `120 Responses to “${headline}”` })).toBeVisible();
  const shown = comments.getByRole("article", { name: /^Comment by / });
  await expect(shown).toHaveCount(20);
  await expect(commentBy(page, "Reader 101")).toBeVisible();
  await expect(commentBy(page, "Reader 120")).toBeVisible();
  const pages = page.getByRole("navigation", { name: "Comment pages" });
  await expect(pages).toContainText("Page 3 of 3");
  await expect(pages.getByRole("link", { name: /Newer Comments/ })).toHaveCount(0);

  await pages.getByRole("link", { name: /Older Comments/ }).click();
  await expect(page).toHaveURL(new RegExp(`/articles/${slug}/comment-page-2#comments$`));
  await expect(shown).toHaveCount(50);
  await expect(commentBy(page, "Reader 51")).toBeVisible();
  await expect(commentBy(page, "Reader 100")).toBeVisible();
  await expect(commentBy(page, "Reader 101")).toHaveCount(0);
  await expect(page.locator('link[rel="canonical"]')).toHaveAttribute("href", new RegExp(`/comment-page-2$`));
  await expect(page).toHaveTitle(new RegExp(`Comments, page 2`));

  await pages.getByRole("link", { name: /Older Comments/ }).click();
  await expect(page).toHaveURL(new RegExp(`/articles/${slug}/comment-page-1#comments$`));
  await expect(commentBy(page, "Reader 1")).toBeVisible();
  await expect(pages.getByRole("link", { name: /Older Comments/ })).toHaveCount(0);
  await pages.getByRole("link", { name: /Newer Comments/ }).click();
  await pages.getByRole("link", { name: /Newer Comments/ }).click();
  await expect(page).toHaveURL(new RegExp(`/articles/${slug}#comments$`));

  // Earlier pages are ordinary cached reader pages; numbers past the last are not pages.
  await expect(async () => {
    const again = await request.get(`/articles/${slug}/comment-page-1`);
    expect(again.headers()["x-newsroom-cache"]).toBe("hit");
  }).toPass({ timeout: 10_000 });
  for (const missing of ["comment-page-4", "comment-page-0", "comment-page-x"])
    expect((await request.get(`/articles/${slug}/${missing}`)).status(), missing).toBe(404);
});

test("a story with 2,000 comments is still a light page", async ({ request }) => {
  const { slug } = storyWithThreads(2_000);
  const response = await request.get(`/articles/${slug}`);
  expect(response.status()).toBe(200);
  const html = await response.text();
  expect(html).toContain("Page 40 of 40");
  // 50 threads and the story: about what a page with 50 comments weighs, not 2,000 (which was 6 MB).
  expect(html.length).toBeLessThan(200_000);
});
