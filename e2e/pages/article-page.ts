import { expect, type Page } from "@playwright/test";

export const ISTANBUL_SLUG = "russia-ukraine-talks-istanbul";

/** The article screen as readers and commenters use it. */
export class ArticlePage {
  constructor(readonly page: Page) {}

  async goto(slug: string) {
    await this.page.goto(`/articles/${slug}`);
  }

  get headline() {
    return this.page.getByRole("heading", { level: 1 });
  }

  get body() {
    return this.page.getByRole("article").first();
  }

  get comments() {
    return this.page.getByRole("region", { name: /Response|responses/ });
  }

  comment(name: string) {
    return this.page.getByRole("article", { name: `Comment by ${name}` });
  }

  async expectLoaded(headline: RegExp | string) {
    await expect(this.headline).toHaveText(headline);
  }
}

export type CommentDraft = { comment: string; name?: string; email?: string; website?: string; remember?: boolean };

/** The "Leave a Reply" form at the end of an article. */
export class ReplyFormSection {
  constructor(readonly page: Page) {}

  get form() {
    return this.page.getByRole("form", { name: /^Leave a Reply/ });
  }

  get heading() {
    return this.page.getByRole("heading", { level: 3, name: /^Leave a Reply/ });
  }

  get comment() {
    return this.form.getByRole("textbox", { name: "Comment", exact: true });
  }

  get name() {
    return this.form.getByRole("textbox", { name: "Name", exact: true });
  }

  get email() {
    return this.form.getByRole("textbox", { name: "Email", exact: true });
  }

  get website() {
    return this.form.getByRole("textbox", { name: "Website", exact: true });
  }

  get remember() {
    return this.form.getByRole("checkbox", {
      name: "Save my name, email, and website in this browser for the next time I comment.",
    });
  }

  get submit() {
    return this.form.getByRole("button", { name: "Post Comment" });
  }

  get errors() {
    return this.form.getByRole("alert");
  }

  async fill(draft: CommentDraft) {
    await this.comment.fill(draft.comment);
    if (draft.name !== undefined) await this.name.fill(draft.name);
    if (draft.email !== undefined) await this.email.fill(draft.email);
    if (draft.website !== undefined) await this.website.fill(draft.website);
    if (draft.remember !== undefined) await this.remember.setChecked(draft.remember);
  }

  async post(draft: CommentDraft) {
    await this.fill(draft);
    await this.submit.click();
  }
}
