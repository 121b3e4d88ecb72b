import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

const WCAG = ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"];

type Violations = Awaited<ReturnType<AxeBuilder["analyze"]>>["violations"];

/**
 * axe's findings on the page as it is now (or on the part `include` selects). After a client-side
 * navigation, a server action's redirect say, Next sets the document's title once the new page's
 * metadata has streamed in, a moment after the page itself shows; axe waits for it, or it would report
 * a title the reader is about to get ("document-title: html", one fresh CI run in three).
 */
export async function axeViolations(page: Page, include?: string): Promise<Violations> {
  await expect(page).toHaveTitle(/\S/);
  const builder = new AxeBuilder({ page }).withTags(WCAG);
  return (await (include ? builder.include(include) : builder).analyze()).violations;
}

/** axe finds nothing to fix on the page (or the part `include` selects), in light and in dark. */
export async function expectAxeClean(page: Page, include?: string) {
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    const violations = await axeViolations(page, include);
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
