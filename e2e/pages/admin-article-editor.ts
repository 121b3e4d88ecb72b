import { expect, type Page } from "@playwright/test";

/** The article editor at /admin/articles/new and /admin/articles/[id]. */
export class ArticleEditorPage {
  constructor(readonly page: Page) {}

  get form() {
    return this.page.getByRole("form", { name: "Article" });
  }

  async gotoNew() {
    await this.page.goto("/admin/articles/new");
    await expect(this.page.getByRole("heading", { level: 1, name: "New article" })).toBeVisible();
  }

  async fill(values: {
    headline?: string;
    slug?: string;
    dek?: string;
    body?: string;
    section?: string;
    tags?: string;
  }) {
    if (values.headline !== undefined) await this.form.getByLabel("Headline").fill(values.headline);
    if (values.slug !== undefined) await this.form.getByLabel("Slug").fill(values.slug);
    if (values.dek !== undefined) await this.form.getByLabel("Summary (dek)").fill(values.dek);
    if (values.body !== undefined) await this.fillBodyMarkdown(values.body);
    if (values.section !== undefined) await this.form.getByLabel("Section").selectOption({ label: values.section });
    if (values.tags !== undefined) await this.form.getByLabel("Tags").fill(values.tags);
  }

  /** The body's editable text (the visual editor, or the Markdown textarea with the switch on). */
  get body() {
    return this.form.getByRole("textbox", { name: "Body", exact: true });
  }

  get markdownSwitch() {
    return this.form.getByRole("switch", { name: "Markdown" });
  }

  /** What the form will post as the body. */
  get postedBody() {
    return this.form.locator('input[type="hidden"][name="body"]');
  }

  /** Replaces the body with Markdown through the Markdown switch, then goes back to the visual editor. */
  async fillBodyMarkdown(markdown: string) {
    if ((await this.markdownSwitch.getAttribute("aria-checked")) !== "true") await this.markdownSwitch.click();
    await expect(this.markdownSwitch).toHaveAttribute("aria-checked", "true");
    await this.body.fill(markdown);
    await this.markdownSwitch.click();
    await expect(this.markdownSwitch).toHaveAttribute("aria-checked", "false");
    await expect(this.body).toHaveAttribute("contenteditable", "true");
  }

  async addAuthor(name: string) {
    await this.form.getByLabel("Add author").selectOption({ label: name });
    await this.form.getByRole("button", { name: "Add author" }).click();
  }

  status(label: "Draft" | "Pending review" | "Published" | "Scheduled") {
    return this.form.getByRole("radio", { name: label });
  }

  async submit(label: RegExp | string) {
    await this.form.getByRole("button", { name: label }).click();
  }

  async expectToast(text: string | RegExp) {
    await expect(this.page.getByRole("status")).toContainText(text);
  }

  /** Opens article `id` and unpublishes it, through its confirmation. */
  async unpublish(id: number) {
    await this.page.goto(`/admin/articles/${id}`);
    await this.page.getByRole("button", { name: "Unpublish" }).click();
    await this.page
      .getByRole("dialog", { name: "Unpublish this article?" })
      .getByRole("button", { name: "Unpublish" })
      .click();
    await this.expectToast("Article unpublished");
  }

  /** The id from the editor URL after creating. */
  async articleId(): Promise<number> {
    // The editor page itself: an autosave already gives a new story its address, before the first save.
    await expect(this.page.getByRole("heading", { level: 1, name: "Edit article" })).toBeVisible();
    await expect(this.page).toHaveURL(/\/admin\/articles\/\d+/);
    return Number(/\/admin\/articles\/(\d+)/.exec(this.page.url())![1]);
  }
}
