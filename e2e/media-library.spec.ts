import fs from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { ArticleEditorPage } from "./pages/admin-article-editor";
import { shot } from "./pages/admin-session";
import { expectAxeClean } from "./support/axe";
import { uniqueId } from "./support/ids";
import { sessionState } from "./support/sessions";

// An editor's journey through the media library: an image uploaded in one story is found in the library,
// described there once, placed from the library in a second story with those texts; an unused image is
// deleted, and one in use is kept with its stories named.
test.use({ storageState: sessionState("media-library") });

const PHOTO = path.join(import.meta.dirname, "../tests/fixtures/wordpress/uploads/2023/11/council.png");

/** The fixture photo under a name of this run's own, so the library's search finds only it. */
function photoNamed(dir: string, name: string): string {
  const file = path.join(dir, name);
  fs.mkdirSync(dir, { recursive: true });
  fs.copyFileSync(PHOTO, file);
  return file;
}

async function uploadIntoBody(page: Page, editor: ArticleEditorPage, file: string) {
  const chooser = page.waitForEvent("filechooser");
  await editor.form.getByRole("toolbar", { name: "Formatting" }).getByRole("button", { name: "Image" }).click();
  await (await chooser).setFiles(file);
}

/** The library's card of the image named `fileName`, found through the search. */
async function libraryCard(page: Page, fileName: string, filter = "") {
  await page.goto(`/admin/media?q=${encodeURIComponent(fileName)}${filter}`);
  return page
    .getByRole("list", { name: "Images" })
    .getByRole("listitem")
    .filter({
      has: page.getByRole("heading", { name: fileName, exact: true }),
    });
}

test("an image goes from one story into the library, is described once, and goes into a second story", async ({
  page,
}, testInfo) => {
  test.slow();
  const id = uniqueId();
  const [usedName, spareName] = [`harbour-${id}.png`, `spare-${id}.png`];
  const used = photoNamed(testInfo.outputPath(), usedName);
  const spare = photoNamed(testInfo.outputPath(), spareName);
  const editor = new ArticleEditorPage(page);

  // 1. Uploaded in a story's text.
  const first = `Harbour story ${id}`;
  await editor.gotoNew();
  await editor.fill({ headline: first });
  await uploadIntoBody(page, editor, used);
  await editor.form.getByLabel("Image 1 alt text").fill("Boats in the harbour");
  await editor.submit("Save draft");
  await expect(page).toHaveURL(/\/admin\/articles\/\d+/, { timeout: 30_000 });

  // 2. Found in the library, used by that story.
  await page.getByRole("navigation", { name: "Newsroom" }).getByRole("link", { name: "Media" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Media library" })).toBeVisible();
  let card = await libraryCard(page, usedName);
  await expect(card).toHaveCount(1);
  await expect(card.getByRole("link", { name: `in the text of “${first}”` })).toBeVisible();

  // 3. Described once in the library.
  await card.getByLabel("Alt text").fill(`Fishing boats moored at dawn ${id}`);
  await card.getByLabel("Caption").fill("The harbour before the market opens");
  await card.getByLabel("Credit").fill("Photo: Ana Ruiz");
  await card.getByRole("button", { name: "Save details" }).click();
  await expect(page.getByRole("status")).toContainText("Image details saved.");
  await page.reload();
  card = await libraryCard(page, usedName);
  await expect(card.getByLabel("Alt text")).toHaveValue(`Fishing boats moored at dawn ${id}`);

  // 4. Placed from the library in a second story, with the library's texts; a second upload is dropped.
  const second = `Market story ${id}`;
  await editor.gotoNew();
  await editor.fill({ headline: second });
  await editor.form.getByRole("button", { name: "Choose from library" }).click();
  const dialog = page.getByRole("dialog", { name: "Choose from library" });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel("Search the library").fill(usedName);
  await dialog.getByRole("button", { name: "Search", exact: true }).click();
  await dialog.getByRole("button", { name: `Choose Fishing boats moored at dawn ${id}` }).click();
  await expect(dialog).toBeHidden();
  await expect(editor.form.getByLabel("Image 1 alt text")).toHaveValue(`Fishing boats moored at dawn ${id}`);
  await expect(editor.form.getByLabel("Image 1 caption")).toHaveValue("The harbour before the market opens");
  await expect(editor.form.getByLabel("Image 1 credit")).toHaveValue("Photo: Ana Ruiz");
  await uploadIntoBody(page, editor, spare);
  await expect(editor.form.getByLabel("Image 2 alt text")).toBeFocused();
  await editor.form.getByRole("button", { name: "Remove image 2" }).click();
  await editor.submit("Save draft");
  await expect(page).toHaveURL(/\/admin\/articles\/\d+/, { timeout: 30_000 });

  // 5. The image names both stories; the dropped upload is unused, and is deleted.
  card = await libraryCard(page, usedName);
  await expect(card.getByRole("link", { name: `in the text of “${second}”` })).toBeVisible();
  const spareCard = await libraryCard(page, spareName, "&filter=unused");
  await expect(spareCard.getByText("Not used anywhere.")).toBeVisible();
  await spareCard.getByRole("button", { name: "Delete", exact: true }).click();
  await page
    .getByRole("dialog", { name: `Delete ${spareName}?` })
    .getByRole("button", { name: "Delete image" })
    .click();
  await expect(page.getByRole("status")).toContainText("Image deleted.");
  await expect(page.getByRole("heading", { name: spareName })).toHaveCount(0);

  // 6. The image in use is kept, and its stories are named.
  card = await libraryCard(page, usedName);
  await card.getByRole("button", { name: "Delete", exact: true }).click();
  await page
    .getByRole("dialog", { name: `Delete ${usedName}?` })
    .getByRole("button", { name: "Delete image" })
    .click();
  await expect(card.getByRole("alert")).toContainText(`This image is still used (in the text of “${first}”`);
  await expect(card.getByRole("alert")).toContainText(`in the text of “${second}”`);
  await page.reload();
  await expect((await libraryCard(page, usedName)).getByRole("heading", { name: usedName })).toBeVisible();

  // 7. The screen, with images, their details and their uses, passes axe.
  await page.goto("/admin/media");
  await expect(page.getByRole("heading", { name: usedName })).toBeVisible();
  await shot(page, "media-library");
  await expectAxeClean(page);
});

test("the editor's library chooser is an accessible dialog: focus inside, Escape closes it", async ({ page }) => {
  const editor = new ArticleEditorPage(page);
  await editor.gotoNew();
  const open = editor.form.getByRole("button", { name: "Choose feature image from library" });
  await open.click();
  const dialog = page.getByRole("dialog", { name: "Choose feature image from library" });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel("Search the library")).toBeVisible();
  await expect(dialog.getByRole("list", { name: "Library images" })).toBeAttached();
  await expectAxeClean(page);
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(open).toBeFocused();
});
