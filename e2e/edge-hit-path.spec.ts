import { expect, test, type APIRequestContext, type Page, type PlaywrightWorkerArgs } from "@playwright/test";
import { ArticleEditorPage } from "./pages/admin-article-editor";
import { ReplyFormSection } from "./pages/article-page";
import { zonedInputValue } from "./pages/admin-session";
import { uniqueId } from "./support/ids";
import { openSession } from "./support/sessions";

// Anonymous readers of reader pages are answered by server.ts from its store of finished pages
// (`x-newsroom-cache: hit`). These prove that what editors and moderators change reaches readers
// through it within a second, and that nothing per-visitor ever enters it.
test.describe.configure({ timeout: 90_000 });

/** An anonymous reader's request (no cookies at all), answered from the store once it holds the page. */
async function hit(request: APIRequestContext, path: string) {
  let body = "";
  await expect(async () => {
    const response = await request.get(path);
    expect(response.status()).toBe(200);
    expect(response.headers()["x-newsroom-cache"]).toBe("hit");
    body = await response.text();
  }).toPass({ timeout: 10_000 });
  return body;
}

/**
 * The very next anonymous request after the editor's change already says `text` (or no longer does):
 * the stored copy was dropped when the change was saved, so no stale copy is served at all. What the
 * reader waits for is one fresh render (well under a second on a quiet machine; logged).
 */
async function seenAtOnce(request: APIRequestContext, path: string, text: string, present = true) {
  const started = Date.now();
  const response = await request.get(path);
  expect(response.headers()["x-newsroom-cache"]).toBeUndefined();
  expect((await response.text()).includes(text)).toBe(present);
  return Date.now() - started;
}

/** Signs `page` in as the editor; returns an anonymous reader's request context (no cookies at all). */
async function editorAndReader(page: Page, playwright: PlaywrightWorkerArgs["playwright"]) {
  await openSession(page.context(), "edge-hit-path");
  return playwright.request.newContext({ baseURL: test.info().project.use.baseURL });
}

async function publishStory(page: Page, headline: string, slug: string) {
  const editor = new ArticleEditorPage(page);
  await editor.gotoNew();
  await editor.fill({ headline, slug, dek: "Through the edge.", body: "Paragraph one.", section: "World" });
  await editor.status("Published").check();
  // Backdated behind the seeded lead story, which the reader specs expect to stay on top.
  await editor.form.getByLabel("Publish at").fill(zonedInputValue(Date.now() - 5 * 3_600_000));
  await editor.submit("Publish");
  const id = await editor.articleId();
  await editor.expectToast("Article created.");
  return { editor, id };
}

test("an editor's publish, edit and unpublish reach anonymous readers through the hit path at once", async ({
  page,
  playwright,
}) => {
  const reader = await editorAndReader(page, playwright);
  const stamp = uniqueId();
  const slug = `edge-story-${stamp}`;
  const headline = `Edge story ${stamp}`;

  // Home and the section are in the store before the story exists.
  expect(await hit(reader, "/world")).not.toContain(headline);
  const { editor, id } = await publishStory(page, headline, slug);
  const publishMs = await seenAtOnce(reader, "/world", headline);
  expect(await hit(reader, `/articles/${slug}`)).toContain(headline);
  expect(await hit(reader, "/world")).toContain(headline);

  await page.goto(`/admin/articles/${id}`);
  await editor.fill({ headline: `${headline} (updated)` });
  await editor.submit("Update");
  await editor.expectToast("Article updated.");
  const editMs = await seenAtOnce(reader, `/articles/${slug}`, `${headline} (updated)`);
  expect(await hit(reader, `/articles/${slug}`)).toContain(`${headline} (updated)`);
  expect(await hit(reader, "/world")).toContain(`${headline} (updated)`);

  await editor.unpublish(id);
  const unpublishMs = await seenAtOnce(reader, "/world", headline, false);
  expect((await reader.get(`/articles/${slug}`)).status()).toBe(404);
  expect(await hit(reader, "/world")).not.toContain(headline);
  console.log(`through the hit path: publish ${publishMs} ms, edit ${editMs} ms, unpublish ${unpublishMs} ms`);
  await reader.dispose();
});

