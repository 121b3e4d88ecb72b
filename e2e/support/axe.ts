import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

const WCAG = ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"];

/** axe finds nothing to fix on the page (or the part `include` selects), in light and in dark. */
export async function expectAxeClean(page: Page, include?: string) {
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    const builder = new AxeBuilder({ page }).withTags(WCAG);
    const { violations } = await (include ? builder.include(include) : builder).analyze();
    expect(
      violations.map((v) => `${colorScheme} ${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
    ).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: "light" });
}

/** Nothing on the page is wider than the window (a phone's, say): no sideways scrolling. */
export async function expectNoSidewaysScroll(page: Page) {
  const width = page.viewportSize()!.width;
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
}
