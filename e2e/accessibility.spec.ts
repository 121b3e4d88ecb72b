import { test, expect, type Page } from "@playwright/test";
import { seedArticleWithComments } from "./pages/admin-db";
import { createUserViaUi, signIn } from "./pages/admin-session";
import { ArticleEditorPage } from "./pages/admin-article-editor";
import { ReplyFormSection } from "./pages/article-page";
import { axeViolations } from "./support/axe";
import { insertArticle, insertSection, uniqueSlug } from "./support/db";

// WCAG 2.0/2.1/2.2 A and AA, the level the issue asks for; nothing is excluded, nothing disabled.
const SCHEMES = ["light", "dark"] as const;

/** One line per violation and per node, so a failure says what to fix and where without opening a trace. */
function describe(violations: Awaited<ReturnType<typeof axeViolations>>): string {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .slice(0, 8)
        .map((n) => `    ${n.target.join(" ")}\n      ${n.failureSummary?.replace(/\n/g, " ").slice(0, 300) ?? ""}`)
        .join("\n");
      const more = v.nodes.length > 8 ? `\n    …and ${v.nodes.length - 8} more` : "";
      return `  [${v.impact}] ${v.id}: ${v.help} (${v.nodes.length} node(s))\n${nodes}${more}`;
    })
    .join("\n");
}

/** Runs axe on the page as it is now, in light and then dark colour schemes, and collects the findings. */
async function audit(page: Page, screen: string, found: string[]) {
  for (const colorScheme of SCHEMES) {
    await page.emulateMedia({ colorScheme });
    const violations = await axeViolations(page);
    if (violations.length > 0) found.push(`${screen} (${colorScheme}):\n${describe(violations)}`);
  }
  await page.emulateMedia({ colorScheme: "light" });
}

