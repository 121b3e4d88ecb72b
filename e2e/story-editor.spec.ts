import fs from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { expect, test, type Page } from "@playwright/test";
import { ArticleEditorPage } from "./pages/admin-article-editor";
import { shot, zonedInputValue } from "./pages/admin-session";
import { expectAxeClean, expectNoSidewaysScroll } from "./support/axe";
import { uniqueId } from "./support/ids";
import { sessionState } from "./support/sessions";

test.use({ storageState: sessionState("story-editor") });

const PHOTO = path.join(import.meta.dirname, "../tests/fixtures/wordpress/uploads/2023/11/council.png");
// A property name Lexical's own code sets on the editable element; minifying keeps it.
const LEXICAL_MARK = "__lexicalEditor";

const MESSY_PASTE = `<meta charset="utf-8"><style>p{color:red}</style>
<h1 class="Title" style="font-size:30pt">Pasted heading</h1>
<p class="MsoNormal" style="margin:0"><span style="font-family:Calibri;color:#333"><b>Pasted bold</b> and <i>pasted italic</i>
with <a href="https://example.org/source" onclick="alert(1)" class="x">a source</a> and <a href="javascript:alert(2)">a trap</a>.</span></p>
<script>window.__pwned = 1</script><iframe src="https://evil.example/"></iframe>
<ul><li style="color:blue">Pasted item</li></ul>
<img src="https://elsewhere.example/photo.jpg" onerror="window.__pwned = 2" alt="Remote">`;

async function pasteHtml(page: Page, html: string) {
  await page.getByRole("textbox", { name: "Body", exact: true }).evaluate((el, html) => {
    const data = new DataTransfer();
    data.setData("text/html", html);
    data.setData("text/plain", "plain fallback");
    el.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
  }, html);
}

async function pasteFile(page: Page, file: string) {
  const bytes = [...fs.readFileSync(file)];
  await page.getByRole("textbox", { name: "Body", exact: true }).evaluate((el, bytes) => {
    const data = new DataTransfer();
    data.items.add(new File([new Uint8Array(bytes)], "pasted.png", { type: "image/png" }));
    el.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
  }, bytes);
}

