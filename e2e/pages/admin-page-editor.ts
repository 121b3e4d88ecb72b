import { expect, type Page } from "@playwright/test";

/** The static page editor at /admin/pages/new and /admin/pages/[id]. */
export class PageEditorPage {
  constructor(private page: Page) {}

  get form() {
    return this.page.getByRole("form", { name: "Page" });
  }

  /** The body's editable text: the stories' visual editor. */
  get body() {
    return this.form.getByRole("textbox", { name: "Body", exact: true });
  }

  async open(id?: number) {
    await this.page.goto(id ? `/admin/pages/${id}` : "/admin/pages/new");
    await expect(this.body).toHaveAttribute("contenteditable", "true");
  }

  async fill(values: { title?: string; address?: string; status?: "Draft" | "Published" }) {
    if (values.title !== undefined) await this.form.getByLabel("Title").fill(values.title);
    if (values.address !== undefined) await this.form.getByLabel("Address").fill(values.address);
    if (values.status) await this.form.getByRole("radio", { name: values.status }).check();
  }

  async save() {
    await this.form.getByRole("button", { name: /^Save/ }).click();
  }
}
