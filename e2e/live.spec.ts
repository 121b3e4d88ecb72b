import { expect, test, type Browser, type Page } from "@playwright/test";
import { postUpdate, posted } from "./pages/live-panel";
import { expectAxeClean } from "./support/axe";
import { insertArticle, uniqueSlug } from "./support/db";
import { SIGNED_OUT, sessionState } from "./support/sessions";

// Live coverage: an editor runs a live blog on the story's editor page while readers keep it open.
test.use({ storageState: sessionState("live") });

const LIVE_WITHIN = { timeout: 2_000 };

async function reader(browser: Browser, javaScriptEnabled = true): Promise<Page> {
  const context = await browser.newContext({ storageState: SIGNED_OUT, javaScriptEnabled });
  return context.newPage();
}

function liveStory(label: string) {
  const slug = uniqueSlug(`live-${label}`);
  const id = insertArticle({ slug, headline: `Talks in Istanbul ${slug}`, publishedAt: Date.now() - 60_000 });
  return { id, slug, path: `/articles/${slug}` };
}

function jsonLd(page: Page) {
  return page
    .locator('script[type="application/ld+json"]')
    .first()
    .textContent()
    .then((text) => JSON.parse(text ?? "{}")["@graph"][0]);
}

test("an editor posts, edits, pins and deletes updates; an open reader page shows each within 2 s", async ({
  page: editor,
  browser,
}) => {
  // One journey through every step on a shared 2-core machine: generous overall, 2 s for each live step.
  test.setTimeout(150_000);
  const story = liveStory("flow");
  await editor.goto(`/admin/articles/${story.id}`);
  const toggle = editor.getByRole("switch", { name: "Live coverage" });
  await expect(toggle).toHaveAttribute("aria-checked", "false");
  await toggle.click();
  await expect(toggle).toHaveAttribute("aria-checked", "true");

  const page = await reader(browser);
  await page.goto(story.path);
  await expect(page.getByRole("heading", { name: /Live updates/ })).toBeVisible();
  const updates = page.getByRole("list", { name: "Updates" });

  await postUpdate(editor, "Delegations arrive at Dolmabahçe Palace.", { headline: "Delegations arrive", key: true });
  const notice = page.getByRole("button", { name: "1 new update" });
  await expect(notice).toBeVisible(LIVE_WITHIN);
  await notice.click();
  await expect(updates.getByText("Delegations arrive at Dolmabahçe Palace.")).toBeVisible();
  await expect(
    page.getByRole("navigation", { name: "Key events" }).getByRole("link", { name: /Delegations arrive/ }),
  ).toBeVisible();

  await postUpdate(editor, "A second update.");
  await postUpdate(editor, "A third update.");
  await expect(page.getByRole("button", { name: "2 new updates" })).toBeVisible(LIVE_WITHIN);
  await page.getByRole("button", { name: "2 new updates" }).click();
  await expect(updates.getByRole("listitem").first()).toContainText("A third update.");

  // An edit is applied in place.
  const first = posted(editor, "Delegations arrive at Dolmabahçe Palace.");
  await first.getByText("Edit", { exact: true }).click();
  const editForm = first.locator("form").filter({ has: editor.getByRole("button", { name: "Save update" }) });
  await editForm.getByRole("textbox", { name: "Update" }).fill("Delegations arrived at Dolmabahçe Palace at noon.");
  await editForm.getByRole("button", { name: "Save update" }).click();
  await expect(posted(editor, "Delegations arrived at Dolmabahçe Palace at noon.")).toHaveCount(1);
  await expect(updates.getByText("Delegations arrived at Dolmabahçe Palace at noon.")).toBeVisible(LIVE_WITHIN);

  // Pinned goes to the top.
  await posted(editor, "Delegations arrived at Dolmabahçe Palace at noon.")
    .getByRole("button", { name: "Pin to top" })
    .click();
  await expect(updates.getByRole("listitem").first()).toContainText("Pinned", LIVE_WITHIN);
  await expect(updates.getByRole("listitem").first()).toContainText("at noon");

  // A deletion disappears.
  await posted(editor, "A second update.").getByRole("button", { name: "Delete", exact: true }).click();
  await editor.getByRole("button", { name: "Delete update" }).click();
  await expect(posted(editor, "A second update.")).toHaveCount(0);
  await expect(updates.getByText("A second update.")).toHaveCount(0, LIVE_WITHIN);

  // Without JavaScript the page is complete on each load, with its own anchors and structured data.
  const noJs = await reader(browser, false);
  await noJs.goto(story.path);
  const noJsUpdates = noJs.getByRole("list", { name: "Updates" });
  await expect(noJsUpdates.getByRole("listitem")).toHaveCount(2);
  await expect(noJsUpdates.getByRole("listitem").first()).toContainText("at noon");
  await postUpdate(editor, "Posted while the no-JS reader waits.");
  await noJs.reload();
  await expect(noJsUpdates.getByText("Posted while the no-JS reader waits.")).toBeVisible();
  const link = noJs.getByRole("navigation", { name: "Key events" }).getByRole("link").first();
  const anchor = await link.getAttribute("href");
  expect(anchor).toMatch(/^#update-\d+$/);
  await expect(noJs.locator(anchor!)).toContainText("at noon");

  const live = await jsonLd(noJs);
  expect(live["@type"]).toBe("LiveBlogPosting");
  expect(live.coverageStartTime).toMatch(/^\d{4}-\d\d-\d\dT/);
  // While it runs, the end in prospect: a day after the newest update.
  expect(Date.parse(live.coverageEndTime)).toBeGreaterThan(Date.now() + 23 * 3_600_000);
  expect(live.liveBlogUpdate.map((u: { articleBody: string }) => u.articleBody)).toEqual([
    "Posted while the no-JS reader waits.",
    "A third update.",
    "Delegations arrived at Dolmabahçe Palace at noon.",
  ]);
  expect(live.liveBlogUpdate[2].url).toMatch(new RegExp(`${story.path}#update-\\d+$`));

  // The story card on the home page says Live while the coverage runs.
  await noJs.goto("/");
  await expect(noJs.getByRole("link", { name: `Talks in Istanbul ${story.slug}` })).toBeVisible();
  await expect(noJs.getByRole("heading", { name: `Live Talks in Istanbul ${story.slug}` })).toBeVisible();

  // Ending the coverage keeps the updates as an archive, with its end time.
  await toggle.click();
  await expect(toggle).toHaveAttribute("aria-checked", "false");
  await noJs.goto(story.path);
  await expect(noJs.getByRole("heading", { name: "Live coverage has ended" })).toBeVisible();
  await expect(noJsUpdates.getByRole("listitem")).toHaveCount(3);
  const ended = Date.parse((await jsonLd(noJs)).coverageEndTime);
  expect(Math.abs(ended - Date.now())).toBeLessThan(5 * 60_000);
});

test("the live story and the newsroom panel are clean under axe", async ({ page: editor, browser }) => {
  test.setTimeout(120_000);
  const story = liveStory("axe");
  await editor.goto(`/admin/articles/${story.id}`);
  await editor.getByRole("switch", { name: "Live coverage" }).click();
  await expect(editor.getByRole("switch", { name: "Live coverage" })).toHaveAttribute("aria-checked", "true");
  await postUpdate(editor, "The first update, a key event.", { headline: "It begins", key: true });
  await postUpdate(editor, "The second update.");
  await editor.screenshot({ path: test.info().outputPath("live-panel.png"), fullPage: true });
  const page = await reader(browser);
  await page.goto(story.path);
  await postUpdate(editor, "The third update.");
  await expect(page.getByRole("button", { name: "1 new update" })).toBeVisible(LIVE_WITHIN);
  await page.screenshot({ path: test.info().outputPath("live-story.png"), fullPage: true });
  await expectAxeClean(page);
  await expectAxeClean(editor);
});