test("a story written with the toolbar, shortcuts, a paste and an image reaches readers as written", async ({
  page,
}) => {
  test.setTimeout(120_000);
  const editor = new ArticleEditorPage(page);
  await editor.gotoNew();
  const headline = `Harbour figures ${uniqueId()}`;
  await editor.fill({ headline, dek: "Written in the visual editor." });
  // The first autosave makes the story a draft and gives the page its address; the keyboard work below
  // (a selection made with Shift+Arrow) starts once that is done.
  await expect(page.getByText(/^Saved at \d\d:\d\d$/)).toBeVisible({ timeout: 15_000 });
  const toolbar = editor.form.getByRole("toolbar", { name: "Formatting" });

  await editor.body.click();
  await page.keyboard.type("Opening line with ");
  await page.keyboard.press("ControlOrMeta+B");
  await page.keyboard.type("bold");
  await page.keyboard.press("ControlOrMeta+B");
  await page.keyboard.type(" and ");
  await toolbar.getByRole("button", { name: "Italic" }).click();
  await expect(toolbar.getByRole("button", { name: "Italic" })).toHaveAttribute("aria-pressed", "true");
  await page.keyboard.type("italic");
  await toolbar.getByRole("button", { name: "Italic" }).click();
  await page.keyboard.type(" words. Read the report");
  // Select "the report" back from the caret, watching the selection rather than counting keys: a
  // background autosave can land between two key presses.
  const selected = () => page.evaluate(() => String(window.getSelection()));
  for (let i = 0; i < 20 && (await selected()) !== "the report"; i++) await page.keyboard.press("Shift+ArrowLeft");
  await expect.poll(selected).toBe("the report");
  await page.keyboard.press("ControlOrMeta+K");
  const address = editor.form.getByLabel("Link address");
  await address.fill("example.org/report");
  await address.press("Enter");
  await editor.body.press("End");
  await page.keyboard.press("Enter");
  await page.keyboard.type("## Section heading");
  await page.keyboard.press("Enter");
  await page.keyboard.type("- first item");
  await page.keyboard.press("Enter");
  await page.keyboard.type("second item");
  await page.keyboard.press("Enter");
  await page.keyboard.press("Enter");
  await page.keyboard.type("1. numbered one");
  await page.keyboard.press("Enter");
  await page.keyboard.press("Enter");
  await page.keyboard.type("> Quoted words");
  await page.keyboard.press("Enter");
  await page.keyboard.type("A **strong shortcut** here.");
  await page.keyboard.press("Enter");
  await page.keyboard.type("--- ");
  await toolbar.getByRole("button", { name: "Heading" }).click();
  await page.keyboard.type("Toolbar heading");
  await expect(editor.body.getByRole("heading", { name: "Toolbar heading" })).toBeVisible();
  await page.keyboard.press("Enter");

  await pasteHtml(page, MESSY_PASTE);
  await expect(editor.body.getByRole("link", { name: "a source" })).toBeVisible();
  await expect(editor.form.getByText(/An image from another page was left out/)).toBeVisible();

  const chooser = page.waitForEvent("filechooser");
  await toolbar.getByRole("button", { name: "Image" }).click();
  await (await chooser).setFiles(PHOTO);
  const alt = editor.form.getByLabel("Image 1 alt text");
  await expect(alt).toBeFocused();
  await alt.fill("The council chamber from the gallery");
  await editor.form.getByLabel("Image 1 caption").fill("Members vote on the bridge budget");
  await editor.form.getByLabel("Image 1 credit").fill("Photo: Kaan Yıldız");
  await expect(editor.form.getByText(/\d+ words · 1 min read/)).toBeVisible();

  await editor.markdownSwitch.click();
  const markdown = await editor.body.inputValue();
  expect(markdown).toContain(
    "Opening line with **bold** and *italic* words. Read [the report](https://example.org/report)",
  );
  for (const part of ["## Section heading", "- first item\n- second item", "1. numbered one", "> Quoted words"])
    expect(markdown).toContain(part);
  for (const part of ["**strong shortcut**", "---", "## Toolbar heading", "## Pasted heading", "**Pasted bold**"])
    expect(markdown).toContain(part);
  expect(markdown).toMatch(
    /<figure><img src="\/uploads\/[0-9a-f]+\.png" alt="The council chamber from the gallery"><figcaption>Members vote on the bridge budget<small>Photo: Kaan Yıldız<\/small><\/figcaption><\/figure>/,
  );
  expect(markdown).not.toMatch(/javascript:|<script|iframe|onerror|onclick|style=|elsewhere\.example|font-family/i);
  await editor.markdownSwitch.click();

  await editor.status("Published").check();
  await editor.form.getByLabel("Publish at").fill(zonedInputValue(Date.now() - 5 * 3_600_000));
  await editor.submit("Publish");
  // Saving uploads nothing more but renders the new story: generous on a busy machine.
  await expect(page).toHaveURL(/\/admin\/articles\/\d+/, { timeout: 30_000 });
  await editor.expectToast("Article created.");

  const slug = headline.toLowerCase().replace(/\s+/g, "-");
  await page.goto(`/articles/${slug}`);
  const story = page.getByRole("article").first();
  const figure = story.getByRole("figure");
  const img = figure.getByRole("img", { name: "The council chamber from the gallery" });
  await expect(img).toHaveAttribute("loading", "lazy");
  await expect(img).toHaveAttribute("srcset", /\/_next\/image\?url=%2Fuploads%2F[0-9a-f]+\.png&w=640&q=75 640w/);
  await expect(figure.locator("figcaption")).toHaveText(/Members vote on the bridge budget\s*Photo: Kaan Yıldız/);
  await expect.poll(() => img.evaluate((i: HTMLImageElement) => i.complete && i.naturalWidth > 0)).toBe(true);
  await expect(story.getByRole("heading", { level: 2, name: "Section heading" })).toBeVisible();
  await expect(story.locator("strong", { hasText: "bold" }).first()).toBeVisible();
  await expect(story.locator("em", { hasText: "italic" }).first()).toBeVisible();
  await expect(story.getByRole("link", { name: "the report" })).toHaveAttribute("href", "https://example.org/report");
  await expect(story.locator("blockquote")).toHaveText("Quoted words");
  await expect(story.locator("hr")).toHaveCount(1);
  await expect(story.locator("ul li")).toHaveText(["first item", "second item", "Pasted item"]);
  await expect(story.locator("ol li")).toHaveText(["numbered one"]);
  expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
  await story.getByRole("figure").scrollIntoViewIfNeeded();
  await shot(page, "story-figure");
});