// One test walks every screen (the wording) and reports all of them at once rather than
// stopping at the first, so a single run shows the whole list.
test("every reader and newsroom screen has no axe violations in light and dark mode", async ({ page }) => {
  test.setTimeout(360_000);
  const found: string[] = [];
  const stamp = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const { slug, articleId } = seedArticleWithComments(`Accessible thread ${stamp}`, [
    { name: "Ayla Demir", body: "An approved first comment.", status: "approved" },
    { name: "Jonas Berg", body: "An approved second comment.", status: "approved" },
    { name: "Pending Person", body: "Waiting for a moderator.", status: "pending" },
  ]);

  const reader: [string, string][] = [
    ["home", "/"],
    ["article with comments", `/articles/${slug}`],
    ["seeded article", "/articles/russia-ukraine-talks-istanbul"],
    ["section", "/world"],
    ["tag", "/tags/diplomacy"],
    ["author", "/authors/elif-arslan"],
    ["search form", "/search"],
    ["search with results", "/search?q=ceasefire"],
    ["search without results", "/search?q=zebrafish%20quokkas"],
    ["404", `/articles/no-such-story-${stamp}`],
    ["login", "/login"],
  ];
  for (const [screen, path] of reader) {
    await page.goto(path);
    await audit(page, screen, found);
  }

  await page.goto(`/articles/${slug}`);
  const form = new ReplyFormSection(page);
  await form.post({ comment: "A comment", name: "", email: "" });
  await expect(form.errors).toContainText("Please fill the required fields.");
  await audit(page, "reply form with errors", found);

  // The per-visitor route: replying to a named comment, with its "Cancel reply" link.
  await page.getByRole("link", { name: "Reply to Ayla Demir" }).click();
  await expect(page.getByRole("heading", { level: 3, name: "Leave a Reply to Ayla Demir" })).toBeVisible();
  await audit(page, "reply to a comment", found);

  await page.goto("/login");
  await page.getByLabel("Email").fill("nobody@example.com");
  await page.getByLabel("Password").fill("wrong password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("Invalid email or password.");
  await audit(page, "login with an error", found);

  await signIn(page);
  const editor = new ArticleEditorPage(page);
  await editor.gotoNew();
  await audit(page, "editor (new)", found);
  await editor.fill({ headline: `Accessible draft ${stamp}`, body: "First body." });
  await editor.submit("Save draft");
  const draftId = await editor.articleId();
  await editor.fill({ body: "Second body." });
  await editor.submit("Save draft");
  await editor.expectToast("Draft saved.");
  await audit(page, "editor (existing)", found);

  await page.goto(`/admin/articles/${draftId}/revisions`);
  const revisions = page.getByRole("list", { name: "Revisions, newest first" });
  await expect(revisions.getByRole("listitem")).toHaveCount(2);
  await audit(page, "revisions", found);
  await revisions.getByRole("listitem").nth(1).getByRole("link").click();
  await expect(page.getByText("First body.")).toBeVisible();
  await audit(page, "a revision", found);

  const newsroom: [string, string][] = [
    ["dashboard", "/admin"],
    ["article list", "/admin/articles"],
    ["comments queue", `/admin/comments?article=${articleId}`],
    ["comments queue (all)", "/admin/comments"],
    ["users", "/admin/users"],
    ["settings", "/admin/settings"],
    ["profile", "/admin/profile"],
    ["import", "/admin/import"],
    ["preview of a draft", `/admin/articles/${draftId}/preview`],
    ["newsroom 404", `/admin/no-such-screen-${stamp}`],
  ];
  for (const [screen, path] of newsroom) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await audit(page, screen, found);
  }

  // The queue with a row's reply and edit forms open, then a staff reply as readers see it.
  await page.goto(`/admin/comments?article=${articleId}`);
  const row = page.getByRole("listitem", { name: "Comment by Jonas Berg" });
  await row.getByText("Edit", { exact: true }).click();
  await row.getByText("Reply", { exact: true }).click();
  const reply = row.getByRole("form", { name: "Reply to Jonas Berg" });
  await reply.getByRole("button", { name: "Post reply" }).click();
  await expect(reply.getByText("Please type your reply.")).toBeVisible();
  await audit(page, "comments queue with forms open", found);
  await reply.getByLabel("Reply to Jonas Berg").fill(`From the desk ${stamp}`);
  await reply.getByRole("button", { name: "Post reply" }).click();
  await expect(page.getByRole("status")).toContainText("Reply posted.");
  await page.goto(`/articles/${slug}`);
  await expect(page.getByText(`From the desk ${stamp}`)).toBeVisible();
  await audit(page, "article with a staff reply", found);

  expect(found.length, `axe found violations:\n\n${found.join("\n\n")}`).toBe(0);
});

test("paginated lists and a contributor's editor have no axe violations in light and dark mode", async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000);
  const found: string[] = [];
  const slug = uniqueSlug("accessible-archive");
  const word = slug.replace(/\W/g, "");
  const sectionId = insertSection("Accessible archive", slug);
  // Far in the past, so these stories stay off the front page other tests read.
  const then = Date.now() - 50 * 24 * 3_600_000;
  for (let i = 1; i <= 22; i++) {
    insertArticle({
      slug: `${slug}-${i}`,
      headline: `Archive ${word} number ${i}`,
      sectionId,
      publishedAt: then - i * 60_000,
    });
  }
  for (const [screen, path] of [
    ["section, first page", `/${slug}`],
    ["section, last page", `/${slug}?page=2`],
    ["search, second page", `/search?q=${word}&page=2`],
  ]) {
    await page.goto(path);
    await expect(page.getByRole("navigation", { name: "Pagination" })).toBeVisible();
    await audit(page, screen, found);
  }

  // A contributor sees the editor with publishing held back, and explained.
  const contributor = await createUserViaUi(browser, "contributor");
  await signIn(page, contributor, "/admin/articles/new");
  await expect(page.getByText("Save a draft, or submit it for review; an editor publishes it.")).toBeVisible();
  await audit(page, "editor as a contributor", found);

  expect(found.length, `axe found violations:\n\n${found.join("\n\n")}`).toBe(0);
});
