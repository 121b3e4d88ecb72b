import { expect, test, type Page } from "@playwright/test";
import { ArticleEditorPage } from "./pages/admin-article-editor";
import { shot } from "./pages/admin-session";
import { uniqueId } from "./support/ids";
import { expectAxeClean } from "./support/axe";
import { sessionState } from "./support/sessions";

/** The number beside Review in the newsroom's navigation (0 when none is shown). */
async function reviewCount(page: Page): Promise<number> {
  const link = page.getByRole("navigation", { name: "Newsroom" }).getByRole("link", { name: /^Review/ });
  const name = (await link.textContent()) ?? "";
  return Number(/(\d+)/.exec(name)?.[1] ?? 0);
}

test("a contributor submits, an editor sends back with a note, the contributor resubmits, the editor publishes", async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const writerContext = await browser.newContext({ storageState: sessionState("review-workflow.contributor") });
  const editorContext = await browser.newContext({ storageState: sessionState("review-workflow.editor") });
  const writer = await writerContext.newPage();
  const editor = await editorContext.newPage();
  const headline = `Harbour dredging plan ${uniqueId()}`;
  const note = "Add the port authority's response before this runs.";

  await editor.goto("/admin");
  const before = await reviewCount(editor);

  // The contributor cannot publish, but can submit for review.
  const story = new ArticleEditorPage(writer);
  await story.gotoNew();
  await expect(story.status("Published")).toBeDisabled();
  await story.fill({ headline, body: "The council votes on Tuesday." });
  await story.form.getByRole("radio", { name: "Pending review" }).check();
  await story.submit("Submit for review");
  const id = await story.articleId();
  await story.expectToast("Article created.");
  await expect(writer.getByRole("main").getByText("Pending review").first()).toBeVisible();

  // The editor sees the count in the navigation and on the dashboard, and sends the story back.
  await editor.goto("/admin");
  await expect.poll(() => reviewCount(editor)).toBe(before + 1);
  await expect(
    editor.getByRole("list", { name: "At a glance" }).getByRole("link", { name: /Pending review/ }),
  ).toContainText(String(before + 1));
  await editor
    .getByRole("navigation", { name: "Newsroom" })
    .getByRole("link", { name: /^Review/ })
    .click();
  await expect(editor.getByRole("heading", { level: 1, name: "Review" })).toBeVisible();
  const item = editor.getByRole("listitem", { name: headline });
  await expect(item).toBeVisible();
  await shot(editor, "review-queue");
  await expectAxeClean(editor);
  await item.getByRole("button", { name: "Send back" }).click();
  await expect(item.getByText("Tell the writer what to change.")).toBeVisible();
  await item.getByLabel("Note to the writer").fill(note);
  await item.getByRole("button", { name: "Send back" }).click();
  await expect(editor.getByRole("status")).toContainText("Story sent back to the writer.");
  await expect(item).toHaveCount(0);

  // The writer sees the note on their dashboard and in the story, and resubmits.
  await writer.goto("/admin");
  const sentBack = writer.getByRole("region", { name: "Sent back to you" });
  await expect(sentBack.getByRole("link", { name: headline })).toBeVisible();
  await expect(sentBack).toContainText(note);
  await shot(writer, "review-sent-back-dashboard");
  await expectAxeClean(writer);
  await sentBack.getByRole("link", { name: headline }).click();
  await expect(writer.getByRole("region", { name: /^Sent back by/ })).toContainText(note);
  await shot(writer, "review-sent-back-story");
  await expectAxeClean(writer);
  await story.fill({ body: "The council votes on Tuesday. The port authority declined to comment." });
  await story.form.getByRole("radio", { name: "Pending review" }).check();
  await story.submit("Submit for review");
  await story.expectToast("Submitted for review.");
  await expect(writer.getByRole("region", { name: /^Sent back by/ })).toHaveCount(0);

  // The editor publishes it from the queue; readers see it, and the history says who did what.
  await editor.goto("/admin/review");
  await editor.getByRole("listitem", { name: headline }).getByRole("button", { name: "Publish now" }).click();
  await expect(editor.getByRole("status")).toContainText("Story published.");
  await editor.goto(`/admin/articles/${id}`);
  const history = editor.getByRole("region", { name: "Status history" }).getByRole("listitem");
  await expect(history).toHaveCount(4);
  await expect(history.first()).toContainText("Pending review → Published");
  await expect(history.nth(2)).toContainText(note);
  await shot(editor, "review-status-history");

  const slug = await editor.getByLabel("Slug").inputValue();
  const reader = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const readerPage = await reader.newPage();
  await readerPage.goto(`/articles/${slug}`);
  await expect(readerPage.getByRole("heading", { level: 1 })).toHaveText(headline);
  await Promise.all([writerContext.close(), editorContext.close(), reader.close()]);
});
