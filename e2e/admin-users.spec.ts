import { expect, test } from "@playwright/test";
import { E2E_ADMIN, createUserViaUi, shot, signIn } from "./pages/admin-session";
import { uniqueId } from "./support/ids";
import { sessionState, SIGNED_OUT } from "./support/sessions";

test.use({ storageState: sessionState("admin-users") });

test("the administrator adds users, changes roles, resets passwords, and cannot remove the last administrator", async ({
  page,
  browser,
}) => {
  test.setTimeout(60_000);
  await page.goto("/admin/users");
  const form = page.getByRole("form", { name: "Add user" });
  await form.getByLabel("Email").fill("not an email");
  await form.getByLabel("Initial password").fill("short");
  await form.getByRole("button", { name: "Add user" }).click();
  await expect(form.getByText("Enter a name.")).toBeVisible();
  await expect(form.getByText("Please enter a valid email address.")).toBeVisible();
  await expect(form.getByText("Use at least 10 characters.")).toBeVisible();
  await expect(form.getByLabel("Email")).toHaveValue("not an email");
  await shot(page, "users-errors");

  const stamp = uniqueId();
  await form.getByLabel("Name").fill(`Nilay Demir ${stamp}`);
  await form.getByLabel("Email").fill(`nilay-${stamp}@example.com`);
  await form.getByLabel("Role").selectOption("author");
  await form.getByLabel("Initial password").fill("first password here");
  await form.getByRole("button", { name: "Add user" }).click();
  await expect(page.getByRole("status")).toContainText(`Nilay Demir ${stamp} can now sign in as author.`);
  const row = page.getByRole("row").filter({ hasText: `nilay-${stamp}@example.com` });
  await expect(row).toBeVisible();

  await row.getByRole("combobox", { name: `Role of Nilay Demir ${stamp}` }).selectOption("editor");
  await row.getByRole("button", { name: "Change role" }).click();
  await expect(page.getByRole("status")).toContainText("Role changed to editor.");

  await row.locator("summary", { hasText: "Reset password" }).click();
  const reset = row.getByRole("form", { name: `Reset password of Nilay Demir ${stamp}` });
  await reset.getByRole("textbox", { name: `New password for Nilay Demir ${stamp}` }).fill("tiny");
  await reset.getByRole("button", { name: "Reset password" }).click();
  await expect(reset.getByText("Use at least 10 characters.")).toBeVisible();
  await reset.getByRole("textbox", { name: `New password for Nilay Demir ${stamp}` }).fill("second password here");
  await reset.getByRole("button", { name: "Reset password" }).click();
  await expect(page.getByRole("status")).toContainText(
    `Password reset for Nilay Demir ${stamp}; they are signed out everywhere.`,
  );
  await shot(page, "users");

  const me = page.getByRole("row").filter({ hasText: E2E_ADMIN.email });
  await me.getByRole("combobox", { name: /^Role of / }).selectOption("editor");
  await me.getByRole("button", { name: "Change role" }).click();
  await expect(page.getByRole("status")).toContainText("The last administrator cannot be removed or demoted.");
  await me.getByRole("button", { name: "Deactivate" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Deactivate" }).click();
  await expect(page.getByRole("status")).toContainText("The last administrator cannot be removed or demoted.");

  // The new editor signs in with the reset password and has an editor's menu, without Users.
  const context = await browser.newContext({
    storageState: SIGNED_OUT,
    extraHTTPHeaders: { "x-forwarded-for": "198.51.100.30" },
  });
  const editorPage = await context.newPage();
  await signIn(editorPage, { email: `nilay-${stamp}@example.com`, password: "second password here" });
  const nav = editorPage.getByRole("navigation", { name: "Newsroom" });
  await expect(nav.getByRole("link", { name: "Comments" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Users" })).toHaveCount(0);
  await editorPage.goto("/admin/users");
  await expect(editorPage).toHaveURL(/\/admin\?denied=1$/);
  await context.close();
});

test("settings: validation, a saved change on the public site, and no entry below administrator", async ({
  page,
  browser,
}) => {
  test.setTimeout(60_000);
  const visitor = await browser.newContext({ storageState: SIGNED_OUT });
  const visitorPage = await visitor.newPage();
  await visitorPage.goto("/admin/settings");
  await expect(visitorPage).toHaveURL(/\/login\?callbackUrl=%2Fadmin%2Fsettings$/);
  await visitor.close();
  await page.goto("/admin/settings");
  const form = page.getByRole("form", { name: "Settings" });
  await expect(form.getByLabel("Time zone")).toHaveValue("Europe/Istanbul");
  const original = await form.getByLabel("Tagline").inputValue();
  await form.getByLabel("Site title").fill("");
  await form.getByLabel("Thread depth").fill("99");
  await form.getByRole("button", { name: "Save settings" }).click();
  await expect(form.getByText("Site title is required.")).toBeVisible();
  await expect(form.getByLabel("Thread depth")).toHaveAttribute("aria-invalid", "true");
  await expect(form.getByText("Enter a whole number from 1 to 10.")).toBeVisible();
  await shot(page, "settings-errors");

  const tagline = `Tested tagline ${uniqueId()}`;
  await form.getByLabel("Site title").fill("The Meridian Post");
  await form.getByLabel("Thread depth").fill("5");
  await form.getByLabel("Tagline").fill(tagline);
  await form.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByRole("status")).toContainText("Settings saved.");
  await page.goto("/");
  await expect(page.getByRole("banner")).toContainText(tagline);

  await page.goto("/admin/settings");
  await form.getByLabel("Tagline").fill(original);
  await form.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByRole("status")).toContainText("Settings saved.");

  const context = await browser.newContext({ storageState: sessionState("admin-users.editor") });
  const editorPage = await context.newPage();
  await editorPage.goto("/admin/settings");
  await expect(editorPage).toHaveURL(/\/admin\?denied=1$/);
  await context.close();
});

// Signs in and out itself: a password change and sign-out are what it tests.
test.describe("signed in by hand", () => {
  test.use({ storageState: SIGNED_OUT });

  test("every user edits their own bio and password", async ({ page, browser }) => {
    test.setTimeout(60_000);
    const author = await createUserViaUi(browser, "author");
    await page.goto("/admin/profile");
    await expect(page).toHaveURL(/\/login/);
    await signIn(page, author, "/admin/profile");

    const profile = page.getByRole("form", { name: "Author profile" });
    await profile.getByLabel("Name").fill("");
    await profile.getByRole("button", { name: "Save profile" }).click();
    await expect(profile.getByText("Enter your name.")).toBeVisible();
    await profile.getByLabel("Name").fill(author.name);
    await profile.getByLabel("Bio").fill("Covers transport and cities.");
    await profile.getByRole("button", { name: "Save profile" }).click();
    await expect(page.getByRole("status")).toContainText("Profile saved.");

    // The same author signed in on another device, which the password change will sign out.
    const other = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": "198.51.100.31" } });
    const otherPage = await other.newPage();
    await signIn(otherPage, author, "/admin/profile");

    const password = page.getByRole("form", { name: "Change password" });
    await password.getByRole("textbox", { name: "Current password" }).fill("wrong current password");
    await password.getByRole("textbox", { name: "New password", exact: true }).fill("brand new password");
    await password.getByRole("textbox", { name: "Confirm new password" }).fill("brand new password");
    await password.getByRole("button", { name: "Change password" }).click();
    await expect(password.getByText("Your current password is not correct.")).toBeVisible();
    await password.getByRole("textbox", { name: "Current password" }).fill(author.password);
    await password.getByRole("textbox", { name: "New password", exact: true }).fill("brand new password");
    await password.getByRole("textbox", { name: "Confirm new password" }).fill("brand new password");
    await password.getByRole("button", { name: "Change password" }).click();
    await expect(page.getByRole("status")).toContainText("Password changed; you are signed out everywhere else.");
    await shot(page, "profile");
    await page.reload();
    await expect(page.getByRole("heading", { level: 1, name: "Your profile" })).toBeVisible();
    await otherPage.goto("/admin/profile");
    await expect(otherPage).toHaveURL(/\/login/);
    await other.close();

    await page.getByRole("button", { name: "Sign out" }).click();
    // Signed out once the action has answered with the sign-in page; only then is the cookie gone.
    await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
    await signIn(page, { email: author.email, password: "brand new password" });
  });
});
