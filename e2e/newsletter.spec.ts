import fs from "node:fs";
import { expect as baseExpect, test } from "@playwright/test";
import { startTestSmtp, type Received, type TestSmtp } from "../tests/support/smtp";
import { ArticleEditorPage } from "./pages/admin-article-editor";
import { uniqueId } from "./support/ids";
import { OWN_ADMIN, prepareOwnServer, startPatiently, type OwnServer } from "./support/own-server";
import { SIGNED_OUT } from "./support/sessions";

// The reader's newsletter journey against a real SMTP server started here: the shared e2e server has no
// SMTP_URL, so this spec runs a server of its own pointed at it (E2E_PORT + OFFSET).
const OFFSET = 5;
test.use({ storageState: SIGNED_OUT, baseURL: `http://127.0.0.1:${Number(process.env.E2E_PORT || 3100) + OFFSET}` });

// A server of its own beside the shared one: on a busy machine its first answers are slow.
const expect = baseExpect.configure({ timeout: 20_000 });
const SHOTS = "/tmp/newsletter-shots";

let own: OwnServer;
let smtp: TestSmtp;
test.beforeAll(async () => {
  test.setTimeout(180_000);
  fs.mkdirSync(SHOTS, { recursive: true });
  smtp = await startTestSmtp();
  own = prepareOwnServer(OFFSET, { SMTP_URL: smtp.url });
  await startPatiently(own);
});
test.afterAll(async () => {
  await own?.stop();
  own?.remove();
  await smtp?.close();
});

/** Waits for the mail to `to` that `match` picks, and says there is exactly one. */
async function theMail(to: string, match: (m: Received) => boolean): Promise<Received> {
  await expect.poll(() => smtp.received.filter((m) => m.to === to && match(m)).length, { timeout: 30_000 }).toBe(1);
  return smtp.received.find((m) => m.to === to && match(m))!;
}

const linkIn = (text: string | undefined, path: string) => {
  const found = (text ?? "").match(new RegExp(`https?://\\S+${path}\\?token=\\S+`));
  if (!found) throw new Error(`no ${path} link in the mail`);
  return found[0];
};

/** A header as sent, folded lines joined (mailparser turns List-* headers into objects). */
const header = (raw: string, name: string) => {
  const head = raw.split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, " ");
  return head.match(new RegExp(`^${name}: (.*)$`, "im"))?.[1]?.trim();
};

test("a reader subscribes without JavaScript, confirms, receives a published story with one-click unsubscribe, and leaves", async ({
  browser,
  page,
}) => {
  test.setTimeout(180_000);
  const email = `reader-${uniqueId()}@example.org`;

  // Subscribing at the end of a story, with JavaScript off: the form posts and the page answers.
  const reader = await browser.newContext({ javaScriptEnabled: false, storageState: SIGNED_OUT, baseURL: own.base });
  const readerPage = await reader.newPage();
  await readerPage.goto("/");
  await readerPage.getByRole("main").locator('a[href^="/articles/"]').first().click();
  await expect(readerPage).toHaveURL(/\/articles\//);
  const signup = readerPage.getByRole("region", { name: "Newsletter signup" });
  await expect(signup.getByRole("checkbox", { name: "Daily briefing" })).toBeChecked();
  await signup.getByLabel("Email address").fill(email);
  await readerPage.screenshot({ path: `${SHOTS}/story-signup.png`, fullPage: true });
  await signup.getByRole("button", { name: "Subscribe" }).click();
  await expect(readerPage.getByRole("status")).toContainText("Almost done: we sent you an email.");
  await readerPage.screenshot({ path: `${SHOTS}/story-signup-sent.png`, fullPage: true });

  // The confirmation email, and its button (a link alone confirms nothing: mail scanners open links).
  const confirmation = await theMail(email, (m) => /^Confirm your subscription/.test(m.mail.subject ?? ""));
  await readerPage.goto(linkIn(confirmation.mail.text, "/subscribe/confirm"));
  await readerPage.getByRole("button", { name: "Confirm my subscription" }).click();
  await expect(readerPage.getByRole("status")).toContainText("You are subscribed.");

  // An editor publishes a story with "Send as newsletter" (no section: it goes to the Daily briefing).
  await page.goto("/login?callbackUrl=%2Fadmin");
  await page.getByLabel("Email").fill(OWN_ADMIN.email);
  await page.getByLabel("Password").fill(OWN_ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/admin$/);
  const headline = `Night ferries return to the Golden Horn ${uniqueId()}`;
  const editor = new ArticleEditorPage(page);
  await editor.gotoNew();
  await editor.fill({ headline, dek: "The first boat left at dawn.", body: "The **first** boat left at dawn." });
  await editor.status("Published").check();
  await editor.form.getByRole("checkbox", { name: /Send as newsletter/ }).check();
  await editor.submit("Publish");
  await expect(page).toHaveURL(/\/admin\/articles\/\d+/);

  // It arrives once, with an HTML and a text part and the RFC 8058 headers.
  const story = await theMail(email, (m) => m.mail.subject === headline);
  expect(story.mail.html).toContain("<strong>first</strong>");
  expect(story.mail.text).toContain("The first boat left at dawn.");
  const unsubscribe = String(header(story.raw, "List-Unsubscribe"));
  expect(unsubscribe).toMatch(/^<http:\/\/127\.0\.0\.1:\d+\/subscribe\/unsubscribe\?token=[^>]+>$/);
  expect(header(story.raw, "List-Unsubscribe-Post")).toBe("List-Unsubscribe=One-Click");
  const mailView = await browser.newPage();
  await mailView.setContent(String(story.mail.html));
  await expect(mailView.getByText(headline).first()).toBeVisible();
  await mailView.screenshot({ path: `${SHOTS}/story-email.png`, fullPage: true });
  // In dark mode the button's label stays readable on its (now light) background.
  await mailView.emulateMedia({ colorScheme: "dark" });
  const readOn = mailView.getByRole("link", { name: "Read on the site" });
  const colours = await readOn.evaluate((a) => [getComputedStyle(a).color, getComputedStyle(a).backgroundColor]);
  expect(colours).toEqual(["rgb(17, 17, 17)", "rgb(238, 238, 238)"]);
  await mailView.screenshot({ path: `${SHOTS}/story-email-dark.png`, fullPage: true });
  await mailView.close();

  // The mail client's one-click POST unsubscribes, with no page in between; the manage link says so.
  const oneClick = await fetch(unsubscribe.slice(1, -1), {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: "List-Unsubscribe=One-Click",
  });
  expect(oneClick.status).toBe(200);
  await readerPage.goto(linkIn(story.mail.text, "/subscribe/manage"));
  await expect(readerPage.getByText("You are unsubscribed")).toBeVisible();
  await expect(readerPage.getByRole("checkbox", { name: "Daily briefing" })).not.toBeChecked();
  await reader.close();
});
