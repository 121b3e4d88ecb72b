import { randomUUID } from "node:crypto";
import Database from "better-sqlite3";
import Redis from "ioredis";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { ArticleEditorPage } from "./pages/admin-article-editor";
import { signIn, zonedInputValue } from "./pages/admin-session";
import { OWN_ADMIN, prepareOwnServer, type OwnServer } from "./support/own-server";

// Two production servers behind an imaginary load balancer: one database, one Redis (REDIS_URL, this
// run's own prefix). What an editor changes on one is what anonymous readers of the other see, through
// its store of finished pages, its page cache and the shared one. Runs when TEST_REDIS_URL is set.
test.describe.configure({ mode: "serial", timeout: 120_000 });

const redisUrl = process.env.TEST_REDIS_URL!;
const prefix = `e2e-${randomUUID()}:`;
const SEEN_WITHIN_MS = 2_000;
let a: OwnServer;
let b: OwnServer;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  const env = { REDIS_URL: redisUrl, REDIS_PREFIX: prefix };
  a = prepareOwnServer(1, env);
  b = prepareOwnServer(2, env, a);
  await Promise.all([a.start(), b.start()]);
});

test.afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  a?.remove();
  const redis = new Redis(redisUrl);
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
});

/** An anonymous reader's request answered from the instance's store of finished pages. */
async function hit(reader: APIRequestContext, path: string) {
  let body = "";
  await expect(async () => {
    const response = await reader.get(path);
    expect(response.headers()["x-newsroom-cache"]).toBe("hit");
    body = await response.text();
  }).toPass({ timeout: 15_000 });
  return body;
}

/** How long after `since` the reader's page first says `text`; fails past SEEN_WITHIN_MS. */
async function seenAfter(reader: APIRequestContext, path: string, text: string, since: number) {
  while (!(await (await reader.get(path)).text()).includes(text)) {
    expect(Date.now() - since, `${path} still without "${text}"`).toBeLessThan(SEEN_WITHIN_MS);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return Date.now() - since;
}

async function save(page: Page, editor: ArticleEditorPage, button: string, toast: string) {
  await editor.submit(button);
  await editor.expectToast(toast);
  return Date.now();
}

test("an editor's change on one instance reaches anonymous readers of the other within 2 s", async ({
  browser,
  playwright,
}) => {
  // Cookies belong to the host, not the port: the editor's session works on both, as behind a balancer.
  const context = await browser.newContext({ baseURL: a.base });
  const page = await context.newPage();
  await signIn(page, OWN_ADMIN);
  const readerOfA = await playwright.request.newContext({ baseURL: a.base });
  const readerOfB = await playwright.request.newContext({ baseURL: b.base });
  const stamp = randomUUID().slice(0, 8);
  const slug = `two-instances-${stamp}`;
  const headline = `Two instances ${stamp}`;

  // The section page is in B's store (and both caches) before the story exists.
  expect(await hit(readerOfB, "/world")).not.toContain(headline);

  const editor = new ArticleEditorPage(page);
  await editor.gotoNew();
  await editor.fill({ headline, slug, dek: "Across instances.", body: "Paragraph one.", section: "World" });
  await editor.status("Published").check();
  const published = await save(page, editor, "Publish", "Article created.");
  const id = await editor.articleId();
  const publishMs = await seenAfter(readerOfB, "/world", headline, published);
  expect(await hit(readerOfB, `/articles/${slug}`)).toContain(headline);

  // An edit on A: B's stored article and section pages give way.
  await page.goto(`/admin/articles/${id}`);
  await editor.fill({ headline: `${headline} (edited on A)` });
  const editedOnA = await save(page, editor, "Update", "Article updated.");
  const editMs = await seenAfter(readerOfB, `/articles/${slug}`, `${headline} (edited on A)`, editedOnA);
  await seenAfter(readerOfB, "/world", `${headline} (edited on A)`, editedOnA);
  expect(await hit(readerOfB, `/articles/${slug}`)).toContain(`${headline} (edited on A)`);

  // And the other way round: A's reader had the page stored; the edit is saved on B.
  expect(await hit(readerOfA, `/articles/${slug}`)).toContain(`${headline} (edited on A)`);
  await page.goto(`${b.base}/admin/articles/${id}`);
  await editor.fill({ headline: `${headline} (edited on B)` });
  const editedOnB = await save(page, editor, "Update", "Article updated.");
  const backMs = await seenAfter(readerOfA, `/articles/${slug}`, `${headline} (edited on B)`, editedOnB);
  expect(await hit(readerOfA, `/articles/${slug}`)).toContain(`${headline} (edited on B)`);

  console.log(`two instances: publish seen on B after ${publishMs} ms, edit on A ${editMs} ms, edit on B ${backMs} ms`);
  await context.close();
});

test("a scheduled story appears on both instances within 2 s of its time", async ({ browser, playwright }) => {
  const context = await browser.newContext({ baseURL: b.base });
  const page = await context.newPage();
  await signIn(page, OWN_ADMIN);
  const readers = [a, b].map((own) => playwright.request.newContext({ baseURL: own.base }));
  const stamp = randomUUID().slice(0, 8);
  const headline = `Scheduled on two ${stamp}`;

  const editor = new ArticleEditorPage(page);
  await editor.gotoNew();
  await editor.fill({ headline, slug: `scheduled-two-${stamp}`, body: "On time.", section: "World" });
  await editor.status("Scheduled").check();
  await editor.form.getByLabel("Publish at").fill(zonedInputValue(Date.now() + 24 * 3_600_000));
  await editor.submit("Schedule");
  const id = await editor.articleId();
  await editor.expectToast("Article created.");
  for (const reader of await Promise.all(readers)) expect(await hit(reader, "/world")).not.toContain(headline);

  // The form takes whole minutes; the clock is brought forward in the database instead (nothing is
  // invalidated by this write, as nothing is when a scheduled time simply arrives).
  const due = Date.now() + 3_000;
  const database = new Database(a.dbPath);
  try {
    database.pragma("busy_timeout = 5000");
    database.prepare("update articles set published_at = ? where id = ?").run(due, id);
  } finally {
    database.close();
  }
  const [onA, onB] = await Promise.all(
    (await Promise.all(readers)).map((reader) => seenAfter(reader, "/world", headline, due)),
  );
  console.log(`two instances: scheduled story seen on A ${onA} ms and on B ${onB} ms after its time`);
  await context.close();
});
