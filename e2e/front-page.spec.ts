import { expect, test } from "@playwright/test";
import { shot, zonedInputValue } from "./pages/admin-session";
import { insertArticle, uniqueSlug, withE2eDb } from "./support/db";
import { uniqueId } from "./support/ids";
import { expectAxeClean } from "./support/axe";
import { sessionState, SIGNED_OUT } from "./support/sessions";

test.use({ storageState: sessionState("front-page.editor") });

/** The next whole minute at least 70 seconds away: datetime-local has no seconds. */
function nextMinuteAfter70s(): number {
  const at = Date.now() + 70_000;
  return Math.ceil(at / 60_000) * 60_000;
}

/**
 * Brings a pick's expiry forward to `at`, as if the minute the editor entered had come: the test waits
 * seconds, not a minute, for the sweep (which reads expiries from the database every second) to act.
 */
function expirePickAt(articleId: number, at: number) {
  withE2eDb((db) => db.prepare("update front_page_picks set expires_at = ? where article_id = ?").run(at, articleId));
}

test("pinning a lead changes the home page at once, and the pin expires on time", async ({ page, browser }) => {
  test.setTimeout(90_000);
  const headline = `Pinned analysis ${uniqueId()}`;
  // Six hours old: the latest stories would not make it the lead.
  const id = insertArticle({ slug: uniqueSlug("pinned"), headline, publishedAt: Date.now() - 6 * 3_600_000 });
  const reader = await (await browser.newContext({ storageState: SIGNED_OUT })).newPage();
  const lead = reader.getByRole("region", { name: "Lead story" });
  await reader.goto("/");
  await expect(lead).not.toContainText(headline);

  await page.goto("/admin");
  await page.getByRole("navigation", { name: "Newsroom" }).getByRole("link", { name: "Front page" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Front page" })).toBeVisible();
  const pin = page.getByRole("form", { name: "Add to the front page" });
  await pin.getByLabel("Story", { exact: true }).selectOption({ label: headline });
  await pin.getByRole("radio", { name: "Lead story" }).check();
  await pin.getByLabel("Expires at").fill(zonedInputValue(nextMinuteAfter70s()));
  await pin.getByRole("button", { name: "Pin to the front page" }).click();
  await expect(page.getByRole("status")).toContainText("Lead story set.");
  await expect(page.getByRole("region", { name: "Lead story" })).toContainText(headline);
  await shot(page, "front-page");
  await expectAxeClean(page);

  // At once for readers, the cached home page included.
  await reader.goto("/");
  await expect(lead).toContainText(headline);

  // On time: the sweep drops the cached page when the pin expires.
  const expiresAt = Date.now() + 4_000;
  expirePickAt(id, expiresAt);
  await expect
    .poll(
      async () => {
        await reader.goto("/");
        return (await lead.textContent()) ?? "";
      },
      { timeout: 20_000, intervals: [1_000] },
    )
    .not.toContain(headline);
  expect(Date.now()).toBeGreaterThanOrEqual(expiresAt);
  await reader.context().close();
});

test("the Breaking banner appears on every reader page and is cleared", async ({ page, browser }) => {
  test.setTimeout(90_000);
  const text = `Breaking: bridge closed ${uniqueId()}`;
  const reader = await (await browser.newContext({ storageState: SIGNED_OUT })).newPage();
  const banner = reader.getByRole("complementary", { name: "Breaking news" });

  await page.goto("/admin/front-page");
  const form = page.getByRole("form", { name: "Breaking banner" });
  await form.getByLabel("Banner text").fill(text);
  await form.getByLabel("Link").fill("javascript:alert(1)");
  await form.getByRole("button", { name: "Raise banner" }).click();
  await expect(form.getByText("Use an address on this site")).toBeVisible();
  await form.getByLabel("Link").fill("/world");
  await form.getByRole("button", { name: "Raise banner" }).click();
  await expect(page.getByRole("status")).toContainText("Breaking banner is up.");

  for (const path of ["/", "/world", "/search"]) {
    await reader.goto(path);
    await expect(banner).toContainText(text);
  }
  await banner.getByRole("link").click();
  await expect(reader).toHaveURL(/\/world$/);
  await shot(reader, "breaking-banner");

  await page.getByRole("button", { name: "Clear banner" }).click();
  await expect(page.getByRole("status")).toContainText("Breaking banner cleared.");
  for (const path of ["/", "/world"]) {
    await reader.goto(path);
    await expect(reader.getByRole("heading", { level: 1 }).first()).toBeVisible();
    await expect(reader.getByText(text)).toHaveCount(0);
  }
  await reader.context().close();
});
