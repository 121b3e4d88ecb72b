import { expect, test, type Request } from "@playwright/test";
import { seedArticleWithComments } from "./pages/admin-db";
import { uniqueId } from "./support/ids";
import { sessionState, SIGNED_OUT } from "./support/sessions";

test.use({ storageState: sessionState("admin-security") });

/**
 * Captures the request a real "Approve" click sends (a server action call), without letting it run,
 * then replays it the way an attacker would: without a session, and with a contributor's session.
 */
test("replaying an admin server action without a session or as a contributor changes nothing", async ({
  page,
  browser,
  playwright,
  baseURL,
}) => {
  test.setTimeout(60_000);
  const stamp = uniqueId();
  const { articleId, slug } = seedArticleWithComments(`Replay target ${stamp}`, [
    { name: "Replay Reader", body: `Replayed ${stamp}`, status: "pending" },
  ]);
  await page.goto(`/admin/comments?status=pending&article=${articleId}`);

  let captured: Request | null = null;
  await page.route("**/admin/comments**", async (route) => {
    if (route.request().method() === "POST" && route.request().headers()["next-action"]) {
      captured = route.request();
      await route.abort();
    } else {
      await route.continue();
    }
  });
  await page
    .getByRole("listitem", { name: "Comment by Replay Reader" })
    .getByRole("button", { name: "Approve" })
    .click();
  await expect.poll(() => captured).not.toBeNull();
  const request = captured as unknown as Request;
  const headers = Object.fromEntries(
    Object.entries(request.headers()).filter(([k]) => ["next-action", "content-type", "accept"].includes(k)),
  );
  const body = request.postDataBuffer()!;

  // Without a session the proxy turns the request away before the action runs (the action's own
  // check is proven for every action in tests/security-actions.test.ts).
  const anonymous = await playwright.request.newContext({ baseURL, storageState: SIGNED_OUT });
  const atAdmin = await anonymous.post(request.url(), {
    headers: { ...headers, origin: baseURL! },
    data: body,
    maxRedirects: 0,
  });
  expect(atAdmin.status()).toBe(307);
  expect(atAdmin.headers().location).toContain("/login?callbackUrl=");
  await anonymous.dispose();

  const context = await browser.newContext({ storageState: sessionState("admin-security.contributor") });
  const contributorPage = await context.newPage();
  const asContributor = await contributorPage.request.post(request.url(), {
    headers: { ...headers, origin: baseURL! },
    data: body,
    maxRedirects: 0,
  });
  expect(await asContributor.text()).toContain("You do not have permission to do that.");
  await context.close();

  // Still held: not on the public page, still in the pending queue.
  const reader = await browser.newContext({ storageState: SIGNED_OUT });
  const readerPage = await reader.newPage();
  await readerPage.goto(`/articles/${slug}`);
  await expect(readerPage.getByRole("heading", { level: 1 })).toHaveText(`Replay target ${stamp}`);
  await expect(readerPage.getByText(`Replayed ${stamp}`)).toHaveCount(0);
  await reader.close();
  await page.unroute("**/admin/comments**");
  await page.reload();
  await expect(page.getByRole("listitem", { name: "Comment by Replay Reader" })).toContainText("Pending");
});

test("the uploads route serves only names it generated", async ({ request }) => {
  expect((await request.get("/uploads/..%2F..%2Fnews.db")).status()).toBe(404);
  expect((await request.get("/uploads/not-a-real-file.png")).status()).toBe(404);
});
