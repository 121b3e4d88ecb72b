import { expect, test } from "@playwright/test";
import { E2E_ADMIN } from "../playwright.config";
import { ArticleEditorPage } from "./pages/admin-article-editor";
import { shot, zonedInputValue } from "./pages/admin-session";
import { uniqueId } from "./support/ids";
import { sessionState } from "./support/sessions";

test.use({ storageState: sessionState("audit") });

test("a story published in the newsroom appears in the audit trail with who published it", async ({ page }) => {
  const headline = `Audit walk ${uniqueId()}`;
  const editor = new ArticleEditorPage(page);
  await editor.gotoNew();
  await editor.fill({ headline, body: "Filed for the audit trail." });
  await editor.status("Published").check();
  // Backdated behind the seeded lead story, which the reader specs expect to stay on top.
  await editor.form.getByLabel("Publish at").fill(zonedInputValue(Date.now() - 5 * 3_600_000));
  await editor.submit("Publish");
  await editor.expectToast("Article created.");
  const id = await editor.articleId();

  await page.getByRole("navigation", { name: "Newsroom" }).getByRole("link", { name: "Audit" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Audit trail" })).toBeVisible();
  const filters = page.getByRole("search", { name: "Filter the audit trail" });
  await filters.getByLabel("Action").selectOption({ label: "Article published" });
  await filters.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/action=article.publish/);
  const row = page.getByRole("row").filter({ hasText: headline });
  await expect(row).toContainText("Article published");
  await expect(row).toContainText(`article #${id}`);
  await expect(row).toContainText(E2E_ADMIN.email);
  await shot(page, "admin-audit");

  await page.getByRole("navigation", { name: "Newsroom" }).getByRole("link", { name: "Health" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Site health" })).toBeVisible();
  await expect(page.getByText("Newest backup")).toBeVisible();
  await shot(page, "admin-health");
});