test("a new image needs alt text before publishing; Ctrl+S saves", async ({ page }) => {
  const editor = new ArticleEditorPage(page);
  await editor.gotoNew();
  await editor.fill({ headline: `Alt text rule ${uniqueId()}` });
  await editor.body.click();
  await page.keyboard.type("A picture follows.");
  await pasteFile(page, PHOTO);
  const alt = editor.form.getByLabel("Image 1 alt text");
  await expect(alt).toBeFocused();
  await editor.status("Published").check();
  await editor.submit("Publish");
  await expect(editor.form.getByText(/Give every image in the story alt text before publishing/)).toBeVisible();
  await expect(editor.body).toHaveAttribute("aria-invalid", "true");
  await alt.fill("A pasted picture");
  await page.keyboard.press("ControlOrMeta+S");
  await editor.expectToast("Article created.");
});

test("reader pages load no editor code; the editor is accessible in light and dark, and fits a phone", async ({
  page,
  browser,
}, testInfo) => {
  test.setTimeout(120_000);
  const scripts = async (target: Page, url: string) => {
    const bodies: { url: string; text: string }[] = [];
    const pending: Promise<void>[] = [];
    target.on("response", (r) => {
      if (r.request().resourceType() === "script")
        pending.push(r.text().then((text) => void bodies.push({ url: r.url(), text })));
    });
    await target.goto(url);
    await target.waitForLoadState("networkidle");
    await Promise.all(pending);
    return bodies;
  };

  const editorScripts = await scripts(page, "/admin/articles/new");
  const editorCode = editorScripts.filter((s) => s.text.includes(LEXICAL_MARK));
  expect(editorCode.length, "the editor page loads Lexical (so the check below can fail)").toBeGreaterThan(0);
  const gz = (list: { text: string }[]) => list.reduce((n, s) => n + gzipSync(s.text).length, 0);
  const measured = `editor page JavaScript: ${(gz(editorScripts) / 1024).toFixed(1)} KB gzip in ${editorScripts.length} files, of which the chunks holding Lexical ${(gz(editorCode) / 1024).toFixed(1)} KB`;
  testInfo.annotations.push({ type: "size", description: measured });
  console.log(measured);

  const reader = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const readerPage = await reader.newPage();
  for (const url of ["/", "/articles/russia-ukraine-talks-istanbul"]) {
    const loaded = await scripts(readerPage, url);
    expect(loaded.length).toBeGreaterThan(0);
    expect(
      loaded.filter((s) => s.text.includes(LEXICAL_MARK)).map((s) => s.url),
      url,
    ).toEqual([]);
  }
  await reader.close();

  const editor = new ArticleEditorPage(page);
  await editor.fill({ body: "## A heading\n\nSome **bold** text.\n\n> A quote" });
  await expectAxeClean(page, 'form[aria-label="Article"]');
  await shot(page, "story-editor");

  await page.setViewportSize({ width: 360, height: 740 });
  const toolbar = editor.form.getByRole("toolbar", { name: "Formatting" });
  const box = await toolbar.boundingBox();
  expect(box!.width).toBeLessThanOrEqual(360);
  const buttons = await toolbar.getByRole("button").all();
  const tops = new Set(await Promise.all(buttons.map(async (b) => Math.round((await b.boundingBox())!.y))));
  expect(tops.size, "the toolbar wraps onto more than one row").toBeGreaterThan(1);
  await expectNoSidewaysScroll(page);
  await shot(page, "story-editor-phone");
});
