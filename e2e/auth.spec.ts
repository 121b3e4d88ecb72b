import { expect, test, type Request } from "@playwright/test";
import { seedArticleWithComments } from "./pages/admin-db";
import { E2E_ADMIN, createUserViaUi, shot, signIn } from "./pages/admin-session";
import { uniqueId } from "./support/ids";

test.describe("signing in", () => {
  // Own client IP, so failures here never lock out another spec's sign-ins.
  test.use({ extraHTTPHeaders: { "x-forwarded-for": "198.51.100.10" } });

  test("a signed-out visitor is sent to /login with a return URL, and lands back after signing in", async ({
    page,
  }) => {
    await page.goto("/admin/articles?status=draft");
    await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fadmin%2Farticles%3Fstatus%3Ddraft$/);
    await expect(page.getByLabel("Email")).toBeVisible();
    await expect(page.getByLabel("Password")).toBeVisible();
    await shot(page, "login");

    await page.getByLabel("Email").fill(E2E_ADMIN.email);
    await page.getByLabel("Password").fill(E2E_ADMIN.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/admin\/articles\?status=draft$/);
    await expect(page.getByRole("heading", { level: 1, name: "Articles" })).toBeVisible();

    const cookie = (await page.context().cookies()).find((c) => c.name === "next-auth.session-token");
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax", secure: false });

    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/login$/);
    await page.goto("/admin");
    await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fadmin$/);
  });

  test("wrong password and unknown email get the same message; empty fields are named", async ({ page }) => {
    await page.goto("/login");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByText("Enter your email address.")).toBeVisible();
    await expect(page.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");

    await page.getByLabel("Email").fill(E2E_ADMIN.email);
    await page.getByLabel("Password").fill("not the password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("main").getByRole("alert")).toHaveText("Invalid email or password.");
    await expect(page.getByLabel("Email")).toHaveValue(E2E_ADMIN.email);
    await shot(page, "login-error");

    await page.getByLabel("Email").fill("nobody@example.com");
    await page.getByLabel("Password").fill(E2E_ADMIN.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByLabel("Password")).toHaveValue("");
    await expect(page.getByLabel("Email")).toHaveValue("nobody@example.com");
    await expect(page.getByRole("main").getByRole("alert")).toHaveText("Invalid email or password.");
    await expect(page).toHaveURL(/\/login/);
  });

  test("a return URL to another site is ignored", async ({ page }) => {
    await page.goto(`/login?callbackUrl=${encodeURIComponent("//evil.example/steal")}`);
    await page.getByLabel("Email").fill(E2E_ADMIN.email);
    await page.getByLabel("Password").fill(E2E_ADMIN.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/127\.0\.0\.1:\d+\/admin$/);
  });
});

test.describe("throttling", () => {
  test.use({ extraHTTPHeaders: { "x-forwarded-for": "198.51.100.66" } });

  test("after 5 failures for one email from one IP, even the right password is refused; another IP is not affected", async ({
    page,
    browser,
  }) => {
    // Eight sign-ins, each a full scrypt check and page load.
    test.setTimeout(60_000);
    const user = await createUserViaUi(browser, "author");
    await page.goto("/login");
    for (let i = 0; i < 5; i++) {
      await page.getByLabel("Email").fill(user.email);
      await page.getByLabel("Password").fill(`wrong ${i}`);
      await page.getByRole("button", { name: "Sign in" }).click();
      // The form resets once the server has answered, so each failure is counted before the next try.
      await expect(page.getByLabel("Password")).toHaveValue("");
      await expect(page.getByRole("main").getByRole("alert")).toHaveText("Invalid email or password.");
    }
    await page.getByLabel("Email").fill(user.email);
    await page.getByLabel("Password").fill(user.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("main").getByRole("alert")).toHaveText(
      "Too many failed sign-in attempts. Please wait 15 minutes and try again.",
    );
    await expect(page).toHaveURL(/\/login/);
    await shot(page, "login-throttled");

    const other = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": "198.51.100.67" } });
    const otherPage = await other.newPage();
    await signIn(otherPage, user);
    await expect(otherPage.getByRole("heading", { level: 1, name: "Dashboard" })).toBeVisible();
    await other.close();
  });
});

test("a deactivated user is signed out at once", async ({ browser }) => {
  const user = await createUserViaUi(browser, "editor");
  const context = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": "198.51.100.20" } });
  const page = await context.newPage();
  await signIn(page, user);

  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await signIn(admin, E2E_ADMIN, "/admin/users");
  const row = admin.getByRole("row").filter({ hasText: user.email });
  await row.getByRole("button", { name: "Deactivate" }).click();
  await admin
    .getByRole("dialog", { name: `Deactivate ${user.name}?` })
    .getByRole("button", { name: "Deactivate" })
    .click();
  await expect(admin.getByRole("status")).toContainText("User deactivated");
  await adminContext.close();

  await page.goto("/admin/articles");
  await expect(page).toHaveURL(/\/login/);
  await context.close();
});

