import { expect, type Browser, type Page } from "@playwright/test";
import { E2E_ADMIN } from "../../playwright.config";
import { uniqueId } from "../support/ids";
import { sessionState } from "../support/sessions";

export type Credentials = { email: string; password: string };
export { E2E_ADMIN };

/** Signs in through the real form, as a person would. */
export async function signIn(page: Page, creds: Credentials = E2E_ADMIN, callbackUrl = "/admin") {
  await page.goto(`/login?callbackUrl=${encodeURIComponent(callbackUrl)}`);
  await page.getByLabel("Email").fill(creds.email);
  await page.getByLabel("Password").fill(creds.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(new RegExp(`${callbackUrl.replace(/[?]/g, "\\?")}$`));
}

let counter = 0;
/** A fresh user of the given role, created by the administrator on the Users screen (signed in by the setup). */
export async function createUserViaUi(
  browser: Browser,
  role: "editor" | "author" | "contributor",
): Promise<Credentials & { name: string }> {
  const id = `${uniqueId()}${++counter}${Math.random().toString(36).slice(2, 6)}`;
  const user = {
    name: `${role[0].toUpperCase()}${role.slice(1)} ${id}`,
    email: `${role}-${id}@example.com`,
    password: `password for ${id}`,
  };
  const context = await browser.newContext({ storageState: sessionState("user-desk") });
  const page = await context.newPage();
  await page.goto("/admin/users");
  const form = page.getByRole("form", { name: "Add user" });
  await form.getByLabel("Name").fill(user.name);
  await form.getByLabel("Email").fill(user.email);
  await form.getByLabel("Role").selectOption(role);
  await form.getByLabel("Initial password").fill(user.password);
  await form.getByRole("button", { name: "Add user" }).click();
  await expect(page.getByRole("status")).toContainText(`${user.name} can now sign in`);
  await context.close();
  return user;
}

/** A datetime-local value `minutesAhead` from now in the publication's zone (Europe/Istanbul by default). */
export function zonedInputValue(ms: number, timeZone = "Europe/Istanbul"): string {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    })
      .formatToParts(new Date(ms))
      .map((x) => [x.type, x.value]),
  );
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

export async function shot(page: Page, name: string) {
  await page.screenshot({ path: `/tmp/admin-shots/${name}.png`, fullPage: true });
}
