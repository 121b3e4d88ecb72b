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
