import { expect, test } from "@playwright/test";
import { signIn } from "./pages/admin-session";
import { expectAxeClean } from "./support/axe";
import { insertArticle, insertUser, uniqueSlug } from "./support/db";
import { SIGNED_OUT, sessionState } from "./support/sessions";

// Editorial notes: a thread on the story's editor page that only the newsroom sees. A colleague mentioned
// with @ finds the note under "For you" on their dashboard until they open the story; readers never see a
// word of it, on the story, its feed entry or its JSON-LD.
test.use({ storageState: sessionState("notes") });

test("a note mentions a colleague, who finds it under For you; readers never see it", async ({ page, browser }) => {
  test.setTimeout(60_000);
  const slug = uniqueSlug("noted");
  const id = insertArticle({ slug, headline: `Noted story ${slug}`, publishedAt: Date.now() - 60_000 });
  const colleague = await insertUser("editor");
  const handle = colleague.email.split("@")[0];
  const secret = `Check the minister's quote before noon ${slug}`;

  await page.goto(`/admin/articles/${id}`);
  const notes = page.getByRole("region", { name: "Editorial notes" });
  await expect(notes.getByText("No notes yet.")).toBeVisible();
  const form = notes.getByRole("form", { name: "Add a note" });
  await form.getByRole("textbox", { name: "Note", exact: true }).click();
  await page.keyboard.type(`@${handle} ${secret}`);
  await form.getByRole("button", { name: "Add note" }).click();
  const thread = notes.getByRole("list", { name: "Notes, oldest first" });
  await expect(thread.getByRole("listitem")).toHaveCount(1);
  await expect(thread).toContainText(secret);
  // The field empties for the next note.
  await expect(form.getByRole("textbox", { name: "Note", exact: true })).toHaveText("");
  await expectAxeClean(page, "#notes-title + *");

  const desk = await (await browser.newContext({ storageState: SIGNED_OUT })).newPage();
  await signIn(desk, colleague);
  const forYou = desk.getByRole("region", { name: "For you" });
  await expect(forYou.getByRole("link", { name: `Noted story ${slug}` })).toBeVisible();
  await expect(forYou).toContainText(secret);
  await forYou.getByRole("link", { name: `Noted story ${slug}` }).click();
  await expect(desk).toHaveURL(new RegExp(`/admin/articles/${id}#notes-title$`));
  await expect(desk.getByRole("region", { name: "Editorial notes" })).toContainText(secret);
  // Opened: it leaves For you.
  await desk.goto("/admin");
  await expect(desk.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
  await expect(desk.getByRole("region", { name: "For you" })).toHaveCount(0);
  await desk.context().close();

  const reader = await browser.newContext({ storageState: SIGNED_OUT });
  for (const path of [`/articles/${slug}`, "/feed.xml", "/", "/sitemap.xml"]) {
    const body = await (await reader.request.get(path)).text();
    expect(body, path).not.toContain(secret);
  }
  const story = await reader.newPage();
  await story.goto(`/articles/${slug}`);
  await expect(story.getByRole("heading", { level: 1 })).toContainText(`Noted story ${slug}`);
  await expect(story.getByText(secret)).toHaveCount(0);
  await reader.close();
});
