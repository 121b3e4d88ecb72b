import { expect, test } from "@playwright/test";
import { seedArticleWithComments } from "./pages/admin-db";
import { shot } from "./pages/admin-session";
import { uniqueId } from "./support/ids";
import { sessionState, SIGNED_OUT } from "./support/sessions";

test.use({ storageState: sessionState("admin-comments") });

test("moderating comments: approve, reply, edit, bulk trash, delete and empty", async ({ page }) => {
  test.setTimeout(90_000);
  const stamp = uniqueId();
  const { articleId, slug } = seedArticleWithComments(`Moderation desk ${stamp}`, [
    { name: "Ayla Pending", body: `Held remark ${stamp}`, status: "pending" },
    { name: "Burak Approved", body: `Public remark ${stamp}`, status: "approved" },
    { name: "Spammy Seller", body: `Cheap watches ${stamp}`, status: "spam" },
    { name: "Trashed Troll", body: `Rude words ${stamp}`, status: "trash" },
  ]);
  await page.goto(`/admin/comments?article=${articleId}`);
  const tabs = page.getByRole("navigation", { name: "Filter by status" });
  for (const [label, n] of [
    ["All", 2],
    ["Pending", 1],
    ["Approved", 1],
    ["Spam", 1],
    ["Trash", 1],
  ] as const) {
    await expect(tabs.getByRole("link", { name: `${label} (${n})` })).toBeVisible();
  }
  const pending = page.getByRole("listitem", { name: "Comment by Ayla Pending" });
  await expect(pending).toContainText("ayla.pending@example.org");
  await expect(pending).toContainText("IP 192.0.2.99");
  await expect(pending.getByRole("link", { name: `Moderation desk ${stamp}` })).toBeVisible();
  await shot(page, "comments");

  // Held comments are not public; approving publishes at once.
  await page.goto(`/articles/${slug}`);
  await expect(page.getByText(`Held remark ${stamp}`)).toHaveCount(0);
  await page.goBack();
  await pending.getByRole("button", { name: "Approve" }).click();
  await expect(page.getByRole("status")).toContainText("Comment approved.");
  await page.goto(`/articles/${slug}`);
  await expect(page.getByText(`Held remark ${stamp}`)).toBeVisible();

  // Reply as the signed-in editor: empty first, then for real.
  await page.goto(`/admin/comments?article=${articleId}`);
  const approved = page.getByRole("listitem", { name: "Comment by Burak Approved" });
  await approved.getByText("Reply", { exact: true }).click();
  const reply = approved.getByRole("form", { name: "Reply to Burak Approved" });
  await reply.getByRole("button", { name: "Post reply" }).click();
  await expect(reply.getByText("Please type your reply.")).toBeVisible();
  await reply.getByLabel("Reply to Burak Approved").fill(`Thank you, Burak ${stamp}`);
  await reply.getByRole("button", { name: "Post reply" }).click();
  await expect(page.getByRole("status")).toContainText("Reply posted.");
  await page.goto(`/articles/${slug}`);
  await expect(page.getByText(`Thank you, Burak ${stamp}`)).toBeVisible();
  await expect(page.locator("#comments")).toContainText("Administrator");

  // Edit: an invalid email is refused, a valid change is public at once.
  await page.goto(`/admin/comments?article=${articleId}`);
  const ayla = page.getByRole("listitem", { name: "Comment by Ayla Pending" });
  await ayla.getByText("Edit", { exact: true }).click();
  const edit = ayla.getByRole("form", { name: "Edit comment by Ayla Pending" });
  await edit.getByLabel("Email").fill("not-an-email");
  await edit.getByRole("button", { name: "Update comment" }).click();
  await expect(edit.getByText("Please enter a valid email address.")).toBeVisible();
  await edit.getByLabel("Email").fill("ayla@example.org");
  await edit.getByLabel("Comment").fill(`Held remark ${stamp}, edited`);
  await edit.getByRole("button", { name: "Update comment" }).click();
  await expect(page.getByRole("status")).toContainText("Comment updated.");
  await page.goto(`/articles/${slug}`);
  await expect(page.getByText(`Held remark ${stamp}, edited`)).toBeVisible();

  // Bulk: check two rows, move them to the trash.
  await page.goto(`/admin/comments?article=${articleId}`);
  await page.getByRole("checkbox", { name: "Select comment by Ayla Pending" }).check();
  await page.getByRole("checkbox", { name: "Select comment by Burak Approved" }).check();
  await page.getByRole("combobox", { name: "Bulk action" }).selectOption("trash");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByRole("status")).toContainText("2 comments moved to the trash.");
  await page.goto(`/articles/${slug}`);
  await expect(page.getByText(`Public remark ${stamp}`)).toHaveCount(0);

  // Spam: delete permanently behind a confirmation; restore from trash; empty trash.
  await page.goto(`/admin/comments?status=spam&article=${articleId}`);
  const spam = page.getByRole("listitem", { name: "Comment by Spammy Seller" });
  await spam.getByRole("button", { name: "Delete permanently" }).click();
  await page
    .getByRole("dialog", { name: "Delete this comment permanently?" })
    .getByRole("button", { name: "Delete permanently" })
    .click();
  await expect(page.getByRole("status")).toContainText("Comment deleted permanently.");
  await expect(page.getByText(`Cheap watches ${stamp}`)).toHaveCount(0);

  await page.goto(`/admin/comments?status=trash&article=${articleId}`);
  await page
    .getByRole("listitem", { name: "Comment by Burak Approved" })
    .getByRole("button", { name: "Restore" })
    .click();
  await expect(page.getByRole("status")).toContainText("Comment restored.");
  await page.getByRole("button", { name: "Empty trash" }).click();
  await page.getByRole("dialog", { name: "Empty trash?" }).getByRole("button", { name: "Empty trash" }).click();
  await expect(page.getByRole("status")).toContainText(/Trash emptied \(\d+ deleted\)/);
  await page.goto(`/admin/comments?article=${articleId}`);
  await expect(tabs.getByRole("link", { name: "Pending (1)" })).toBeVisible();
  await expect(tabs.getByRole("link", { name: "Trash (0)" })).toBeVisible();
});

test.describe("below the editor", () => {
  test.use({ storageState: SIGNED_OUT });

  test("signed-out visitors and authors cannot moderate", async ({ page, browser }) => {
    await page.goto("/admin/comments?status=pending");
    await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fadmin%2Fcomments%3Fstatus%3Dpending$/);
    const context = await browser.newContext({ storageState: sessionState("admin-comments.author") });
    const author = await context.newPage();
    await author.goto("/admin/comments");
    await expect(author).toHaveURL(/\/admin\?denied=1$/);
    await expect(
      author.getByRole("navigation", { name: "Newsroom" }).getByRole("link", { name: "Comments" }),
    ).toHaveCount(0);
    await context.close();
  });
});