test("a held comment never enters the shared store; once approved it reaches readers at once", async ({
  page,
  browser,
  playwright,
}) => {
  const reader = await editorAndReader(page, playwright);
  const stamp = uniqueId();
  const slug = `edge-comments-${stamp}`;
  await publishStory(page, `Edge comments ${stamp}`, slug);
  await hit(reader, `/articles/${slug}`);

  // A first-time commenter's comment is held: shown to them only, never to the shared copy.
  const commenter = await browser.newContext({
    extraHTTPHeaders: {
      "x-forwarded-for": `10.77.${Math.floor(Math.random() * 250)}.${1 + Math.floor(Math.random() * 250)}`,
    },
  });
  const commenterPage = await commenter.newPage();
  await commenterPage.goto(`/articles/${slug}`);
  const remark = `Held edge remark ${stamp}`;
  await new ReplyFormSection(commenterPage).post({
    comment: remark,
    name: `Edge Reader ${stamp}`,
    email: `edge-${stamp}@example.net`,
  });
  await expect(commenterPage.getByText("Your comment is awaiting moderation.")).toBeVisible();
  await expect(commenterPage.getByText(remark)).toBeVisible();
  const cached = await reader.get(`/articles/${slug}`);
  expect(await cached.text()).not.toContain(remark);
  expect(await hit(reader, `/articles/${slug}`)).not.toContain(remark);
  // The commenter's own view (their pending-comment cookie) is never answered from, nor put into, the store.
  const own = await commenterPage.request.get(`/articles/${slug}`);
  expect(own.headers()["x-newsroom-cache"]).toBeUndefined();
  expect(await own.text()).toContain(remark);
  // Their browser sends that cookie to story pages alone: every other page comes from the store for them.
  // (Other specs publish meanwhile, which drops the stored home page: asked again until it holds.)
  await expect(async () => {
    await hit(reader, "/");
    expect((await commenterPage.request.get("/")).headers()["x-newsroom-cache"]).toBe("hit");
  }).toPass({ timeout: 20_000 });
  await commenter.close();

  await page.goto("/admin/comments");
  const pending = page.getByRole("listitem", { name: `Comment by Edge Reader ${stamp}` });
  await pending.getByRole("button", { name: "Approve" }).click();
  await expect(page.getByRole("status")).toContainText("Comment approved.");
  await seenAtOnce(reader, `/articles/${slug}`, remark);
  expect(await hit(reader, `/articles/${slug}`)).toContain(remark);
  await reader.dispose();
});

test("a signed-in editor's requests are never answered from, nor kept in, the shared store", async ({
  page,
  playwright,
}) => {
  const reader = await editorAndReader(page, playwright);
  const stamp = uniqueId();
  const slug = `edge-signed-in-${stamp}`;
  await publishStory(page, `Edge signed in ${stamp}`, slug);
  // The editor reads the new story first, twice: Next renders it for them, the edge keeps nothing.
  for (let i = 0; i < 2; i++) {
    const response = await page.request.get(`/articles/${slug}`);
    expect(response.status()).toBe(200);
    expect(response.headers()["x-newsroom-cache"]).toBeUndefined();
  }
  // So an anonymous reader's first request is not a hit: nothing the editor was sent was stored.
  const first = await reader.get(`/articles/${slug}`);
  expect(first.headers()["x-newsroom-cache"]).toBeUndefined();
  await hit(reader, `/articles/${slug}`);
  // And once the page is in the store, the signed-in editor still goes to Next.
  const again = await page.request.get(`/articles/${slug}`);
  expect(again.headers()["x-newsroom-cache"]).toBeUndefined();
  await reader.dispose();
});

test("a reader who already has the page gets 304 Not Modified; compressed and plain copies match", async ({
  playwright,
}) => {
  const reader = await playwright.request.newContext({ baseURL: test.info().project.use.baseURL });
  await hit(reader, "/");
  // Other tests change the home page while this one runs (a publish, a menu, a pin), and a change drops
  // the stored copy: the plain and the compressed asks are repeated until both meet one stored copy.
  await expect(async () => {
    const plain = await reader.get("/", { headers: { "accept-encoding": "identity" } });
    expect(plain.headers()["x-newsroom-cache"]).toBe("hit");
    expect(plain.headers()["etag"]).toMatch(/^"[\w-]+"$/);
    expect(plain.headers()["vary"]).toBe("Accept-Encoding");
    const br = await reader.get("/", { headers: { "accept-encoding": "br" } });
    expect(br.headers()["x-newsroom-cache"]).toBe("hit");
    expect(br.headers()["content-encoding"]).toBe("br");
    expect(await br.text()).toBe(await plain.text());
  }).toPass({ timeout: 15_000 });
  // Other tests publish while this one runs, and each change gives the home page a new ETag: ask with
  // the validator just served until one answer comes back before the next change.
  await expect
    .poll(
      async () => {
        const current = (await reader.get("/", { headers: { "accept-encoding": "identity" } })).headers()["etag"];
        const again = await reader.get("/", { headers: { "if-none-match": current } });
        const empty = (await again.body()).length === 0;
        return again.status() === 304 && again.headers()["etag"] === current && empty;
      },
      { timeout: 15_000 },
    )
    .toBe(true);
  await reader.dispose();
});
