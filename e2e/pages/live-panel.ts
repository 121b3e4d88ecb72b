import { expect, type Page } from "@playwright/test";

// The live coverage panel on a story's editor page, as an editor uses it.

/** Posts an update from the panel; the writer sees it as readers will, in the panel's list. */
export async function postUpdate(editor: Page, text: string, options: { headline?: string; key?: boolean } = {}) {
  const form = editor.locator("form").filter({ has: editor.getByRole("button", { name: "Post update" }) });
  await form.getByRole("textbox", { name: "Update" }).fill(text);
  if (options.headline) await form.getByLabel("Headline (optional)").fill(options.headline);
  if (options.key) await form.getByLabel("Key event").check();
  await form.getByRole("button", { name: "Post update" }).click();
  await expect(posted(editor, text)).toHaveCount(1);
}

/** A posted update's item in the newsroom panel (its controls beside the update as readers see it). */
export function posted(editor: Page, text: string) {
  return editor.getByRole("list", { name: "Posted updates" }).locator(":scope > li").filter({ hasText: text });
}