test.describe("NextAuth's own endpoints", () => {
  test.use({ extraHTTPHeaders: { "x-forwarded-for": "198.51.100.90" } });

  test("the credentials provider signs in with the same rules, and its session opens the newsroom", async ({
    request,
  }) => {
    expect(await (await request.get("/api/auth/session")).json()).toEqual({});
    const { csrfToken } = await (await request.get("/api/auth/csrf")).json();
    const wrong = await request.post("/api/auth/callback/credentials", {
      form: { csrfToken, email: E2E_ADMIN.email, password: "wrong", json: "true" },
      maxRedirects: 0,
    });
    expect(wrong.status()).toBe(401);
    const right = await request.post("/api/auth/callback/credentials", {
      form: { csrfToken, email: E2E_ADMIN.email, password: E2E_ADMIN.password, json: "true" },
      maxRedirects: 0,
    });
    expect(right.ok()).toBe(true);
    const session = await (await request.get("/api/auth/session")).json();
    expect(session.user.email).toBe(E2E_ADMIN.email);
    const admin = await request.get("/admin", { maxRedirects: 0 });
    expect(admin.status()).toBe(200);
  });
});

test.describe("signing out ends the session on the server", () => {
  test.use({ extraHTTPHeaders: { "x-forwarded-for": "198.51.100.110" } });

  test("a copy of the cookie taken before signing out opens neither the newsroom nor an admin action", async ({
    page,
    browser,
    playwright,
    baseURL,
  }) => {
    test.setTimeout(90_000);
    const stamp = uniqueId();
    const { articleId, slug } = seedArticleWithComments(`Stolen cookie ${stamp}`, [
      { name: "Held Reader", body: `Still held ${stamp}`, status: "pending" },
    ]);
    const editor = await createUserViaUi(browser, "editor");
    await signIn(page, editor, `/admin/comments?status=pending&article=${articleId}`);
    const stolen = (await page.context().cookies()).filter((c) => c.name.endsWith("next-auth.session-token"));
    expect(stolen).toHaveLength(1);

    // The request a real "Approve" click sends, kept (not run) to replay later.
    let captured: Request | null = null;
    await page.route("**/admin/comments**", async (route) => {
      if (route.request().method() === "POST" && route.request().headers()["next-action"]) {
        captured = route.request();
        await route.abort();
      } else await route.continue();
    });
    await page
      .getByRole("listitem", { name: "Comment by Held Reader" })
      .getByRole("button", { name: "Approve" })
      .click();
    await expect.poll(() => captured).not.toBeNull();
    const action = captured as unknown as Request;
    await page.unroute("**/admin/comments**");
    // The aborted action leaves the page in its error state; the editor reloads, then signs out.
    await page.reload();
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/login$/);

    // The attacker's browser, holding the copied cookie.
    const thief = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": "203.0.113.111" } });
    await thief.addCookies(stolen);
    const thiefPage = await thief.newPage();
    await thiefPage.goto("/admin");
    await expect(thiefPage).toHaveURL(/\/login\?callbackUrl=%2Fadmin$/);
    const api = await playwright.request.newContext({ baseURL, storageState: await thief.storageState() });
    const headers = Object.fromEntries(
      Object.entries(action.headers()).filter(([k]) => ["next-action", "content-type", "accept"].includes(k)),
    );
    const replay = await api.post(action.url(), {
      headers: { ...headers, origin: baseURL! },
      data: action.postDataBuffer()!,
      maxRedirects: 0,
    });
    expect(await replay.text()).toContain("Please sign in to continue.");
    await api.dispose();
    await thief.close();

    // Still held: not on the public page.
    const reader = await browser.newContext();
    const readerPage = await reader.newPage();
    await readerPage.goto(`/articles/${slug}`);
    await expect(readerPage.getByRole("heading", { level: 1 })).toHaveText(`Stolen cookie ${stamp}`);
    await expect(readerPage.getByText(`Still held ${stamp}`)).toHaveCount(0);
    await reader.close();
  });

  test("NextAuth's own sign-out ends the session too", async ({ request, playwright, baseURL }) => {
    const { csrfToken } = await (await request.get("/api/auth/csrf")).json();
    const signedIn = await request.post("/api/auth/callback/credentials", {
      form: { csrfToken, email: E2E_ADMIN.email, password: E2E_ADMIN.password, json: "true" },
      maxRedirects: 0,
    });
    expect(signedIn.ok()).toBe(true);
    const copy = await request.storageState();
    expect((await request.get("/admin", { maxRedirects: 0 })).status()).toBe(200);
    await request.post("/api/auth/signout", { form: { csrfToken, json: "true" }, maxRedirects: 0 });

    const replay = await playwright.request.newContext({ baseURL, storageState: copy });
    expect(copy.cookies.some((c) => c.name.endsWith("next-auth.session-token"))).toBe(true);
    const admin = await replay.get("/admin", { maxRedirects: 0 });
    expect(admin.status()).toBe(307);
    expect(admin.headers().location).toContain("/login");
    await replay.dispose();
  });
});
