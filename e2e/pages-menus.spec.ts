import { expect, test } from "@playwright/test";
import { PageEditorPage } from "./pages/admin-page-editor";
import { shot } from "./pages/admin-session";
import { expectAxeClean } from "./support/axe";
import { uniqueId } from "./support/ids";
import { sessionState, SIGNED_OUT } from "./support/sessions";

test.use({ storageState: sessionState("pages-menus.editor") });

test("an editor writes and publishes a page, puts it in the header, and readers find it there and at its address", async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  const id = uniqueId();
  const title = `Masthead ${id}`;
  const address = `masthead-${id}`;

  await page.goto("/admin");
  await page.getByRole("navigation", { name: "Newsroom" }).getByRole("link", { name: "Pages" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Pages" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Pages" })).toContainText("Corrections policy");
  await expectAxeClean(page);
  await page.getByRole("link", { name: "New page" }).click();

  const editor = new PageEditorPage(page);
  await expect(editor.body).toHaveAttribute("contenteditable", "true");
  await editor.fill({ title, address: "admin", status: "Published" });
  await editor.body.click();
  await page.keyboard.type("Who we are and how we work.");
  await page.keyboard.press("Enter");
  await page.keyboard.type("## Contact the newsroom");
  await page.keyboard.press("Enter");
  await page.keyboard.type("Write to us any time.");
  await expect(editor.body.getByRole("heading", { name: "Contact the newsroom" })).toBeVisible();

  // An address the app's own routes hold is refused, with the field named, and nothing typed is lost.
  await editor.save();
  await expect(editor.form.getByLabel("Address")).toHaveAccessibleDescription(/belongs to another part of the site/);
  await expect(editor.body).toContainText("Write to us any time.");

  await editor.fill({ address });
  await editor.save();
  await expect(page).toHaveURL(/\/admin\/pages\/\d+\?saved=1$/);
  await expect(page.getByRole("status")).toContainText("Page created.");
  await expect(page.getByRole("region", { name: "Revisions" }).getByRole("listitem")).toHaveCount(1);
  await expectAxeClean(page);
  await shot(page, "pages-edit");

  await page.getByRole("navigation", { name: "Newsroom" }).getByRole("link", { name: "Menus" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Menus" })).toBeVisible();
  // The section first, so the header keeps World for anyone reading meanwhile; then the page.
  const addSection = page.getByRole("form", { name: "Add a section" });
  await addSection.getByLabel("Menu").selectOption({ label: "Header" });
  await addSection.getByLabel("Section").selectOption({ label: "World" });
  await addSection.getByRole("button", { name: "Add section" }).click();
  await expect(page.getByRole("status")).toContainText("Added to the menu.");
  const addPage = page.getByRole("form", { name: "Add a page" });
  await addPage.getByLabel("Menu").selectOption({ label: "Header" });
  await addPage.getByLabel("Page").selectOption({ label: title });
  await addPage.getByRole("button", { name: "Add page" }).click();
  const headerMenu = page.getByRole("list", { name: "Header menu, in order" });
  await expect(headerMenu.getByRole("listitem")).toHaveCount(2);
  await expect(headerMenu.getByRole("listitem").nth(1)).toContainText(title);

  // A custom link to javascript: is refused, with the field named.
  const addLink = page.getByRole("form", { name: "Add a custom link" });
  await addLink.getByLabel("Link text").fill("Click me");
  await addLink.getByLabel("Address").fill("javascript:alert(1)");
  await addLink.getByRole("button", { name: "Add link" }).click();
  await expect(addLink.getByLabel("Address")).toHaveAccessibleDescription(/starting with https:\/\//);
  await expect(headerMenu.getByRole("listitem")).toHaveCount(2);
  await expectAxeClean(page);
  await shot(page, "menus");

  const reader = await (await browser.newContext({ storageState: SIGNED_OUT })).newPage();
  await reader.goto("/");
  const header = reader.getByRole("navigation", { name: "Sections" });
  await expect(header.getByRole("link", { name: "World" })).toBeVisible();
  await header.getByRole("link", { name: title }).click();
  await expect(reader).toHaveURL(new RegExp(`/${address}$`));
  await expect(reader.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expect(reader.getByRole("heading", { level: 2, name: "Contact the newsroom" })).toBeVisible();
  await expect(reader.getByRole("contentinfo").getByRole("link", { name: "Corrections policy" })).toBeVisible();
  await reader.screenshot({ path: "/tmp/admin-shots/reader-page.png", fullPage: true });

  // Back to the default header: the entries come out, and readers see every section again.
  for (const name of [title, "World"]) {
    await headerMenu
      .getByRole("listitem")
      .filter({ hasText: name })
      .getByRole("button", { name: /^Remove/ })
      .click();
    await expect(headerMenu.getByRole("listitem").filter({ hasText: name })).toHaveCount(0);
  }
  await reader.goto(`/${address}`);
  await expect(header.getByRole("link", { name: title })).toHaveCount(0);
  await expect(reader.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await reader.context().close();
});

test.describe("below an editor", () => {
  test.use({ storageState: sessionState("pages-menus.contributor") });

  test("a contributor has no Pages or Menus, and their addresses send them back to the dashboard", async ({ page }) => {
    await page.goto("/admin");
    const nav = page.getByRole("navigation", { name: "Newsroom" });
    await expect(nav.getByRole("link", { name: "Articles" })).toBeVisible();
    await expect(nav.getByRole("link", { name: "Pages" })).toHaveCount(0);
    await expect(nav.getByRole("link", { name: "Menus" })).toHaveCount(0);
    for (const path of ["/admin/pages", "/admin/pages/new", "/admin/menus"]) {
      await page.goto(path);
      await expect(page).toHaveURL(/\/admin\?denied=1$/);
    }
  });
});
